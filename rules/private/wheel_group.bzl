"""The `wheel_group` rule: a package with its whole dependency closure, as one target."""

load("@rules_python//python:defs.bzl", "PyInfo")
load(":providers.bzl", "TREE_LAYOUT", "WheelTreeInfo")

_DOC = """A package and every installed wheel it needs, as one target.

Hubs (`@pypi//requests`) are made of these: each package's `wheel_install` targets have no
deps, so that the dependency cycles real locks contain (sphinx and sphinxcontrib-*) never reach
Bazel's graph, and the group lists the package's whole closure, computed per platform when
the hub is generated.

It is also runnable: `bazel run @pypi//black -- --version` runs the console script named
`script` (by default the target's name) from the package's `bin/`, with the closure's
`site-packages` on `PYTHONPATH`, on the Python of the registered `py_runtime` toolchain.

```starlark
wheel_group(
    name = "requests",
    wheel = "//_wheels:requests-2.32.3-py3-none-any",
    deps = ["//_wheels:urllib3-2.2.3-py3-none-any", "//_wheels:idna-3.10-py3-none-any"],
)
```
"""

_PY_TOOLCHAIN = "@bazel_tools//tools/python:toolchain_type"

_LAUNCHER = """#!/bin/sh
# Runs the console script {script} of {distribution}, with its closure on PYTHONPATH.
r="${{RUNFILES_DIR:-$0.runfiles}}"
[ -d "$r" ] || r="$0.runfiles"
script="$r/{bin}/{script}"
if [ ! -f "$script" ]; then
    echo "rules_pyinstall: error: {distribution} has no console script '{script}'; it has:" >&2
    ls "$r/{bin}" >&2 2>/dev/null || echo "  (no scripts at all)" >&2
    exit 2
fi
PYTHONPATH="{pythonpath}${{PYTHONPATH:+:$PYTHONPATH}}" PYTHONNOUSERSITE=1 exec {python} "$script" "$@"
"""

def _runfiles_path(ctx, file):
    if file.short_path.startswith("../"):
        return file.short_path[3:]
    return ctx.workspace_name + "/" + file.short_path

def _python(ctx):
    toolchain = ctx.toolchains[_PY_TOOLCHAIN]
    runtime = getattr(toolchain, "py3_runtime", None) if toolchain else None
    if runtime and runtime.interpreter_path:
        return runtime.interpreter_path, []
    if runtime and runtime.interpreter:
        return "\"$r/%s\"" % _runfiles_path(ctx, runtime.interpreter), [runtime.interpreter]
    return "python3", []

def _wheel_group_impl(ctx):
    groups = [ctx.attr.wheel] + ctx.attr.deps
    own = ctx.attr.wheel[WheelTreeInfo]
    transitive = depset(
        transitive = [g[WheelTreeInfo].transitive for g in groups],
        order = "postorder",
    )
    trees = [entry.tree for entry in transitive.to_list()]

    python, python_files = _python(ctx)
    launcher = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(
        output = launcher,
        content = _LAUNCHER.format(
            bin = _runfiles_path(ctx, own.tree) + "/" + TREE_LAYOUT.bin,
            distribution = own.distribution,
            python = python,
            pythonpath = ":".join(["$r/%s/%s" % (_runfiles_path(ctx, t), TREE_LAYOUT.site_packages) for t in trees]),
            script = ctx.attr.script or ctx.label.name,
        ),
        is_executable = True,
    )
    runfiles = ctx.runfiles(files = trees + python_files).merge_all(
        [g[DefaultInfo].default_runfiles for g in groups],
    )
    return [
        DefaultInfo(files = depset(trees), runfiles = runfiles, executable = launcher),
        PyInfo(
            transitive_sources = depset(transitive = [g[PyInfo].transitive_sources for g in groups]),
            imports = depset(transitive = [g[PyInfo].imports for g in groups]),
            has_py2_only_sources = False,
            has_py3_only_sources = True,
            uses_shared_libraries = True,
        ),
        WheelTreeInfo(
            tree = own.tree,
            distribution = own.distribution,
            version = own.version,
            python_version = own.python_version,
            layout = own.layout,
            transitive = transitive,
        ),
    ]

wheel_group = rule(
    implementation = _wheel_group_impl,
    doc = _DOC,
    attrs = {
        "deps": attr.label_list(
            doc = "The installed wheels of the package's dependency closure (not the package itself).",
            providers = [WheelTreeInfo, PyInfo],
        ),
        "script": attr.string(
            doc = "The console script `bazel run` runs; empty means the target's name.",
        ),
        "wheel": attr.label(
            doc = "The package's own installed wheel (a `wheel_install` target).",
            mandatory = True,
            providers = [WheelTreeInfo, PyInfo],
        ),
    },
    executable = True,
    provides = [WheelTreeInfo, PyInfo],
    toolchains = [config_common.toolchain_type(_PY_TOOLCHAIN, mandatory = False)],
)
