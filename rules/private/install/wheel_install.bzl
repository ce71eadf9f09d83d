"""The `wheel_install` rule: one wheel installed into one reproducible tree artifact."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "install_jobs", "interpreter", "run_helper")
load("//rules/private/common:providers.bzl", "BuiltWheelInfo", "TREE_LAYOUT", "WheelTreeInfo")
load("//rules/private/common:python_version.bzl", "TRANSITION_ALLOWLIST", "python_version_transition")
load("//rules/private/common:wheel_name.bzl", "normalize_name", "parse_wheel_filename")

_DOC = """Installs one wheel into a tree artifact, with the pypa `installer` library.

The tree's bytes depend only on the wheel, the interpreter's Python version and this rule's
attributes: `.pyc` files are compiled with PEP 552 hash-based invalidation with
`PYTHONHASHSEED=0`, in batches forked from one state so that the bytes are the same whatever
the number of processes (`--@rules_pyinstall//rules:install_jobs`: N reserves N cores from
Bazel's local scheduler and uses N processes; the default, 0, reserves one and uses as many as
the machine has, up to 4; with more than one, a wheel of 128 entries or more is also
unpacked by that many processes), every mtime is the build's epoch
(`--@rules_pyinstall//rules:source_date_epoch`), every mode 0644 or 0755, RECORD is sorted
and lists the `.pyc` files, INSTALLER says `rules_pyinstall`, and no machine path is
written anywhere.

The wheel's tags must fit the target: CPython of the interpreter's version (or abi3, or
pure Python) on the target platform's OS and CPU (`@platforms` constraints), at the C
library level `glibc`/`musl` or `macos` gives; a wheel for another platform is an error
naming its tags and the target, never a tree that fails at import. On an OS or CPU other
than linux, macos, windows and x86_64, aarch64, only pure-Python wheels install.

Layout of the tree: `site-packages/` (purelib and platlib), `bin/` (entry points and
`.data/scripts`), `include/<distribution>/` (`.data/headers`) and `data/` (`.data/data`).

```starlark
load("@rules_pyinstall//rules:defs.bzl", "wheel_install")

wheel_install(
    name = "six",
    wheel = "@six_whl//file",
)

py_test(
    name = "six_test",
    srcs = ["six_test.py"],
    deps = [":six"],
)
```
"""

_OSES = ["linux", "macos", "windows"]
_CPUS = ["x86_64", "aarch64"]

# The constraints _target_platform asks the target platform about.
_PLATFORM_ATTRS = dict(
    [("_os_" + os, attr.label(default = "@platforms//os:" + os)) for os in _OSES] +
    [("_cpu_" + cpu, attr.label(default = "@platforms//cpu:" + cpu)) for cpu in _CPUS],
)

def _target_platform(ctx):
    # The platform the tree is for, which under a platform transition is not the host's. Any
    # other OS or CPU gets "any": pure-Python wheels only.
    found = []
    for kind, values in [("os", _OSES), ("cpu", _CPUS)]:
        for value in values:
            if ctx.target_platform_has_constraint(getattr(ctx.attr, "_%s_%s" % (kind, value))[platform_common.ConstraintValueInfo]):
                found.append(value)
                break
    return "_".join(found) if len(found) == 2 else "any"

def _import_path(ctx, tree):
    # The runfiles-relative path of site-packages, as PyInfo.imports wants it.
    short = tree.short_path
    if short.startswith("../"):
        return short[3:] + "/" + TREE_LAYOUT.site_packages
    return ctx.workspace_name + "/" + short + "/" + TREE_LAYOUT.site_packages

def _wheel_install_impl(ctx):
    wheel = ctx.file.wheel
    if BuiltWheelInfo in ctx.attr.wheel:
        # Built from an sdist: the helper finds the one wheel in the directory.
        built = ctx.attr.wheel[BuiltWheelInfo]
        wheel = built.directory
        parsed = struct(distribution = normalize_name(built.distribution), version = built.version)
    elif not wheel.basename.endswith(".whl"):
        fail("%s: %s: expected .whl, or an sdist_build target" % (ctx.label, wheel.basename))
    else:
        parsed = parse_wheel_filename(wheel.basename)
    if not parsed:
        fail("%s: %s is not a wheel file name (name-version[-build]-python-abi-platform.whl)" %
             (ctx.label, wheel.basename))
    if not ctx.toolchains[INTERPRETER_TOOLCHAIN]:
        fail(("%s: python_version = %r, but no interpreter toolchain of Python %s is registered " +
              "for this platform; add python.debian(...) with a lock of that Python and register " +
              "its toolchains") % (ctx.label, ctx.attr.python_version, ctx.attr.python_version))
    python = interpreter(ctx)
    if ctx.attr.python_version and ctx.attr.python_version != python.python_version:
        fail(("%s: python_version = %r, but the resolved interpreter toolchain is Python %s; " +
              "register an interpreter toolchain for %s") %
             (ctx.label, ctx.attr.python_version, python.python_version, ctx.attr.python_version))

    tree = ctx.actions.declare_directory(ctx.label.name)

    # Everything but where the tree goes and how many processes write it: an image layer
    # installs the wheel with the very same flags (WheelTreeInfo.install).
    flags = [
        "--wheel",
        wheel.path,
        "--python-version",
        python.python_version,
        "--pyc",
        ctx.attr.pyc,
        "--optimize",
        ",".join([str(level) for level in ctx.attr.optimize]),
        "--script-interpreter",
        ctx.attr.script_interpreter,
        "--source-date-epoch",
        str(ctx.attr._source_date_epoch[BuildSettingInfo].value),
        "--platform",
        _target_platform(ctx),
        "--glibc",
        ctx.attr.glibc,
        "--macos",
        ctx.attr.macos,
    ]
    if ctx.attr.musl:
        flags.extend(["--musl", ctx.attr.musl])
    if BuiltWheelInfo in ctx.attr.wheel:
        flags.append("--built")
    jobs, cores = install_jobs(ctx)
    args = ctx.actions.args()
    args.add_all(flags)
    args.add("--output", tree.path)
    args.add("--jobs", str(jobs))
    run_helper(
        ctx,
        "install.main",
        args,
        [wheel],
        [tree],
        "PyinstallWheel",
        "Installing %s %s for Python %s into %%{output}" % (
            parsed.distribution,
            parsed.version,
            python.python_version,
        ),
        cores = cores,
        worker = True,
    )

    transitive = depset(
        [struct(tree = tree, distribution = parsed.distribution, version = parsed.version, label = ctx.label)],
        transitive = [dep[WheelTreeInfo].transitive for dep in ctx.attr.deps],
        order = "postorder",
    )
    runfiles = ctx.runfiles(files = [tree]).merge_all([dep[DefaultInfo].default_runfiles for dep in ctx.attr.deps])
    return [
        DefaultInfo(files = depset([tree]), runfiles = runfiles),
        PyInfo(
            transitive_sources = depset([tree], transitive = [dep[PyInfo].transitive_sources for dep in ctx.attr.deps]),
            imports = depset([_import_path(ctx, tree)], transitive = [dep[PyInfo].imports for dep in ctx.attr.deps]),
            has_py2_only_sources = False,
            has_py3_only_sources = True,
            uses_shared_libraries = True,
        ),
        WheelTreeInfo(
            tree = tree,
            distribution = parsed.distribution,
            version = parsed.version,
            python_version = python.python_version,
            layout = TREE_LAYOUT,
            transitive = transitive,
            install = struct(wheel = wheel, flags = flags),
        ),
    ]

wheel_install = rule(
    implementation = _wheel_install_impl,
    doc = _DOC,
    attrs = dict(helper_attrs("install"), **dict(_PLATFORM_ATTRS, **dict(TRANSITION_ALLOWLIST, **{
        "deps": attr.label_list(
            doc = "Installed wheels this one needs at run time (other `wheel_install` targets).",
            providers = [WheelTreeInfo, PyInfo],
        ),
        "glibc": attr.string(
            doc = "The glibc level of a linux target: the wheel's platform tag must be " +
                  "manylinux of this level or older (as the hub's `glibc`, which sets it).",
            default = "2.41",
        ),
        "lock": attr.string(
            doc = "The lockfile that pins this wheel, as the SBOM of an image holding it names " +
                  "it (hubs set it). Nothing is built from it.",
        ),
        "macos": attr.string(
            doc = "The oldest macOS a macos target runs (as the hub's `macos`, which sets it).",
            default = "11.0",
        ),
        "musl": attr.string(
            doc = "If set, a linux target uses musl of this level: musllinux wheels instead of manylinux.",
        ),
        "optimize": attr.int_list(
            doc = "Optimization levels to compile `.pyc` files for: 0 (plain), 1 (`-O`), 2 (`-OO`).",
            default = [0],
        ),
        "pyc": attr.string(
            doc = "How `.pyc` files are checked against their source (PEP 552): " +
                  "`unchecked-hash` (never: right for images and Bazel outputs, whose sources " +
                  "do not change), `checked-hash` (hash of the source at every import), or " +
                  "`none` (no `.pyc` files).",
            default = "unchecked-hash",
            values = ["unchecked-hash", "checked-hash", "none"],
        ),
        "python_version": attr.string(
            doc = "If set, the major.minor version to install for: the wheel is built with " +
                  "`//rules:python_version` set to it, which picks the interpreter toolchain of " +
                  "that version, and the resolved toolchain must have it.",
        ),
        "script_interpreter": attr.string(
            doc = "Interpreter line of generated entry points and of `#!python` scripts, " +
                  "without `#!`. An absolute path, optionally followed by one argument " +
                  "(the default runs `python3` from PATH, as in an image).",
            default = "/usr/bin/env python3",
        ),
        "wheel": attr.label(
            doc = "The `.whl` file to install, or an `sdist_build` target (the wheel it built).",
            allow_single_file = True,
            mandatory = True,
        ),
        "_install_jobs": attr.label(
            default = Label("//rules:install_jobs"),
        ),
        "_source_date_epoch": attr.label(
            default = Label("//rules:source_date_epoch"),
        ),
    }))),
    cfg = python_version_transition,
    provides = [WheelTreeInfo, PyInfo],
    # Optional, so that a version nothing serves gets the message above.
    toolchains = [config_common.toolchain_type(INTERPRETER_TOOLCHAIN, mandatory = False)],
)
