"""The `python` module extension: interpreters for install actions and tests."""

load(":debian_cc_extension.bzl", "debian_cc_repositories", "debian_cc_tag")
load(":debian_extension.bzl", "debian_repositories", "debian_tag")
load(":python_versions.bzl", "default_python_version", "python_versions")
load(":system_python.bzl", "system_python")

_system = tag_class(
    doc = "An interpreter installed on the machine, found as `python<version>` on PATH. Its " +
          "path is the client's, so its toolchains are for local execution only " +
          "(`@rules_pyinstall//platforms:local`; see docs/remote-execution.md). Where the " +
          "machine has no `python<version>`, its toolchains stay registered but fail with a " +
          "message saying so when a build picks them (none fits before them).",
    attrs = {
        "name": attr.string(doc = "Name of the repository to create.", mandatory = True),
        "version": attr.string(doc = "major.minor, e.g. \"3.13\".", mandatory = True),
    },
)

def _python_impl(mctx):
    debian_hubs = {}
    cc_hubs = {}
    for mod in mctx.modules:
        for tag in mod.tags.system:
            system_python(name = tag.name, version = tag.version)

        # CPython from pinned Debian packages (rules/private/runtime/debian_extension.bzl).
        for tag in mod.tags.debian:
            debian_repositories(mctx, mod, tag, debian_hubs)

        # A C/C++ compiler from pinned Debian packages (debian_cc_extension.bzl).
        for tag in mod.tags.debian_cc:
            debian_cc_repositories(mctx, mod, tag, cc_hubs)
    python_versions(name = "pyinstall_python_versions", default = default_python_version(mctx.modules))

python = module_extension(
    implementation = _python_impl,
    doc = "Python interpreters: `python.system(...)` wraps an installed one, " +
          "`python.debian(...)` builds one from pinned Debian packages, `python.debian_cc(...)` " +
          "a C/C++ compiler for sdist builds.",
    tag_classes = {
        "debian": debian_tag,
        "debian_cc": debian_cc_tag,
        "system": _system,
    },
)
