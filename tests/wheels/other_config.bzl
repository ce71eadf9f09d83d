"""`in_other_config`: a target built in another configuration, under another path (tests only)."""

def _dbg_transition_impl(_settings, _attr):
    return {"//command_line_option:compilation_mode": "dbg"}

_dbg_transition = transition(
    implementation = _dbg_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:compilation_mode"],
)

def _in_other_config_impl(ctx):
    (src,) = ctx.files.src
    if not src.is_directory:
        fail("%s: `src` must produce one directory (a wheel_install target)" % ctx.label)
    out = ctx.actions.declare_directory(ctx.label.name)

    # A copy rather than a symlink: the test must read the bytes the other configuration made.
    ctx.actions.run_shell(
        inputs = [src],
        outputs = [out],
        command = 'cp -pR "$1/." "$2"',
        arguments = [src.path, out.path],
        mnemonic = "CopyTree",
        progress_message = "Copying %{input} built with -c dbg",
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles([out]))]

in_other_config = rule(
    implementation = _in_other_config_impl,
    doc = "Builds `src` with `-c dbg` (so it lands under another output directory) and " +
          "exposes its one tree artifact as `<name>/`.",
    attrs = {
        "src": attr.label(
            doc = "A target producing one tree artifact, e.g. a `wheel_install`.",
            cfg = _dbg_transition,
            mandatory = True,
        ),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
