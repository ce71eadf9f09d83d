"""`platform_trees` (test only): hub targets built for several platforms in one build."""

load("//rules:defs.bzl", "WheelTreeInfo")

def _platforms_transition_impl(_settings, attr):
    return {str(p): {"//command_line_option:platforms": str(p)} for p in attr.platforms}

_platforms_transition = transition(
    implementation = _platforms_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

def _platform_trees_impl(ctx):
    manifest = ctx.actions.declare_file(ctx.label.name + ".txt")
    commands = []
    inputs = []
    for platform, targets in sorted(ctx.split_attr.targets.items()):
        for target in targets:
            for entry in target[WheelTreeInfo].transitive.to_list():
                inputs.append(entry.tree)
                commands.append("find -L %s -type f | sort | sed 's|^%s/|%s %s |' >> %s" % (
                    entry.tree.path,
                    entry.tree.path,
                    platform.split(":")[-1],
                    entry.distribution,
                    manifest.path,
                ))
    ctx.actions.run_shell(
        outputs = [manifest],
        inputs = inputs,
        command = "set -e; : > %s; " % manifest.path + "; ".join(commands),
        mnemonic = "PlatformTrees",
        progress_message = "Listing the installed trees of %{label}",
    )
    return [DefaultInfo(files = depset([manifest]))]

platform_trees = rule(
    implementation = _platform_trees_impl,
    doc = "Builds `targets` once per platform of `platforms`; lists `<platform> <distribution> <file>` of every tree.",
    attrs = {
        "platforms": attr.label_list(doc = "The target platforms to build for.", mandatory = True),
        "targets": attr.label_list(
            doc = "Hub targets (providing WheelTreeInfo).",
            cfg = _platforms_transition,
            providers = [WheelTreeInfo],
        ),
        "_allowlist_function_transition": attr.label(default = "@bazel_tools//tools/allowlists/function_transition_allowlist"),
    },
)
