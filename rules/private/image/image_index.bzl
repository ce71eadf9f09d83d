"""The `py_image_index` rule: one multi-platform image from `py_image`s of several platforms."""

load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "run_helper")
load(":image.bzl", "PyImageInfo")

_DOC = """Combines images of different platforms into an OCI image index (a multi-platform image).

Outputs `<name>/`, an OCI image layout whose `index.json` points at the image index (as
rules_oci's `oci_image_index` writes it), and `<name>.digest`, the index's digest. Push it
with `skopeo copy --all oci:bazel-bin/<package>/<name> docker://registry/app:tag`.

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
    run_helper(
        ctx,
        "image.index",
        args,
        [image.layout for image in images],
        [layout, digest],
        "PyinstallImageIndex",
        "Assembling the image index %s of %d platforms in %s" % (tag, len(images), layout.short_path),
    )
    return [DefaultInfo(files = depset([layout, digest]))]

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
    }),
    toolchains = [INTERPRETER_TOOLCHAIN],
)
