"""The cc_build toolchain's env: its keys, and every path under `{toolchain_root}`."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts", "unittest")

# buildifier: disable=bzl-visibility
load("//rules/private/runtime:cc_build_toolchain.bzl", "cc_build_env")

_KEYS = [
    "AR",
    "ARFLAGS",
    "AS",
    "CC",
    "CFLAGS",
    "CPP",
    "CPPFLAGS",
    "CXX",
    "CXXFLAGS",
    "LD",
    "LDCXXSHARED",
    "LDFLAGS",
    "LDSHARED",
    "NM",
    "OBJCOPY",
    "PATH_PREFIX",
    "RANLIB",
    "READELF",
    "STRIP",
]

def _check_env(env, cc_env, triplet):
    asserts.equals(env, _KEYS, sorted(cc_env))
    for key, value in cc_env.items():
        for word in value.split(" "):
            # A path is the toolchain's, never the machine's; flags carry no other path.
            if "/" in word and not word.startswith("-ffile-prefix-map="):
                asserts.true(env, word.startswith("{toolchain_root}/"), "%s: %r is not under {toolchain_root}" % (key, word))
    asserts.equals(env, "{toolchain_root}/bin", cc_env["PATH_PREFIX"])
    asserts.equals(env, "{toolchain_root}/bin/gcc -shared", cc_env["LDSHARED"])
    asserts.equals(env, "{toolchain_root}/bin/g++ -shared", cc_env["LDCXXSHARED"])
    asserts.true(env, "D" in cc_env["ARFLAGS"], "ar is not deterministic: " + cc_env["ARFLAGS"])
    asserts.true(env, "-Wl,--build-id=sha1" in cc_env["LDFLAGS"].split(" "))
    for key in ("CFLAGS", "CXXFLAGS", "CPPFLAGS"):
        flags = cc_env[key].split(" ")
        asserts.true(env, "{toolchain_root}/root/usr/include/python3.13" in flags, key + ": no Python.h")
        asserts.true(env, "{toolchain_root}/root/usr/include/%s/python3.13" % triplet in flags, key + ": no pyconfig.h")
        if key != "CPPFLAGS":
            asserts.true(env, "-ffile-prefix-map={toolchain_root}=/toolchain" in flags, key + ": no prefix map")
            asserts.true(env, "-gno-record-gcc-switches" in flags, key + ": records switches")

def _env_unit_test_impl(ctx):
    env = unittest.begin(ctx)
    _check_env(env, cc_build_env("amd64", "3.13"), "x86_64-linux-gnu")
    _check_env(env, cc_build_env("arm64", "3.13"), "aarch64-linux-gnu")
    with_python = cc_build_env("amd64", "3.13", "-DNDEBUG -O2")
    asserts.true(env, with_python["CFLAGS"].startswith("-DNDEBUG -O2 -isystem "), "CPython's CFLAGS come first")
    asserts.equals(env, with_python["CFLAGS"], with_python["CXXFLAGS"])
    return unittest.end(env)

env_unit_test = unittest.make(_env_unit_test_impl)

def _registered_env_test_impl(ctx):
    env = analysistest.begin(ctx)
    actions = analysistest.target_actions(env)
    written = [a for a in actions if a.outputs.to_list()[0].basename == "env.json"]
    asserts.equals(env, 1, len(written))
    cc_env = json.decode(written[0].content)
    _check_env(env, cc_env, "x86_64-linux-gnu")

    # Debian's CPython 3.13 builds extensions with these (its sysconfig's CFLAGS).
    for flag in ("-DNDEBUG", "-O2", "-g", "-fno-strict-overflow"):
        asserts.true(env, flag in cc_env["CFLAGS"].split(" "), "CFLAGS lacks CPython's " + flag)
    build = [a for a in actions if a.mnemonic == "CcExtension"]
    asserts.equals(env, 1, len(build))
    inputs = [f.short_path for f in build[0].inputs.to_list()]
    for wanted in ("/bin/gcc", "/libexec/cc1", "/libexec/ld", "/ROOT", "/root/usr/include/python3.13/Python.h"):
        asserts.true(env, [p for p in inputs if p.endswith(wanted)] != [], "the action lacks the toolchain's " + wanted)
    for arg in build[0].argv:
        asserts.false(env, arg.startswith("/"), "absolute path on the command line: " + arg)
    return analysistest.end(env)

# The toolchain registered in MODULE.bazel, as the build action sees it.
registered_env_test = analysistest.make(_registered_env_test_impl)

def env_test_suite(name):
    """The env's unit test and the registered toolchain's analysis test.

    Args:
      name: name of the test suite.
    """
    env_unit_test(name = name + "_unit")
    registered_env_test(
        name = name + "_registered",
        target_under_test = ":hello_gcc",
        target_compatible_with = [
            "@platforms//os:linux",
            "@platforms//cpu:x86_64",
        ],
    )
    native.test_suite(name = name, tests = [name + "_unit", name + "_registered"])
