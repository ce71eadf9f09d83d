"""Builds wheels for the tests, with exactly the entries, modes and metadata a test needs.

    path = build_wheel(tmp, {"demo/__init__.py": b"x = 1\n"}, entry_points=CONSOLE)

RECORD is written from the entries (each hashed as stored) unless `record` is given, then
`tamper` replaces an entry's content after hashing, to make RECORD lie.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
import stat
import zipfile
from collections.abc import Mapping

EPOCH_1980 = (1980, 1, 1, 0, 0, 0)


@dataclasses.dataclass(frozen=True)
class Entry:
    """One archive member: its bytes and the Unix mode its zip external attributes say."""

    data: bytes
    mode: int = stat.S_IFREG | 0o644


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip("=")
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(
    directory: str,
    files: Mapping[str, bytes | Entry],
    *,
    name: str = "demo",
    version: str = "1.0",
    tag: str = "py3-none-any",
    root_is_purelib: bool = True,
    entry_points: str | None = None,
    record: str | None = None,
    tamper: Mapping[str, bytes] | None = None,
    filename: str | None = None,
    wheel_text: str | None = None,
    omit: tuple[str, ...] = (),
    dist_info: str | None = None,
) -> str:
    """Writes `<name>-<version>-<tag>.whl` (or `filename`) into `directory`; returns its path."""
    dist_info = dist_info or f"{name}-{version}.dist-info"
    members: dict[str, Entry] = {
        path: content if isinstance(content, Entry) else Entry(content) for path, content in files.items()
    }
    members[f"{dist_info}/METADATA"] = Entry(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode())
    wheel_text = wheel_text if wheel_text is not None else (
        "Wheel-Version: 1.0\nGenerator: wheel_factory\n"
        f"Root-Is-Purelib: {'true' if root_is_purelib else 'false'}\nTag: {tag}\n"
    )
    members[f"{dist_info}/WHEEL"] = Entry(wheel_text.encode())
    if entry_points is not None:
        members[f"{dist_info}/entry_points.txt"] = Entry(entry_points.encode())
    if record is None:
        lines = [record_line(path, entry.data) for path, entry in members.items() if not path.endswith("/")]
        record = "\n".join([*lines, f"{dist_info}/RECORD,,"]) + "\n"
    members[f"{dist_info}/RECORD"] = Entry(record.encode())
    for path, data in (tamper or {}).items():
        members[path] = dataclasses.replace(members[path], data=data)
    for path in omit:
        del members[path]

    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, filename or f"{name}-{version}-{tag}.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, entry in members.items():
            info = zipfile.ZipInfo(member, date_time=EPOCH_1980)
            info.external_attr = entry.mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entry.data)
    return path


def damage_member(path: str, member: str) -> None:
    """Overwrites 64 bytes in the middle of a member's compressed data with random bytes."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    with open(path, "r+b") as f:
        f.seek(start + info.compress_size // 2)
        f.write(os.urandom(64))


def patch_headers(path: str, member: str | int, *, flag_bits: int | None = None, method: int | None = None) -> None:
    """Rewrites a member's general-purpose flags or compression method in both of its zip headers,
    to make archives zipfile cannot write: encrypted entries, unknown compression methods.

    `member` is a name or an index in the archive's order.
    """
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        index = member if isinstance(member, int) else [i.filename for i in infos].index(member)
        central = archive.start_dir  # type: ignore[attr-defined]
    with open(path, "r+b") as f:
        data = bytearray(f.read())
    for _ in range(index):  # each central record: 46 bytes, then name, extra and comment
        central += 46 + sum(int.from_bytes(data[central + o : central + o + 2], "little") for o in (28, 30, 32))
    local = int.from_bytes(data[central + 42 : central + 46], "little")
    for offset in (local + 6, central + 8):  # flags, then the method right after them
        if flag_bits is not None:
            data[offset : offset + 2] = flag_bits.to_bytes(2, "little")
        if method is not None:
            data[offset + 2 : offset + 4] = method.to_bytes(2, "little")
    with open(path, "wb") as f:
        f.write(data)
