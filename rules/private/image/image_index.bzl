"""The `py_image_index` rule: one multi-platform image from `py_image`s of several platforms."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "run_helper")
load(":image.bzl", "PyImageInfo")

_DOC = """Combines images of different platforms into an OCI image index (a multi-platform image).

Outputs `<name>/`, an OCI image layout whose `index.json` points at the image index (as
rules_oci's `oci_image_index` writes it), `<name>.digest`, the index's digest, and
`<name>.spdx.json`, its SBOM: the index, which contains each image as the image's own SBOM
describes it (SPDX external document references). Every SBOM is attached to the layout as
an OCI 1.1 referrer of its image or of the index. Push it
with `skopeo copy --all oci:bazel-bin/<package>/<name>:<tag> docker://registry/app:tag`.

Each image gives its own `os`/`architecture`/`variant` (by default the target platform's
CPU); two images for one platform are an error; the index lists them sorted by platform.
With `platforms`, one `py_image` is built once per platform from one lock: its base and
wheels follow the target platform through `select()` (as `@debian_python//:rootfs` does).

```starlark
platform(name = "linux_arm64", constraint_values = ["@platforms//os:linux", "@platforms//cpu:aarch64"])

py_image_index(
    name = "image_index",
    images = [":image"],
    platforms = [":linux_amd64", ":linux_arm64"],
)

# or images made by hand, one per platform:
py_image_index(name = "image_index", images = [":image_amd64", ":image_arm64"])
```
"""

_PLATFORMS = "//command_line_option:platforms"

def _per_platform_impl(settings, attr):
    if not attr.platforms:
        return {"": {_PLATFORMS: settings[_PLATFORMS]}}
    return {str(platform): {_PLATFORMS: str(platform)} for platform in attr.platforms}

# Builds `images` once for each of `platforms` (or once, for the current platform).
_per_platform = transition(
    implementation = _per_platform_impl,
    inputs = [_PLATFORMS],
    outputs = [_PLATFORMS],
)

def _py_image_index_impl(ctx):
    images = [image[PyImageInfo] for image in ctx.attr.images]
    tag = ctx.attr.tag or images[0].tag
    layout = ctx.actions.declare_directory(ctx.label.name)
    digest = ctx.actions.declare_file(ctx.label.name + ".digest")
    args = ctx.actions.args()
    for image in images:
        args.add_all("--image", [image.layout.path, image.platform.os, image.platform.architecture])
        args.add(image.platform.variant)
    args.add("--tag", tag)
    args.add("--layout", layout.path)
    args.add("--digest", digest)
    sbom = ctx.actions.declare_file(ctx.label.name + ".spdx.json")
    args.add("--sbom", sbom)
    args.add("--source-date-epoch", str(ctx.attr._source_date_epoch[BuildSettingInfo].value))
    run_helper(
        ctx,
        "image.index",
        args,
        [image.layout for image in images],
        [layout, digest, sbom],
        "PyinstallImageIndex",
        "Assembling the image index %s of %d platforms in %s" % (tag, len(images), layout.short_path),
    )
    return [
        DefaultInfo(files = depset([layout, digest, sbom])),
        OutputGroupInfo(sbom = depset([sbom])),
    ]

py_image_index = rule(
    implementation = _py_image_index_impl,
    doc = _DOC,
    attrs = dict(helper_attrs("image"), **{
        "images": attr.label_list(
            doc = "The `py_image` targets: one per platform, or, with `platforms`, one or " +
                  "more built for each platform.",
            cfg = _per_platform,
            mandatory = True,
            allow_empty = False,
            providers = [PyImageInfo],
        ),
        "platforms": attr.label_list(
            doc = "Target platforms to build each of `images` for (e.g. linux/amd64 and " +
                  "linux/arm64 `platform` targets). Empty: build them for the current one.",
            providers = [platform_common.PlatformInfo],
        ),
        "tag": attr.string(
            doc = "The index's name (default: the first image's tag).",
        ),
        "_source_date_epoch": attr.label(
            default = Label("//rules:source_date_epoch"),
        ),
    }),
    toolchains = [INTERPRETER_TOOLCHAIN],
)
