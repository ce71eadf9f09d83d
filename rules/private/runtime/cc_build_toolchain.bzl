"""`debian_cc_toolchain`: the C/C++ compiler of sdist builds, as a `CcBuildToolchainInfo`.

Its `env` is what a build backend (setuptools, meson-python, scikit-build) reads: compilers,
linkers and flags, every path under `{toolchain_root}`, which the build helper replaces at run
time by the absolute path of the directory holding `root`.
"""

load("//rules/private/common:providers.bzl", "CcBuildToolchainInfo")
load(":debian_repositories.bzl", "DEBIAN_ARCHITECTURES")

TOOLCHAIN_ROOT = "{toolchain_root}"

def cc_build_env(architecture, python_version, python_cflags = ""):
    """The build environment of a toolchain made by `debian_cc`.

    Args:
      architecture: Debian architecture, e.g. "amd64".
      python_version: major.minor of the CPython whose headers the toolchain holds.
      python_cflags: that CPython's own CFLAGS (its sysconfig's). setuptools takes CFLAGS
        from the environment instead of the interpreter's, not in addition to them, so they
        start CFLAGS and CXXFLAGS: an extension is built with -O2 and -DNDEBUG as it would be
        without the toolchain.

    Returns:
      dict[str, str]: environment variables, paths under `{toolchain_root}`.
    """
    triplet = DEBIAN_ARCHITECTURES[architecture].triplet
    bin = TOOLCHAIN_ROOT + "/bin/"
    include = TOOLCHAIN_ROOT + "/root/usr/include/"

    # The launchers already pass -ffile-prefix-map for the toolchain; it is repeated here so
    # that a backend that calls the compiler by another name keeps it. The producer string of
    # the debug info would record every switch, so it records none.
    # CPython's headers go in CPPFLAGS (setuptools, meson and autotools add them to every
    # compile) and CFLAGS too (CMake reads no CPPFLAGS).
    cppflags = " ".join([
        "-isystem " + include + "python" + python_version,
        "-isystem " + include + triplet + "/python" + python_version,
    ])
    flags = " ".join(([python_cflags] if python_cflags else []) + [
        cppflags,
        "-ffile-prefix-map=" + TOOLCHAIN_ROOT + "=/toolchain",
        "-gno-record-gcc-switches",
    ])

    # A build id is a hash of the linked bytes (sha1), so it is as reproducible as they are.
    ldflags = "-Wl,--build-id=sha1"
    return {
        "AR": bin + "ar",
        # D: archive members dated 0, owned by 0:0 with mode 0644 (meson and autotools read it).
        "ARFLAGS": "rcsD",
        "AS": bin + "as",
        "CC": bin + "gcc",
        "CFLAGS": flags,
        "CPP": bin + "gcc -E",
        "CPPFLAGS": cppflags,
        "CXX": bin + "g++",
        "CXXFLAGS": flags,
        "LD": bin + "ld",
        # setuptools links C extensions with LDSHARED and C++ ones with LDCXXSHARED, both
        # followed by LDFLAGS; without them it would take the interpreter's own (Debian's
        # `x86_64-linux-gnu-gcc -shared`, from PATH).
        "LDCXXSHARED": bin + "g++ -shared",
        "LDFLAGS": ldflags,
        "LDSHARED": bin + "gcc -shared",
        "NM": bin + "nm",
        "OBJCOPY": bin + "objcopy",
        "PATH_PREFIX": TOOLCHAIN_ROOT + "/bin",
        "RANLIB": bin + "ranlib",
        "READELF": bin + "readelf",
        "STRIP": bin + "strip",
    }

def _debian_cc_toolchain_impl(ctx):
    files = depset(ctx.files.files + [ctx.file.root])
    info = CcBuildToolchainInfo(
        root = ctx.file.root,
        files = files,
        env = cc_build_env(ctx.attr.architecture, ctx.attr.python_version, ctx.attr.python_cflags),
        python_version = ctx.attr.python_version,
        architecture = ctx.attr.architecture,
    )
    return [
        platform_common.ToolchainInfo(cc_build = info),
        DefaultInfo(files = files),
    ]

debian_cc_toolchain = rule(
    implementation = _debian_cc_toolchain_impl,
    doc = """A C/C++ compiler for sdist builds, in a repository made by `python.debian_cc(...)`.

Its `ToolchainInfo.cc_build` is a `CcBuildToolchainInfo` whose `env` holds `AR`, `ARFLAGS`,
`AS`, `CC`, `CFLAGS`, `CPP`, `CPPFLAGS`, `CXX`, `CXXFLAGS`, `LD`, `LDCXXSHARED`, `LDFLAGS`, `LDSHARED`,
`NM`, `OBJCOPY`, `PATH_PREFIX`, `RANLIB`, `READELF` and `STRIP`, every path under
`{toolchain_root}`.""",
    attrs = {
        "architecture": attr.string(doc = "Debian architecture it compiles for.", mandatory = True, values = sorted(DEBIAN_ARCHITECTURES)),
        "files": attr.label_list(doc = "Everything the compiler needs at run time.", allow_files = True),
        "python_cflags": attr.string(doc = "That CPython's own CFLAGS (sysconfig), first in CFLAGS and CXXFLAGS."),
        "python_version": attr.string(doc = "major.minor of the CPython whose headers it holds.", mandatory = True),
        "root": attr.label(doc = "A file at the toolchain's top directory (`{toolchain_root}`).", mandatory = True, allow_single_file = True),
    },
)
