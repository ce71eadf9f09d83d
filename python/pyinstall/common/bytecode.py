"""Reproducible `.pyc` files: PEP 552 hash-based, sorted, with a path that is the same everywhere."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable, Iterable, Mapping
from importlib import _bootstrap_external
from typing import Any, NamedTuple

from pyinstall.common import isolated

_CHECKED = {"unchecked-hash": False, "checked-hash": True}

# Files per batch: each batch compiles in a process forked from the same state (see
# isolated.py), so the bytes depend on this constant, never on the number of workers. Big
# enough that a small wheel is one batch (no fork at all), small enough that pandas' 1,440
# files keep several workers busy to the end.
BATCH = 64


class Compiled(NamedTuple):
    """One `.pyc` written: its path relative to the root, sha256 digest and size."""

    path: str
    sha256: bytes
    size: int


def pyc_bytes(source: bytes, dfile: str, level: int, checked: bool) -> bytes | None:
    """The `.pyc` of `source` (None if it does not compile), `dfile` as `co_filename`."""
    try:
        code = compile(source, dfile, "exec", dont_inherit=True, optimize=level)
    except Exception:  # noqa: BLE001 - as pip: a file that does not compile gets no .pyc
        return None
    # The same header and marshal py_compile writes, without its temporary file and rename.
    data: bytes = _bootstrap_external._code_to_hash_pyc(  # type: ignore[attr-defined]
        code, importlib.util.source_hash(source), checked
    )
    return data


def _compile_batch(job: tuple[str, list[str], bool, list[int]]) -> list[tuple[str, bytes, int]]:
    root, relative_paths, checked, levels = job
    written = []
    for relative in relative_paths:
        source_path = os.path.join(root, relative)
        with open(source_path, "rb") as f:
            source = f.read()
        for level in levels:
            data = pyc_bytes(source, relative, level, checked)
            if data is None:
                continue
            cache = importlib.util.cache_from_source(source_path, optimization=level if level else "")
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            with open(cache, "wb") as f:
                f.write(data)
            written.append((os.path.relpath(cache, root), hashlib.sha256(data).digest(), len(data)))
    return written


def _in_batches(
    relative_paths: Iterable[str],
    mode: str,
    levels: Iterable[int],
    jobs: int,
    job: Callable[[list[str], bool, list[int]], Any],
    size: Callable[[str], int],
    work: Callable[[Any], list[Any]],
) -> list[Any]:
    """`work` of each batch of the sorted `.py` paths (`job` makes its argument), each in a
    fork, up to `jobs` at once; the results of all batches, in order."""
    if mode == "none":
        return []
    checked = _CHECKED[mode]
    order = sorted({level for level in levels})
    sources = sorted(p for p in relative_paths if p.endswith(".py"))
    chunks = [sources[i:i + BATCH] for i in range(0, len(sources), BATCH)]
    # The batches with the most source start first: compiling time follows the size.
    sizes = [sum(size(p) for p in chunk) for chunk in chunks]
    start = sorted(range(len(chunks)), key=lambda i: (-sizes[i], i))
    results = isolated.run_batches([job(chunk, checked, order) for chunk in chunks], work, jobs, start)
    return [item for batch in results for item in batch]


def compile_tree(
    root: str,
    relative_paths: Iterable[str],
    mode: str,
    levels: Iterable[int],
    jobs: int = 1,
) -> list[Compiled]:
    """Compiles each `root/<path>.py` with up to `jobs` processes; returns what it wrote.

    The path recorded in the code objects (`co_filename`) is the file's path relative to
    `root`, e.g. `site-packages/six.py`: no machine's directory ends up in a `.pyc`. A file
    that does not compile (Python 2 syntax, templates) gets no `.pyc`, as with pip. The
    result is in sorted order, and its bytes are the same whatever `jobs` is.
    """
    written = _in_batches(
        relative_paths, mode, levels, jobs,
        lambda chunk, checked, order: (root, chunk, checked, order),
        lambda p: os.path.getsize(os.path.join(root, p)),
        _compile_batch,
    )  # fmt: skip
    return [Compiled(path, digest, size) for path, digest, size in written]


def _compile_held(job: tuple[list[tuple[str, bytes]], bool, list[int]]) -> list[tuple[str, bytes]]:
    sources, checked, levels = job
    written = []
    for relative, source in sources:
        for level in levels:
            data = pyc_bytes(source, relative, level, checked)
            if data is not None:
                written.append((importlib.util.cache_from_source(relative, optimization=level if level else ""), data))
    return written


def compile_held(files: Mapping[str, bytes], mode: str, levels: Iterable[int], jobs: int = 1) -> list[tuple[str, bytes]]:
    """`compile_tree` of the `.py` files held in memory (`files`: path -> bytes): the `.pyc`
    paths and bytes, the very ones `compile_tree` writes for the same files on disk.

    The batches are the same, each compiled in a fork of this process as there; the forks
    read the sources from the memory they inherit.
    """
    return _in_batches(
        files, mode, levels, jobs,
        lambda chunk, checked, order: ([(p, files[p]) for p in chunk], checked, order),
        lambda p: len(files[p]),
        _compile_held,
    )  # fmt: skip


def compile_sources(root: str, relative_paths: Iterable[str], mode: str, levels: Iterable[int]) -> list[str]:
    """`compile_tree` in this process alone; returns the `.pyc` paths, relative to `root`."""
    return [c.path for c in compile_tree(root, relative_paths, mode, levels)]
