"""Builds small `.deb` files on the fly for the helpers' tests."""

from __future__ import annotations

import dataclasses
import io
import tarfile


@dataclasses.dataclass(frozen=True)
class Member:
    path: str  # like "./usr/bin/tool"
    data: bytes | None = None  # a regular file
    link: str | None = None  # a symbolic link
    hardlink: str | None = None  # a hard link to an earlier member
    mode: int = 0o644


def _tar(members: list[Member], compression: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=f"w:{compression}" if compression else "w") as tar:  # type: ignore[call-overload]
        for m in members:
            info = tarfile.TarInfo(m.path)
            info.mode = m.mode
            info.mtime = 1234567890
            if m.link is not None:
                info.type, info.linkname = tarfile.SYMTYPE, m.link
                tar.addfile(info)
            elif m.hardlink is not None:
                info.type, info.linkname = tarfile.LNKTYPE, m.hardlink
                tar.addfile(info)
            elif m.data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = len(m.data)
                tar.addfile(info, io.BytesIO(m.data))
    return buffer.getvalue()


def ar(members: list[tuple[str, bytes]]) -> bytes:
    out = [b"!<arch>\n"]
    for name, data in members:
        header = f"{name + '/':<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(data):<10}`\n".encode()
        assert len(header) == 60
        out += [header, data, b"\n" if len(data) % 2 else b""]
    return b"".join(out)


def deb(package: str, members: list[Member], data_name: str = "data.tar.xz") -> bytes:
    control = f"Package: {package}\nVersion: 1.0\nArchitecture: amd64\n".encode()
    compression = {"data.tar": "", "data.tar.gz": "gz", "data.tar.xz": "xz"}.get(data_name, "")
    return ar([
        ("debian-binary", b"2.0\n"),
        ("control.tar.gz", _tar([Member("./"), Member("./control", control)], "gz")),
        (data_name, _tar(members, compression)),
    ])
