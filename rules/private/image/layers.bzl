"""The `py_image_layers` rule: a Python application as reproducible image layer tars."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("@rules_python//python:defs.bzl", "PyInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "interpreter", "run_helper")
load("//rules/private/common:providers.bzl", "TREE_LAYOUT", "WheelTreeInfo")
load("//rules/private/common:wheel_name.bzl", "normalize_name")

PyImageLayersInfo = provider(
    doc = "Layer tars of a Python application, bottom first, and how to run it.",
    fields = {
        "layers": "list[struct(file, what)]: each layer tar (.tar.gz) and what it holds.",
        "path": "list[str]: directories to put first on PATH (the environment's `bin`).",
        "entrypoint": "list[str]: the command that runs the binary in the image (or []).",
    },
)

_CollectedInfo = provider(
    doc = "What the layers aspect finds below a target.",
    fields = {
        "wheels": "depset[struct(tree, distribution, version, label)]: installed wheels.",
        "main": "File or None: the main file of the py_binary the aspect was applied to.",
    },
)

_DOC = """Turns a `py_binary` into deterministic layer tars for an image, bottom first:

1. `venv.tar.gz`: a virtual environment at `prefix` (`pyvenv.cfg`, `bin/python3` linking to
   the base image's `python`), which changes only with `prefix` and the Python version;
2. `site-packages-<name>.tar.gz`: each distribution listed in `separate`, in its own layer;
3. `site-packages.tar.gz`: all other installed wheels (`WheelTreeInfo`) the binary depends
   on, merged into `<prefix>/lib/pythonX.Y/site-packages`, their entry points in `<prefix>/bin`;
4. `app.tar.gz`: first-party `.py` files under `app_root` with unchecked-hash `.pyc` files,
   and a `.pth` file putting them on `sys.path`.

So bumping one pin changes only the layer holding that package. Two wheels that write
different bytes to one path make the build fail, naming both and the path (a validation
action over all layers); identical files (namespace packages) are fine. Every tar is sorted,
dated to `--@rules_pyinstall//rules:source_date_epoch`, owned by 0:0 with no names, with
modes 0644/0755, and gzipped with no name or time in its header.

```starlark
load("@rules_pyinstall//rules:defs.bzl", "py_image", "py_image_layers")

py_image_layers(
    name = "layers",
    binary = ":server",
    separate = ["numpy"],
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

def _collect_impl(target, ctx):
    transitive = [dep[_CollectedInfo].wheels for dep in getattr(ctx.rule.attr, "deps", []) if _CollectedInfo in dep]
    if WheelTreeInfo in target:
        transitive.append(target[WheelTreeInfo].transitive)
    main = None
    if ctx.rule.kind == "py_binary":
        if ctx.rule.file.main:
            main = ctx.rule.file.main
        else:
            for src in ctx.rule.files.srcs:
                if src.basename == ctx.label.name + ".py":
                    main = src
    return [_CollectedInfo(wheels = depset(transitive = transitive, order = "postorder"), main = main)]

_collect = aspect(
    implementation = _collect_impl,
    attr_aspects = ["deps"],
    doc = "Collects the WheelTreeInfo closure and the main file of a py_binary.",
)

def _layer(ctx, what, basename):
    return struct(file = ctx.actions.declare_file(ctx.label.name + "/" + basename), what = what)

def _tree_args(args, wheels):
    for wheel in wheels:
        args.add_all("--tree", [wheel.distribution, wheel.version, str(wheel.label)])
        args.add(wheel.tree.path)

def _py_image_layers_impl(ctx):
    python_version = interpreter(ctx).python_version
    if not ctx.attr.prefix.startswith("/") or not ctx.attr.app_root.startswith("/"):
        fail("%s: `prefix` and `app_root` must be absolute paths in the image" % ctx.label)
    prefix = ctx.attr.prefix.rstrip("/")
    epoch = str(ctx.attr._source_date_epoch[BuildSettingInfo].value)
    collected = ctx.attr.binary[_CollectedInfo]
    wheels = collected.wheels.to_list()

    first = {}
    for w in wheels:
        other = first.setdefault(w.distribution, w)
        if other.version != w.version:
            fail("%s: %s depends on two versions of %s: %s (%s) and %s (%s); keep one" %
                 (ctx.label, ctx.attr.binary.label, w.distribution, other.version, other.label, w.version, w.label))

    separate = [normalize_name(name) for name in ctx.attr.separate]
    present = sorted({w.distribution: True for w in wheels}.keys())
    for name in separate:
        if name not in present:
            fail("%s: `separate` names %r, which %s does not depend on (it has: %s)" %
                 (ctx.label, name, ctx.attr.binary.label, ", ".join(present) or "no wheels"))

    layers = [_layer(ctx, "virtual environment at " + prefix, "venv.tar.gz")]
    args = ctx.actions.args()
    args.add("--prefix", prefix)
    args.add("--python", ctx.attr.python or "/usr/bin/python" + python_version)
    args.add("--python-version", python_version)
    args.add("--source-date-epoch", epoch)
    args.add("--output", layers[0].file)
    run_helper(ctx, "image.venv", args, [], [layers[0].file], "PyinstallVenvLayer", "Writing the virtual environment layer %{output}")

    groups = [([w for w in wheels if w.distribution == name], "site-packages-%s.tar.gz" % name) for name in separate]
    rest = [w for w in wheels if w.distribution not in separate]
    if rest:
        groups.append((rest, "site-packages.tar.gz"))
    for members, basename in groups:
        layer = _layer(ctx, "wheels " + ", ".join(["%s %s" % (w.distribution, w.version) for w in members]), basename)
        layers.append(layer)
        args = ctx.actions.args()
        _tree_args(args, members)
        args.add("--prefix", prefix)
        args.add("--python-version", python_version)
        args.add("--source-date-epoch", epoch)
        args.add("--output", layer.file)
        run_helper(ctx, "image.layers", args, [w.tree for w in members], [layer.file], "PyinstallWheelLayer", "Writing the layer %%{output} of %d wheels" % len(members))

    # The conflict check covers files across all layers, so it is an action of its own.
    check = ctx.actions.declare_file(ctx.label.name + "/conflicts.txt")
    args = ctx.actions.args()
    _tree_args(args, wheels)
    args.add("--prefix", prefix)
    args.add("--python-version", python_version)
    args.add("--check", check)
    run_helper(ctx, "image.layers", args, [w.tree for w in wheels], [check], "PyinstallConflicts", "Checking %d wheels of %s for conflicting files" % (len(wheels), ctx.label))

    trees = {w.tree: True for w in wheels}
    wheel_imports = {_wheel_import(ctx.workspace_name, tree): True for tree in trees}
    py_info = ctx.attr.binary[PyInfo]
    sources = [f for f in py_info.transitive_sources.to_list() if not f.is_directory and f not in trees]
    app = _layer(ctx, "first-party code under " + ctx.attr.app_root, "app.tar.gz")
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
    args.add("--python-version", python_version)
    args.add("--source-date-epoch", epoch)
    args.add("--output", app.file)
    run_helper(ctx, "image.first_party", args, sources, [app.file], "PyinstallAppLayer", "Compiling %d first-party files into the layer %%{output}" % len(sources))

    entrypoint = []
    if collected.main:
        main = collected.main.short_path
        main = ("external/" + main[3:]) if main.startswith("../") else main
        entrypoint = [prefix + "/bin/python3", ctx.attr.app_root.rstrip("/") + "/" + main]
    return [
        DefaultInfo(files = depset([layer.file for layer in layers])),
        OutputGroupInfo(_validation = depset([check])),
        PyImageLayersInfo(layers = layers, path = [prefix + "/bin"], entrypoint = entrypoint),
    ]

py_image_layers = rule(
    implementation = _py_image_layers_impl,
    doc = _DOC,
    attrs = dict(helper_attrs("image"), **{
        "app_root": attr.string(
            doc = "Where first-party files go in the image (an absolute directory).",
            default = "/app",
        ),
        "binary": attr.label(
            doc = "The `py_binary` (or `py_library`) to put in the image. Its wheels are the " +
                  "`WheelTreeInfo` targets among its `deps`, recursively; its first-party " +
                  "files are the other files of its `PyInfo.transitive_sources`.",
            aspects = [_collect],
            mandatory = True,
            providers = [PyInfo],
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
            doc = "Distributions that get a layer each (e.g. large ones: `[\"numpy\"]`); all " +
                  "other wheels share one layer.",
        ),
        "_source_date_epoch": attr.label(
            default = Label("//rules:source_date_epoch"),
        ),
    }),
    provides = [PyImageLayersInfo],
    toolchains = [INTERPRETER_TOOLCHAIN],
)
