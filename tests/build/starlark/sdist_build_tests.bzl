"""Analysis tests of sdist_build and of wheel_install over it: the action and the providers."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("//rules:defs.bzl", "BuiltWheelInfo", "WheelTreeInfo", "sdist_build", "wheel_install")

def _action_test_impl(ctx):
    env = analysistest.begin(ctx)
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == "PyinstallSdist"]
    asserts.equals(env, 1, len(actions))
    action = actions[0]
    asserts.equals(env, ["-S", "-s", "-B", "-m", "pyinstall.build.main"], action.argv[1:6])
    asserts.equals(env, "0", action.env.get("PYTHONHASHSEED"))
    asserts.equals(env, "UTC", action.env.get("TZ"))

    # No machine path on the command line or in the environment: the C toolchain's paths are
    # `{toolchain_root}` placeholders, made absolute by the helper at run time (`/toolchain`
    # is what its prefix map writes into objects instead).
    for arg in action.argv[1:] + action.env.values():
        for part in arg.replace("=", ":").replace(" ", ":").split(":"):
            asserts.false(env, part.startswith("/") and not part.startswith("/toolchain"), "absolute path in the action: %s" % arg)
    argv = action.argv[1:]
    asserts.equals(env, "fixture", argv[argv.index("--name") + 1])
    asserts.true(env, argv[argv.index("--candidate") + 1].endswith("setuptools-80.0.0-py3-none-any.whl"))
    inputs = [f.basename for f in action.inputs.to_list()]
    for expected in ["fixture-1.0.tar.gz", "setuptools-80.0.0-py3-none-any.whl", "main.py", "_in_process.py"]:
        asserts.true(env, expected in inputs, "%s is an input of the action" % expected)

    target = analysistest.target_under_test(env)
    info = target[BuiltWheelInfo]
    asserts.true(env, info.directory.is_directory, "the wheel's directory is a tree artifact")
    asserts.equals(env, ("fixture", "1.0"), (info.distribution, info.version))
    return analysistest.end(env)

action_test = analysistest.make(_action_test_impl)

def _install_test_impl(ctx):
    env = analysistest.begin(ctx)
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == "PyinstallWheel"]
    argv = actions[0].argv
    asserts.true(env, "--built" in argv, "the install takes the linux_<cpu> tag of a built wheel")
    wheel = argv[argv.index("--wheel") + 1]
    asserts.true(env, wheel.endswith("/fixture_whl"), wheel)
    info = analysistest.target_under_test(env)[WheelTreeInfo]
    asserts.equals(env, ("fixture", "1.0"), (info.distribution, info.version))
    return analysistest.end(env)

install_test = analysistest.make(_install_test_impl)

def sdist_build_test_suite(name):
    """The targets under test and their tests, in one test_suite.

    Args:
      name: the test_suite's name.
    """
    sdist_build(
        name = "fixture_whl",
        build_wheels = ["testdata/setuptools-80.0.0-py3-none-any.whl"],
        distribution = "fixture",
        sdist = "testdata/fixture-1.0.tar.gz",
        tags = ["manual"],
        version = "1.0",
    )
    wheel_install(
        name = "fixture",
        tags = ["manual"],
        wheel = ":fixture_whl",
    )
    action_test(name = name + "_action", target_under_test = ":fixture_whl")
    install_test(name = name + "_install", target_under_test = ":fixture")
    native.test_suite(name = name, tests = [name + "_action", name + "_install"])
