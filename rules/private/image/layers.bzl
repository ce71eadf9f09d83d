"""The `py_image_layers` rule: a Python application as reproducible image layer tars."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "install_jobs", "interpreter", "run_helper")
load("//rules/private/common:providers.bzl", "TREE_LAYOUT")
load("//rules/private/common:wheel_name.bzl", "normalize_name")
load(":layer_plan.bzl", "plan_layers")
load(":wheel_layer.bzl", "WheelLayersInfo", "add_sources", "layer_suffix", "venv_prefix_transition", "wheel_layer_aspect")

PyImageLayersInfo = provider(
    doc = "Layer tars of a Python application, bottom first, and how to run it.",
    fields = {
        "layers": "list[struct(file, what, descriptor)]: each layer tar (.tar.gz), what it " +
                  "holds, and its OCI descriptor (a JSON File, or None).",
        "path": "list[str]: directories to put first on PATH (the environment's `bin`).",
        "entrypoint": "list[str]: the command that runs the binary in the image (or []).",
        "sbom_records": "list[File]: what the image's SBOM says of each wheel, sorted by name.",
        "first_party": "struct(file, what, descriptor): the layer of the first-party code.",
    },
)

_DOC = """Turns a `py_binary` into deterministic layer tars for an image, bottom first:

1. `venv.tar.gz`: a virtual environment at `prefix` (`pyvenv.cfg`, `bin/python3` linking to
   the base image's `python`), which changes only with `prefix` and the Python version;
2. one layer per installed wheel (`WheelTreeInfo`) the binary depends on, sorted by name: its
   files in `<prefix>/lib/pythonX.Y/site-packages`, its entry points in `<prefix>/bin`. Each
   is written once per (wheel, Python, `prefix`) at the wheel's own target, so every image of
   the repository that holds the wheel reuses the same action result and the same blob. The
   layer action installs the wheel itself, as its `wheel_install` would, rather than read the
   installed tree (`--@rules_pyinstall//rules:layers_from=tree` reads the tree). Past
   `max_layers` wheels, the ones in `separate` keep their own layers and the others share
   `max_layers - len(separate)` layers, grouped by a hash of their name;
3. `app.tar.gz`: first-party `.py` files under `app_root` with unchecked-hash `.pyc` files,
   and a `.pth` file putting them on `sys.path`.

So bumping one pin changes only the layer holding that package. Two wheels that write
different bytes to one path make the build fail, naming both and the path (a validation
action over small per-wheel manifests); identical files (namespace packages) are fine. Every
tar is sorted, dated to `--@rules_pyinstall//rules:source_date_epoch`, owned by 0:0 with no
names, with modes 0644/0755, and gzipped at `--@rules_pyinstall//rules:gzip_level` with no
name or time in its header (level 0: an uncompressed `.tar`). Each layer comes with its OCI descriptor, so `py_image` never
reads a layer to hash it.

```starlark
load("@rules_pyinstall//rules:defs.bzl", "py_image", "py_image_layers")

py_image_layers(
    name = "layers",
    binary = ":server",
)

py_image(
    name = "image",
    base = ":debian_runtime",
    layers = [":layers"],
)
```

With rules_oci, the tars go into `oci_image(tars = [":layers"])`; set the environment there:
`env = {"PATH": "/opt/venv/bin:/usr/bin:/bin"}` and `entrypoint = ["/opt/venv/bin/python3",
"/app/<package>/<main>.py"]`.
"""

def _wheel_import(workspace_name, tree):
    short = tree.short_path
    if short.startswith("../"):
        return short[3:] + "/" + TREE_LAYOUT.site_packages
    return workspace_name + "/" + short + "/" + TREE_LAYOUT.site_packages

def _layer(ctx, what, stem):
    basename = stem + layer_suffix(ctx)
    return struct(
        file = ctx.actions.declare_file(ctx.label.name + "/" + basename),
        what = what,
        descriptor = ctx.actions.declare_file(ctx.label.name + "/" + basename.split(".")[0] + ".json"),
    )

def _common_args(ctx, args, layer, python_version):
    args.add("--python-version", python_version)
    args.add("--source-date-epoch", str(ctx.attr._source_date_epoch[BuildSettingInfo].value))
    args.add("--gzip-level", str(ctx.attr._gzip_level[BuildSettingInfo].value))
    args.add("--output", layer.file)
    args.add("--descriptor", layer.descriptor)

def _wheels(ctx, binary):
    by_name = {}
    for w in binary[WheelLayersInfo].wheels.to_list():
        other = by_name.setdefault(w.distribution, w)
        if other.version != w.version:
            fail("%s: %s depends on two versions of %s: %s (%s) and %s (%s); keep one" %
                 (ctx.label, binary.label, w.distribution, other.version, other.label, w.version, w.label))
    separate = [normalize_name(name) for name in ctx.attr.separate]
    for name in separate:
        if name not in by_name:
            fail("%s: `separate` names %r, which %s does not depend on (it has: %s)" %
                 (ctx.label, name, binary.label, ", ".join(sorted(by_name)) or "no wheels"))
    return [by_name[name] for name in sorted(by_name)], separate

def _group_layer(ctx, index, members, prefix, python_version):
    """One layer of several wheels, past `max_layers`; returns (layer, manifest)."""
    layer = _layer(ctx, "wheels " + ", ".join(["%s %s" % (w.distribution, w.version) for w in members]), "wheels-%d" % index)
    manifest = ctx.actions.declare_file(ctx.label.name + "/wheels-%d.files.json" % index)
    args = ctx.actions.args()
    module, sources = add_sources(ctx, args, members)
    args.add("--prefix", prefix)
    args.add("--manifest", manifest)
    _common_args(ctx, args, layer, python_version)
    run_helper(
        ctx,
        module,
        args,
        sources,
        [layer.file, layer.descriptor, manifest],
        "PyinstallWheelLayer",
        "%s the image layer of %d wheels (%s ...)" % (
            "Installing" if module == "install.layer" else "Writing",
            len(members),
            members[0].distribution,
        ),
        cores = install_jobs(ctx)[1] if module == "install.layer" else 1,
    )
    return layer, manifest

def _py_image_layers_impl(ctx):
    python_version = interpreter(ctx).python_version
    if not ctx.attr.prefix.startswith("/") or not ctx.attr.app_root.startswith("/"):
        fail("%s: `prefix` and `app_root` must be absolute paths in the image" % ctx.label)
    prefix = ctx.attr.prefix.rstrip("/")
    binary = ctx.attr.binary[0] if type(ctx.attr.binary) == "list" else ctx.attr.binary
    wheels, separate = _wheels(ctx, binary)

    layers = [_layer(ctx, "virtual environment at " + prefix, "venv")]
    args = ctx.actions.args()
    args.add("--prefix", prefix)
    args.add("--python", ctx.attr.python or "/usr/bin/python" + python_version)
    _common_args(ctx, args, layers[0], python_version)
    run_helper(ctx, "image.venv", args, [], [layers[0].file, layers[0].descriptor], "PyinstallVenvLayer", "Writing the virtual environment layer %{output}")

    manifests = []
    for index, members in enumerate(plan_layers(wheels, separate, ctx.attr.max_layers)):
        if len(members) == 1:
            w = members[0]
            layers.append(struct(file = w.layer, what = "wheel %s %s" % (w.distribution, w.version), descriptor = w.descriptor))
            manifests.append(w.manifest)
        else:
            layer, manifest = _group_layer(ctx, index, members, prefix, python_version)
            layers.append(layer)
            manifests.append(manifest)

    check = ctx.actions.declare_file(ctx.label.name + "/conflicts.txt")
    args = ctx.actions.args()
    args.add_all(manifests, before_each = "--manifest")
    args.add("--output", check)
    run_helper(ctx, "image.conflicts", args, manifests, [check], "PyinstallConflicts", "Checking %d wheels of %%{label} for conflicting files" % len(wheels))

    trees = {w.tree: True for w in wheels}
    wheel_imports = {_wheel_import(ctx.workspace_name, tree): True for tree in trees}
    py_info = binary[PyInfo]
    sources = [f for f in py_info.transitive_sources.to_list() if not f.is_directory and f not in trees]
    app = _layer(ctx, "first-party code under " + ctx.attr.app_root, "app")
    layers.append(app)
    args = ctx.actions.args()
    for src in sources:
        args.add_all("--file", [src.short_path, src])
    for path in py_info.imports.to_list():
        if path not in wheel_imports:
            args.add("--import", path)
    args.add("--workspace", ctx.workspace_name)
    args.add("--app-root", ctx.attr.app_root)
    args.add("--pth", "%s/lib/python%s/site-packages/%s.pth" % (prefix, python_version, ctx.attr.pth_name))
    _common_args(ctx, args, app, python_version)
    run_helper(ctx, "image.first_party", args, sources, [app.file, app.descriptor], "PyinstallAppLayer", "Compiling %d first-party files into the layer %%{output}" % len(sources))

    entrypoint = []
    main = binary[WheelLayersInfo].main
    if main:
        main = main.short_path
        main = ("external/" + main[3:]) if main.startswith("../") else main
        entrypoint = [prefix + "/bin/python3", ctx.attr.app_root.rstrip("/") + "/" + main]
    return [
        DefaultInfo(files = depset([layer.file for layer in layers])),
        OutputGroupInfo(_validation = depset([check])),
        PyImageLayersInfo(
            layers = layers,
            path = [prefix + "/bin"],
            entrypoint = entrypoint,
            sbom_records = [w.sbom for w in wheels if w.sbom],
            first_party = app,
        ),
    ]

py_image_layers = rule(
    implementation = _py_image_layers_impl,
    doc = _DOC,
    attrs = dict(helper_attrs("image", also = ["install"]), **{
        "app_root": attr.string(
            doc = "Where first-party files go in the image (an absolute directory).",
            default = "/app",
        ),
        "binary": attr.label(
            doc = "The `py_binary` (or `py_library`) to put in the image. Its wheels are the " +
                  "`WheelTreeInfo` targets among its `deps`, recursively; its first-party " +
                  "files are the other files of its `PyInfo.transitive_sources`.",
            aspects = [wheel_layer_aspect],
            cfg = venv_prefix_transition,
            mandatory = True,
            providers = [PyInfo],
        ),
        "max_layers": attr.int(
            doc = "The most layers the wheels may take; past it, wheels share layers (see " +
                  "above). With the base, the environment and the first-party layer, the " +
                  "default keeps an image well under overlayfs' limit of about 128 layers.",
            default = 100,
        ),
        "prefix": attr.string(
            doc = "Where the virtual environment goes in the image (an absolute directory).",
            default = "/opt/venv",
        ),
        "pth_name": attr.string(
            doc = "Name (without `.pth`) of the file in site-packages that puts the first-party " +
                  "code on `sys.path`.",
            default = "rules_pyinstall_app",
        ),
        "python": attr.string(
            doc = "The base image's interpreter, which `<prefix>/bin/python3` links to " +
                  "(default: `/usr/bin/pythonX.Y` of the interpreter toolchain's version).",
        ),
        "separate": attr.string_list(
            doc = "Distributions that keep a layer of their own even past `max_layers` (large " +
                  "ones, or ones bumped often: `[\"numpy\"]`).",
        ),
        "_gzip_level": attr.label(
            default = Label("//rules:gzip_level"),
        ),
        "_install_jobs": attr.label(
            default = Label("//rules:install_jobs"),
        ),
        "_layers_from": attr.label(
            default = Label("//rules:layers_from"),
        ),
        "_source_date_epoch": attr.label(
            default = Label("//rules:source_date_epoch"),
        ),
    }),
    provides = [PyImageLayersInfo],
    toolchains = [INTERPRETER_TOOLCHAIN],
)
