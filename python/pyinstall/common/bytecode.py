"""Reproducible `.pyc` files: PEP 552 hash-based, sorted, with a path that is the same everywhere."""

from __future__ import annotations

import importlib.util
import os
import py_compile
from collections.abc import Iterable

_MODES = {
    "unchecked-hash": py_compile.PycInvalidationMode.UNCHECKED_HASH,
    "checked-hash": py_compile.PycInvalidationMode.CHECKED_HASH,
}


def compile_sources(
    root: str,
    relative_paths: Iterable[str],
    mode: str,
    levels: Iterable[int],
) -> list[str]:
    """Compiles each `root/<path>.py`; returns the `.pyc` paths written, relative to `root`.

    The path recorded in the code objects (`co_filename`) is the file's path relative to
    `root`, e.g. `site-packages/six.py`: no machine's directory ends up in a `.pyc`. Python
    replaces it with the real source path when it imports the module from source's side.
    A file that does not compile (Python 2 syntax, templates) gets no `.pyc`, as with pip.
    """
    if mode == "none":
        return []
    invalidation = _MODES[mode]
    written = []
    for relative in sorted(relative_paths):
        if not relative.endswith(".py"):
            continue
        source = os.path.join(root, relative)
        for level in sorted(set(levels)):
            cache = importlib.util.cache_from_source(source, optimization=level if level else "")
            try:
                py_compile.compile(
                    source,
                    cfile=cache,
                    dfile=relative,
                    doraise=True,
                    optimize=level,
                    invalidation_mode=invalidation,
                )
            except (py_compile.PyCompileError, SyntaxError, ValueError, UnicodeDecodeError):
                continue
            written.append(os.path.relpath(cache, root))
    return written
