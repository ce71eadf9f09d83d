"""The `python` module extension: interpreters for install actions and tests."""

load(":system_python.bzl", "system_python")

_system = tag_class(
    doc = "An interpreter installed on the machine, found as `python<version>` on PATH.",
    attrs = {
        "name": attr.string(doc = "Name of the repository to create.", mandatory = True),
        "version": attr.string(doc = "major.minor, e.g. \"3.13\".", mandatory = True),
    },
)

def _python_impl(mctx):
    for mod in mctx.modules:
        for tag in mod.tags.system:
            system_python(name = tag.name, version = tag.version)

python = module_extension(
    implementation = _python_impl,
    doc = "Python interpreters: `python.system(...)` wraps an installed one.",
    tag_classes = {"system": _system},
)
