"""Opening a wheel safely: a corrupt zip, an escaping path or a bad hash stops the install."""

from __future__ import annotations

import contextlib
import os
import posixpath
import stat
import zipfile
import zlib
from collections.abc import Iterator

from installer.exceptions import InstallerError
from installer.records import InvalidRecordEntry, RecordEntry, parse_record_file
from installer.sources import WheelContentElement, WheelFile
from installer.utils import SCHEME_NAMES

from pyinstall.common.errors import PyinstallError

# Bytecode a wheel ships is for some other interpreter (or stale): it is dropped and compiled fresh.
_BYTECODE_SUFFIXES = (".pyc", ".pyo")


def is_shipped_bytecode(path: str) -> bool:
    return path.endswith(_BYTECODE_SUFFIXES)


class CheckedWheel(WheelFile):
    """A wheel whose every entry was checked before anything is written.

    Checks: entry names stay inside the install root (no absolute paths, no `..`, no
    symbolic links, no duplicates), `.data` uses only the five known schemes, and each file
    matches the hash and size RECORD gives it. Files RECORD does not list are installed (pip
    does the same; several real wheels forget a file); files whose hash differs are not.
    """

    def __init__(self, f: zipfile.ZipFile, label: str) -> None:
        super().__init__(f)
        self.label = label

    def error(self, problem: str, hint: str = "") -> PyinstallError:
        return PyinstallError(self.label, problem, hint)

    def check(self) -> None:
        try:
            data_dir = self.data_dir
            dist_info_dir = self.dist_info_dir
        except InstallerError as exc:  # the dist-info directory is missing or ambiguous
            raise self.error(str(exc), "the wheel is malformed; report it to its maintainers") from exc
        seen: set[str] = set()
        for info in self._zipfile.infolist():
            name = info.filename
            if name in seen:
                raise self.error(f"entry {name!r} appears twice in the archive", "the wheel is malformed")
            seen.add(name)
            _check_entry_name(self, info)
            if name.startswith(data_dir + "/"):
                scheme = name[len(data_dir) + 1 :].split("/", 1)[0]
                if scheme and scheme not in SCHEME_NAMES:
                    raise self.error(
                        f"entry {name!r} uses the unknown .data scheme {scheme!r}",
                        f"wheels may only use {', '.join(SCHEME_NAMES)}; the wheel is malformed",
                    )
        self._check_record(dist_info_dir)

    def _check_record(self, dist_info_dir: str) -> None:
        try:
            records = {
                row[0]: RecordEntry.from_elements(*row)
                for row in parse_record_file(self.read_dist_info("RECORD").splitlines())
            }
        except (KeyError, InvalidRecordEntry, ValueError) as exc:
            raise self.error(f"{dist_info_dir}/RECORD is missing or unreadable: {exc}", "the wheel is malformed") from exc
        for info in self._zipfile.infolist():
            record = records.get(info.filename)
            if info.is_dir() or record is None or record.hash_ is None:
                continue
            with self._zipfile.open(info) as stream:
                if not record.validate_stream(stream):  # type: ignore[arg-type]
                    raise self.error(
                        f"the content of {info.filename!r} does not match its hash or size in RECORD",
                        "the wheel was altered after it was built; fetch it again from its index",
                    )

    def get_contents(self) -> Iterator[WheelContentElement]:
        for element in super().get_contents():
            (path, _, _), _, _ = element
            if not is_shipped_bytecode(path):
                yield element


def _check_entry_name(wheel: CheckedWheel, info: zipfile.ZipInfo) -> None:
    name = info.filename
    parts = name.split("/")
    if (
        name.startswith("/")
        or "\\" in name
        or "\0" in name
        or (len(name) > 1 and name[1] == ":")
        or any(part in ("..", ".") for part in parts)
        or posixpath.normpath(name).startswith("..")
    ):
        raise wheel.error(
            f"entry {name!r} would be written outside the install root",
            "the wheel is unsafe to install; do not use it",
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise wheel.error(
            f"entry {name!r} is a symbolic link",
            "wheels cannot carry links safely; the wheel is unsafe to install",
        )


@contextlib.contextmanager
def open_wheel(path: str) -> Iterator[CheckedWheel]:
    """Opens and checks the wheel at `path`, naming it in every error."""
    label = os.path.basename(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise PyinstallError(
            label,
            f"not a readable zip archive ({exc})",
            "the download is corrupt or truncated; delete it and fetch it again "
            "(`bazel clean --expunge` drops Bazel's copy)",
        ) from exc
    with archive:
        wheel = CheckedWheel(archive, label)
        try:
            wheel.check()
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise wheel.error(f"corrupt zip data ({exc})", "the download is corrupt; fetch it again") from exc
        yield wheel
