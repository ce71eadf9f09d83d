"""Analysis tests of hub targets: the providers others rely on, and unavailable wheels."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules:defs.bzl", "WheelTreeInfo")

def _requests_closure_impl(ctx):
    env = analysistest.begin(ctx)
    target = analysistest.target_under_test(env)
    info = target[WheelTreeInfo]
    asserts.equals(env, "requests", info.distribution)
    asserts.equals(env, "3.13", info.python_version)
    asserts.equals(
        env,
        ["certifi", "charset-normalizer", "idna", "requests", "urllib3"],
        sorted([entry.distribution for entry in info.transitive.to_list()]),
    )
    trees = [entry.tree for entry in info.transitive.to_list()]
    runfiles = target[DefaultInfo].default_runfiles.files.to_list()
    asserts.true(env, all([tree in runfiles for tree in trees]), "every tree is in the runfiles")
    asserts.equals(env, 5, len(target[PyInfo].imports.to_list()))
    return analysistest.end(env)

requests_closure_test = analysistest.make(_requests_closure_impl)

def _cycle_impl(ctx):
    env = analysistest.begin(ctx)
    names = [e.distribution for e in analysistest.target_under_test(env)[WheelTreeInfo].transitive.to_list()]
    asserts.true(env, "sphinx" in names and "sphinxcontrib-applehelp" in names, "both members of the cycle")
    asserts.equals(env, len(names), len({n: True for n in names}), "each tree once")
    return analysistest.end(env)

cycle_test = analysistest.make(_cycle_impl)

def _wheel_file(env):
    return [f.basename for f in analysistest.target_under_test(env)[DefaultInfo].files.to_list()]

def _aarch64_wheel_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.equals(env, ["markupsafe-3.0.4-cp313-cp313-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl"], _wheel_file(env))
    return analysistest.end(env)

aarch64_wheel_test = analysistest.make(
    _aarch64_wheel_impl,
    config_settings = {"//command_line_option:platforms": str(Label("//tests/lock/multi:linux_aarch64"))},
)

def _x86_64_wheel_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.equals(env, ["markupsafe-3.0.4-cp313-cp313-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl"], _wheel_file(env))
    return analysistest.end(env)

x86_64_wheel_test = analysistest.make(
    _x86_64_wheel_impl,
    config_settings = {"//command_line_option:platforms": str(Label("//tests/lock/multi:linux_x86_64"))},
)

def _pure_fallback_impl(ctx):
    env = analysistest.begin(ctx)

    # black 24.10.0 has mypyc wheels for linux x86_64 only: aarch64 falls back to py3-none-any.
    asserts.equals(env, ["black-24.10.0-py3-none-any.whl"], _wheel_file(env))
    return analysistest.end(env)

pure_fallback_test = analysistest.make(
    _pure_fallback_impl,
    config_settings = {"//command_line_option:platforms": str(Label("//tests/lock/multi:linux_aarch64"))},
)

def hub_analysis_test_suite(name):
    """Analysis tests of the hub @pypi_multi, under the test_suite `name`.

    Args:
      name: the test_suite's name, and the prefix of each test.
    """
    requests_closure_test(name = name + "_requests_closure", target_under_test = "@pypi_multi//requests", size = "small")
    cycle_test(name = name + "_cycle", target_under_test = "@pypi_multi//sphinxcontrib_applehelp", size = "small")
    aarch64_wheel_test(name = name + "_aarch64_wheel", target_under_test = "@pypi_multi//markupsafe:whl", size = "small")
    x86_64_wheel_test(name = name + "_x86_64_wheel", target_under_test = "@pypi_multi//markupsafe:whl", size = "small")
    pure_fallback_test(name = name + "_pure_fallback", target_under_test = "@pypi_multi//black:whl", size = "small")
    native.test_suite(
        name = name,
        tests = [name + suffix for suffix in ["_requests_closure", "_cycle", "_aarch64_wheel", "_x86_64_wheel", "_pure_fallback"]],
    )
