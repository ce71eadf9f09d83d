"""Builds the base layer of a Python runtime from locked Debian packages, without dpkg.

    python3.13 -S -s -B -m pyinstall.runtime.rootfs @params

with, in the param file: --lock L --architecture A --output layer.tar.gz --digests d.json
--source-date-epoch N --python-version 3.13 [--pyc none] [--package NAME ...] and one
--deb PATH per package.

Every `.deb` is checked against the lock (sha256), its `data.tar` merged into one file system
(paths under /bin, /lib... go to /usr, as on a merged-/usr system), and the work of the
maintainer scripts an image needs is done deterministically: users and groups, the CA bundle,
`/tmp`, the time zone, dpkg's per-package status files that scanners read, and the standard
library's `.pyc` files (pyinstall.runtime.stdlib_pyc). The layer is written with `pyinstall.common.tarball`,
its digests to a JSON file for the image rule.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from typing import Any

from pyinstall.common import tarball
from pyinstall.runtime.deb import open_deb
from pyinstall.common.errors import PyinstallError
from pyinstall.runtime.stdlib_pyc import compile_stdlib, upstream_version

# What base-files makes links to on a merged-/usr system.
_MERGED_USR = {"bin": "usr/bin", "sbin": "usr/sbin", "lib": "usr/lib", "lib64": "usr/lib64"}
NONROOT = 65532
_PASSWD = (
    "root:x:0:0:root:/root:/usr/sbin/nologin\n"
    f"nonroot:x:{NONROOT}:{NONROOT}:nonroot:/home/nonroot:/usr/sbin/nologin\n"
)
_GROUP = f"root:x:0:\nnonroot:x:{NONROOT}:\n"
_NSSWITCH = "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n"
_CA_BUNDLE = "etc/ssl/certs/ca-certificates.crt"
_LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip"


@dataclasses.dataclass(frozen=True)
class Options:
    lock: str
    architecture: str
    debs: tuple[str, ...]
    packages: tuple[str, ...]
    output: str
    digests: str
    source_date_epoch: int
    python_version: str
    pyc: str


def parse(argv: Sequence[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m pyinstall.runtime.rootfs", fromfile_prefix_chars="@")
    parser.add_argument("--lock", required=True, help="the lock written by tools/debian_lock.py")
    parser.add_argument("--architecture", required=True, help="the Debian architecture the lock must be for")
    parser.add_argument("--deb", action="append", default=[], help="a .deb of the lock")
    parser.add_argument("--package", action="append", default=[], help="only these packages (default: all)")
    parser.add_argument("--output", required=True, help="the layer (.tar.gz)")
    parser.add_argument("--digests", required=True, help="JSON file for diff_id, digest and size")
    parser.add_argument("--source-date-epoch", type=int, default=315532800)
    parser.add_argument("--python-version", required=True, help="major.minor of the runtime's CPython")
    parser.add_argument("--pyc", choices=("unchecked-hash", "none"), default="unchecked-hash",
                        help="compile the standard library's .pyc files, or not")
    ns = parser.parse_args(list(argv))
    return Options(ns.lock, ns.architecture, tuple(ns.deb), tuple(ns.package), ns.output, ns.digests,
                   ns.source_date_epoch, ns.python_version, ns.pyc)


def _refresh_hint(lock: str, extra: str = "") -> str:
    return f"run `python3 tools/debian_lock.py {lock}{extra}` in the workspace of the lock"


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def select_packages(options: Options) -> list[tuple[dict[str, Any], str]]:
    """(lock entry, .deb path) of every package going in the layer, each checked by sha256."""
    with open(options.lock, encoding="utf-8") as f:
        lock = json.load(f)
    if lock.get("architecture") != options.architecture:
        raise PyinstallError(options.lock, f"is for {lock.get('architecture')!r}, not {options.architecture!r}",
                             "give the rule the lock of its architecture")
    by_file = {os.path.basename(p["filename"]): p for p in lock["packages"]}
    by_name = {p["name"]: p for p in lock["packages"]}
    debs = {}
    for path in options.debs:
        package = by_file.get(os.path.basename(path))
        if package is None:
            raise PyinstallError(path, f"this .deb is not in {options.lock}", "pass only the lock's .deb files")
        debs[package["name"]] = path
    wanted = sorted(set(options.packages)) or sorted(by_name)
    chosen = []
    for name in wanted:
        if name not in by_name:
            raise PyinstallError(options.lock, f"package {name!r} is not in the lock",
                                 _refresh_hint(options.lock, f" --add {name}"))
        if name not in debs:
            raise PyinstallError(options.lock, f"no .deb was given for package {name!r}",
                                 "give the rule every .deb of the lock (@<hub>_<arch>_debs//:debs)")
        actual = _sha256(debs[name])
        if actual != by_name[name]["sha256"]:
            raise PyinstallError(debs[name], f"package {name} has sha256 {actual}, the lock says {by_name[name]['sha256']}",
                                 "the file was altered or the lock is stale: " + _refresh_hint(options.lock))
        chosen.append((by_name[name], debs[name]))
    return chosen


def _runtime_version(options: Options, packages: Sequence[dict[str, Any]]) -> str:
    """The CPython version of the layer, from its libpython<major.minor>-minimal package."""
    name = f"libpython{options.python_version}-minimal"
    for package in packages:
        if package["name"] == name:
            return upstream_version(package["version"])
    raise PyinstallError(options.lock, f"the layer has no {name}, so no Python {options.python_version}",
                         _refresh_hint(options.lock, f" --add {name}") + ", or set pyc = \"none\"")


def _normalize(path: str, is_link: bool = False) -> str:
    """The path in the layer: relative, and moved to /usr like dpkg does on merged-/usr."""
    path = os.path.normpath("/" + path).lstrip("/")  # "./usr/x" -> "usr/x", "./" -> ""
    head, _, rest = path.partition("/")
    if head in _MERGED_USR and (rest or not is_link):  # base-files' own /bin -> usr/bin stays
        path = f"{_MERGED_USR[head]}/{rest}".rstrip("/")
    return path


class Tree:
    """The merged file system: archive path -> tarball.Entry, file contents under `scratch`."""

    def __init__(self, scratch: str) -> None:
        self.scratch = scratch
        self.entries: dict[str, tarball.Entry] = {}
        self.owner: dict[str, str] = {}
        self._count = 0

    def _store(self, data: bytes) -> str:
        self._count += 1
        path = os.path.join(self.scratch, str(self._count))
        with open(path, "wb") as f:
            f.write(data)
        return path

    def add(self, entry: tarball.Entry, package: str, data: bytes | None = None) -> None:
        if data is not None:
            entry = dataclasses.replace(entry, source=self._store(data))
        previous = self.entries.get(entry.path)
        if previous is not None and not (previous.is_dir and entry.is_dir) and not self._same(previous, entry):
            raise PyinstallError(f"/{entry.path}", f"shipped differently by {self.owner[entry.path]} and {package}",
                                 "leave one of the two packages out of the lock (exclude list)")
        if previous is None or not previous.is_dir:
            self.entries[entry.path] = entry
            self.owner[entry.path] = package

    @staticmethod
    def _same(a: tarball.Entry, b: tarball.Entry) -> bool:
        if a.source and b.source:
            with open(a.source, "rb") as fa, open(b.source, "rb") as fb:
                return a.executable == b.executable and fa.read() == fb.read()
        return a.link_target == b.link_target and a.source == b.source

    def read(self, path: str) -> bytes | None:
        entry = self.entries.get(path)
        if entry is None or entry.source is None:
            return None
        with open(entry.source, "rb") as f:
            return f.read()


def unpack(tree: Tree, package: str, deb_path: str) -> None:
    """Merges the data of one `.deb` into `tree`, and records its control file as dpkg would."""
    deb = open_deb(deb_path)
    with deb.data() as tar:
        members = tar.getmembers()
        stored: dict[str, tarball.Entry] = {}
        for member in members:
            path = _normalize(member.name, is_link=member.issym())
            if not path:
                continue
            if member.isdir():
                tree.add(tarball.Entry(path), package)
            elif member.issym():
                tree.add(tarball.Entry(path, link_target=member.linkname), package)
            elif member.isfile():
                f = tar.extractfile(member)
                assert f is not None
                tree.add(tarball.Entry(path, executable=bool(member.mode & 0o111)), package, f.read())
                stored[path] = tree.entries[path]
            elif member.islnk():  # a hard link becomes a copy: layers hold no hard links
                target = stored.get(_normalize(member.linkname))
                if target is None:
                    raise PyinstallError(deb_path, f"{member.name} is a hard link to a file not before it")
                tree.add(dataclasses.replace(target, path=path), package)
            else:
                raise PyinstallError(deb_path, f"{member.name} is a device or fifo; a layer holds none",
                                     f"leave {package} out of the lock")
    tree.add(tarball.Entry(f"var/lib/dpkg/status.d/{package}"), package, deb.control())


def configure(tree: Tree) -> None:
    """What maintainer scripts and base-passwd would do, done the same way every time."""
    tree.add(tarball.Entry("etc/passwd"), "rootfs", _PASSWD.encode())
    tree.add(tarball.Entry("etc/group"), "rootfs", _GROUP.encode())
    if "etc/nsswitch.conf" not in tree.entries:
        tree.add(tarball.Entry("etc/nsswitch.conf"), "rootfs", _NSSWITCH.encode())
    for top, usr in _MERGED_USR.items():
        if top not in tree.entries:
            tree.add(tarball.Entry(top, link_target=usr), "rootfs")
    for path, mode in (("tmp", 0o1777), ("var/tmp", 0o1777), ("root", 0o700)):
        tree.entries[path] = tarball.Entry(path, mode=mode)  # replaces the packages' directory
        tree.owner[path] = "rootfs"
    tree.add(tarball.Entry("home/nonroot"), "rootfs")
    # update-ca-certificates: every certificate of the package, concatenated in path order.
    certs = sorted(p for p in tree.entries if p.startswith("usr/share/ca-certificates/") and p.endswith(".crt"))
    if certs:
        bundle = b"".join((tree.read(p) or b"").rstrip(b"\n") + b"\n" for p in certs)
        tree.add(tarball.Entry(_CA_BUNDLE), "rootfs", bundle)
        # OpenSSL's default paths on Debian (OPENSSLDIR=/usr/lib/ssl), as the openssl package links them.
        tree.entries.setdefault("usr/lib/ssl/cert.pem", tarball.Entry("usr/lib/ssl/cert.pem", link_target=f"/{_CA_BUNDLE}"))
        tree.entries.setdefault("usr/lib/ssl/certs", tarball.Entry("usr/lib/ssl/certs", link_target="/etc/ssl/certs"))
    if "usr/share/zoneinfo/Etc/UTC" in tree.entries:
        tree.add(tarball.Entry("etc/localtime", link_target="/usr/share/zoneinfo/Etc/UTC"), "rootfs")
        tree.add(tarball.Entry("etc/timezone"), "rootfs", b"Etc/UTC\n")


def main(argv: Sequence[str]) -> int:
    options = parse(argv)
    try:
        packages = select_packages(options)
        with tempfile.TemporaryDirectory(prefix="rootfs-") as scratch:
            tree = Tree(scratch)
            for package, deb in packages:
                unpack(tree, package["name"], deb)
            configure(tree)
            if options.pyc != "none":
                runtime = _runtime_version(options, [package for package, _ in packages])
                for entry in compile_stdlib(tree.entries, options.python_version, runtime, scratch):
                    tree.add(entry, "rootfs")
            digests = tarball.write_layer(tree.entries.values(), options.output, options.source_date_epoch)
    except PyinstallError as e:
        for path in (options.output, options.digests):
            if os.path.exists(path):
                os.remove(path)
        print(f"rules_pyinstall: error: {e}", file=sys.stderr)
        return 1
    with open(options.digests, "w", encoding="utf-8") as f:
        json.dump({
            "architecture": options.architecture,
            "diff_id": digests.diff_id,
            "digest": digests.digest,
            "media_type": _LAYER_MEDIA_TYPE,
            "size": digests.size,
        }, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"{options.output}: {len(packages)} Debian packages, {len(tree.entries)} entries, {digests.digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
