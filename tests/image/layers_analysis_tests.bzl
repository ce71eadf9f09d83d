"""Analysis tests of py_image_layers: what it refuses before any action runs."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("@rules_python//python:defs.bzl", "py_binary")
load("//rules:defs.bzl", "PyImageLayersInfo", "py_image_layers")

def _fails_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, ctx.attr.message)
    return analysistest.end(env)

_fails_test = analysistest.make(
    _fails_impl,
    expect_failure = True,
    attrs = {"message": attr.string()},
)

_fails_at_level_13_test = analysistest.make(
    _fails_impl,
    expect_failure = True,
    attrs = {"message": attr.string()},
    config_settings = {str(Label("//rules:gzip_level")): 13},
)

def _layers_impl(ctx):
    env = analysistest.begin(ctx)
    info = analysistest.target_under_test(env)[PyImageLayersInfo]
    asserts.equals(
        env,
        ["venv.tar.gz", "six_1_17.layer.tar.gz", "waitress.layer.tar.gz", "app.tar.gz"],
        [layer.file.basename for layer in info.layers],
    )

    # Each wheel's layer is the one its own target wrote, with its descriptor.
    for layer in info.layers[1:3]:
        asserts.equals(env, "tests/image", layer.file.owner.package)
        asserts.true(env, layer.descriptor != None)
    asserts.equals(env, ["/opt/venv/bin"], info.path)
    asserts.equals(env, ["/opt/venv/bin/python3", "/app/tests/image/bump_app.py"], info.entrypoint)
    mnemonics = sorted([a.mnemonic for a in analysistest.target_actions(env)])
    asserts.equals(env, ["PyinstallAppLayer", "PyinstallConflicts", "PyinstallVenvLayer"], mnemonics)
    return analysistest.end(env)

_layers_test = analysistest.make(_layers_impl)

def _grouped_impl(ctx):
    env = analysistest.begin(ctx)
    info = analysistest.target_under_test(env)[PyImageLayersInfo]
    asserts.equals(env, ["venv.tar.gz", "wheels-0.tar.gz", "app.tar.gz"], [layer.file.basename for layer in info.layers])
    asserts.equals(env, "wheels six 1.17.0, waitress 3.0.2", info.layers[1].what)
    mnemonics = sorted([a.mnemonic for a in analysistest.target_actions(env)])
    asserts.equals(env, ["PyinstallAppLayer", "PyinstallConflicts", "PyinstallVenvLayer", "PyinstallWheelLayer"], mnemonics)
    return analysistest.end(env)

_grouped_test = analysistest.make(_grouped_impl)

def _layer_inputs(env):
    """The wheels and trees the grouped layer's action reads."""
    (action,) = [a for a in analysistest.target_actions(env) if a.mnemonic == "PyinstallWheelLayer"]
    inputs = action.inputs.to_list()
    return (
        sorted([f.basename for f in inputs if f.basename.endswith(".whl")]),
        sorted([f.basename for f in inputs if f.is_directory]),
    )

def _from_wheels_impl(ctx):
    env = analysistest.begin(ctx)
    wheels, trees = _layer_inputs(env)
    asserts.equals(env, ["six-1.17.0-py2.py3-none-any.whl", "waitress-3.0.2-py3-none-any.whl"], wheels)
    asserts.equals(env, [], trees)
    return analysistest.end(env)

_from_wheels_test = analysistest.make(_from_wheels_impl)

def _from_trees_impl(ctx):
    env = analysistest.begin(ctx)
    wheels, trees = _layer_inputs(env)
    asserts.equals(env, [], wheels)
    asserts.equals(env, ["six_1_17", "waitress"], trees)
    return analysistest.end(env)

_from_trees_test = analysistest.make(
    _from_trees_impl,
    config_settings = {str(Label("//rules:layers_from")): "tree"},
)

def layers_analysis_test_suite(name):
    """Declares the analysis tests of py_image_layers and a test_suite of them.

    Args:
      name: the name of the test_suite.
    """
    py_binary(
        name = "two_sixes",
        srcs = ["bump_app.py"],
        main = "bump_app.py",
        deps = [":six_1_16", ":six_1_17"],
        tags = ["manual"],
    )
    py_image_layers(name = "two_sixes_layers", binary = ":two_sixes", tags = ["manual"])
    _fails_test(
        name = "two_versions_test",
        size = "small",
        target_under_test = ":two_sixes_layers",
        message = "depends on two versions of six: 1.16.0 (@@//tests/image:six_1_16) and 1.17.0 (@@//tests/image:six_1_17)",
    )
    py_image_layers(name = "unknown_separate_layers", binary = ":bump_app_1_17", separate = ["NumPy"], tags = ["manual"])
    _fails_test(
        name = "unknown_separate_test",
        size = "small",
        target_under_test = ":unknown_separate_layers",
        message = "`separate` names \"numpy\", which @@//tests/image:bump_app_1_17 does not depend on (it has: six, waitress)",
    )
    _fails_at_level_13_test(
        name = "gzip_level_test",
        size = "small",
        target_under_test = ":layers_1_17",
        message = "--@rules_pyinstall//rules:gzip_level=13: layers are gzipped by libdeflate, whose levels are 1 (fastest) to 12 (smallest)",
    )
    _layers_test(
        name = "layers_test_analysis",
        size = "small",
        target_under_test = ":layers_1_17",
    )
    py_image_layers(name = "grouped_layers", binary = ":bump_app_1_17", max_layers = 1, tags = ["manual"])
    _grouped_test(
        name = "grouped_test",
        size = "small",
        target_under_test = ":grouped_layers",
    )

    _from_wheels_test(
        name = "layers_from_wheels_test",
        size = "small",
        target_under_test = ":grouped_layers",
    )
    _from_trees_test(
        name = "layers_from_trees_test",
        size = "small",
        target_under_test = ":grouped_layers",
    )

    py_image_layers(name = "too_many_separate_layers", binary = ":bump_app_1_17", max_layers = 1, separate = ["six"], tags = ["manual"])
    _fails_test(
        name = "too_many_separate_test",
        size = "small",
        target_under_test = ":too_many_separate_layers",
        message = "`separate` names 1 distributions, but `max_layers` is 1; raise `max_layers`",
    )

    native.test_suite(
        name = name,
        tests = [
            ":grouped_test",
            ":gzip_level_test",
            ":layers_from_trees_test",
            ":layers_from_wheels_test",
            ":layers_test_analysis",
            ":too_many_separate_test",
            ":two_versions_test",
            ":unknown_separate_test",
        ],
    )
