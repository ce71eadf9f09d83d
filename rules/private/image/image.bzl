"""The `py_image` rule: an OCI image layout and a loadable tarball, bit for bit reproducible."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "run_helper")
load("//rules/private/common:providers.bzl", "DebianRootfsInfo")
load(":layers.bzl", "PyImageLayersInfo")

PyImageInfo = provider(
    doc = "An OCI image built by `py_image`.",
    fields = {
        "layout": "File: the OCI image layout directory (`oci-layout`, `index.json`, `blobs/`).",
        "tarball": "File: the layout in a tar with a Docker `manifest.json` (for `podman load`).",
        "digest": "File: the manifest's digest, `sha256:<hex>`.",
        "sbom": "File: the image's SPDX 2.3 JSON document (also attached to `layout`).",
        "platform": "struct(os, architecture, variant): the image's platform.",
        "tag": "str: the name the tarball loads as.",
    },
)

_DOC = """Assembles an OCI image: a base, then layer tars, then a config.

Outputs: `<name>/`, an OCI image layout directory (what `skopeo`, `umoci`, `crane` and
rules_oci read), whose blobs are hard links to the layer files where the file system allows
(no layer is copied or read again: assembling costs about its config); and `<name>.digest`,
the manifest digest; and `<name>.spdx.json`, its software bill of materials (SPDX 2.3: each
wheel with its wheel file's sha256, purl, license and lock, each Debian package of a
`debian_rootfs` base, the first-party layer and the image's manifest digest), which the
layout also holds as an OCI 1.1 referrer of the image (see docs/images.md). On request (`--output_groups=tarball`, or through `py_image_load`),
`<name>.tar`: the same layout with a Docker `manifest.json`, which `podman load` and
`docker load` accept. Everything
is deterministic: the config's `created` and history dates are
`--@rules_pyinstall//rules:source_date_epoch`, JSON keys are sorted, the tar is sorted
with fixed owners and mtimes.

The base is either an OCI image layout directory (e.g. `@distroless_python//:distroless_python`
from rules_oci's `oci_pull`; for an index, the manifest of `os`/`architecture` is taken), or
base layer tars, such as the Debian runtime layer of this repository. Its layers are reused
as they are, and its config (Env, Entrypoint, Cmd, User, WorkingDir, Labels) is inherited,
then overridden by this rule's attributes.

```starlark
load("@rules_pyinstall//rules:defs.bzl", "py_image", "py_image_layers", "py_image_load")

py_image_layers(name = "layers", binary = ":server")

py_image(
    name = "image",
    base = ":debian_runtime",       # base layer tars, or an OCI layout directory
    layers = [":layers"],           # PATH and entrypoint come from the py_image_layers
    cmd = ["--port", "8080"],
    labels = {"org.opencontainers.image.source": "https://example.com/app"},
    tag = "localhost/app:latest",
)

py_image_load(name = "image.load", image = ":image")
```

Users of rules_oci can use the `py_image_layers` tars directly instead:
`oci_image(base = "@python_base", tars = [":layers"], entrypoint = [...], env = {...})`.
"""

_SUFFIXES = (".tar", ".tar.gz", ".tgz")

def _base_args(ctx, args):
    """Adds the base's flags; returns the files to read."""
    files = ctx.files.base
    if not files:
        return []
    index = [f for f in files if f.basename == "index.json"]
    directories = [f for f in files if f.is_directory]
    if len(directories) == 1:  # a layout tree artifact (e.g. a py_image, beside its tarball)
        args.add("--base-layout", directories[0].path)
        files = directories
    elif index:
        args.add("--base-layout", index[0].dirname)
    else:
        tars = [f for f in files if f.basename.endswith(_SUFFIXES)]
        if not tars:
            fail(("%s: `base` %s is neither an OCI image layout (a directory, or files with an " +
                  "index.json) nor layer tars (%s)") % (ctx.label, ctx.attr.base.label, ", ".join(_SUFFIXES)))
        digests = {f.basename: f for f in files if f.basename.endswith(".digests.json")}
        for tar in tars:
            # A tar with its descriptor beside it (debian_rootfs writes X.digests.json) is not read.
            descriptor = digests.get(tar.basename.split(".")[0] + ".digests.json")
            args.add_all("--base-tar", [tar, descriptor or "-"])
    return files

# OCI's names of the CPUs of @platforms.
_ARCHITECTURES = {
    "aarch64": "arm64",
    "arm": "arm",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
    "x86_64": "amd64",
}

# The CPU constraints _architecture asks the target platform about.
_CPU_ATTRS = {
    "_cpu_" + cpu: attr.label(default = "@platforms//cpu:" + cpu)
    for cpu in _ARCHITECTURES
}

def _architecture(ctx):
    if ctx.attr.architecture:
        return ctx.attr.architecture
    for cpu, architecture in _ARCHITECTURES.items():
        if ctx.target_platform_has_constraint(getattr(ctx.attr, "_cpu_" + cpu)[platform_common.ConstraintValueInfo]):
            return architecture
    fail("%s: the target platform's CPU has no OCI name here; set `architecture`" % ctx.label)

def _sbom_args(ctx, args, sbom_records, first_party):
    """Adds the SBOM's flags; returns the files to read."""
    args.add_all(sbom_records, before_each = "--sbom-wheel")
    files = list(sbom_records)
    if first_party and first_party.descriptor:
        args.add_all("--sbom-first-party", [first_party.descriptor, first_party.what])
        files.append(first_party.descriptor)
    if ctx.attr.base and DebianRootfsInfo in ctx.attr.base:
        rootfs = ctx.attr.base[DebianRootfsInfo]
        args.add_all("--sbom-debian-lock", [rootfs.lock, str(rootfs.lock.owner)])
        args.add_all(rootfs.packages, before_each = "--sbom-debian-package")
        files.append(rootfs.lock)
    return files

def _default_tag(label):
    name = (label.package + "/" + label.name) if label.package else label.name
    return "localhost/%s:latest" % name.lower().replace("_", "-")

def _py_image_impl(ctx):
    layers = []
    path = []
    entrypoint = []
    sbom_records = []
    first_party = None
    for target in ctx.attr.layers:
        if PyImageLayersInfo in target:
            info = target[PyImageLayersInfo]
            sbom_records += info.sbom_records
            first_party = first_party or info.first_party
            layers += [(layer.file, layer.what, layer.descriptor) for layer in info.layers]
            path += [p for p in info.path if p not in path]
            entrypoint = entrypoint or info.entrypoint
        else:
            layers += [(f, "layer " + f.basename, None) for f in target[DefaultInfo].files.to_list()]

    tag = ctx.attr.tag or _default_tag(ctx.label)
    architecture = _architecture(ctx)
    settings = ctx.actions.declare_file(ctx.label.name + ".settings.json")
    ctx.actions.write(settings, json.encode({
        "architecture": architecture,
        "cmd": ctx.attr.cmd or None,
        "entrypoint": ctx.attr.entrypoint or entrypoint or None,
        "env": ctx.attr.env,
        "labels": ctx.attr.labels,
        "os": ctx.attr.os,
        "path_prepend": path,
        "tag": tag,
        "user": ctx.attr.user,
        "variant": ctx.attr.variant,
        "workdir": ctx.attr.workdir,
    }))

    layout = ctx.actions.declare_directory(ctx.label.name)
    digest = ctx.actions.declare_file(ctx.label.name + ".digest")
    epoch = str(ctx.attr._source_date_epoch[BuildSettingInfo].value)
    args = ctx.actions.args()
    args.add("--settings", settings)
    base_files = _base_args(ctx, args)
    for file, what, descriptor in layers:
        args.add_all("--layer", [file, what, descriptor or "-"])
    args.add("--source-date-epoch", epoch)
    args.add("--layout", layout.path)
    args.add("--digest", digest)
    sbom = ctx.actions.declare_file(ctx.label.name + ".spdx.json")
    args.add("--sbom", sbom)
    sbom_files = _sbom_args(ctx, args, sbom_records, first_party)
    run_helper(
        ctx,
        "image.assemble",
        args,
        [settings] + base_files + sbom_files + [f for file, _, descriptor in layers for f in [file, descriptor] if f],
        [layout, digest, sbom],
        "PyinstallImage",
        "Assembling the image %s (%s/%s, %d layers) in %s" % (tag, ctx.attr.os, architecture, len(layers), layout.short_path),
    )

    # Only when asked for (output group `tarball`, py_image_load): it copies every blob again.
    tarball = ctx.actions.declare_file(ctx.label.name + ".tar")
    args = ctx.actions.args()
    args.add("--layout", layout.path)
    args.add("--tag", tag)
    args.add("--source-date-epoch", epoch)
    args.add("--output", tarball)
    run_helper(ctx, "image.archive", args, [layout], [tarball], "PyinstallImageTarball", "Writing %s for podman load and docker load" % tarball.short_path)
    return [
        DefaultInfo(files = depset([layout, digest, sbom])),
        OutputGroupInfo(tarball = depset([tarball]), sbom = depset([sbom])),
        PyImageInfo(
            layout = layout,
            tarball = tarball,
            digest = digest,
            sbom = sbom,
            platform = struct(os = ctx.attr.os, architecture = architecture, variant = ctx.attr.variant),
            tag = tag,
        ),
    ]

py_image = rule(
    implementation = _py_image_impl,
    doc = _DOC,
    attrs = dict(helper_attrs("image").items() + _CPU_ATTRS.items(), **{
        "architecture": attr.string(
            doc = "The image's CPU architecture, in OCI terms (`amd64`, `arm64`, ...). Empty: " +
                  "the target platform's CPU (`--platforms`, or `py_image_index(platforms = ...)`).",
        ),
        "base": attr.label(
            doc = "The base image: an OCI image layout directory (a target with one directory " +
                  "among its files, such as a `py_image`, or files with an `index.json`, such " +
                  "as an `oci_pull`), or base layer tars. Empty: start from scratch.",
            allow_files = True,
        ),
        "cmd": attr.string_list(
            doc = "Arguments after the entrypoint (`Cmd`). Empty: none (or the base's, when " +
                  "neither this rule nor its layers set an entrypoint).",
        ),
        "entrypoint": attr.string_list(
            doc = "The command (`Entrypoint`). Empty: the one of the `py_image_layers` " +
                  "(`<prefix>/bin/python3 <app_root>/<main>.py`), else the base's.",
        ),
        "env": attr.string_dict(
            doc = "Environment variables, over the base's. The `bin` directory of the " +
                  "`py_image_layers` is put in front of PATH.",
        ),
        "labels": attr.string_dict(
            doc = "Labels of the image config, over the base's.",
        ),
        "layers": attr.label_list(
            doc = "Layers on top of the base, bottom first: `py_image_layers` targets or tars.",
            allow_files = _SUFFIXES,
        ),
        "os": attr.string(
            doc = "The image's operating system.",
            default = "linux",
        ),
        "tag": attr.string(
            doc = "The name the tarball loads as, e.g. `localhost/app:latest` " +
                  "(default: `localhost/<package>/<name>:latest`).",
        ),
        "user": attr.string(
            doc = "The user the container runs as (`User`), e.g. `65532:65532`. Empty: the base's.",
        ),
        "variant": attr.string(
            doc = "The CPU variant, e.g. `v8` for arm64 (optional).",
        ),
        "workdir": attr.string(
            doc = "The working directory (`WorkingDir`). Empty: the base's.",
        ),
        "_source_date_epoch": attr.label(
            default = Label("//rules:source_date_epoch"),
        ),
    }),
    provides = [PyImageInfo],
    toolchains = [INTERPRETER_TOOLCHAIN],
)
