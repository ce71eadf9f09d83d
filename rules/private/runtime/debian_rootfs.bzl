"""The `debian_rootfs` rule: the base layer of a Python runtime, from locked Debian packages."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_attrs", "interpreter", "run_helper")
load("//rules/private/common:providers.bzl", "DebianRootfsInfo")
load("//rules/private/common:python_version.bzl", "TRANSITION_ALLOWLIST", "python_version_transition")

_DOC = """Builds the file system of a Python runtime from the `.deb` files of a lock, as one layer.

No dpkg and nothing of the packages runs: each `.deb` is checked against the lock's sha256,
its data merged (merged-/usr), and the work of the maintainer scripts an image needs done
deterministically: `/etc/passwd` and `/etc/group` with `root` and `nonroot` (uid/gid 65532,
home `/home/nonroot`), `/tmp` mode 1777, the CA bundle `/etc/ssl/certs/ca-certificates.crt`
(every certificate of ca-certificates, in path order) linked as OpenSSL's `cert.pem`,
`/etc/localtime` at UTC, `/var/lib/dpkg/status.d/<package>` for scanners, and the standard
library's `.pyc` files (unchecked-hash, compiled by the interpreter toolchain). The layer is
the same bytes for the same lock on every machine, architecture included: building the arm64
layer runs nothing of arm64.

Outputs `<name>.tar.gz` and `<name>.digests.json`; provides `DebianRootfsInfo`.
`python.debian(...)` creates one per lock in its hub repository, and `@<hub>//:rootfs`
selects the one of the target CPU:

```starlark
debian_rootfs(
    name = "rootfs_amd64",
    architecture = "amd64",
    debs = ["@debian_python_amd64_debs//:debs"],
    lock = "@debian_python_amd64_debs//:lock.json",
    python_version = "3.13",
)
```
"""

def _debian_rootfs_impl(ctx):
    tar = ctx.actions.declare_file(ctx.label.name + ".tar.gz")
    digests = ctx.actions.declare_file(ctx.label.name + ".digests.json")
    python = interpreter(ctx)
    if ctx.attr.pyc != "none" and python.python_version != ctx.attr.python_version:
        fail(("%s: the standard library's .pyc files must be compiled by Python %s, but the " +
              "resolved interpreter toolchain is Python %s; register a Python %s interpreter " +
              "toolchain or set pyc = \"none\"") %
             (ctx.label, ctx.attr.python_version, python.python_version, ctx.attr.python_version))

    args = ctx.actions.args()
    args.add("--lock", ctx.file.lock)
    args.add("--architecture", ctx.attr.architecture)
    args.add_all(ctx.files.debs, before_each = "--deb")
    args.add_all(ctx.attr.packages, before_each = "--package")
    args.add("--output", tar)
    args.add("--digests", digests)
    args.add("--source-date-epoch", str(ctx.attr._source_date_epoch[BuildSettingInfo].value))
    args.add("--python-version", ctx.attr.python_version)
    args.add("--pyc", ctx.attr.pyc)

    run_helper(
        ctx,
        "runtime.rootfs",
        args,
        ctx.files.debs + [ctx.file.lock],
        [tar, digests],
        "PyinstallDebianRootfs",
        "Building the %s base layer %%{output} from %d Debian packages (Python %s)" % (
            ctx.attr.architecture,
            len(ctx.files.debs),
            ctx.attr.python_version,
        ),
    )
    return [
        DefaultInfo(files = depset([tar, digests])),
        DebianRootfsInfo(
            tar = tar,
            digests = digests,
            architecture = ctx.attr.architecture,
            lock = ctx.file.lock,
            packages = ctx.attr.packages,
        ),
        OutputGroupInfo(tar = depset([tar]), digests = depset([digests])),
    ]

debian_rootfs = rule(
    implementation = _debian_rootfs_impl,
    doc = _DOC,
    attrs = dict(dict(helper_attrs("runtime"), **TRANSITION_ALLOWLIST), **{
        "architecture": attr.string(
            doc = "The Debian architecture of the lock; the build fails if the lock says otherwise.",
            mandatory = True,
            values = ["amd64", "arm64"],
        ),
        "debs": attr.label_list(
            doc = "The `.deb` files of the lock (`@<hub>_<arch>_debs//:debs`).",
            allow_files = [".deb"],
            mandatory = True,
        ),
        "lock": attr.label(
            doc = "The lock written by tools/debian_lock.py.",
            allow_single_file = [".json"],
            mandatory = True,
        ),
        "packages": attr.string_list(
            doc = "If set, only these packages of the lock go in the layer (with nothing " +
                  "added for their dependencies); each must be in the lock.",
        ),
        "pyc": attr.string(
            doc = "`unchecked-hash`: compile the standard library's `.pyc` files (PEP 552, " +
                  "as Debian's postinst would, but reproducibly) with the interpreter " +
                  "toolchain, which must be Python `python_version`; `none`: leave them out.",
            default = "unchecked-hash",
            values = ["unchecked-hash", "none"],
        ),
        "python_version": attr.string(
            doc = "major.minor of the lock's CPython, e.g. \"3.13\": the layer is built with " +
                  "`//rules:python_version` set to it, so its interpreter toolchain is that Python.",
            mandatory = True,
        ),
        "_source_date_epoch": attr.label(
            default = Label("//rules:source_date_epoch"),
        ),
    }),
    cfg = python_version_transition,
    provides = [DebianRootfsInfo],
    toolchains = [INTERPRETER_TOOLCHAIN],
)

def _debian_no_lock_impl(ctx):
    fail("rules_pyinstall: %s: %s (target platform %s)" % (ctx.label, ctx.attr.message, ctx.fragments.platform.platform))

debian_no_lock = rule(
    implementation = _debian_no_lock_impl,
    doc = "Fails analysis with `message`: the base layer of a CPU that has no Debian lock.",
    attrs = {
        "message": attr.string(doc = "What is missing and how to add it.", mandatory = True),
    },
    fragments = ["platform"],
)
