"""The `debian` tag of the `python` extension: a CPython runtime from pinned Debian packages.

```starlark
python = use_extension("@rules_pyinstall//rules:extensions.bzl", "python")
python.debian(
    name = "debian_python",
    locks = [
        "//runtime:python3.13-trixie-amd64.lock.json",
        "//runtime:python3.13-trixie-arm64.lock.json",
    ],
    python_version = "3.13",
)
use_repo(python, "debian_python")
register_toolchains("@debian_python//:all")
```

`@debian_python//:rootfs` is the runtime's base layer for the target CPU; the toolchains run
`py_binary`/`py_test` and the install actions on Debian's CPython.
"""

load(":debian_hub.bzl", "debian_hub")
load(":debian_repositories.bzl", "claim_locks", "debian_debs", "debian_runtime")

debian_tag = tag_class(
    doc = "A CPython runtime made of the Debian packages of one lock per architecture " +
          "(written by tools/debian_lock.py). The packages are unpacked at fetch time by the " +
          "machine's Python (>= 3.11, as hubs need), several at once, or by Bazel one after " +
          "another where there is none.",
    attrs = {
        "locks": attr.label_list(
            doc = "Locks written by tools/debian_lock.py, at most one per architecture.",
            mandatory = True,
            allow_files = [".json"],
        ),
        "name": attr.string(doc = "Name of the repository to create (the hub).", mandatory = True),
        "python_version": attr.string(doc = "major.minor of the locks' CPython, e.g. \"3.13\".", mandatory = True),
    },
)

def debian_repositories(mctx, module, tag, created):
    """Creates the hub and, per lock, the `.deb` and unpacked runtime repositories.

    Args:
      mctx: the module extension context.
      module: the module the tag comes from.
      tag: a `debian` tag.
      created: dict of the hubs created so far, name -> module name. The first module to
        name a hub defines it: the root module comes first, so its locks win over those of
        rules_pyinstall itself; one module naming a hub twice is an error.
    """
    architectures = claim_locks(mctx, module, tag, "python.debian", created)
    if architectures == None:
        return
    for arch, lock in architectures.items():
        debian_debs(name = "%s_%s_debs" % (tag.name, arch), lock = lock)
        debian_runtime(name = "%s_%s_runtime" % (tag.name, arch), lock = lock, python_version = tag.python_version)
    debian_hub(
        name = tag.name,
        architectures = sorted(architectures),
        locks = [str(architectures[arch]) for arch in sorted(architectures)],
        name_prefix = tag.name,
        python_version = tag.python_version,
    )
