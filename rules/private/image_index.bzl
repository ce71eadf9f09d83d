"""The `py_image_index` rule: one multi-platform image from `py_image`s of several platforms."""

load(":helper.bzl", "HELPER_ATTRS", "INTERPRETER_TOOLCHAIN", "run_helper")
load(":image.bzl", "PyImageInfo")

_DOC = """Combines images of different platforms into an OCI image index (a multi-platform image).

Outputs `<name>/`, an OCI image layout whose `index.json` points at the image index (as
rules_oci's `oci_image_index` writes it), and `<name>.digest`, the index's digest. Push it
with `skopeo copy --all oci:bazel-bin/<package>/<name> docker://registry/app:tag`.

Each image gives its own `os`/`architecture`/`variant`; two images for one platform are an
error. The images are built from one lock: select the wheels and the base per platform.

```starlark
py_image(name = "image_amd64", architecture = "amd64", base = ":base_amd64", layers = [":layers"])
py_image(name = "image_arm64", architecture = "arm64", base = ":base_arm64", layers = [":layers_arm64"])

py_image_index(
    name = "image",
    images = [":image_amd64", ":image_arm64"],
)
```
"""

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
        "image_index",
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
    attrs = dict(HELPER_ATTRS, **{
        "images": attr.label_list(
            doc = "The `py_image` targets, one per platform.",
            mandatory = True,
            allow_empty = False,
            providers = [PyImageInfo],
        ),
        "tag": attr.string(
            doc = "The index's name (default: the first image's tag).",
        ),
    }),
    toolchains = [INTERPRETER_TOOLCHAIN],
)
