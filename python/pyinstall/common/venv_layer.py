"""Installed wheel trees placed in a virtual environment: the entries of a deterministic layer.

Each tree (the layout of `wheel_install`) lands in the environment at `prefix`:
`site-packages/` in `lib/pythonX.Y/site-packages/`, `bin/` in `bin/`, `include/<dist>/` in
`include/site/pythonX.Y/<dist>/`, `data/` in the prefix itself: the places a `python -m venv`
environment has them; scripts starting with `#!/usr/bin/env python3` start with
`#!<prefix>/bin/python3` instead, as pip writes them in a virtual environment. Two trees may
hold the same path only with the same bytes (`pyinstall.common.manifests`).

Shared by the two helpers that write a wheel's layer: `pyinstall.image.layers` reads the trees
`wheel_install` wrote, `pyinstall.install.layer` installs the wheels itself, into memory (a
`Tree` whose files are `held`) or, past a size, into scratch trees.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Mapping

from pyinstall.common import manifests as manifests_
from pyinstall.common import tarball
from pyinstall.common.errors import PyinstallError

# The interpreter line of scripts that run "python3 from PATH" (wheel_install's default).
ENV_SHEBANG = b"#!/usr/bin/env python3"


@dataclasses.dataclass(frozen=True)
class Tree:
    """One installed wheel: where it is on disk (or its files, held in memory: tree path ->
    bytes and their sha256 in hex) and what it is, for error messages."""

    distribution: str
    version: str
    label: str
    path: str
    held: Mapping[str, tuple[bytes, str]] | None = dataclasses.field(default=None, repr=False)

    def describe(self) -> str:
        return f"{self.distribution} {self.version} ({self.label})"


@dataclasses.dataclass(frozen=True)
class _Member:
    entry: tarball.Entry
    sha256: str  # of a file's bytes, or "" for a directory


def venv_dirs(prefix: str, python_version: str) -> dict[str, str]:
    """Where each top-level directory of an installed tree goes in the image (no leading '/')."""
    prefix = prefix.strip("/")
    python = f"python{python_version}"
    return {
        "site-packages": f"{prefix}/lib/{python}/site-packages",
        "bin": f"{prefix}/bin",
        "include": f"{prefix}/include/site/{python}",
        "data": prefix,
    }


def _sha256_and_shebang(path: str) -> tuple[str, bool]:
    """The file's sha256, and whether it starts with "#!": one open and one pass per file."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        first = f.read(1 << 20)
        shebang = first.startswith(b"#!")
        while first:
            digest.update(first)
            first = f.read(1 << 20)
    return digest.hexdigest(), shebang


def _top_error(tree: Tree, top: str, dirs: dict[str, str]) -> PyinstallError:
    return PyinstallError(
        tree.path,
        f"{tree.describe()} has {top!r} at the top of its tree; an installed tree holds "
        f"only {', '.join(sorted(dirs))}",
        "give the layer rule `wheel_install` trees (or targets providing WheelTreeInfo)",
    )


def _members(tree: Tree, dirs: dict[str, str], scratch: str) -> Iterator[_Member]:
    if tree.held is not None:
        yield from _held(tree, tree.held, dirs)
        return
    for top in sorted(os.listdir(tree.path)):
        if top not in dirs:
            raise _top_error(tree, top, dirs)
        yield from _walk(os.path.join(tree.path, top), dirs[top], scratch)


def _held(tree: Tree, files: Mapping[str, tuple[bytes, str]], dirs: dict[str, str]) -> Iterator[_Member]:
    """The members of a tree held in memory: its files, and the directories holding them."""
    placed: set[str] = set()
    for path in sorted(files):
        top, _, rest = path.partition("/")
        if top not in dirs or not rest:
            raise _top_error(tree, top, dirs)
        prefix = dirs[top]
        parts = rest.split("/")
        for depth in range(1, len(parts)):
            directory = os.path.normpath(os.path.join(prefix, *parts[:depth]))
            if directory not in placed:
                placed.add(directory)
                yield _Member(tarball.Entry(directory), "")
        held, sha256 = files[path]
        in_bin = prefix.endswith("/bin")
        data = venv_script(held, prefix) if in_bin else held
        if data is not held:
            sha256 = hashlib.sha256(data).hexdigest()
        entry = tarball.Entry(os.path.normpath(os.path.join(prefix, rest)), data=data, executable=in_bin or data.startswith(b"#!"))
        yield _Member(entry, sha256)


def _walk(root: str, prefix: str, scratch: str) -> Iterator[_Member]:
    # An installed tree holds only files and directories (wheel_install refuses links), but a
    # sandbox stages each file of an input tree as a symbolic link: so links are followed.
    for directory, dirnames, filenames in os.walk(root, followlinks=True):
        relative_dir = os.path.relpath(directory, root)
        for name in sorted(dirnames + filenames):
            path = os.path.join(directory, name)
            archive_path = os.path.normpath(os.path.join(prefix, relative_dir, name))
            st = os.stat(path)
            if stat.S_ISDIR(st.st_mode):
                yield _Member(tarball.Entry(archive_path), "")
            else:
                if prefix.endswith("/bin"):
                    path = _venv_script(path, archive_path, prefix, scratch)
                sha256, shebang = _sha256_and_shebang(path)
                # Bazel marks every output file executable, so the mode of an input tree says
                # nothing: scripts in bin/ and files starting with "#!" are executable, nothing
                # else is (shared libraries load without the bit).
                entry = tarball.Entry(archive_path, source=path, executable=shebang or prefix.endswith("/bin"))
                yield _Member(entry, sha256)


def venv_script(content: bytes, bin_dir: str) -> bytes:
    """The script, its `#!/usr/bin/env python3` line made `#!/<prefix>/bin/python3`.

    As pip does in a virtual environment: the script runs in it from any PATH, and in a
    base image without /usr/bin/env (distroless, the Debian runtime layer).
    """
    first, newline, rest = content.partition(b"\n")
    if first.rstrip() != ENV_SHEBANG:
        return content
    return f"#!/{bin_dir}/python3".encode() + newline + rest


def _venv_script(path: str, archive_path: str, bin_dir: str, scratch: str) -> str:
    """`venv_script` of the file at `path`: the path of its rewritten copy, if rewritten."""
    with open(path, "rb") as f:
        content = f.read()
    rewritten_content = venv_script(content, bin_dir)
    if rewritten_content is content:
        return path
    rewritten = os.path.join(scratch, archive_path)
    os.makedirs(os.path.dirname(rewritten), exist_ok=True)
    with open(rewritten, "wb") as f:
        f.write(rewritten_content)
    return rewritten


def merge(trees: Iterable[Tree], prefix: str, python_version: str, scratch: str) -> tuple[list[tarball.Entry], list[manifests_.Manifest]]:
    """The entries of all trees, one per path, and each tree's manifest.

    Rewritten scripts are written under `scratch`. Raises PyinstallError when two trees put
    different things at one path.
    """
    dirs = venv_dirs(prefix, python_version)
    by_path: dict[str, tarball.Entry] = {}
    manifests = []
    for tree in trees:
        files = {}
        for member in _members(tree, dirs, scratch):
            by_path.setdefault(member.entry.path, member.entry)
            files[member.entry.path] = member.sha256
        manifests.append(manifests_.Manifest(tree.describe(), files))
    manifests_.check(manifests)
    return [by_path[path] for path in sorted(by_path)], manifests
