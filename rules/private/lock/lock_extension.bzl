"""The `pyinstall` module extension: a hub repository per lockfile.

For a requirements file it asks the index's Simple API where each pinned file is (matching
the lock's hashes); a `pylock.toml` already says. Each wheel gets a lazy `whl_repo`; the
hub (`hub_repo`) builds the dependency graph from metadata and writes the targets.
"""

load("//rules/private/common:host_python.bzl", "run_helper")
load(":build_options.bzl", "build_options", "is_sdist")
load(":hub_repo.bzl", "hub_repo")
load(":netrc.bzl", "auth_for", "read_credentials")
load(":notice.bzl", "notice")
load(":requirements.bzl", "parse_requirements")
load(":simple_index.bzl", "JSON_ACCEPT", "match_hashes", "match_locked_files", "parse_html_page", "parse_json_page", "project_url")
load(":target_platforms.bzl", "target_platform")
load(":whl_repo.bzl", "whl_repo")

_DEFAULT_INDEX = "https://pypi.org/simple"

_lock = tag_class(
    doc = """A hub repository made from a lockfile.

```starlark
pyinstall = use_extension("@rules_pyinstall//rules:extensions.bzl", "pyinstall")
pyinstall.lock(
    name = "pypi",
    src = "//:requirements.txt",
    python_version = "3.13",
    platforms = ["linux_x86_64", "linux_aarch64"],
)
use_repo(pyinstall, "pypi")
```
""",
    attrs = {
        "build_lock": attr.label(
            doc = "The build requirements of the pins built from sdists: a `requirements.txt` with hashes, kept by a `requirements_lock` next to `src` (docs/sdists.md). Without it, builds install the lock's own wheels.",
            allow_single_file = True,
        ),
        "build_sdists": attr.bool(
            doc = "Builds pins that have no usable wheel from their sdists, in a hermetic action (`sdist_build`); `False` keeps them unavailable.",
            default = True,
        ),
        "extra_index_urls": attr.string_list(doc = "More Simple API indexes, after the lock's own `--extra-index-url`s."),
        "extras": attr.string_list(doc = "uv.lock only: the workspace members' extras to install, like `uv export --extra`; `[\"*\"]` for `--all-extras`."),
        "groups": attr.string_list(
            doc = "uv.lock only: the dependency groups to install, like `uv export --group`; `[\"*\"]` for `--all-groups`, `[]` for `--no-dev`. Default: `dev`, as uv's.",
            default = ["dev"],
        ),
        "glibc": attr.string(doc = "The glibc level of linux platforms (manylinux_2_<minor> wheels and older). Default: the glibc of the Debian runtime rules_pyinstall ships for `python_version` (3.11: 2.36, bookworm; 3.13: 2.41, trixie; 3.14: 2.43, forky; others 2.41); set it lower for older targets."),
        "index_url": attr.string(doc = "The Simple API index; overrides the lock's `--index-url`. Default: the lock's, else PyPI."),
        "macos": attr.string(doc = "The oldest macOS version of macos platforms.", default = "11.0"),
        "musl": attr.string(doc = "If set (e.g. \"1.2\"), linux platforms use musllinux wheels of that level instead of manylinux."),
        "name": attr.string(doc = "The hub repository's name, e.g. \"pypi\".", mandatory = True),
        "no_binary": attr.string_list(doc = "Packages built from their sdists even where a wheel fits (pip's `--no-binary`)."),
        "no_build": attr.string_list(doc = "Packages never built from their sdists: without a wheel they stay unavailable."),
        "platforms": attr.string_list(
            doc = "Target platforms served by `select()`: `<os>_<cpu>`, os linux/macos/windows, cpu x86_64/aarch64.",
            default = ["linux_x86_64"],
        ),
        "python_version": attr.string(doc = "The target Python's major.minor.", default = "3.13"),
        "src": attr.label(
            doc = "The lockfile: `pip-compile --generate-hashes` / `uv pip compile` output, a PEP 751 `pylock.toml`, or a `uv.lock`.",
            mandatory = True,
            allow_single_file = True,
        ),
    },
)

def _display(label):
    if label.workspace_name == "" or label.workspace_name == "_main":
        return "//%s:%s" % (label.package, label.name)
    return str(label)

def _repo_name(hub, filename):
    stem = filename[:-len(".whl")] if filename.endswith(".whl") else filename
    return "%s__%s" % (hub, "".join([c if c.isalnum() or c in "-._" else "_" for c in stem.elems()]))

def _fetch_pages(mctx, urls):
    """Downloads Simple API pages in parallel (retried once); returns url -> files or None."""
    netrc = read_credentials(mctx)
    pending = []
    for i, url in enumerate(urls):
        output = "index/%d" % i
        pending.append((url, output, mctx.download(url = url, output = output, auth = auth_for(netrc, [url]), headers = {"Accept": JSON_ACCEPT}, allow_fail = True, block = False)))
    pages = {}
    for url, output, token in pending:
        ok = token.wait().success or mctx.download(url = url, output = output, auth = auth_for(netrc, [url]), headers = {"Accept": JSON_ACCEPT}, allow_fail = True).success
        if not ok:
            pages[url] = None
            continue
        text = mctx.read(output)
        if text.lstrip().startswith("{"):
            pages[url] = parse_json_page(url, json.decode(text))
        else:
            pages[url] = parse_html_page(url, text)
    return pages

def _from_requirements(mctx, tag, lock, src = None):
    parsed = parse_requirements(mctx.read(mctx.path(src or tag.src)))
    if parsed.errors:
        fail("rules_pyinstall: error: %s:\n  " % lock + "\n  ".join(["%s:%s" % (lock, e.replace("line ", "", 1)) for e in parsed.errors]))
    indexes = [tag.index_url or parsed.index_url or _DEFAULT_INDEX] + parsed.extra_index_urls + tag.extra_index_urls
    urls = {}
    for req in parsed.requirements:
        for index in indexes:
            urls[project_url(index, req.name)] = True
    pages = _fetch_pages(mctx, urls.keys())
    errors = []
    stale = []
    packages = []
    for req in parsed.requirements:
        page_urls = [project_url(index, req.name) for index in indexes]
        reached = [u for u in page_urls if pages[u] != None]
        where = "%s:%d: %s==%s" % (lock, req.line, req.display_name, req.version)
        if not reached:
            errors.append("%s: cannot fetch %s (after retries); check the network, the index URL or .netrc credentials" % (where, " or ".join(page_urls)))
            continue
        files = []
        for u in reached:
            files += pages[u]
        match = match_hashes(req, files)
        if not match.files:
            errors.append("%s: no file on %s has any of its %d hashes (sha256:%s...); recompile the lock or fix the index URL" % (where, " or ".join(reached), len(req.hashes), match.missing[0]))
            continue
        if match.missing:
            # Like pip --require-hashes: files deleted upstream are harmless while a locked
            # one is left; each platform's choice is among the files that match.
            stale.append("%s: %s" % (where, ", ".join(["sha256:" + h for h in match.missing])))
        packages.append({
            "display_name": req.display_name,
            "extras": req.extras,
            "files": [{"filename": f.filename, "metadata_sha256": f.metadata_sha256, "sha256": f.sha256, "url": f.url} for f in match.files],
            "line": req.line,
            "marker": req.marker,
            "name": req.name,
            "version": req.version,
        })
    if errors:
        fail("rules_pyinstall: error: " + "\n  ".join(errors))
    if stale:
        notice("warning: %s: %d pins have locked files no longer on the index (deleted upstream?); each platform gets one of the locked files left; recompile the lock to drop these hashes:\n  %s" %
               (lock, len(stale), "\n  ".join(stale)))
    return packages

def _drop_gone_files(mctx, tag, lock, packages):
    """The files a pylock.toml or uv.lock names, less those its index no longer serves.

    As for a requirements lock's hashes: a locked file deleted upstream is harmless while
    another of the package's files is left (one warning lists them all); a package with none
    left stops the hub.
    """
    default = tag.index_url or _DEFAULT_INDEX

    # The package's index, as the lock names it (pylock `index`, uv `source.registry`), or the hub's.
    page_of = {
        p["name"] + "==" + p["version"]: project_url(p["index"] if p.get("index", "").startswith(("https://", "http://")) else default, p["name"])
        for p in packages
    }
    pages = _fetch_pages(mctx, {u: True for u in page_of.values()}.keys())
    errors, stale, kept = [], [], []
    for package in packages:
        url = page_of[package["name"] + "==" + package["version"]]
        where = "%s:%d: %s==%s" % (lock, package["line"], package["display_name"], package["version"])
        if pages[url] == None:
            errors.append("%s: cannot fetch %s (after retries); check the network, the index URL or .netrc credentials" % (where, url))
            continue
        match = match_locked_files(package["files"], pages[url])
        if not match.files:
            errors.append("%s: none of its %d locked files is on %s (%s...); regenerate the lock" % (where, len(match.gone), url, match.gone[0]))
            continue
        if match.gone:
            stale.append("%s: %s" % (where, ", ".join(match.gone)))
        kept.append(dict(package, files = match.files))
    if errors:
        fail("rules_pyinstall: error: " + "\n  ".join(errors))
    if stale:
        notice("warning: %s: %d packages have locked files no longer on the index (deleted upstream?); each platform gets one of the locked files left; regenerate the lock to drop them:\n  %s" %
               (lock, len(stale), "\n  ".join(stale)))
    return kept

def _from_pylock(mctx, tag, lock):
    run_helper(mctx, "pylock", ["--lock", str(mctx.path(tag.src)), "--label", lock, "--output", "pylock.json"], "reading " + lock)
    read = json.decode(mctx.read("pylock.json"))
    for line in read["skipped"]:
        notice(line)
    return _drop_gone_files(mctx, tag, lock, read["packages"])

def _from_uvlock(mctx, tag, lock, platforms):
    mctx.file("uvlock_hub.json", json.encode(struct(platforms = platforms, python_version = tag.python_version, extras = tag.extras, groups = tag.groups)))
    run_helper(mctx, "uvlock", ["--lock", str(mctx.path(tag.src)), "--label", lock, "--hub", "uvlock_hub.json", "--output", "uvlock.json"], "reading " + lock)
    read = json.decode(mctx.read("uvlock.json"))
    for line in read["skipped"]:
        notice(line)
    return _drop_gone_files(mctx, tag, lock, read["packages"])

def _declare_hub(mctx, tag):
    lock = _display(tag.src)
    platforms = []
    for name in tag.platforms:
        platform, error = target_platform(name, glibc = tag.glibc, musl = tag.musl, macos = tag.macos, python_version = tag.python_version)
        if error:
            fail("rules_pyinstall: error: pyinstall.lock(name = %r): %s" % (tag.name, error))
        platforms.append(platform)
    if tag.src.name.endswith("uv.lock"):
        packages = _from_uvlock(mctx, tag, lock, platforms)
    elif tag.src.name.endswith(".toml"):
        packages = _from_pylock(mctx, tag, lock)
    else:
        packages = _from_requirements(mctx, tag, lock)
    build_packages = []
    if tag.build_lock and tag.build_sdists:
        build_packages = _from_requirements(mctx, tag, _display(tag.build_lock), tag.build_lock)
    repos = {}
    for package in packages + build_packages:
        for f in package["files"]:
            # A file is fetched only when a build uses it: sdists cost nothing until built.
            fetched = f["filename"].endswith(".whl") or (tag.build_sdists and is_sdist(f["filename"]))
            f["repo"] = _repo_name(tag.name, f["filename"]) if fetched and f.get("url") else ""
            if f["repo"] and f["repo"] not in repos:  # pins with exclusive markers may share a file
                repos[f["repo"]] = True
                whl_repo(name = f["repo"], filename = f["filename"], sha256 = f["sha256"], urls = [f["url"]])
    hub_repo(
        name = tag.name,
        hub_name = tag.name,
        lock = lock,
        build = json.encode(build_options(tag, _display(tag.build_lock) if tag.build_lock else "", lock)),
        build_packages = json.encode(build_packages),
        packages = json.encode(packages),
        platforms = json.encode(platforms),
        python_version = tag.python_version,
    )

def _pyinstall_impl(mctx):
    hubs = {}
    root_deps = []
    root_dev_deps = []
    for mod in mctx.modules:
        for tag in mod.tags.lock:
            if tag.name in hubs:
                fail("rules_pyinstall: error: two locks are named %r (%s and %s); give each hub its own name" % (tag.name, hubs[tag.name], tag.src))
            hubs[tag.name] = tag.src
            _declare_hub(mctx, tag)
            if mod.is_root:
                (root_dev_deps if mctx.is_dev_dependency(tag) else root_deps).append(tag.name)

    # Lets `bazel mod tidy` keep the root module's use_repo() in step with its locks.
    return mctx.extension_metadata(
        root_module_direct_deps = root_deps,
        root_module_direct_dev_deps = root_dev_deps,
    )

pyinstall = module_extension(
    implementation = _pyinstall_impl,
    doc = "Hub repositories of installed wheels, from lockfiles: `pyinstall.lock(...)`.",
    tag_classes = {"lock": _lock},
)
