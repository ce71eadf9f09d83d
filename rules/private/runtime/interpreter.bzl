"""The `pyinstall_interpreter` rule: a Python interpreter for the install actions."""

load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules/private/common:helper.bzl", "CORES", "execroot_path", "helper_env")
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

def _compile_zips(ctx, executable, files, zips, jobs):
    """Compiles every zip of `zips` with this interpreter, in one action on `jobs` cores.

    Args:
      ctx: the rule context.
      executable: the interpreter (File or absolute path).
      files: the interpreter's files (depset).
      zips: [(name, modules, batch)], modules [(import path, File)].
      jobs: processes, and cores reserved.

    Returns:
      {name: File}.
    """
    args = ctx.actions.args()
    args.add("--jobs", str(jobs))
    outputs, sources = {}, []
    for name, modules, batch in zips:
        output = ctx.actions.declare_file("%s/%s.zip" % (ctx.label.name, name))
        outputs[name] = output
        args.add("--zip", output)
        args.add(str(batch))
        for module, source in modules:
            args.add_all("--module", [output.path, module, source])
            sources.append(source)
    args.use_param_file("@%s", use_always = True)
    args.set_param_file_format("multiline")
    builder = ctx.attr._helper_zip[PyInfo]
    ctx.actions.run(
        executable = executable,
        arguments = ["-S", "-s", "-B", "-m", "pyinstall.common.helper_zip", args],
        inputs = depset(sources, transitive = [builder.transitive_sources, files]),
        outputs = outputs.values(),
        env = helper_env([execroot_path(ctx, path) for path in builder.imports.to_list()]),
        mnemonic = "PyinstallHelperZip",
        progress_message = "Compiling %s for %%{label}" % " and ".join([name for name, _, _ in zips]),
        resource_set = CORES[jobs] if jobs > 1 else None,
    )
    return outputs

def _stage_modules(ctx, stage):
    """A helper stage's sources, its `common` and libraries: [(import path, File)]."""
    info = stage[PyInfo]
    roots = info.imports.to_list()
    modules = []
    for source in info.transitive_sources.to_list():
        name = _import_name(ctx, source, roots)
        if name and name.endswith(".py"):
            modules.append((name, source))
    return modules

def _stdlib_modules(ctx, files):
    """The interpreter's files as helper actions need them: fewer, the stdlib in one zip.

    The pure-Python standard library becomes one zip of `.pyc` files; the binary, shared
    libraries and `lib-dynload` stay as they are. Staging a file into a sandbox costs Bazel a
    symlink per input and action: 1,021 for the Debian runtime, against about 120 this way.
    Returns (kept files, [(import path, File)] of the standard library); the second is empty
    when the interpreter has no `lib/pythonX.Y/` among its files.
    """
    marker = "/lib/python%s/" % ctx.attr.python_version
    stdlib, kept = [], []
    for f in files.to_list():
        at = f.path.find(marker)
        rest = f.path[at + len(marker):] if at >= 0 else None
        if "/gconv/" in f.path:
            continue  # glibc's iconv modules: CPython's codecs never load them
        if rest == None or rest.startswith("lib-dynload/") or rest == "os.py":
            kept.append(f)  # os.py: the landmark by which Python finds its prefix
        elif f.extension == "py" and "/" + "site-packages/" not in "/" + rest:
            stdlib.append((rest, f))
    return kept, stdlib

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
    kept, stdlib = _stdlib_modules(ctx, files)

    # Every cold build waits for this action: one module per fork for the helpers (their
    # bytes depend on nothing else), 64 per fork for the standard library, on 2 cores.
    zips = [(stage.label.name, _stage_modules(ctx, stage), 1) for stage in ctx.attr._helpers]
    if stdlib:
        zips.insert(0, ("stdlib", stdlib, 64))
    compiled = _compile_zips(ctx, executable, files, zips, jobs = 2)
    info = PyInterpreterInfo(
        helper_files = depset(kept + [compiled["stdlib"]]) if stdlib else files,
        stdlib_zip = compiled.get("stdlib"),
        interpreter = ctx.file.interpreter,
        helpers = {stage.label.name: compiled[stage.label.name] for stage in ctx.attr._helpers},
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
