"""The `pyinstall_interpreter` rule: a Python interpreter for the install actions."""

load("//rules/private/common:providers.bzl", "PyInterpreterInfo")

_DOC = """Declares the Python interpreter that compiles `.pyc` files in install actions.

Wrap it in a `toolchain()` of type `@rules_pyinstall//rules:interpreter_toolchain_type`,
with `exec_compatible_with` saying where it runs. The interpreter's version is checked by the
install action itself: a mismatch with `python_version` fails the build.

```starlark
pyinstall_interpreter(
    name = "python3_13",
    interpreter = "@debian_python//:bin/python3.13",
    python_version = "3.13",
)

toolchain(
    name = "python3_13_toolchain",
    exec_compatible_with = ["@platforms//os:linux", "@platforms//cpu:x86_64"],
    toolchain = ":python3_13",
    toolchain_type = "@rules_pyinstall//rules:interpreter_toolchain_type",
)
```
"""

def _pyinstall_interpreter_impl(ctx):
    if bool(ctx.file.interpreter) == bool(ctx.attr.interpreter_path):
        fail("%s: set exactly one of `interpreter` and `interpreter_path`" % ctx.label)
    if ctx.attr.interpreter_path and not ctx.attr.interpreter_path.startswith("/"):
        fail("%s: `interpreter_path` must be absolute, got %r" % (ctx.label, ctx.attr.interpreter_path))
    version = ctx.attr.python_version.split(".")
    if len(version) != 2 or not version[0].isdigit() or not version[1].isdigit():
        fail("%s: `python_version` must be major.minor, like \"3.13\", got %r" % (ctx.label, ctx.attr.python_version))
    files = depset(
        direct = [ctx.file.interpreter] if ctx.file.interpreter else [],
        transitive = [f[DefaultInfo].files for f in ctx.attr.files],
    )
    info = PyInterpreterInfo(
        interpreter = ctx.file.interpreter,
        interpreter_path = ctx.attr.interpreter_path or None,
        files = files,
        python_version = ctx.attr.python_version,
    )
    return [
        platform_common.ToolchainInfo(pyinstall_interpreter = info),
        info,
    ]

pyinstall_interpreter = rule(
    implementation = _pyinstall_interpreter_impl,
    doc = _DOC,
    attrs = {
        "files": attr.label_list(
            doc = "Files the interpreter needs at run time (its standard library, shared libraries).",
            allow_files = True,
            cfg = "exec",
        ),
        "interpreter": attr.label(
            doc = "The interpreter executable, built or fetched by Bazel.",
            allow_single_file = True,
            executable = True,
            cfg = "exec",
        ),
        "interpreter_path": attr.string(
            doc = "Absolute path of an interpreter installed on every execution machine.",
        ),
        "python_version": attr.string(
            doc = "The interpreter's major.minor version, e.g. \"3.13\".",
            mandatory = True,
        ),
    },
    provides = [PyInterpreterInfo],
)
