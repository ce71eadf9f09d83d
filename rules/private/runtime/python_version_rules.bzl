"""`python_version_binary`, `python_version_test`, `python_version_files`: an app on a Python.

Each builds one target with `@rules_pyinstall//rules:python_version` set: its `py_binary` or
`py_test` runs on that Python's toolchain, and what it depends on (a hub's wheels, an image's
layers and base) is built for it. One build can so hold apps of several Pythons.
"""

load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules/private/common:python_version.bzl", "TRANSITION_ALLOWLIST", "python_version_transition")

_EXAMPLE = """

```starlark
py_test(
    name = "app_test_any",
    srcs = ["app_test.py"],
    main = "app_test.py",
    tags = ["manual"],  # built only through the wrapper, for its Python
    deps = ["@pypi_314//six"],
)

python_version_test(
    name = "app_test",
    args = ["--verbose"],
    python_version = "3.14",
    test = ":app_test_any",
)
```

The wrapped target is usually `manual`: built on its own, it would be for the default Python.
Bazel runs the wrapper, so `args` and `env` go on it, not on the wrapped target.
Toolchains of that version must be registered (`python.debian(..., python_version = "3.14")`).
"""

def _attrs(kind, doc):
    return dict(TRANSITION_ALLOWLIST, **{
        "python_version": attr.string(
            doc = "major.minor of the Python to build `%s` for, e.g. \"3.14\"." % kind,
            mandatory = True,
        ),
        kind: attr.label(
            doc = doc,
            mandatory = True,
            cfg = python_version_transition,
        ),
    })

def _forward(ctx, target, executable):
    info = target[DefaultInfo]
    if executable:
        if not info.files_to_run or not info.files_to_run.executable:
            fail("%s: %s is not executable" % (ctx.label, target.label))
        link = ctx.actions.declare_file(ctx.label.name)
        ctx.actions.symlink(output = link, target_file = info.files_to_run.executable, is_executable = True)
        runfiles = ctx.runfiles([link]).merge(info.default_runfiles)
        providers = [DefaultInfo(executable = link, files = depset([link]), runfiles = runfiles)]
    else:
        providers = [DefaultInfo(files = info.files, runfiles = info.default_runfiles)]
    for provider in (OutputGroupInfo, PyInfo, RunEnvironmentInfo, InstrumentedFilesInfo):
        if provider in target:
            providers.append(target[provider])
    return providers

def _binary_impl(ctx):
    return _forward(ctx, ctx.attr.binary[0], True)

def _test_impl(ctx):
    return _forward(ctx, ctx.attr.test[0], True)

def _files_impl(ctx):
    return _forward(ctx, ctx.attr.target[0], False)

python_version_binary = rule(
    implementation = _binary_impl,
    doc = "Runs `binary` (a `py_binary`) on Python `python_version`: `bazel run` it." + _EXAMPLE,
    attrs = _attrs("binary", "The executable target, e.g. a `py_binary`."),
    executable = True,
)

python_version_test = rule(
    implementation = _test_impl,
    doc = "Runs `test` (a `py_test`) on Python `python_version`." + _EXAMPLE,
    attrs = _attrs("test", "The test target, e.g. a `py_test`."),
    test = True,
)

python_version_files = rule(
    implementation = _files_impl,
    doc = "Builds `target` (an image, its layers) for Python `python_version`: its files " +
          "and output groups are this target's." + _EXAMPLE,
    attrs = _attrs("target", "Any target, e.g. a `py_image`."),
)
