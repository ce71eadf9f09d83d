"""`hub_repo`: the repository users depend on, `@pypi//requests`, made from a lock.

It downloads only metadata (PEP 658 `.metadata` files by their sha256, or the wheel where the
index serves none) to build the dependency graph; the wheels are in one `whl_repo` each,
fetched when a build needs them. The BUILD files are written by `pyinstall.hub`.
"""

load("//rules/private/common:host_python.bzl", "run_helper")
load(":netrc.bzl", "auth_for", "read_credentials")
load(":notice.bzl", "notice")

def _hub_repo_impl(rctx):
    rctx.file("hub.json", json.encode_indent(struct(
        hub = rctx.attr.hub_name,
        lock = rctx.attr.lock,
        python_version = rctx.attr.python_version,
        platforms = json.decode(rctx.attr.platforms),
        packages = json.decode(rctx.attr.packages),
        build = json.decode(rctx.attr.build),
        build_packages = json.decode(rctx.attr.build_packages),
    )))
    run_helper(rctx, "hub", ["select", "--input", "hub.json", "--output", "downloads.json"], "choosing wheels for %s" % rctx.attr.lock)
    netrc = read_credentials(rctx)
    pending = []
    for item in json.decode(rctx.read("downloads.json")):
        pending.append((item, rctx.download(
            url = item["url"],
            auth = auth_for(netrc, [item["url"]]),
            output = "metadata/" + item["path"],
            sha256 = item["sha256"],
            allow_fail = True,
            block = False,
        )))
    for item, token in pending:
        result = token.wait()
        if not result.success:
            fail("rules_pyinstall: error: %s: cannot download %s (sha256 %s), needed for the dependency graph; check the network or the index" %
                 (rctx.attr.lock, item["url"], item["sha256"]))
    run_helper(rctx, "hub", ["generate", "--input", "hub.json", "--metadata-dir", "metadata", "--output-dir", "."], "generating the hub for %s" % rctx.attr.lock)
    unavailable = rctx.read("unavailable.txt").strip()
    if unavailable:
        # Once, when the hub is made: the targets themselves are only incompatible.
        notice("%s: packages without a usable wheel; their targets (and their dependents') are incompatible on these platforms:\n  %s" %
               (rctx.attr.lock, unavailable.replace("\n", "\n  ")))
    built = rctx.read("built.txt").strip()
    if built:
        notice("%s: packages without a usable wheel (or in no_binary), built from their sdists in a hermetic action when a build needs them (docs/sdists.md):\n  %s" %
               (rctx.attr.lock, built.replace("\n", "\n  ")))
    rctx.delete("built.txt")
    rctx.delete("unavailable.txt")
    rctx.delete("metadata")
    rctx.delete("downloads.json")

hub_repo = repository_rule(
    implementation = _hub_repo_impl,
    doc = "The hub of a lock: `//<package>`, `//<package>:whl`, `//:requirements.bzl`.",
    attrs = {
        "build": attr.string(doc = "JSON: the sdist build switches (enabled, no_build, no_binary, lock, update_hint).", default = "{}"),
        "build_packages": attr.string(doc = "JSON: the build lock's entries, as `packages`.", default = "[]"),
        "hub_name": attr.string(doc = "The hub's name as users write it, e.g. \"pypi\".", mandatory = True),
        "lock": attr.string(doc = "The lockfile's label, for messages.", mandatory = True),
        "packages": attr.string(doc = "JSON: the lock's entries with their files and repositories.", mandatory = True),
        "platforms": attr.string(doc = "JSON: the target platforms (name, os, cpu, glibc, musl, macos).", mandatory = True),
        "python_version": attr.string(doc = "The target Python's major.minor.", mandatory = True),
    },
)
