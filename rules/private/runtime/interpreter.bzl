"""The `pyinstall_interpreter` rule: a Python interpreter for the install actions."""

load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules/private/common:helper.bzl", "execroot_path", "helper_env")
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

def _import_name(ctx, source, roots):
    # The module's path under the longest import root holding it, e.g.
    # "pyinstall/install/main.py" or "installer/_core.py".
    short = source.short_path
    path = short[3:] if short.startswith("../") else ctx.workspace_name + "/" + short
    best = None
    for root in roots:
        if path.startswith(root + "/") and (best == None or len(root) > len(best)):
            best = root
    return path[len(best) + 1:] if best != None else None

def _helper_zip(ctx, executable, files, stage):
    """Compiles a helper stage once, with this interpreter, into `<name>/<stage>.zip`."""
    info = stage[PyInfo]
    roots = info.imports.to_list()
    output = ctx.actions.declare_file("%s/%s.zip" % (ctx.label.name, stage.label.name))
    args = ctx.actions.args()
    args.add("--output", output)
    for source in info.transitive_sources.to_list():
        name = _import_name(ctx, source, roots)
        if name and name.endswith(".py"):
            args.add_all("--module", [name, source])
    args.use_param_file("@%s", use_always = True)
    args.set_param_file_format("multiline")
    builder = ctx.attr._helper_zip[PyInfo]
    ctx.actions.run(
        executable = executable,
        arguments = ["-S", "-s", "-B", "-m", "pyinstall.common.helper_zip", args],
        inputs = depset(transitive = [info.transitive_sources, builder.transitive_sources, files]),
        outputs = [output],
        env = helper_env([execroot_path(ctx, path) for path in builder.imports.to_list()]),
        mnemonic = "PyinstallHelperZip",
        progress_message = "Compiling the %s helpers for %%{label}" % stage.label.name,
    )
    return output

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
    executable = ctx.file.interpreter or ctx.attr.interpreter_path
    info = PyInterpreterInfo(
        interpreter = ctx.file.interpreter,
        helpers = {stage.label.name: _helper_zip(ctx, executable, files, stage) for stage in ctx.attr._helpers},
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
        # Each action that runs a helper reads it from one zip compiled here, by this very
        # interpreter, so the .pyc version always matches even with several toolchains.
        "_helper_zip": attr.label(
            default = Label("//python/pyinstall/common"),
            cfg = "exec",
            providers = [PyInfo],
        ),
        "_helpers": attr.label_list(
            default = [
                Label("//python/pyinstall/image"),
                Label("//python/pyinstall/install"),
                Label("//python/pyinstall/runtime"),
            ],
            cfg = "exec",
            providers = [PyInfo],
        ),
    },
    provides = [PyInterpreterInfo],
)
