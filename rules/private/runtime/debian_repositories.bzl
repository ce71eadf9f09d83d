"""Repositories of a Python runtime made of pinned Debian packages.

Two repository rules per lock, created together by `python.debian(...)` with the hub of
`debian_hub.bzl`:

- `debian_debs`: downloads every `.deb` of one lock (one architecture) by sha256, nothing else.
- `debian_runtime`: the same `.deb` files (from the repository cache) unpacked into `root/`, so
  that build actions and tests can run its CPython through a launcher script.
"""

load("//rules/private/common:host_python.bzl", "execute_helper", "host_python")

# Debian architecture -> @platforms//cpu and the multiarch directory of its libraries.
DEBIAN_ARCHITECTURES = {
    "amd64": struct(cpu = "x86_64", triplet = "x86_64-linux-gnu", loader = "ld-linux-x86-64.so.2"),
    "arm64": struct(cpu = "aarch64", triplet = "aarch64-linux-gnu", loader = "ld-linux-aarch64.so.1"),
}

def read_lock(rctx, lock):
    """Reads and checks a lock written by tools/debian_lock.py.

    Args:
      rctx: the repository context.
      lock: Label of the lock file.

    Returns:
      The decoded lock (dict).
    """
    data = json.decode(rctx.read(lock))
    architecture = data.get("architecture")
    if architecture not in DEBIAN_ARCHITECTURES:
        fail("rules_pyinstall: %s: architecture %r is not one of %s" %
             (lock, architecture, sorted(DEBIAN_ARCHITECTURES)))
    if data.get("version") != 1 or not data.get("packages"):
        fail("rules_pyinstall: %s is not a lock written by tools/debian_lock.py (version 1)" % lock)
    return data

def _workspace_path(label):
    # Where the lock is in its repository, as tools/debian_lock.py wants it.
    return (label.package + "/" + label.name) if label.package else label.name

def _deb_name(package):
    # The pool file name, e.g. libc6_2.41-12_amd64.deb (epochs are not part of it).
    return package["filename"].rsplit("/", 1)[-1]

def _download_all(rctx, lock, data, directory):
    """Starts every download, then waits for all: parallel fetches, sha256 checked by Bazel."""
    pending = []
    for package in data["packages"]:
        output = "%s/%s" % (directory, _deb_name(package))
        pending.append((package, output, rctx.download(
            url = [package["url"]],
            output = output,
            sha256 = package["sha256"],
            allow_fail = True,
            block = False,
        )))
    failed = [package for package, _, token in pending if not token.wait().success]
    if failed:
        fail(("rules_pyinstall: %s: cannot download %s: not found, or not the sha256 the lock " +
              "pins (the warnings above say which). Debian's mirror drops superseded versions: " +
              "refresh the lock with `python3 tools/debian_lock.py %s`, or point Bazel's " +
              "downloader at a mirror keeping them (--downloader_config).") % (
            lock,
            ", ".join(["%s %s (%s)" % (p["name"], p["version"], p["url"]) for p in failed]),
            _workspace_path(lock),
        ))
    return [output for _, output, _ in pending]

def claim_locks(mctx, module, tag, kind, created):
    """The locks of a `python.debian`-style tag by architecture, or None if a hub is taken.

    The first module to name a hub defines it: the root module comes first, so its locks win
    over those of rules_pyinstall itself; one module naming a hub twice is an error, and so are
    two locks of one architecture.

    Args:
      mctx: the module extension context.
      module: the module the tag comes from.
      tag: the tag, with `name` and `locks`.
      kind: the tag's name in messages, e.g. "python.debian".
      created: dict of the hubs created so far, name -> module name (updated).

    Returns:
      A dict architecture -> lock Label, or None when an earlier module defined the hub.
    """
    if tag.name in created:
        if created[tag.name] == module.name:
            fail("rules_pyinstall: module %s declares %s(name = %r) twice" % (module.name, kind, tag.name))
        return None
    created[tag.name] = module.name
    architectures = {}
    for lock in tag.locks:
        arch = read_lock(mctx, lock)["architecture"]
        if arch in architectures:
            fail("rules_pyinstall: %s(name = %r): %s and %s are both for %s; give one lock per architecture" %
                 (kind, tag.name, architectures[arch], lock, arch))
        architectures[arch] = lock
    return architectures

def unpack_debs(rctx, lock, data, output):
    """Downloads the `.deb` files of a lock and unpacks their data into one directory.

    With a Python >= 3.11 on the machine (hubs need one anyway), all packages are unpacked
    at once in several processes (pyinstall.runtime.unpack); otherwise, or for a package
    compressed in a way that Python cannot read, one after another by Bazel. Either way the
    tree is the same but for absolute symbolic links: made relative by the helper, pointed
    into the repository by Bazel.

    Args:
      rctx: the repository context.
      lock: Label of the lock (for error messages).
      data: the decoded lock.
      output: the directory to unpack into, relative to the repository.
    """
    debs = _download_all(rctx, lock, data, "debs")
    python = host_python(rctx)
    if python:
        rctx.report_progress("Unpacking %d Debian packages" % len(debs))
        result = execute_helper(
            rctx,
            python,
            "pyinstall.runtime.unpack",
            ["--output", output] + debs,
            ["common", "runtime"],
        )
        if result.return_code == 0:
            rctx.delete("debs")
            return
        if result.return_code != 3:  # 3: a compression this Python cannot read
            fail("%s\n  (unpacking the packages of %s)" % (result.stderr.strip() or result.stdout.strip(), lock))
        rctx.delete(output)

    # Debian's data.tar members are unpacked as they are: a .deb is an ar archive of
    # debian-binary, control.tar.* and data.tar.*; only the data goes in the output.
    for deb in debs:
        unpacked = deb[:-len(".deb")]
        rctx.extract(deb, output = unpacked)
        members = [p.basename for p in rctx.path(unpacked).readdir() if p.basename.startswith("data.tar")]
        if len(members) != 1:
            fail("rules_pyinstall: %s has no single data.tar member (found %s)" % (deb, members))
        rctx.extract("%s/%s" % (unpacked, members[0]), output = output)
        rctx.delete(unpacked)
        rctx.delete(deb)

_DEBS_BUILD = """\
# Generated by rules_pyinstall's debian_debs: the .deb files of {lock}.
package(default_visibility = ["//visibility:public"])

# The lock itself, so that error messages name its path in the workspace.
alias(
    name = "lock.json",
    actual = "{lock}",
)

filegroup(
    name = "debs",
    srcs = [
{debs}
    ],
)
"""

def _debian_debs_impl(rctx):
    data = read_lock(rctx, rctx.attr.lock)
    debs = _download_all(rctx, rctx.attr.lock, data, "debs")
    rctx.file("BUILD.bazel", _DEBS_BUILD.format(
        lock = str(rctx.attr.lock),
        debs = "\n".join(['        "%s",' % deb for deb in debs]),
    ))

debian_debs = repository_rule(
    implementation = _debian_debs_impl,
    doc = "Downloads the `.deb` files of one Debian lock (`:debs`, `:lock.json`).",
    attrs = {
        "lock": attr.label(doc = "A lock written by tools/debian_lock.py.", mandatory = True, allow_single_file = True),
    },
)

# The launcher runs the unpacked CPython with the unpacked dynamic loader, so it needs neither
# chroot nor the machine's libc, and computes every path from its own location: it works in
# an action's sandbox, in runfiles and in any output base.
_LAUNCHER = """\
#!/bin/sh
# Generated by rules_pyinstall: runs Debian's CPython {version} unpacked in ../root.
# sys.executable is this launcher (--argv0), so that subprocesses started with it work too.
# A link to the launcher (a venv's bin/python3, a test's PATH) is followed until ../root is
# beside it; the launcher inside Bazel's sandbox or runfiles is used where it is staged.
self="$0"
case "$self" in */*) ;; *) self="./$self" ;; esac
while [ ! -d "${{self%/*}}/../root" ] && [ -L "$self" ]; do
    link="$(PATH="$PATH:/usr/bin:/bin" readlink "$self")" || exit 1
    case "$link" in /*) self="$link" ;; *) self="${{self%/*}}/$link" ;; esac
done
here="$(cd "${{self%/*}}" && pwd)" || exit 1
root="$(cd "$here/../root" && pwd)" || exit 1
lib="$root/{libdir}"
PYTHONHOME="$root/usr"
export PYTHONHOME
exec "$lib/{loader}" --library-path "{library_path}" --argv0 "$here/python3" "$root/usr/bin/python{version}" "$@"
"""

# py_binary/py_test stubs are Python scripts, and Bazel 7 writes `stub_shebang` as their first
# line(s): `#!/usr/bin/env python3` by default, which needs some python3 on every machine that
# runs a test, a remote worker included. A `#!` line cannot name a runfiles path (the kernel
# takes it as is), so the stub starts as a shell script that finds this repository's launcher
# in its runfiles and runs itself with it; Python reads those lines as the module's docstring.
# The stub then needs /bin/sh only, and falls back to python3 on PATH where runfiles are a
# manifest only (no runfiles tree to look into).
_STUB_SHEBANG = """\
#!/bin/sh
'''':
for runfiles in "${{RUNFILES_DIR:-}}" "$0.runfiles" "${{0%%.runfiles/*}}.runfiles"; do
    python="$runfiles/{repository}/bin/python3"
    if [ -x "$python" ]; then exec "$python" "$0" "$@"; fi
done
exec python3 "$0" "$@"
'''"""

_RUNTIME_BUILD = """\
# Generated by rules_pyinstall's debian_runtime: CPython {version} from {lock}.
load("@rules_pyinstall//rules:defs.bzl", "pyinstall_interpreter")
load("@rules_python//python:defs.bzl", "py_runtime", "py_runtime_pair")

package(default_visibility = ["//visibility:public"])

exports_files([
    "BUILD.bazel",
    "bin/python3",
])

filegroup(
    name = "files",
    srcs = ["root/usr/bin/python{version}"] + glob(
        [{lib_glob}
            "root/usr/lib/{triplet}/**",
            "root/usr/lib/python{version}/**",
        ],
        exclude = ["**/__pycache__/**"],
    ),
)

pyinstall_interpreter(
    name = "interpreter",
    files = [":files"],
    interpreter = "bin/python3",
    python_version = "{version}",
)

py_runtime(
    name = "runtime",
    files = [":files"],
    interpreter = "bin/python3",
    python_version = "PY3",
    stub_shebang = {stub_shebang},
)

py_runtime_pair(
    name = "runtime_pair",
    py3_runtime = ":runtime",
)
"""

def _debian_runtime_impl(rctx):
    data = read_lock(rctx, rctx.attr.lock)
    arch = DEBIAN_ARCHITECTURES[data["architecture"]]
    names = [package["name"] for package in data["packages"]]
    package = "python%s-minimal" % rctx.attr.python_version
    if package not in names:
        fail(("rules_pyinstall: %s has no package %s, so it holds no Python %s; add it with " +
              "`python3 tools/debian_lock.py %s --add %s`") %
             (rctx.attr.lock, package, rctx.attr.python_version, _workspace_path(rctx.attr.lock), package))

    unpack_debs(rctx, rctx.attr.lock, data, "root")

    # Before merged-/usr (bookworm and older), glibc and other libraries ship in /lib and
    # nothing links /lib to /usr/lib: the loader is there and both directories are searched.
    split_usr = not rctx.path("root/usr/lib/%s/%s" % (arch.triplet, arch.loader)).exists
    rctx.file("bin/python3", _LAUNCHER.format(
        version = rctx.attr.python_version,
        libdir = ("lib/" if split_usr else "usr/lib/") + arch.triplet,
        library_path = "$lib:$root/usr/lib/%s" % arch.triplet if split_usr else "$lib",
        loader = arch.loader,
    ), executable = True)
    rctx.file("BUILD.bazel", _RUNTIME_BUILD.format(
        lib_glob = '\n            "root/lib/%s/**",' % arch.triplet if split_usr else "",
        lock = str(rctx.attr.lock),
        version = rctx.attr.python_version,
        triplet = arch.triplet,
        stub_shebang = json.encode(_STUB_SHEBANG.format(repository = rctx.name)),
    ))

debian_runtime = repository_rule(
    implementation = _debian_runtime_impl,
    doc = "Debian's CPython unpacked from the `.deb` files of one lock, with a launcher " +
          "(`:interpreter` for install actions, `:runtime_pair` for py_binary/py_test).",
    attrs = {
        "lock": attr.label(doc = "A lock written by tools/debian_lock.py.", mandatory = True, allow_single_file = True),
        "python_version": attr.string(doc = "major.minor of the lock's CPython.", mandatory = True),
    },
)
