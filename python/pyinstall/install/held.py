"""A wheel installed into memory: the tree `TreeDestination` writes, as bytes, for a layer.

An image needs a wheel's files only inside its layer's tar. Written to a scratch directory
first, each of them costs creating, writing, normalizing, listing, reading back and deleting
a file (pandas: 2,900 files; all 55 wheels of the benchmark: 15,000 files, 544 MiB), which is
a good part of the kernel time of an image build. Held here, the files go from the wheel to
the tar through memory. The tree is the same, path for path and byte for byte: the same
checks, the same `.pyc` bytes (the same compile batches, forked from the same state) and the
same RECORD (`//tests/install` runs its suites through both).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
from collections.abc import Iterable
from typing import BinaryIO, NamedTuple

from pyinstall.common import bytecode
from pyinstall.install.destination import TreeDestination


class HeldFile(NamedTuple):
    data: bytes
    executable: bool
    sha256: str  # hex, for the layer's manifest: each file is hashed once


class HeldDestination(TreeDestination):
    """A `TreeDestination` that keeps the tree in `files`: tree path -> HeldFile."""

    forked_writes = False  # a forked process's writes would not reach this one's memory

    def __init__(self, label: str, distribution: str, shebang: bytes, pyc: str, optimize: Iterable[int], jobs: int = 1) -> None:
        super().__init__("", label, distribution, shebang, pyc, optimize, jobs)
        self.files: dict[str, HeldFile] = {}
        self._dirs: set[str] = set()

    def _taken(self, relative: str) -> bool:
        """Whether a file or directory is at `relative`, or a file where a parent goes."""
        if relative in self.files or relative in self._dirs:
            return True
        parent = os.path.dirname(relative)
        while parent and parent not in self._dirs:
            if parent in self.files:
                return True
            parent = os.path.dirname(parent)
        return False

    def _put(self, relative: str, data: bytes, executable: bool, sha256: bytes | None = None) -> None:
        self.files[relative] = HeldFile(data, executable, (sha256 or hashlib.sha256(data).digest()).hex())
        parent = os.path.dirname(relative)
        while parent and parent not in self._dirs:
            self._dirs.add(parent)
            parent = os.path.dirname(parent)

    def _store(self, relative: str, stream: BinaryIO, is_executable: bool, origin: str) -> tuple[str, int]:
        if self._taken(relative):
            raise self._clash(relative, origin)
        data = stream.read()
        sha256 = hashlib.sha256(data).digest()
        self._put(relative, data, is_executable, sha256)
        # installer's encoding of a RECORD hash, as copyfileobj_with_hashing returns it.
        return base64.urlsafe_b64encode(sha256).decode("ascii").rstrip("="), len(data)

    def _store_record(self, relative: str, data: bytes) -> None:
        if self._taken(relative):
            raise self._clash(relative, "RECORD")
        self._put(relative, data, False)

    def _compile(self, sources: list[str]) -> list[bytecode.Compiled]:
        if self.pyc == "none":
            return []
        for source in sources:
            for level in self.optimize if source.endswith(".py") else ():
                cache = importlib.util.cache_from_source(source, optimization=level if level else "")
                if self._taken(cache) or self._taken(os.path.dirname(cache)) and os.path.dirname(cache) not in self._dirs:
                    raise self.pyc_error(f"a file or directory of the wheel is at {cache}")
        sources_bytes = {path: self.files[path].data for path in sources if path.endswith(".py")}
        compiled = []
        for path, data in bytecode.compile_held(sources_bytes, self.pyc, self.optimize, self.jobs):
            sha256 = hashlib.sha256(data).digest()
            self._put(path, data, False, sha256)
            compiled.append(bytecode.Compiled(path, sha256, len(data)))
        return compiled

