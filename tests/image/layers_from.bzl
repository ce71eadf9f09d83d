"""`layers_from_tree`: a `py_image_layers` target built with its layers read from installed
trees (`//rules:layers_from=tree`), to compare with the default, which installs the wheels."""

def _tree_transition_impl(_settings, _attr):
    return {str(Label("//rules:layers_from")): "tree"}

_tree_transition = transition(
    implementation = _tree_transition_impl,
    inputs = [],
    outputs = [str(Label("//rules:layers_from"))],
)

def _layers_from_tree_impl(ctx):
    # Copies under `<name>/`: the other configuration's files have the same short paths as
    # the default one's, which would clash in a test's runfiles; and a symlink would be an
    # output holding an absolute path (tools/repro/check.sh compares these targets too).
    files = []
    for src in ctx.attr.src[0][DefaultInfo].files.to_list():
        out = ctx.actions.declare_file(ctx.label.name + "/" + src.basename)
        ctx.actions.run_shell(
            inputs = [src],
            outputs = [out],
            command = 'cp "$1" "$2"',
            arguments = [src.path, out.path],
            mnemonic = "CopyLayer",
            progress_message = "Copying %{input} built with layers_from=tree",
        )
        files.append(out)
    return [DefaultInfo(files = depset(files), runfiles = ctx.runfiles(files = files))]

layers_from_tree = rule(
    implementation = _layers_from_tree_impl,
    doc = "Exposes the layers of `src`, built with `--@rules_pyinstall//rules:layers_from=tree`.",
    attrs = {
        "src": attr.label(
            doc = "A py_image_layers target.",
            cfg = _tree_transition,
            mandatory = True,
        ),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
