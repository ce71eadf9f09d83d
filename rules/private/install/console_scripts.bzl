"""The `console_scripts` rule: run any console script of an installed package."""

load("//rules/private/common:providers.bzl", "WheelTreeInfo")
load("//rules/private/common:python_version.bzl", "TRANSITION_ALLOWLIST", "python_version_transition")
load(":wheel_group.bzl", "PY_TOOLCHAIN", "write_launcher")

_DOC = """Runs the console script named by its first argument, from a package's `bin/`.

Every hub package has one as `:bin`, for scripts not named like the package (running the
package target itself runs the script of its own name):

```
bazel run @pypi//sphinx:bin -- sphinx-build --version
```

```starlark
console_scripts(
    name = "sphinx_scripts",
    package = "@pypi//sphinx",
)
```
"""

def _console_scripts_impl(ctx):
    info = ctx.attr.package[WheelTreeInfo]
    trees = [entry.tree for entry in info.transitive.to_list()]
    launcher, python_files = write_launcher(ctx, info, trees, script = None)
    runfiles = ctx.runfiles(files = python_files).merge(ctx.attr.package[DefaultInfo].default_runfiles)
    return [DefaultInfo(executable = launcher, runfiles = runfiles)]

console_scripts = rule(
    implementation = _console_scripts_impl,
    doc = _DOC,
    attrs = dict(TRANSITION_ALLOWLIST, **{
        "package": attr.label(
            doc = "The package (a hub target or `wheel_group`) whose scripts to run.",
            mandatory = True,
            providers = [WheelTreeInfo],
        ),
        "python_version": attr.string(
            doc = "If set, the major.minor the package was installed for (hubs set it): the " +
                  "target is built with `//rules:python_version` set to it, so that the scripts run on " +
                  "that Python's toolchain.",
        ),
    }),
    cfg = python_version_transition,
    executable = True,
    toolchains = [config_common.toolchain_type(PY_TOOLCHAIN, mandatory = False)],
)
