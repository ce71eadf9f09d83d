"""The `editor_venv` rule: `bazel run` writes a virtual environment of installed wheels."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "interpreter")
load("//rules/private/common:providers.bzl", "WheelTreeInfo")
load("//rules/private/common:python_version.bzl", "TRANSITION_ALLOWLIST", "python_version_transition")

_DOC = """A virtual environment for editors and type checkers, written by `bazel run`.

`bazel run @pypi//:venv -- .venv` writes `.venv` (relative to where you ran it): `bin/python3`
is the interpreter toolchain's Python (the one the wheels were installed and compiled for,
e.g. the Debian runtime), and `lib/pythonX.Y/site-packages` and `bin/` hold copies of the
installed wheels, `.pyc` files included. Nothing is downloaded; the same lock gives the same
files. It replaces a directory only if it made it (its `pyvenv.cfg` says `rules_pyinstall`),
and refuses any other non-empty directory. Point the editor at `.venv/bin/python3`.

Every hub has one, `@<hub>//:venv`, with all its packages; for some of them:

```starlark
editor_venv(
    name = "venv",
    wheels = ["@pypi//requests", "@pypi//pyyaml"],
)
```
"""

_LAUNCHER = """#!/bin/sh
# Writes the virtual environment of {name}: bazel run {label} -- <directory>
r="${{RUNFILES_DIR:-$0.runfiles}}"
[ -d "$r" ] || r="$0.runfiles"
if [ $# -ne 1 ]; then
    echo "usage: bazel run {label} -- <directory>" >&2
    exit 2
fi
PYTHONPATH="{pythonpath}" PYTHONSAFEPATH=1 PYTHONNOUSERSITE=1 exec {python} -S -s -B -m pyinstall.install.venv \\
    --name '{name}' --python {python} --source-date-epoch {epoch} {trees} -- "$1"
"""

def _runfiles_path(ctx, file):
    short = file.short_path
    return short[3:] if short.startswith("../") else ctx.workspace_name + "/" + short

def _editor_venv_impl(ctx):
    python = interpreter(ctx)
    if python.interpreter:
        python_path = "\"$r/%s\"" % _runfiles_path(ctx, python.interpreter)
    else:
        python_path = python.interpreter_path
    trees = depset(transitive = [w[WheelTreeInfo].transitive for w in ctx.attr.wheels]).to_list()
    tool = ctx.attr._tool[PyInfo]
    launcher = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(launcher, _LAUNCHER.format(
        epoch = str(ctx.attr._source_date_epoch[BuildSettingInfo].value),
        label = str(ctx.label),
        name = ctx.attr.hub or ctx.label.name,
        python = python_path,
        pythonpath = ":".join(["$r/" + path for path in tool.imports.to_list()]),
        trees = " ".join(["--tree \"$r/%s\"" % _runfiles_path(ctx, t.tree) for t in trees]),
    ), is_executable = True)
    runfiles = ctx.runfiles(
        files = [t.tree for t in trees],
        transitive_files = depset(transitive = [python.files, tool.transitive_sources]),
    )
    return [DefaultInfo(executable = launcher, runfiles = runfiles)]

editor_venv = rule(
    implementation = _editor_venv_impl,
    doc = _DOC,
    attrs = dict(TRANSITION_ALLOWLIST, **{
        "hub": attr.string(
            doc = "The name written in `pyvenv.cfg` (`rules_pyinstall = <hub>`). Empty: the target's name.",
        ),
        "wheels": attr.label_list(
            doc = "Installed wheels (`wheel_install`, or hub packages with their closures).",
            providers = [WheelTreeInfo],
        ),
        "python_version": attr.string(
            doc = "If set, the major.minor the package was installed for (hubs set it): the " +
                  "target is built with `//rules:python_version` set to it, so that the environment's `bin/python3` is " +
                  "that Python's toolchain.",
        ),
        "_source_date_epoch": attr.label(
            default = Label("//rules:source_date_epoch"),
        ),
        "_tool": attr.label(
            default = Label("//python/pyinstall/install"),
            providers = [PyInfo],
        ),
    }),
    cfg = python_version_transition,
    executable = True,
    toolchains = [INTERPRETER_TOOLCHAIN],
)
