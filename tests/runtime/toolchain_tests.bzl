"""Which interpreter the install action runs, and the base layer of a CPU with no lock."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("//rules:defs.bzl", "WheelTreeInfo")

_EXTRA_TOOLCHAINS = "//command_line_option:extra_toolchains"
_EXTRA_EXECUTION_PLATFORMS = "//command_line_option:extra_execution_platforms"
_REMOTE_POOL = str(Label("//examples/remote:linux_x86_64_pool"))
_SYSTEM_INTERPRETER = str(Label("@pyinstall_system_python//:interpreter_toolchain"))

def _install_argv0(env):
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == "PyinstallWheel"]
    asserts.equals(env, 1, len(actions))
    return actions[0].argv[0]

def _debian_by_default_test_impl(ctx):
    env = analysistest.begin(ctx)
    argv0 = _install_argv0(env)
    asserts.true(env, argv0.endswith("debian_python_amd64_runtime/bin/python3"), "install ran " + argv0)
    asserts.equals(env, "3.13", analysistest.target_under_test(env)[WheelTreeInfo].python_version)
    return analysistest.end(env)

debian_by_default_test = analysistest.make(_debian_by_default_test_impl)

def _system_when_asked_test_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.equals(env, "/usr/bin/python3.13", _install_argv0(env))
    return analysistest.end(env)

system_when_asked_test = analysistest.make(
    _system_when_asked_test_impl,
    config_settings = {_EXTRA_TOOLCHAINS: [_SYSTEM_INTERPRETER]},
)

def _remote_pool_test_impl(ctx):
    env = analysistest.begin(ctx)
    argv0 = _install_argv0(env)
    asserts.true(env, argv0.endswith("debian_python_amd64_runtime/bin/python3"), "install ran " + argv0)
    return analysistest.end(env)

# On the example remote exec platform, the system interpreter is refused even when it is
# asked for first: its path is the client's.
remote_pool_test = analysistest.make(
    _remote_pool_test_impl,
    config_settings = {
        _EXTRA_EXECUTION_PLATFORMS: [_REMOTE_POOL],
        _EXTRA_TOOLCHAINS: [_SYSTEM_INTERPRETER],
    },
)

def _no_lock_test_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, "has no Debian lock for the target CPU; locks exist for amd64, arm64")
    return analysistest.end(env)

no_lock_test = analysistest.make(
    _no_lock_test_impl,
    expect_failure = True,
    config_settings = {"//command_line_option:platforms": str(Label("//tests/runtime:linux_riscv64"))},
)

def _system_interpreter_transition_impl(_settings, _attr):
    return {_EXTRA_TOOLCHAINS: [_SYSTEM_INTERPRETER]}

_system_interpreter_transition = transition(
    implementation = _system_interpreter_transition_impl,
    inputs = [],
    outputs = [_EXTRA_TOOLCHAINS],
)

def _installed_with_system_python_impl(ctx):
    tree = ctx.attr.wheel[0]
    return [tree[DefaultInfo], tree[PyInfo], tree[WheelTreeInfo]]

installed_with_system_python = rule(
    implementation = _installed_with_system_python_impl,
    doc = "A `wheel_install` target built with the system interpreter toolchain instead of Debian's.",
    attrs = {
        "wheel": attr.label(
            doc = "The `wheel_install` target.",
            cfg = _system_interpreter_transition,
            mandatory = True,
            providers = [PyInfo, WheelTreeInfo],
        ),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
