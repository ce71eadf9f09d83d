"""The `wheel_group` rule: a package with its whole dependency closure, as one target."""

load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules/private/common:providers.bzl", "TREE_LAYOUT", "WheelTreeInfo")
load("//rules/private/common:python_version.bzl", "TRANSITION_ALLOWLIST", "python_version_transition")

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

PY_TOOLCHAIN = "@bazel_tools//tools/python:toolchain_type"

_LAUNCHER = """#!/bin/sh
# Runs a console script of {distribution}, with its closure on PYTHONPATH.
r="${{RUNFILES_DIR:-$0.runfiles}}"
[ -d "$r" ] || r="$0.runfiles"
name={name}
script="$r/{bin}/$name"
if [ -z "$name" ] || [ ! -f "$script" ]; then
    echo "rules_pyinstall: error: {distribution} has no console script '$name'; it has:" >&2
    ls "$r/{bin}" >&2 2>/dev/null || echo "  (no scripts at all)" >&2
    exit 2
fi
{shift}
PYTHONPATH="{pythonpath}${{PYTHONPATH:+:$PYTHONPATH}}" PYTHONNOUSERSITE=1 exec {python} "$script" "$@"
"""

def _runfiles_path(ctx, file):
    if file.short_path.startswith("../"):
        return file.short_path[3:]
    return ctx.workspace_name + "/" + file.short_path

def _python(ctx):
    toolchain = ctx.toolchains[PY_TOOLCHAIN]
    runtime = getattr(toolchain, "py3_runtime", None) if toolchain else None
    if runtime and runtime.interpreter_path:
        return runtime.interpreter_path, []
    if runtime and runtime.interpreter:
        return "\"$r/%s\"" % _runfiles_path(ctx, runtime.interpreter), [runtime.interpreter]
    return "python3", []

def write_launcher(ctx, own, trees, script):
    """Writes `<name>.sh`, which runs a console script of `own` with `trees` on PYTHONPATH.

    Args:
      ctx: the rule's context (with the optional Python toolchain).
      own: the WheelTreeInfo whose `bin/` holds the script.
      trees: the installed trees of the closure.
      script: the script's name, or None to take it from the first argument.

    Returns:
      (the launcher File, the interpreter's Files for the runfiles).
    """
    python, python_files = _python(ctx)
    launcher = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(
        output = launcher,
        content = _LAUNCHER.format(
            bin = _runfiles_path(ctx, own.tree) + "/" + TREE_LAYOUT.bin,
            distribution = own.distribution,
            name = "'%s'" % script if script else "\"${1:-}\"",
            python = python,
            pythonpath = ":".join(["$r/%s/%s" % (_runfiles_path(ctx, t), TREE_LAYOUT.site_packages) for t in trees]),
            shift = "" if script else "shift",
        ),
        is_executable = True,
    )
    return launcher, python_files

def _wheel_group_impl(ctx):
    groups = [ctx.attr.wheel] + ctx.attr.deps
    own = ctx.attr.wheel[WheelTreeInfo]
    transitive = depset(
        transitive = [g[WheelTreeInfo].transitive for g in groups],
        order = "postorder",
    )
    trees = [entry.tree for entry in transitive.to_list()]

    launcher, python_files = write_launcher(ctx, own, trees, script = ctx.attr.script or ctx.label.name)
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
            install = own.install,
        ),
    ]

wheel_group = rule(
    implementation = _wheel_group_impl,
    doc = _DOC,
    attrs = dict(TRANSITION_ALLOWLIST, **{
        "deps": attr.label_list(
            doc = "The installed wheels of the package's dependency closure (not the package itself).",
            providers = [WheelTreeInfo, PyInfo],
        ),
        "python_version": attr.string(
            doc = "If set, the major.minor the package was installed for (hubs set it): the " +
                  "target is built with `//rules:python_version` set to it, so that `bazel run` uses " +
                  "that Python's toolchain.",
        ),
        "script": attr.string(
            doc = "The console script `bazel run` runs; empty means the target's name.",
        ),
        "wheel": attr.label(
            doc = "The package's own installed wheel (a `wheel_install` target).",
            mandatory = True,
            providers = [WheelTreeInfo, PyInfo],
        ),
    }),
    cfg = python_version_transition,
    executable = True,
    provides = [WheelTreeInfo, PyInfo],
    toolchains = [config_common.toolchain_type(PY_TOOLCHAIN, mandatory = False)],
)
