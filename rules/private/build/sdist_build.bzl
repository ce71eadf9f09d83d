"""The `sdist_build` rule: one sdist built into one reproducible wheel."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "interpreter", "run_helper")
load("//rules/private/common:providers.bzl", "BuiltWheelInfo")

CC_BUILD_TOOLCHAIN = Label("//rules:cc_build_toolchain_type")

_DOC = """Builds an sdist into a wheel with its PEP 517 backend, in a hermetic action.

The target runtime's CPython (the interpreter toolchain) runs the backend through pypa's
`pyproject_hooks`, with no network, `HOME` and `TMPDIR` inside the action, `LC_ALL=C.UTF-8`,
`TZ=UTC`, `PYTHONHASHSEED=0` and `SOURCE_DATE_EPOCH` the build's epoch. Its build requirements
(`build-system.requires` and what the backend asks for) are installed from `build_wheels`
only, never downloaded; a requirement none of them satisfies fails with the command that
adds it to the build lock. A C compiler is there only when a toolchain of
`@rules_pyinstall//rules:cc_build_toolchain_type` is registered; a Rust-based build is
refused. The wheel is rewritten deterministically and refused if it holds a path of the
build directory. Hubs make these targets for pins without a usable wheel (docs/sdists.md).

The output is a directory holding the one wheel, under the name its backend gave it;
`wheel_install` takes this target as its `wheel`.

```starlark
load("@rules_pyinstall//rules:defs.bzl", "sdist_build", "wheel_install")

sdist_build(
    name = "docopt_whl",
    sdist = "@docopt_sdist//file",
    distribution = "docopt",
    version = "0.6.2",
    build_wheels = ["@setuptools_whl//file", "@wheel_whl//file"],
)

wheel_install(
    name = "docopt",
    wheel = ":docopt_whl",
)
```
"""

def _cc_toolchain(ctx):
    toolchain = ctx.toolchains[CC_BUILD_TOOLCHAIN]
    return getattr(toolchain, "cc_build", None) if toolchain else None

def _sdist_build_impl(ctx):
    python = interpreter(ctx)
    output = ctx.actions.declare_directory(ctx.label.name)
    args = ctx.actions.args()
    args.add("--sdist", ctx.file.sdist)
    args.add("--name", ctx.attr.distribution)
    args.add("--version", ctx.attr.version)
    args.add("--lock", ctx.attr.lock)
    args.add("--update-hint", ctx.attr.update_hint)
    args.add_all(ctx.files.build_wheels, before_each = "--candidate")
    args.add("--output", output.path)
    args.add("--source-date-epoch", str(ctx.attr._source_date_epoch[BuildSettingInfo].value))
    inputs = [ctx.file.sdist] + ctx.files.build_wheels
    transitive = []
    cc = _cc_toolchain(ctx)
    compiler = "no C compiler"
    if cc and cc.python_version != python.python_version:
        fail(("%s: the C compiler toolchain holds the headers of Python %s, but this build is for " +
              "Python %s; register a `python.debian_cc(...)` of Python %s (docs/sdists.md)") %
             (ctx.label, cc.python_version, python.python_version, python.python_version))
    if cc:
        args.add("--cc-root", cc.root)
        args.add_all(["%s=%s" % (k, v) for k, v in sorted(cc.env.items())], before_each = "--cc-env")
        inputs.append(cc.root)
        transitive.append(cc.files)
        compiler = "C compiler for %s" % cc.architecture
    run_helper(
        ctx,
        "build.main",
        args,
        depset(inputs, transitive = transitive),
        [output],
        "PyinstallSdist",
        "Building wheel of %s %s from its sdist (Python %s, %s)" % (
            ctx.attr.distribution,
            ctx.attr.version,
            python.python_version,
            compiler,
        ),
    )
    return [
        DefaultInfo(files = depset([output])),
        BuiltWheelInfo(
            directory = output,
            distribution = ctx.attr.distribution,
            version = ctx.attr.version,
        ),
    ]

sdist_build = rule(
    implementation = _sdist_build_impl,
    doc = _DOC,
    attrs = dict(helper_attrs("build"), **{
        "build_wheels": attr.label_list(
            doc = "Wheels the build may install as build requirements (a build lock's, for " +
                  "the execution platform); it installs only those its requirements need.",
            allow_files = [".whl"],
        ),
        "distribution": attr.string(
            doc = "The pinned distribution; the built wheel must be of it.",
            mandatory = True,
        ),
        "lock": attr.string(doc = "The lockfile that pins it, for messages (hubs set it)."),
        "sdist": attr.label(
            doc = "The sdist, a `.tar.gz` or `.zip`.",
            allow_single_file = [".tar.gz", ".zip", ".tgz"],
            mandatory = True,
        ),
        "update_hint": attr.string(
            doc = "The command that adds a build requirement to the build lock, for messages.",
            default = "recompile the build lock",
        ),
        "version": attr.string(
            doc = "The pinned version; the built wheel must be of it.",
            mandatory = True,
        ),
        "_source_date_epoch": attr.label(
            default = Label("//rules:source_date_epoch"),
        ),
    }),
    provides = [BuiltWheelInfo],
    toolchains = [
        INTERPRETER_TOOLCHAIN,
        config_common.toolchain_type(CC_BUILD_TOOLCHAIN, mandatory = False),
    ],
)
