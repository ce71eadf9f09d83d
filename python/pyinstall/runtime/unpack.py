"""Unpacking the data of Debian packages into one directory, several packages at once.

    python3 -m pyinstall.runtime.unpack --output DIR DEB...

Run at fetch time by the runtime and C toolchain repositories (rules/private/runtime), with
the machine's Python: Bazel's own `extract` unpacks one archive after another in its JVM,
about 2 s for the 28 packages of a Python runtime, half that in two processes here. The tree
is what unpacking the packages one after another, in the order given, writes: a path two
packages ship is unpacked again from the later one at the end. Owners are not restored, and
set-id bits and group or other write permission are cleared (tarfile's `tar` filter), and a
symbolic link to an absolute path points to that path in the tree instead.

Exit status 0, or 1 with one `rules_pyinstall: error:` line, or 3 when a package is
compressed in a way this Python cannot read (zstd before Python 3.14): the caller then
unpacks with Bazel instead.
"""

from __future__ import annotations

import argparse
import lzma
import os
import posixpath
import shutil
import sys
import tarfile
import zlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import NamedTuple

from pyinstall.common.errors import PyinstallError
from pyinstall.runtime import deb

UNREADABLE = 3
# A damaged archive, as opposed to a tree that could not be written.
_DATA_ERRORS = (tarfile.ReadError, tarfile.CompressionError, tarfile.HeaderError, EOFError, lzma.LZMAError, zlib.error)


class Unreadable(Exception):
    """A package this Python cannot decompress."""


def _member_filter(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    if member.isdev():
        return None  # device files need privileges, and a runtime never opens them
    if member.issym() and member.linkname.startswith("/"):
        # /usr/lib/python3.13/sitecustomize.py -> /etc/python3.13/...: the machine's own file
        # if left absolute; relative, it is the package's, wherever the tree is.
        start = posixpath.dirname(member.name.lstrip("/"))
        member = member.replace(linkname=posixpath.relpath(member.linkname.lstrip("/") or ".", start or "."), deep=False)
    checked: tarfile.TarInfo = tarfile.tar_filter(member, path)
    # Files belong to whoever fetches, as with Bazel's own extract.
    return checked.replace(uid=os.getuid(), gid=os.getgid(), uname="", gname="", deep=False)


class Contents(NamedTuple):
    """What a package's data holds: files and links, directories, and which are symbolic links."""

    files: list[str]
    dirs: list[str]
    symlinks: list[str]


def _unpack(path: str, output: str, only: frozenset[str] | None = None) -> Contents:
    """Unpacks the data of the package at `path` (only the members named in `only`, each
    replacing what is there, if given); returns what the package holds."""
    package = deb.open_deb(path)
    try:
        return _extract(package.data(), output, only)
    except PyinstallError as exc:
        if ".zst" in exc.problem:
            raise Unreadable(exc.problem) from exc
        raise
    except _DATA_ERRORS as exc:
        raise PyinstallError(path, f"its data cannot be unpacked ({exc})", "the download is corrupt; fetch it again") from exc


def _extract(tar: tarfile.TarFile, output: str, only: frozenset[str] | None) -> Contents:
    with tar:
        members = tar.getmembers()
        chosen = members
        if only is not None:
            chosen = [m for m in members if m.name in only]
            for member in chosen:
                target = os.path.join(output, member.name)
                if os.path.lexists(target) and not os.path.isdir(target):
                    os.unlink(target)  # a link there would be written through, not replaced
        tar.extractall(output, members=chosen, filter=_member_filter)
    return Contents([m.name for m in members if not m.isdir()], [m.name for m in members if m.isdir()],
                    [m.name for m in members if m.issym()])


def _needs_order(contents: Sequence[Contents]) -> bool:
    """Whether a package's symbolic link is a directory of another: unpacked at once, the
    tree would depend on which came first."""
    links = {name for c in contents for name in c.symlinks}
    if not links:
        return False
    for c in contents:
        for name in c.files + c.dirs:
            parts = name.split("/")
            if any("/".join(parts[:i]) in links for i in range(1, len(parts))):
                return True
        if any(name in links for name in c.dirs):
            return True
    return False


def unpack_all(packages: Sequence[str], output: str, jobs: int) -> None:
    """Unpacks every package into `output`, as if one after another in this order."""
    if not hasattr(tarfile, "tar_filter"):
        raise Unreadable(f"Python {sys.version.split()[0]} has no tarfile filters (3.11.4 and later have)")
    os.makedirs(output, exist_ok=True)
    try:
        with ProcessPoolExecutor(max(1, min(jobs, len(packages)))) as pool:
            # The largest first: the pool's last package should be a small one.
            order = sorted(packages, key=lambda p: -os.path.getsize(p))
            by_path = dict(zip(order, pool.map(_unpack, order, [output] * len(order))))
        contents = [by_path[p] for p in packages]
        in_order = _needs_order(contents)
    except (OSError, tarfile.TarError):
        # A link over another package's directory met it being made; or a broken package,
        # which unpacking in order reports again.
        in_order = True
    if in_order:
        shutil.rmtree(output)
        os.makedirs(output)
        for path in packages:
            _unpack(path, output)
        return
    owners: dict[str, list[str]] = {}
    for path, c in zip(packages, contents):
        for name in c.files:
            owners.setdefault(name, []).append(path)
    redo: dict[str, set[str]] = {}
    for name, paths in owners.items():
        if len(paths) > 1:
            redo.setdefault(paths[-1], set()).add(name)
    for path in packages:  # in order: the later package's copy is the one that stays
        if path in redo:
            _unpack(path, output, frozenset(redo[path]))


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m pyinstall.runtime.unpack")
    parser.add_argument("--output", required=True, help="the directory to unpack into")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="packages unpacked at once")
    parser.add_argument("packages", nargs="+", metavar="DEB")
    ns = parser.parse_args(list(argv))
    try:
        unpack_all(ns.packages, ns.output, ns.jobs)
    except Unreadable as exc:
        print(f"rules_pyinstall: {exc}", file=sys.stderr)
        return UNREADABLE
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    except (OSError, tarfile.TarError, EOFError) as exc:
        print(f"rules_pyinstall: error: unpacking Debian packages into {ns.output}: {exc}\n"
              "  hint: the download is corrupt or the disk is full; fetch again", file=sys.stderr)
        return 1
    print(f"unpacked {len(ns.packages)} packages into {ns.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
