"""The Python version a target is built for: the `//rules:python_version` flag and transitions.

Interpreter and Python toolchains match the flag through their `target_settings` (the
runtime's hub declares them): empty matches every toolchain, so the first registered wins,
and "X.Y" matches those of Python X.Y. A target with a `python_version` attribute (a hub's
`wheel_install`, a Debian base layer, `python_version_binary`) sets the flag to it with
`python_version_transition`; the default version becomes "", so that it never forks a second
configuration of the same build (and of its exec tools) from the default one.
"""

load("@pyinstall_python_versions//:defs.bzl", "DEFAULT_PYTHON_VERSION")

PYTHON_VERSION_FLAG = str(Label("//rules:python_version"))

def flag_value(version):
    """The flag's value for a `python_version` attribute: "" for the default version.

    Args:
      version: "major.minor", or "" to keep the flag as it is.

    Returns:
      The value, or None to keep the flag as it is.
    """
    if not version:
        return None
    return "" if version == DEFAULT_PYTHON_VERSION else version

def _python_version_transition_impl(settings, attr):
    value = flag_value(attr.python_version)
    return {PYTHON_VERSION_FLAG: settings[PYTHON_VERSION_FLAG] if value == None else value}

python_version_transition = transition(
    implementation = _python_version_transition_impl,
    inputs = [PYTHON_VERSION_FLAG],
    outputs = [PYTHON_VERSION_FLAG],
)

# The attribute a rule with python_version_transition on itself or an edge needs in Bazel 7.
TRANSITION_ALLOWLIST = {
    "_allowlist_function_transition": attr.label(
        default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
    ),
}
