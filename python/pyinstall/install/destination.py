"""Where installer writes: one tree with a fixed layout, and a RECORD that lists all of it."""

from __future__ import annotations

import base64
import csv
import io
import os
from collections.abc import Iterable
from typing import BinaryIO

from installer.destinations import WheelDestination
from installer.records import Hash, RecordEntry
from installer.utils import Scheme, copyfileobj_with_hashing

from pyinstall.common import bytecode
from pyinstall.install import scripts
from pyinstall.install.entry_points import Launcher
from pyinstall.common.errors import PyinstallError

SITE_PACKAGES = "site-packages"


def scheme_dirs(distribution: str) -> dict[str, str]:
    """Each install scheme's directory in the tree (the layout WheelTreeInfo documents)."""
    return {
        "purelib": SITE_PACKAGES,
        "platlib": SITE_PACKAGES,
        "scripts": "bin",
        "headers": f"include/{distribution}",
        "data": "data",
    }


class TreeDestination(WheelDestination):
    """Writes one wheel into `root`, compiles its `.pyc` files and writes a sorted RECORD.

    Where the files go is `_store`, `_store_record` and `_compile`: `pyinstall.install.held`
    keeps them in memory instead.
    """

    # Whether a big wheel's entries may be written by forked processes (`parallel`).
    forked_writes = True

    def __init__(
        self,
        root: str,
        label: str,
        distribution: str,
        shebang: bytes,
        pyc: str,
        optimize: Iterable[int],
        jobs: int = 1,
    ) -> None:
        self.root = root
        self.label = label
        self.dirs = scheme_dirs(distribution)
        self.shebang = shebang
        self.pyc = pyc
        self.optimize = tuple(optimize)
        self.jobs = jobs
        self.compiled: list[str] = []
        self.origins: dict[str, str] = {}  # tree path -> what wrote it, for clash errors

    def _tree_path(self, scheme: Scheme, path: str) -> str:
        relative = os.path.normpath(os.path.join(self.dirs[scheme], path))
        if relative.startswith("..") or os.path.isabs(relative):
            raise PyinstallError(self.label, f"{path!r} would be written outside the install root")
        return relative

    def tree_path(self, scheme: Scheme, path: str) -> str:
        """Where `path` of `scheme` goes, relative to the root; refuses a path outside it."""
        return self._tree_path(scheme, path)

    def _clash(self, relative: str, origin: str) -> PyinstallError:
        return self.clash_between(self.origins.get(relative), relative, origin)

    def clash_between(self, first: str | None, relative: str, origin: str) -> PyinstallError:
        """The error for entry `origin` installing to `relative`, taken by `first` (what wrote
        it, as in `origins`) or, if None, by a directory."""
        if first is None:  # a directory made for other files, or a file where a directory is needed
            return PyinstallError(
                self.label,
                f"entry {origin!r} installs to {relative!r}, where the wheel also has a directory "
                "(or a file where it needs one)",
                "a path cannot be both a file and a directory; the wheel is malformed, report it to its maintainers",
            )
        if first.startswith("entry point "):
            hint = "the wheel ships a script of the same name as one of its entry points; the wheel is malformed"
        else:
            hint = "the wheel is malformed (a file is both in the archive root and in .data/purelib or platlib)"
        return PyinstallError(self.label, f"{first} and entry {origin!r} both install to {relative!r}", hint)

    def _write(self, scheme: Scheme, path: str, stream: BinaryIO, is_executable: bool, origin: str) -> RecordEntry:
        relative = self._tree_path(scheme, path)
        digest, size = self._store(relative, stream, is_executable, origin)
        self.origins[relative] = origin if origin.startswith("entry point ") else f"entry {origin!r}"
        return RecordEntry(path, Hash("sha256", digest), size)

    def _store(self, relative: str, stream: BinaryIO, is_executable: bool, origin: str) -> tuple[str, int]:
        """Writes the file `relative` (refusing one that is there); returns its sha256 and size."""
        target = os.path.join(self.root, relative)
        if os.path.lexists(target):
            raise self._clash(relative, origin)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "xb") as f:
                digest, size = copyfileobj_with_hashing(stream, f, "sha256")
        except (FileExistsError, NotADirectoryError, IsADirectoryError) as exc:
            raise self._clash(relative, origin) from exc
        except OSError as exc:
            if not exc.filename:  # reading the archive failed, not writing the tree
                raise
            raise PyinstallError(
                self.label,
                f"entry {origin!r} cannot be written to {relative!r} ({exc.strerror})",
                "the file system refuses this name or ran out of space; if the name is at fault, the wheel is malformed",
            ) from exc
        os.chmod(target, 0o755 if is_executable else 0o644)
        return digest, size

    def write_entry(self, scheme: Scheme, path: str, stream: BinaryIO, is_executable: bool, origin: str) -> RecordEntry:
        """Writes the archive entry `origin` (named in errors) to `path` of `scheme`."""
        if scheme == "scripts":
            content = scripts.rewrite_placeholder(stream.read(), self.shebang)
            return self._write(scheme, path, io.BytesIO(content), True, origin)
        return self._write(scheme, path, stream, is_executable, origin)

    def write_file(
        self,
        scheme: Scheme,
        path: str | os.PathLike[str],
        stream: BinaryIO,
        is_executable: bool,
    ) -> RecordEntry:
        return self.write_entry(scheme, os.fspath(path), stream, is_executable, origin=os.fspath(path))

    def write_launcher(self, launcher: Launcher) -> RecordEntry:
        return self.write_script(launcher.name, launcher.module, launcher.attr, launcher.section)

    def write_script(self, name: str, module: str, attr: str, section: str) -> RecordEntry:
        content = scripts.entry_point_script(name, module, attr, section, self.shebang)
        return self._write(Scheme("scripts"), name, io.BytesIO(content), True, f"entry point {name!r}")

    def finalize_installation(
        self,
        scheme: Scheme,
        record_file_path: str,
        records: Iterable[tuple[Scheme, RecordEntry]],
    ) -> None:
        rows: dict[str, tuple[str, str]] = {}
        sources = []
        for file_scheme, record in records:
            relative = self._tree_path(file_scheme, record.path)
            if relative == self._tree_path(scheme, record_file_path):
                continue
            if file_scheme in ("purelib", "platlib"):
                sources.append(relative)
            assert record.hash_ is not None and record.size is not None
            rows[relative] = (str(record.hash_), str(record.size))
        compiled = self._compile(sources)
        self.compiled = [c.path for c in compiled]
        for c in compiled:
            rows[c.path] = (f"sha256={_urlsafe_b64(c.sha256)}", str(c.size))
        record_relative = self._tree_path(scheme, record_file_path)
        self._write_record(record_relative, rows)

    def _write_record(self, record_relative: str, rows: dict[str, tuple[str, str]]) -> None:
        # RECORD paths are relative to site-packages, like every installer writes them.
        out = io.StringIO()
        writer = csv.writer(out, delimiter=",", quotechar='"', lineterminator="\n")
        entries = [(os.path.relpath(path, SITE_PACKAGES), *row) for path, row in rows.items()]
        entries.append((os.path.relpath(record_relative, SITE_PACKAGES), "", ""))
        for entry in sorted(entries):
            writer.writerow(entry)
        self._store_record(record_relative, out.getvalue().encode("utf-8"))

    def _store_record(self, relative: str, data: bytes) -> None:
        try:
            with open(os.path.join(self.root, relative), "xb") as f:
                f.write(data)
        except OSError as exc:
            raise self._clash(relative, "RECORD") from exc

    def _compile(self, sources: list[str]) -> list[bytecode.Compiled]:
        """Compiles the `.pyc` files of `sources` (tree paths); returns what it wrote."""
        try:
            return bytecode.compile_tree(self.root, sources, self.pyc, self.optimize, self.jobs)
        except OSError as exc:  # a cache path taken by a file or directory of the wheel
            where = os.path.relpath(str(exc.filename), self.root)
            raise self.pyc_error(f"{exc.strerror}: {where}") from exc
        except RuntimeError as exc:  # the same, met in a worker process (its traceback's last line)
            raise self.pyc_error(str(exc).strip().splitlines()[-1]) from exc

    def pyc_error(self, reason: str) -> PyinstallError:
        hint = "the wheel has a file where a __pycache__ directory goes; the wheel is malformed"
        return PyinstallError(self.label, f"the .pyc files cannot be written ({reason})", hint)


def _urlsafe_b64(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
