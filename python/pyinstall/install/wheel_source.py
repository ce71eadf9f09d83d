"""Opening a wheel safely: every entry, RECORD, WHEEL and entry_points.txt checked before a write."""

from __future__ import annotations

import contextlib
import lzma
import os
import posixpath
import stat
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO, cast

from installer.exceptions import InstallerError
from installer.records import InvalidRecordEntry, RecordEntry, parse_record_file
from installer.sources import WheelFile
from installer.utils import SCHEME_NAMES, canonicalize_name, parse_metadata_file

from pyinstall.common.errors import PyinstallError
from pyinstall.install import entry_points

# What reading a member of a damaged or unusual archive raises: CRC and header errors, zlib
# streams cut short, bzip2 (OSError) and lzma data, encryption (RuntimeError), compression
# methods zipfile lacks.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, RuntimeError, NotImplementedError)
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_MAX_NAME_BYTES = 255  # the longest file name Linux file systems take
_MALFORMED = "the wheel is malformed; report it to its maintainers and pin another version"
_UNSAFE = "the wheel is unsafe to install; do not use it"


class CheckedWheel(WheelFile):
    """A wheel whose every entry is checked, before anything is written or as it is.

    Checks: entry names stay inside the install root (no absolute paths, no `..`, no
    symbolic links, no duplicates, no name a file system refuses), members are readable
    (not encrypted, a known compression), `.data` uses only the five known schemes, WHEEL
    says 1.x, entry_points.txt declares launchers that stay in `bin/`, and each file matches
    the hash and size RECORD gives it: sha256 hashes (nearly all) as the file is written, so
    a wheel is decompressed once; others and scripts (rewritten when written) before. Files
    RECORD does not list are installed (pip does the same; several real wheels forget a
    file); a hash that differs fails the install, whose tree is then emptied.
    """

    def __init__(self, f: zipfile.ZipFile, label: str) -> None:
        super().__init__(f)
        self.label = label
        self._data_dir = f"{self.distribution}-{self.version}.data"
        self.root_is_purelib = True
        self.launchers: list[entry_points.Launcher] = []
        self.deferred: dict[str, RecordEntry] = {}  # sha256 entries checked as they are written

    def error(self, problem: str, hint: str = "") -> PyinstallError:
        return PyinstallError(self.label, problem, hint)

    @property
    def data_dir(self) -> str:
        # The spelling the archive uses, which older build tools did not normalize.
        return self._data_dir

    def members(self) -> list[zipfile.ZipInfo]:
        return self._zipfile.infolist()

    def archive_path(self) -> str:
        """The wheel's file, for a process that opens it anew."""
        return str(self._zipfile.filename)

    def member_size(self, name: str) -> int:
        """The uncompressed size the archive gives entry `name`."""
        return self._zipfile.getinfo(name).file_size

    def open_entry(self, name: str) -> BinaryIO:
        """Entry `name` (names are unique: `check` refuses a duplicate)."""
        return cast(BinaryIO, self._zipfile.open(name))

    def read_member(self, name: str) -> bytes:
        try:
            return self._zipfile.read(name)
        except KeyError as exc:
            raise self.error(f"the wheel has no {name}", _MALFORMED) from exc
        except READ_ERRORS as exc:
            raise self.error(f"entry {name!r} cannot be read ({exc})", "the download is corrupt; fetch it again") from exc

    def check(self) -> None:
        try:
            dist_info_dir = self.dist_info_dir
        except InstallerError as exc:  # the dist-info directory is missing or ambiguous
            raise self.error(f"{getattr(exc, 'reason', exc)} ({getattr(exc, 'dist_info', '')})", _MALFORMED) from exc
        self._find_data_dir()
        seen: set[str] = set()
        for info in self._zipfile.infolist():
            if info.filename in seen:
                raise self.error(f"entry {info.filename!r} appears twice in the archive", _MALFORMED)
            seen.add(info.filename)
            self._check_entry(info)
        self._check_wheel_file(dist_info_dir)
        self.read_member(f"{dist_info_dir}/METADATA")
        if f"{dist_info_dir}/entry_points.txt" in seen:
            try:
                self.launchers = entry_points.parse(self.read_member(f"{dist_info_dir}/entry_points.txt"))
            except entry_points.EntryPointError as exc:
                raise self.error(f"{dist_info_dir}/entry_points.txt: {exc.problem}", exc.hint) from exc
        self._check_record(dist_info_dir)

    def _find_data_dir(self) -> None:
        found = sorted({n.split("/", 1)[0] for n in self._zipfile.namelist() if n.split("/", 1)[0].endswith(".data") and "/" in n})
        if len(found) > 1:
            raise self.error(f"the wheel has several .data directories ({', '.join(found)})", _MALFORMED)
        if found:
            name = found[0][: -len(".data")].rsplit("-", 1)[0]
            if canonicalize_name(name) != canonicalize_name(self.distribution):
                raise self.error(f"the .data directory {found[0]!r} is not the distribution {self.distribution!r}'s", _MALFORMED)
            self._data_dir = found[0]

    def _check_entry(self, info: zipfile.ZipInfo) -> None:
        name = info.filename
        _check_entry_name(self, name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise self.error(f"entry {name!r} is a symbolic link", "wheels cannot carry links safely; " + _UNSAFE)
        if info.flag_bits & 0x1:
            raise self.error(f"entry {name!r} is encrypted", "an installer cannot decrypt a wheel; " + _MALFORMED)
        if info.compress_type not in _COMPRESSIONS:
            raise self.error(
                f"entry {name!r} uses the zip compression method {info.compress_type}, which Python cannot read",
                "wheels use deflate or no compression; " + _MALFORMED,
            )
        if name.startswith(self._data_dir + "/") and not info.is_dir():
            scheme, _, rest = name[len(self._data_dir) + 1 :].partition("/")
            if scheme not in SCHEME_NAMES or not rest:
                raise self.error(
                    f"entry {name!r} uses the unknown .data scheme {scheme!r}" if rest else f"entry {name!r} is not in a .data scheme directory",
                    f"wheels may only use {self._data_dir}/<scheme>/ with a scheme among {', '.join(SCHEME_NAMES)}; " + _MALFORMED,
                )

    def _check_wheel_file(self, dist_info_dir: str) -> None:
        try:
            metadata = parse_metadata_file(self.read_member(f"{dist_info_dir}/WHEEL").decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise self.error(f"{dist_info_dir}/WHEEL is not UTF-8", _MALFORMED) from exc
        version = str(metadata["Wheel-Version"] or "").strip()
        if not version.startswith("1."):
            raise self.error(
                f"{dist_info_dir}/WHEEL says Wheel-Version {version or '(none)'}; only 1.x wheels can be installed",
                "a wheel from a newer format needs a newer installer; pin a version built as Wheel-Version 1.0",
            )
        self.root_is_purelib = str(metadata["Root-Is-Purelib"] or "").strip().lower() == "true"

    def _check_record(self, dist_info_dir: str) -> None:
        try:
            text = self.read_member(f"{dist_info_dir}/RECORD").decode("utf-8")
            records = {row[0]: RecordEntry.from_elements(*row) for row in parse_record_file(text.splitlines())}
        except (InvalidRecordEntry, ValueError, TypeError) as exc:
            raise self.error(f"{dist_info_dir}/RECORD is unreadable: {exc}", _MALFORMED) from exc
        scripts = f"{self._data_dir}/scripts/"
        for info in self._zipfile.infolist():
            record = records.get(info.filename)
            if info.is_dir() or record is None or record.hash_ is None:
                continue
            if record.hash_.name == "sha256" and not info.filename.startswith(scripts):
                # Checked as it is written (`verify_written`): the install hashes every file
                # with sha256 anyway, and each member is decompressed once instead of twice.
                self.deferred[info.filename] = record
                continue
            try:
                with self._zipfile.open(info) as stream:
                    valid = record.validate_stream(stream)  # type: ignore[arg-type]
            except ValueError as exc:  # an unknown hash algorithm
                raise self.error(f"RECORD gives {info.filename!r} an unusable hash ({exc})", _MALFORMED) from exc
            except READ_ERRORS as exc:
                raise self.error(f"entry {info.filename!r} cannot be read ({exc})", "the download is corrupt; fetch it again") from exc
            if not valid:
                raise self._altered(info.filename)

    def verify_written(self, name: str, written: RecordEntry) -> None:
        """Fails if entry `name`, written with `written`'s sha256 and size, is not what RECORD says."""
        record = self.deferred.get(name)
        if record is None or record.hash_ is None or written.hash_ is None:
            return
        if record.hash_.value != written.hash_.value or (record.size is not None and record.size != written.size):
            raise self._altered(name)

    def _altered(self, name: str) -> PyinstallError:
        return self.error(
            f"the content of {name!r} does not match its hash or size in RECORD",
            "the wheel was altered after it was built; fetch it again from its index",
        )


def _check_entry_name(wheel: CheckedWheel, name: str) -> None:
    parts = name.rstrip("/").split("/")
    if (
        name.startswith("/")
        or "\\" in name
        or "\0" in name
        or (len(name) > 1 and name[1] == ":")
        or any(part in ("..", ".") for part in parts)
        or posixpath.normpath(name).startswith("..")
    ):
        raise wheel.error(f"entry {name!r} would be written outside the install root", _UNSAFE)
    if any(not part for part in parts):
        raise wheel.error(f"entry {name!r} has an empty path component", _MALFORMED)
    if any(len(part.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES for part in parts):
        raise wheel.error(
            f"entry {name[:60]!r}... has a path component longer than the {_MAX_NAME_BYTES} bytes a file name may have",
            _MALFORMED,
        )


@contextlib.contextmanager
def open_wheel(path: str) -> Iterator[CheckedWheel]:
    """Opens and checks the wheel at `path`, naming it in every error."""
    label = os.path.basename(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise PyinstallError(
            label,
            f"not a readable zip archive ({exc})",
            "the download is corrupt or truncated; delete it and fetch it again "
            "(`bazel clean --expunge` drops Bazel's copy)",
        ) from exc
    with archive:
        try:
            wheel = CheckedWheel(archive, label)
        except ValueError as exc:
            raise PyinstallError(label, f"not a valid wheel file name ({exc})") from exc
        wheel.check()
        yield wheel
