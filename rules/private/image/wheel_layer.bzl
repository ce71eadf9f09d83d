"""One image layer per installed wheel, made by an aspect so that images share it.

An action belongs to a target: a layer written by `py_image_layers` itself would be written
again by every image of the repository. The aspect writes it at each installed wheel
(`wheel_install`) instead, once per (wheel, Python, environment prefix), and every image
whose binary depends on that wheel reuses the action's result and the very same blob.
"""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "install_jobs", "run_helper")
load("//rules/private/common:providers.bzl", "WheelTreeInfo")

VENV_PREFIX = Label("//rules/private/image:venv_prefix")

WheelLayersInfo = provider(
    doc = "What the wheel layer aspect finds below a target.",
    fields = {
        "wheels": "depset[struct]: each installed wheel with its layer: distribution, " +
                  "version, label, tree, install, python_version, layer, descriptor, manifest, " +
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

def _from_wheel(ctx, install):
    """Whether a layer installs its wheel itself (see `//rules:layers_from`).

    Args:
      ctx: a rule or aspect context with the `_layers_from` attribute.
      install: the `install` of the wheel's WheelTreeInfo (None: only a tree is known).

    Returns:
      True to install from `install`, False to read the tree.
    """
    return bool(install) and ctx.attr._layers_from[BuildSettingInfo].value == "wheel"

def add_sources(ctx, args, wheels):
    """Adds what a layer of `wheels` is made from to the layer helper's `args`.

    Args:
      ctx: a rule or aspect context with the `_layers_from` attribute.
      args: the layer helper's Args.
      wheels: structs with distribution, version, label, tree and install.

    Returns:
      (the helper module, the Files it reads): `install.layer` and the wheels when each of
      them says how to install it, else `image.layers` and the installed trees.
    """
    if [w for w in wheels if not _from_wheel(ctx, w.install)]:
        for w in wheels:
            args.add_all("--tree", [w.distribution, w.version, str(w.label)])
            args.add(w.tree.path)
        return "image.layers", [w.tree for w in wheels]
    for w in wheels:
        args.add_all("--install", [w.distribution, w.version, str(w.label), json.encode(w.install.flags)])
    jobs, _ = install_jobs(ctx)
    args.add("--jobs", str(jobs))
    return "install.layer", [w.install.wheel for w in wheels]

def _write_layer(ctx, info, label):
    prefix = ctx.attr._venv_prefix[BuildSettingInfo].value
    name = ctx.label.name + ".layer"
    layer = ctx.actions.declare_file(name + layer_suffix(ctx))
    descriptor = ctx.actions.declare_file(name + ".json")
    manifest = ctx.actions.declare_file(name + ".files.json")
    install = getattr(info, "install", None)
    w = struct(distribution = info.distribution, version = info.version, label = label, tree = info.tree, install = install)
    args = ctx.actions.args()
    module, sources = add_sources(ctx, args, [w])
    args.add("--prefix", prefix)
    args.add("--python-version", info.python_version)
    args.add("--source-date-epoch", str(ctx.attr._source_date_epoch[BuildSettingInfo].value))
    args.add("--gzip-level", str(ctx.attr._gzip_level[BuildSettingInfo].value))
    args.add("--output", layer)
    args.add("--descriptor", descriptor)
    args.add("--manifest", manifest)
    outputs = [layer, descriptor, manifest]

    # A layer action that installs the wheel also writes its SBOM record: one action less.
    wheel = getattr(ctx.rule.file, "wheel", None)
    sbom = None
    if module == "install.layer" and wheel and wheel == install.wheel and not wheel.is_directory:
        sbom = ctx.actions.declare_file(ctx.label.name + ".sbom.json")
        args.add("--sbom", sbom)
        args.add("--lock", getattr(ctx.rule.attr, "lock", ""))
        outputs.append(sbom)
    run_helper(
        ctx,
        module,
        args,
        sources,
        outputs,
        "PyinstallWheelLayer",
        "%s the image layer of %s %s (Python %s, %s)" % (
            "Installing" if module == "install.layer" else "Writing",
            info.distribution,
            info.version,
            info.python_version,
            prefix,
        ),
        cores = install_jobs(ctx)[1] if module == "install.layer" else 1,
        worker = True,
    )
    return struct(
        sbom = sbom or _write_sbom_record(ctx, info, label),
        distribution = info.distribution,
        version = info.version,
        label = label,
        tree = info.tree,
        install = install,
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
    attrs = dict(helper_attrs("image", also = ["install"]), **{
        "_gzip_level": attr.label(default = Label("//rules:gzip_level")),
        "_install_jobs": attr.label(default = Label("//rules:install_jobs")),
        "_layers_from": attr.label(default = Label("//rules:layers_from")),
        "_source_date_epoch": attr.label(default = Label("//rules:source_date_epoch")),
        "_venv_prefix": attr.label(default = VENV_PREFIX),
    }),
    provides = [WheelLayersInfo],
    toolchains = [INTERPRETER_TOOLCHAIN],
    doc = "Writes each installed wheel's image layer; collects them and the binary's main file.",
)
