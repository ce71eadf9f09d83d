"""One image layer per installed wheel, made by an aspect so that images share it.

An action belongs to a target: a layer written by `py_image_layers` itself would be written
again by every image of the repository. The aspect writes it at each installed wheel
(`wheel_install`) instead, once per (wheel, Python, environment prefix), and every image
whose binary depends on that wheel reuses the action's result and the very same blob.
"""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "run_helper")
load("//rules/private/common:providers.bzl", "WheelTreeInfo")

VENV_PREFIX = Label("//rules/private/image:venv_prefix")

WheelLayersInfo = provider(
    doc = "What the wheel layer aspect finds below a target.",
    fields = {
        "wheels": "depset[struct]: each installed wheel with its layer: distribution, " +
                  "version, label, tree, python_version, layer, descriptor, manifest, " +
                  "sbom (the last four Files; sbom is None for a tree without a wheel file).",
        "main": "File or None: the main file of the py_binary the aspect was applied to.",
    },
)

def _prefix_impl(_settings, attr):
    return {str(VENV_PREFIX): attr.prefix.rstrip("/") or "/"}

# On `py_image_layers.binary`: the binary's wheels see the image's prefix.
venv_prefix_transition = transition(
    implementation = _prefix_impl,
    inputs = [],
    outputs = [str(VENV_PREFIX)],
)

def _deps(ctx):
    deps = list(getattr(ctx.rule.attr, "deps", []))
    wheel = getattr(ctx.rule.attr, "wheel", None)
    if type(wheel) == "Target":
        deps.append(wheel)
    return deps

def _main(target, ctx):
    if ctx.rule.kind != "py_binary":
        return None
    if ctx.rule.file.main:
        return ctx.rule.file.main
    for src in ctx.rule.files.srcs:
        if src.basename == target.label.name + ".py":
            return src
    return None

def layer_suffix(ctx):
    """".tar.gz", or ".tar" when `gzip_level` is 0: an uncompressed layer (OCI media type tar).

    Args:
      ctx: a rule or aspect context with the `_gzip_level` attribute.

    Returns:
      The suffix of the layer files the rule or aspect writes.
    """
    level = ctx.attr._gzip_level[BuildSettingInfo].value
    if level < 0 or level > 12:
        # Refused here, once, rather than by every layer action's argument parser.
        fail("--@rules_pyinstall//rules:gzip_level=%d: layers are gzipped by libdeflate, whose " % level +
             "levels are 1 (fastest) to 12 (smallest); 0 writes them uncompressed")
    return ".tar" if level == 0 else ".tar.gz"

def _write_layer(ctx, info, label):
    prefix = ctx.attr._venv_prefix[BuildSettingInfo].value
    name = ctx.label.name + ".layer"
    layer = ctx.actions.declare_file(name + layer_suffix(ctx))
    descriptor = ctx.actions.declare_file(name + ".json")
    manifest = ctx.actions.declare_file(name + ".files.json")
    args = ctx.actions.args()
    args.add_all("--tree", [info.distribution, info.version, str(label)])
    args.add(info.tree.path)
    args.add("--prefix", prefix)
    args.add("--python-version", info.python_version)
    args.add("--source-date-epoch", str(ctx.attr._source_date_epoch[BuildSettingInfo].value))
    args.add("--gzip-level", str(ctx.attr._gzip_level[BuildSettingInfo].value))
    args.add("--output", layer)
    args.add("--descriptor", descriptor)
    args.add("--manifest", manifest)
    run_helper(
        ctx,
        "image.layers",
        args,
        [info.tree],
        [layer, descriptor, manifest],
        "PyinstallWheelLayer",
        "Writing the image layer of %s %s (Python %s, %s)" % (info.distribution, info.version, info.python_version, prefix),
        worker = True,
    )
    return struct(
        sbom = _write_sbom_record(ctx, info, label),
        distribution = info.distribution,
        version = info.version,
        label = label,
        tree = info.tree,
        python_version = info.python_version,
        layer = layer,
        descriptor = descriptor,
        manifest = manifest,
    )

def _write_sbom_record(ctx, info, label):
    # The wheel file, not the tree: its sha256 is what PyPI and the lock state.
    wheel = getattr(ctx.rule.file, "wheel", None)
    if not wheel:
        return None
    record = ctx.actions.declare_file(ctx.label.name + ".sbom.json")
    args = ctx.actions.args()
    args.add("--wheel", wheel)
    args.add("--distribution", info.distribution)
    args.add("--version", info.version)
    args.add("--label", str(label))
    args.add("--lock", getattr(ctx.rule.attr, "lock", ""))
    args.add("--output", record)
    run_helper(ctx, "image.sbom_wheel", args, [wheel], [record], "PyinstallWheelSbom", "Describing %s %s for SBOMs" % (info.distribution, info.version), worker = True)
    return record

def _wheel_layer_impl(target, ctx):
    deps = _deps(ctx)
    transitive = [dep[WheelLayersInfo].wheels for dep in deps if WheelLayersInfo in dep]
    direct = []
    if WheelTreeInfo in target:
        info = target[WheelTreeInfo]

        # A wheel_group shows the tree of its `wheel`: the layer is written there, once.
        if not [dep for dep in deps if WheelTreeInfo in dep and dep[WheelTreeInfo].tree == info.tree]:
            direct.append(_write_layer(ctx, info, target.label))
    return [WheelLayersInfo(
        wheels = depset(direct, transitive = transitive, order = "postorder"),
        main = _main(target, ctx),
    )]

wheel_layer_aspect = aspect(
    implementation = _wheel_layer_impl,
    attr_aspects = ["deps", "wheel"],
    attrs = dict(helper_attrs("image"), **{
        "_gzip_level": attr.label(default = Label("//rules:gzip_level")),
        "_source_date_epoch": attr.label(default = Label("//rules:source_date_epoch")),
        "_venv_prefix": attr.label(default = VENV_PREFIX),
    }),
    provides = [WheelLayersInfo],
    toolchains = [INTERPRETER_TOOLCHAIN],
    doc = "Writes each installed wheel's image layer; collects them and the binary's main file.",
)
