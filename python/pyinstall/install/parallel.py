"""Writing a big wheel's entries in several processes at once.

Decompressing, hashing and writing scipy's 2,400 entries (140 MB) is a third of its install;
with `--jobs` above 1 the entries are split into chunks of about equal size, each written by
a forked process that opens the archive anew (a forked file offset is shared). A file's bytes
do not depend on which process wrote it, so the tree is the one a serial install writes.

Where a serial install would meet two entries of one path, or a file where a directory goes,
only when writing the second, the chunks are checked for that first: a process never depends
on another's files.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, NamedTuple, cast

from installer.records import Hash, RecordEntry
from installer.utils import Scheme

from pyinstall.common import isolated
from pyinstall.common.errors import PyinstallError
from pyinstall.install.destination import TreeDestination
from pyinstall.install.wheel_source import READ_ERRORS, CheckedWheel

# Below this many entries one process writes them: a fork costs more than it saves.
MIN_ENTRIES = 128


class Planned(NamedTuple):
    """One archive entry to write: where it goes, and whether it is executable."""

    name: str
    scheme: Scheme
    path: str
    executable: bool


def write_one(wheel: CheckedWheel, destination: TreeDestination, entry: Planned, open_entry: Callable[[str], BinaryIO]) -> RecordEntry:
    """Writes one entry, read with `open_entry`, and checks it against RECORD."""
    try:
        with open_entry(entry.name) as stream:
            record = destination.write_entry(entry.scheme, entry.path, stream, entry.executable, origin=entry.name)
    except READ_ERRORS as exc:  # TreeDestination turns its own OSErrors into PyinstallErrors
        raise wheel.error(f"entry {entry.name!r} cannot be read ({exc})", "the download is corrupt; fetch it again") from exc
    wheel.verify_written(entry.name, record)
    return record


def check_paths(destination: TreeDestination, entries: Sequence[Planned]) -> None:
    """Raises the error a serial install would meet if two entries (or an entry and a file
    already written, such as a launcher) go to one path, or one goes where another needs a
    directory."""
    seen = dict(destination.origins)
    names: dict[str, str] = {}
    for entry in entries:
        relative = destination.tree_path(entry.scheme, entry.path)
        if relative in seen:
            raise destination.clash_between(seen[relative], relative, entry.name)
        seen[relative] = f"entry {entry.name!r}"
        names[relative] = entry.name
    for relative, name in names.items():
        parent = os.path.dirname(relative)
        while parent:
            if parent in seen:
                raise destination.clash_between(None, relative, name)
            parent = os.path.dirname(parent)


def write_all(wheel: CheckedWheel, destination: TreeDestination, entries: Sequence[Planned]) -> list[RecordEntry]:
    """Writes `entries` with up to `destination.jobs` processes; returns their records in order."""
    check_paths(destination, entries)
    chunks = _chunks(wheel, entries, destination.jobs * 4)
    archive = wheel.archive_path()
    results = isolated.run_batches([(archive, chunk) for chunk in chunks], _write_chunk(wheel, destination, entries), destination.jobs)
    digests: dict[int, tuple[str, int]] = {}
    for result in results:
        if result and result[0] == "error":
            raise PyinstallError(result[1], result[2], result[3])
        digests.update({index: (digest, size) for index, digest, size in result[1]})
    records = []
    for index, entry in enumerate(entries):
        digest, size = digests[index]
        relative = destination.tree_path(entry.scheme, entry.path)
        destination.origins[relative] = f"entry {entry.name!r}"
        records.append(RecordEntry(entry.path, Hash("sha256", digest), size))
    return records


def _chunks(wheel: CheckedWheel, entries: Sequence[Planned], count: int) -> list[list[int]]:
    """Entry indexes in `count` chunks of about equal uncompressed size, largest first."""
    sizes = [wheel.member_size(e.name) for e in entries]
    chunks: list[list[int]] = [[] for _ in range(max(1, count))]
    totals = [0] * len(chunks)
    for index in sorted(range(len(entries)), key=lambda i: (-sizes[i], i)):
        smallest = totals.index(min(totals))
        chunks[smallest].append(index)
        totals[smallest] += sizes[index]
    return [sorted(c) for c in chunks if c]


_Chunk = tuple[str, list[int]]


def _write_chunk(
    wheel: CheckedWheel, destination: TreeDestination, entries: Sequence[Planned]
) -> Callable[[_Chunk], tuple[Any, ...]]:
    """The work of one forked process: write a chunk's entries, return their digests or the error."""

    def work(job: _Chunk) -> tuple[Any, ...]:
        path, indexes = job
        written = []
        try:
            with zipfile.ZipFile(path) as archive:
                for index in indexes:
                    record = write_one(wheel, destination, entries[index], lambda name: cast(BinaryIO, archive.open(name)))
                    assert record.hash_ is not None and record.size is not None
                    written.append((index, record.hash_.value, record.size))
        except PyinstallError as exc:
            return ("error", exc.subject, exc.problem, exc.hint)
        return ("ok", written)

    return work
