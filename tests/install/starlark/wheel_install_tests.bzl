"""Analysis tests of the wheel_install rule: providers, the action, and bad attributes."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules:defs.bzl", "WheelTreeInfo", "wheel_install")

def _providers_test_impl(ctx):
    env = analysistest.begin(ctx)
    target = analysistest.target_under_test(env)
    info = target[WheelTreeInfo]
    asserts.equals(env, "six", info.distribution)
    asserts.equals(env, "1.17.0", info.version)
    asserts.equals(env, "3.13", info.python_version)
    asserts.true(env, info.tree.is_directory, "the tree is a tree artifact")
    asserts.equals(env, "site-packages", info.layout.site_packages)
    asserts.equals(env, "bin", info.layout.bin)
    asserts.equals(env, "include", info.layout.include)
    asserts.equals(env, "data", info.layout.data)
    asserts.equals(env, [info.tree], target[DefaultInfo].files.to_list())
    asserts.equals(env, ["six"], [t.distribution for t in info.transitive.to_list()])
    imports = target[PyInfo].imports.to_list()
    asserts.equals(env, 1, len(imports))
    asserts.true(env, imports[0].endswith("/site-packages"), imports[0])
    asserts.true(env, info.tree in target[PyInfo].transitive_sources.to_list())
    return analysistest.end(env)

providers_test = analysistest.make(_providers_test_impl)

def _action_test_impl(ctx):
    env = analysistest.begin(ctx)
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == "PyinstallWheel"]
    asserts.equals(env, 1, len(actions))
    action = actions[0]
    asserts.equals(env, "0", action.env.get("PYTHONHASHSEED"))
    asserts.equals(env, "UTC", action.env.get("TZ"))
    asserts.equals(env, ["-S", "-s", "-B", "-m", "pyinstall.install.main"], action.argv[1:6])
    argv = action.argv[1:]
    script_interpreter = argv.index("--script-interpreter") + 1
    asserts.equals(env, "/usr/bin/env python3", argv[script_interpreter])
    for arg in argv[:script_interpreter] + argv[script_interpreter + 1:] + action.env.values():
        for part in arg.split(":"):
            asserts.false(env, part.startswith("/"), "absolute path in the action: %s" % arg)
    inputs = [f.basename for f in action.inputs.to_list()]
    for expected in ["six-1.17.0-py2.py3-none-any.whl", "install.zip"]:
        asserts.true(env, expected in inputs, "%s is an input of the action" % expected)
    pythonpath = action.env["PYTHONPATH"].split(":")
    asserts.equals(env, ["install.zip", "stdlib.zip"], [p.split("/")[-1] for p in pythonpath])

    # The standard library comes as one zip: the sandbox stages ~120 files, not ~1,000.
    asserts.true(env, len(inputs) < 200, "%d inputs" % len(inputs))
    asserts.false(env, "argparse.py" in inputs, "a standard library source is an input")
    asserts.equals(env, "0", argv[argv.index("--jobs") + 1])  # the default install_jobs: the machine's

    # The install stage, common, installer and packaging come compiled in install.zip: no
    # source is an input, nor the zip of another stage.
    for other in ["image.zip", "runtime.zip"]:
        asserts.false(env, other in inputs, "%s is an input of the action" % other)
    for f in action.inputs.to_list():
        for source in ["/pyinstall/", "pyinstall_installer", "pyinstall_packaging"]:
            asserts.false(env, source in "/" + f.path, "%s is an input of the action" % f.path)
    outputs = action.outputs.to_list()
    asserts.equals(env, 1, len(outputs))
    asserts.true(env, outputs[0].is_directory)
    return analysistest.end(env)

action_test = analysistest.make(_action_test_impl)

def _deps_test_impl(ctx):
    env = analysistest.begin(ctx)
    target = analysistest.target_under_test(env)
    transitive = target[WheelTreeInfo].transitive.to_list()
    asserts.equals(env, ["six", "docutils"], [t.distribution for t in transitive])
    asserts.equals(env, 2, len(target[PyInfo].imports.to_list()))
    return analysistest.end(env)

deps_test = analysistest.make(_deps_test_impl)

def _not_a_wheel_test_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, "not_a_wheel.whl is not a wheel file name")
    return analysistest.end(env)

not_a_wheel_test = analysistest.make(_not_a_wheel_test_impl, expect_failure = True)

def _not_whl_extension_test_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, "expected .whl")
    return analysistest.end(env)

not_whl_extension_test = analysistest.make(_not_whl_extension_test_impl, expect_failure = True)

def _python_version_mismatch_test_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, "python_version = \"3.12\", but no interpreter toolchain of Python 3.12 is registered")
    return analysistest.end(env)

python_version_mismatch_test = analysistest.make(_python_version_mismatch_test_impl, expect_failure = True)

def _flag_value(argv, flag):
    return argv[argv.index(flag) + 1] if flag in argv else None

def _target_platform_test_impl(ctx):
    # The wheel's tags are checked against the target platform, here aarch64 whatever the host.
    env = analysistest.begin(ctx)
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == "PyinstallWheel"]
    argv = actions[0].argv
    asserts.equals(env, "linux_aarch64", _flag_value(argv, "--platform"))
    asserts.equals(env, "2.17", _flag_value(argv, "--glibc"))
    asserts.equals(env, "1.2", _flag_value(argv, "--musl"))
    return analysistest.end(env)

target_platform_test = analysistest.make(
    _target_platform_test_impl,
    config_settings = {"//command_line_option:platforms": str(Label("//tests/lock/multi:linux_aarch64"))},
)

def _unknown_platform_test_impl(ctx):
    # An OS or CPU wheel tags do not name here: only pure-Python wheels will install.
    env = analysistest.begin(ctx)
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == "PyinstallWheel"]
    asserts.equals(env, "any", _flag_value(actions[0].argv, "--platform"))
    return analysistest.end(env)

unknown_platform_test = analysistest.make(
    _unknown_platform_test_impl,
    config_settings = {"//command_line_option:platforms": str(Label("//tests/install/starlark:no_os_or_cpu"))},
)

def wheel_install_test_suite(name):
    """Declares the targets under test and the analysis tests of wheel_install.

    Args:
      name: name of the test_suite.
    """
    wheel_install(
        name = "six_under_test",
        wheel = "@whl_six//file",
        tags = ["manual"],
    )
    wheel_install(
        name = "docutils_under_test",
        wheel = "@whl_docutils//file",
        deps = [":six_under_test"],
        tags = ["manual"],
    )
    wheel_install(
        name = "not_a_wheel",
        wheel = "testdata/not_a_wheel.whl",
        tags = ["manual"],
    )
    wheel_install(
        name = "zip_not_wheel",
        wheel = "testdata/six-1.17.0-py3-none-any.zip",
        tags = ["manual"],
    )
    wheel_install(
        name = "python_312",
        wheel = "@whl_six//file",
        python_version = "3.12",
        tags = ["manual"],
    )
    wheel_install(
        name = "six_levels",
        wheel = "@whl_six//file",
        glibc = "2.17",
        musl = "1.2",
        tags = ["manual"],
    )
    native.platform(
        name = "no_os_or_cpu",
        constraint_values = [],
    )
    providers_test(name = "wheel_install_providers_test", size = "small", target_under_test = ":six_under_test")
    action_test(name = "wheel_install_action_test", size = "small", target_under_test = ":six_under_test")
    deps_test(name = "wheel_install_deps_test", size = "small", target_under_test = ":docutils_under_test")
    not_a_wheel_test(name = "wheel_install_not_a_wheel_test", size = "small", target_under_test = ":not_a_wheel")
    not_whl_extension_test(
        name = "wheel_install_not_whl_extension_test",
        size = "small",
        target_under_test = ":zip_not_wheel",
    )
    python_version_mismatch_test(
        name = "wheel_install_python_version_mismatch_test",
        size = "small",
        target_under_test = ":python_312",
    )
    target_platform_test(name = "wheel_install_target_platform_test", size = "small", target_under_test = ":six_levels")
    unknown_platform_test(name = "wheel_install_unknown_platform_test", size = "small", target_under_test = ":six_under_test")
    native.test_suite(
        name = name,
        tests = [
            ":wheel_install_target_platform_test",
            ":wheel_install_unknown_platform_test",
            ":wheel_install_providers_test",
            ":wheel_install_action_test",
            ":wheel_install_deps_test",
            ":wheel_install_not_a_wheel_test",
            ":wheel_install_not_whl_extension_test",
            ":wheel_install_python_version_mismatch_test",
        ],
    )
