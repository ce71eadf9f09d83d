"""The `modules_mapping` rule: Gazelle's import -> distribution mapping of installed wheels."""

load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "run_helper")
load("//rules/private/common:providers.bzl", "WheelTreeInfo")

_DOC = """Writes the modules mapping rules_python's Gazelle plugin reads, from installed wheels.

Outputs `<name>.json` (what rules_python's own `modules_mapping` rule writes: `{"yaml":
"PyYAML", "bs4": "beautifulsoup4", "google.protobuf": "protobuf"}`) and `<name>.yaml`, a
`gazelle_python.yaml` manifest naming `hub` as the pip repository. The names come from the
installed trees' files: top-level packages and modules, and what namespace packages hold.
Every hub has one, `@<hub>//:modules_mapping`, over all its packages:

```starlark
# BUILD.bazel at the root: copy the manifest where Gazelle looks for it.
# bazel build @pypi//:modules_mapping && cp bazel-bin/external/.../modules_mapping.yaml gazelle_python.yaml
# gazelle:python_label_convention $distribution_name$    (the default: @pypi//pyyaml)
modules_mapping(
    name = "modules_mapping",
    hub = "pypi",
    wheels = ["@pypi//pyyaml", "@pypi//protobuf"],
)
```
"""

def _modules_mapping_impl(ctx):
    trees = depset(transitive = [w[WheelTreeInfo].transitive for w in ctx.attr.wheels]).to_list()
    mapping = ctx.actions.declare_file(ctx.label.name + ".json")
    manifest = ctx.actions.declare_file(ctx.label.name + ".yaml")
    args = ctx.actions.args()
    args.add_all([t.tree for t in trees], before_each = "--tree", expand_directories = False)
    args.add("--hub", ctx.attr.hub or ctx.label.workspace_name or ctx.workspace_name)
    args.add("--mapping", mapping)
    args.add("--manifest", manifest)
    run_helper(
        ctx,
        "install.modules_mapping",
        args,
        [t.tree for t in trees],
        [mapping, manifest],
        "PyinstallModulesMapping",
        "Mapping the modules of %d wheels for Gazelle" % len(trees),
    )
    return [DefaultInfo(files = depset([mapping, manifest]))]

modules_mapping = rule(
    implementation = _modules_mapping_impl,
    doc = _DOC,
    attrs = dict(helper_attrs("install"), **{
        "hub": attr.string(
            doc = "The repository name Gazelle's labels use (`pip_repository.name` of the " +
                  "manifest), e.g. \"pypi\" for `@pypi//pyyaml`. Empty: this target's repository.",
        ),
        "wheels": attr.label_list(
            doc = "Installed wheels (`wheel_install`, or hub packages with their closures).",
            providers = [WheelTreeInfo],
        ),
    }),
    toolchains = [INTERPRETER_TOOLCHAIN],
)
