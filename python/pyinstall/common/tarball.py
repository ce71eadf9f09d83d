"""Deterministic tar layers: the same files always give the same bytes, gzipped or not.

Entries are sorted by path, each parent directory appears before its children, owners are
numeric 0 with empty names, modes are 0755 (directories, executables) or 0644, symbolic links
keep their target, every mtime is one epoch, and the format is PAX with no time-dependent
header. gzip output is libdeflate's at a fixed level (`gzip_members`), with no name and no time
in its headers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import stat
import tarfile
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from pyinstall.common import gzip_members

if TYPE_CHECKING:
    from collections.abc import Buffer


class _Writable(Protocol):
    def write(self, data: Buffer, /) -> int: ...

GZIP_LEVEL = 6  # libdeflate's level; the `gzip_level` flag chooses the layers' (default 1)


@dataclasses.dataclass(frozen=True)
class Entry:
    """One member: a file copied from `source` or holding `data`, a directory, or a link to
    `link_target`."""

    path: str  # inside the archive, relative, '/'-separated, no leading './'
    source: str | None = None  # a regular file on disk
    link_target: str | None = None  # a symbolic link
    executable: bool = False
    mode: int | None = None  # overrides the normalized mode (e.g. 0o1777 for /tmp)
    data: bytes | None = dataclasses.field(default=None, repr=False)  # a file's bytes, in memory

    @property
    def is_dir(self) -> bool:
        return self.source is None and self.link_target is None and self.data is None


def entries_from_tree(root: str, prefix: str) -> Iterator[Entry]:
    """The files and directories under `root`, placed at `prefix` in the archive.

    Links are followed: a Bazel sandbox stages every file of an input tree as a link.
    """
    prefix = prefix.strip("/")
    for directory, dirnames, filenames in os.walk(root, followlinks=True):
        relative_dir = os.path.relpath(directory, root)
        for name in dirnames + filenames:
            path = os.path.join(directory, name)
            relative = os.path.normpath(os.path.join(relative_dir, name))
            archive_path = f"{prefix}/{relative}" if prefix else relative
            st = os.stat(path)
            if stat.S_ISDIR(st.st_mode):
                yield Entry(archive_path)
            elif stat.S_ISREG(st.st_mode):
                yield Entry(archive_path, source=path, executable=bool(st.st_mode & stat.S_IXUSR))
            else:
                raise ValueError(f"{path}: only files and directories can go in a layer")


def _parents(path: str) -> Iterator[str]:
    parts = path.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        yield "/".join(parts[:i])


def _complete(entries: Iterable[Entry]) -> list[Entry]:
    """Adds missing parent directories; refuses two different members at one path."""
    by_path: dict[str, Entry] = {}
    for entry in entries:
        path = entry.path.strip("/")
        if not path or path.startswith("../") or "/../" in f"/{path}/":
            raise ValueError(f"{entry.path!r} is not a relative path inside the layer")
        entry = dataclasses.replace(entry, path=path)
        previous = by_path.get(path)
        if previous is not None and previous != entry and not (previous.is_dir and entry.is_dir):
            raise ValueError(f"two different members for {path!r} in one layer")
        by_path[path] = entry
    for path in list(by_path):
        for parent in _parents(path):
            by_path.setdefault(parent, Entry(parent))
    return [by_path[path] for path in sorted(by_path, key=lambda p: p.split("/"))]


def _info(entry: Entry, epoch: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(entry.path)
    info.mtime = epoch
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if entry.link_target is not None:
        info.type = tarfile.SYMTYPE
        info.linkname = entry.link_target
        info.mode = 0o777
    elif entry.is_dir:
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
    else:
        info.type = tarfile.REGTYPE
        info.mode = 0o755 if entry.executable else 0o644
        if entry.data is not None:
            info.size = len(entry.data)
        else:
            assert entry.source is not None
            info.size = os.path.getsize(entry.source)
    if entry.mode is not None:
        info.mode = entry.mode
    return info


class _Digesting(io.RawIOBase):
    """A write-only stream that hashes and counts what goes through it to `inner`."""

    def __init__(self, inner: _Writable) -> None:
        self.inner = inner
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.size

    def write(self, data: Buffer, /) -> int:
        view = memoryview(data)
        self.sha256.update(view)
        self.size += view.nbytes
        self.inner.write(view)
        return view.nbytes


@dataclasses.dataclass(frozen=True)
class LayerDigests:
    diff_id: str  # sha256 of the uncompressed tar, "sha256:<hex>"
    digest: str  # sha256 of the file as written
    size: int  # bytes of the file as written


def write_layer(
    entries: Iterable[Entry], output: str, epoch: int, compress: bool = True, level: int = GZIP_LEVEL
) -> LayerDigests:
    """Writes a deterministic tar (gzipped at `level` when `compress`) to `output`."""
    with open(output, "wb") as raw:
        on_disk = _Digesting(raw)
        gz = gzip_members.GzipMembers(on_disk, level) if compress else None
        uncompressed = _Digesting(gz if gz is not None else on_disk)
        # Mode "w", not the stream mode "w|": its buffer is copied again at every write, which
        # made writing a large layer quadratic in the buffer size. The bytes are the same.
        with tarfile.open(fileobj=uncompressed, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for entry in _complete(entries):
                info = _info(entry, epoch)
                if info.isreg() and entry.data is not None:
                    tar.addfile(info, io.BytesIO(entry.data))
                elif info.isreg():
                    assert entry.source is not None
                    with open(entry.source, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
        if gz is not None:
            gz.close()
    return LayerDigests(
        diff_id="sha256:" + uncompressed.sha256.hexdigest(),
        digest="sha256:" + on_disk.sha256.hexdigest(),
        size=on_disk.size,
    )
