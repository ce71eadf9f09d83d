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

def _unavailable_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, "the target platform is none of the lock's platforms (linux_x86_64, linux_aarch64)")
    return analysistest.end(env)

unavailable_platform_test = analysistest.make(
    _unavailable_impl,
    expect_failure = True,
    config_settings = {"//command_line_option:platforms": str(Label("//tests/lock/multi:macos_aarch64"))},
)

def hub_analysis_test_suite(name):
    requests_closure_test(name = name + "_requests_closure", target_under_test = "@pypi_multi//requests")
    cycle_test(name = name + "_cycle", target_under_test = "@pypi_multi//sphinxcontrib-applehelp")
    unavailable_platform_test(name = name + "_unavailable_platform", target_under_test = "@pypi_multi//requests")
    native.test_suite(
        name = name,
        tests = [name + "_requests_closure", name + "_cycle", name + "_unavailable_platform"],
    )
