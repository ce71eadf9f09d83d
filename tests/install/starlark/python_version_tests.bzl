"""Tests of rules/private/common/python_version.bzl: the flag's values and the transition."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts", "unittest")
load("@pyinstall_python_versions//:defs.bzl", "DEFAULT_PYTHON_VERSION")
load("//rules:defs.bzl", "wheel_install")

# buildifier: disable=bzl-visibility
load("//rules/private/common:python_version.bzl", "flag_value")

def _flag_value_test_impl(ctx):
    env = unittest.begin(ctx)
    asserts.equals(env, "3.13", DEFAULT_PYTHON_VERSION, "the root module's first python.debian")
    asserts.equals(env, None, flag_value(""), "no version: the flag is kept")
    asserts.equals(env, "", flag_value(DEFAULT_PYTHON_VERSION), "the default version: empty")
    asserts.equals(env, "3.14", flag_value("3.14"))
    return unittest.end(env)

flag_value_test = unittest.make(_flag_value_test_impl)

def _default_version_keeps_configuration_test_impl(ctx):
    # A hub of the default Python installs in the configuration of what depends on it: one
    # output directory (no `-ST-` suffix), one set of exec tools.
    env = analysistest.begin(ctx)
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == "PyinstallWheel"]
    tree = actions[0].outputs.to_list()[0].path
    asserts.true(env, "-ST-" not in tree, tree)
    asserts.equals(env, ctx.configuration.bin_dir.path, tree[:len(ctx.configuration.bin_dir.path)])
    return analysistest.end(env)

default_version_keeps_configuration_test = analysistest.make(_default_version_keeps_configuration_test_impl)

def python_version_test_suite(name):
    """Declares the tests of python_version.bzl.

    Args:
      name: name of the test_suite.
    """
    wheel_install(
        name = "six_default_version",
        wheel = "@whl_six//file",
        python_version = DEFAULT_PYTHON_VERSION,
        tags = ["manual"],
    )
    flag_value_test(name = "flag_value_test", size = "small")
    default_version_keeps_configuration_test(
        name = "default_version_keeps_configuration_test",
        size = "small",
        target_under_test = ":six_default_version",
    )
    native.test_suite(
        name = name,
        tests = [
            ":default_version_keeps_configuration_test",
            ":flag_value_test",
        ],
    )
