"""Unit tests of rules/private/common/wheel_name.bzl."""

load("@bazel_skylib//lib:unittest.bzl", "asserts", "unittest")

# Our own private helpers, tested where they are not re-exported.
# buildifier: disable=bzl-visibility
load("//rules/private/common:wheel_name.bzl", "normalize_name", "parse_wheel_filename")

def _normalize_name_test_impl(ctx):
    env = unittest.begin(ctx)
    for name, expected in {
        "Foo.Bar_baz": "foo-bar-baz",
        "PyYAML": "pyyaml",
        "zope.interface": "zope-interface",
        "a__b--c..d": "a-b-c-d",
        "six": "six",
        "mypy_extensions": "mypy-extensions",
    }.items():
        asserts.equals(env, expected, normalize_name(name), name)
    return unittest.end(env)

normalize_name_test = unittest.make(_normalize_name_test_impl)

def _parse_wheel_filename_test_impl(ctx):
    env = unittest.begin(ctx)
    parsed = parse_wheel_filename("zope.interface-7.2-cp313-cp313-manylinux_2_5_x86_64.manylinux1_x86_64.whl")
    asserts.equals(env, "zope-interface", parsed.distribution)
    asserts.equals(env, "7.2", parsed.version)
    asserts.equals(env, "", parsed.build)
    asserts.equals(
        env,
        ["cp313-cp313-manylinux_2_5_x86_64", "cp313-cp313-manylinux1_x86_64"],
        parsed.tags,
    )

    parsed = parse_wheel_filename("six-1.17.0-py2.py3-none-any.whl")
    asserts.equals(env, ["py2-none-any", "py3-none-any"], parsed.tags)

    parsed = parse_wheel_filename("demo-1.0-1b-py3-none-any.whl")
    asserts.equals(env, "1b", parsed.build)
    asserts.equals(env, ["py3-none-any"], parsed.tags)

    for bad in [
        "six-1.17.0-py3-none-any.zip",
        "six-1.17.0.whl",
        "six-1.17.0-py3-none.whl",
        "a-b-c-d-e-f-g.whl",
        "-1.0-py3-none-any.whl",
        "not_a_wheel.whl",
    ]:
        asserts.equals(env, None, parse_wheel_filename(bad), bad)
    return unittest.end(env)

parse_wheel_filename_test = unittest.make(_parse_wheel_filename_test_impl)

def wheel_name_test_suite(name):
    """Declares the unit tests of wheel_name.bzl.

    Args:
      name: name of the test_suite.
    """
    normalize_name_test(name = "normalize_name_test", size = "small")
    parse_wheel_filename_test(name = "parse_wheel_filename_test", size = "small")
    native.test_suite(
        name = name,
        tests = [
            ":normalize_name_test",
            ":parse_wheel_filename_test",
        ],
    )
