"""Unit tests of rules/private/lock/simple_index.bzl and target_platforms.bzl."""

load("@bazel_skylib//lib:unittest.bzl", "asserts", "unittest")

# buildifier: disable=bzl-visibility
load("//rules/private/lock:simple_index.bzl", "match_hashes", "match_locked_files", "parse_html_page", "parse_json_page", "project_url", "resolve_url")

# buildifier: disable=bzl-visibility
load("//rules/private/lock:target_platforms.bzl", "target_platform")

_PAGE = "https://idx.example/simple/six/"

def _json_page_impl(ctx):
    env = unittest.begin(ctx)
    files = parse_json_page(_PAGE, {"files": [
        {"filename": "six-1.0-py3-none-any.whl", "url": "../../files/six-1.0-py3-none-any.whl#sha256=AA", "hashes": {"sha256": "AA"}, "core-metadata": {"sha256": "CC"}},
        {"filename": "six-1.0.tar.gz", "url": "https://cdn.example/six-1.0.tar.gz", "hashes": {"sha256": "bb"}, "data-dist-info-metadata": True, "yanked": "bad"},
    ]})
    asserts.equals(env, "https://idx.example/files/six-1.0-py3-none-any.whl", files[0].url)
    asserts.equals(env, "aa", files[0].sha256)
    asserts.equals(env, "cc", files[0].metadata_sha256)
    asserts.equals(env, "", files[1].metadata_sha256)
    asserts.true(env, files[1].yanked)
    return unittest.end(env)

_json_page_test = unittest.make(_json_page_impl)

def _html_page_impl(ctx):
    env = unittest.begin(ctx)
    files = parse_html_page(_PAGE, """<!DOCTYPE html><html><body>
<a href="/files/six-1.0-py3-none-any.whl#sha256=aa" data-core-metadata="sha256=cc">six-1.0-py3-none-any.whl</a><br/>
<a href='six-1.0.tar.gz#sha256=bb' data-yanked="">six-1.0.tar.gz</a>
</body></html>""")
    asserts.equals(env, 2, len(files))
    asserts.equals(env, "https://idx.example/files/six-1.0-py3-none-any.whl", files[0].url)
    asserts.equals(env, "aa", files[0].sha256)
    asserts.equals(env, "cc", files[0].metadata_sha256)
    asserts.equals(env, "https://idx.example/simple/six/six-1.0.tar.gz", files[1].url)
    asserts.true(env, files[1].yanked)
    return unittest.end(env)

_html_page_test = unittest.make(_html_page_impl)

def _urls_and_hashes_impl(ctx):
    env = unittest.begin(ctx)
    asserts.equals(env, "https://pypi.org/simple/foo-bar/", project_url("https://pypi.org/simple/", "foo-bar"))
    asserts.equals(env, "https://h/x.whl", resolve_url("https://a/b/", "//h/x.whl"))
    req = struct(hashes = ["aa", "dd"])
    files = [struct(filename = "b", sha256 = "aa"), struct(filename = "a", sha256 = "bb")]
    match = match_hashes(req, files)
    asserts.equals(env, ["b"], [f.filename for f in match.files])
    asserts.equals(env, ["dd"], match.missing)

    # pylock.toml and uv.lock name files: those the index no longer serves are gone.
    locked = [
        {"filename": "six-1.0-py3-none-any.whl", "sha256": "aa", "metadata_sha256": ""},
        {"filename": "six-1.0.tar.gz", "sha256": "dd", "metadata_sha256": ""},
    ]
    served = [struct(filename = "six-1.0-py3-none-any.whl", sha256 = "aa", metadata_sha256 = "cc")]
    match = match_locked_files(locked, served)
    asserts.equals(env, ["six-1.0-py3-none-any.whl"], [f["filename"] for f in match.files])
    asserts.equals(env, "cc", match.files[0]["metadata_sha256"], "PEP 658 metadata from the index")
    asserts.equals(env, ["six-1.0.tar.gz"], match.gone)
    asserts.equals(env, [], match_locked_files(locked, []).files)
    return unittest.end(env)

_urls_and_hashes_test = unittest.make(_urls_and_hashes_impl)

def _target_platform_impl(ctx):
    env = unittest.begin(ctx)
    platform, error = target_platform("linux_aarch64", glibc = "2.17")
    asserts.equals(env, None, error)
    asserts.equals(env, {"name": "linux_aarch64", "os": "linux", "cpu": "aarch64", "glibc": "2.17", "musl": "", "macos": "11.0"}, platform)
    _, error = target_platform("linux_arm")
    asserts.true(env, error.startswith("unknown platform \"linux_arm\""))
    _, error = target_platform("linux_x86_64", musl = "1")
    asserts.equals(env, "musl = \"1\": expected a version like \"1.2\"", error)
    return unittest.end(env)

_target_platform_test = unittest.make(_target_platform_impl)

def simple_index_test_suite(name):
    unittest.suite(
        name,
        _json_page_test,
        _html_page_test,
        _urls_and_hashes_test,
        _target_platform_test,
    )
