"""Reading Debian binary packages without dpkg.

A `.deb` is an `ar` archive holding `debian-binary` ("2.0"), `control.tar[.xz|.gz|.zst]` and
`data.tar[.xz|.gz|.bz2|.zst]`. This module finds those members and opens them with `tarfile`.
"""

from __future__ import annotations

import dataclasses
import io
import tarfile

from pyinstall.common.errors import PyinstallError

_AR_MAGIC = b"!<arch>\n"
_HEADER = 60
_TAR_MODES = {"": "r:", ".gz": "r:gz", ".xz": "r:xz", ".bz2": "r:bz2", ".zst": "r:zst"}


@dataclasses.dataclass(frozen=True)
class Deb:
    """The members of one `.deb`, read into memory (packages are a few MB)."""

    path: str
    members: dict[str, bytes]

    def _tar(self, stem: str) -> tarfile.TarFile:
        for suffix, mode in _TAR_MODES.items():
            data = self.members.get(stem + suffix)
            if data is None:
                continue
            if suffix == ".zst" and not _has_zstd():
                raise PyinstallError(
                    self.path,
                    f"{stem}.zst is compressed with zstd, which this Python cannot read",
                    "build with a Python >= 3.14 interpreter toolchain (compression.zstd), "
                    "or lock a build of the package compressed with xz",
                )
            return tarfile.open(fileobj=io.BytesIO(data), mode=mode)  # type: ignore[call-overload, no-any-return]
        raise PyinstallError(self.path, f"the package has no {stem} member (plain, gz, xz, bz2 or zst)", "is it a .deb file?")

    def data(self) -> tarfile.TarFile:
        """The files the package installs."""
        return self._tar("data.tar")

    def control(self) -> bytes:
        """The package's `control` file (name, version, dependencies...)."""
        with self._tar("control.tar") as tar:
            for member in tar.getmembers():
                if member.name.lstrip("./") == "control" and member.isfile():
                    f = tar.extractfile(member)
                    assert f is not None
                    return f.read()
        raise PyinstallError(self.path, "control.tar has no control file", "is it a .deb file?")


def _has_zstd() -> bool:
    try:
        import compression.zstd  # type: ignore[import-not-found]  # noqa: F401  (Python >= 3.14)
    except ImportError:
        return False
    return True


def read_ar(path: str, data: bytes) -> dict[str, bytes]:
    """The members of an `ar` archive (the common and GNU formats, as `.deb` files use)."""
    if not data.startswith(_AR_MAGIC):
        raise PyinstallError(path, "not an ar archive, so not a .deb", "check the lock's URL and sha256")
    members: dict[str, bytes] = {}
    offset = len(_AR_MAGIC)
    while offset < len(data):
        header = data[offset : offset + _HEADER]
        if len(header) < _HEADER or header[58:60] != b"`\n":
            raise PyinstallError(path, f"truncated or corrupt ar header at byte {offset}", "download it again")
        name = header[:16].decode("ascii").rstrip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        start = offset + _HEADER
        if start + size > len(data):
            raise PyinstallError(path, f"ar member {name!r} is truncated", "download it again")
        members[name] = data[start : start + size]
        offset = start + size + (size & 1)  # members are 2-byte aligned
    if members.get("debian-binary", b"").strip() != b"2.0":
        raise PyinstallError(path, "not a Debian 2.0 binary package (no debian-binary member saying 2.0)")
    return members


def open_deb(path: str) -> Deb:
    with open(path, "rb") as f:
        return Deb(path, read_ar(path, f.read()))
