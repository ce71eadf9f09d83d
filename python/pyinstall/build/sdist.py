"""Unpacking an sdist and reading its `[build-system]` (PEP 517, PEP 518).

An sdist is an archive from the index, checked by sha256 but not trusted: members that are
absolute, climb out with `..`, are devices or links leading out are refused, so unpacking
writes only under the build directory.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import tarfile
import tomllib
import zipfile

from pyinstall.common.errors import PyinstallError

# PEP 517: a project without [build-system] builds with setuptools' legacy backend.
_LEGACY_REQUIRES = ("setuptools>=40.8.0",)
_LEGACY_BACKEND = "setuptools.build_meta:__legacy__"
_DEFAULTED = "PEP 517's default for a project with no build-system.requires"


@dataclasses.dataclass(frozen=True)
class BuildSystem:
    requires: tuple[str, ...]
    backend: str
    backend_path: tuple[str, ...] = ()
    source: str = "build-system.requires in its pyproject.toml"  # where `requires` comes from, for errors


def _safe(subject: str, name: str) -> str:
    normal = posixpath.normpath(name)
    if name.startswith("/") or normal == ".." or normal.startswith("../"):
        raise PyinstallError(subject, f"the sdist holds {name!r}, outside its directory", "use a wheel of this package")
    return normal


def unpack(path: str, subject: str, destination: str) -> str:
    """Unpacks the sdist into `destination`; returns its project directory (with the pyproject)."""
    os.makedirs(destination, exist_ok=True)
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                _safe(subject, info.filename)
            archive.extractall(destination)
    elif path.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(path) as archive:
            members = archive.getmembers()
            for member in members:
                _safe(subject, member.name)
            try:
                # tarfile's "data" filter refuses devices and links that leave the directory.
                archive.extractall(destination, members=members, filter="data")
            except tarfile.FilterError as exc:
                raise PyinstallError(subject, f"the sdist holds {exc.tarinfo.name!r}, which would leave its directory or is a device",
                                     "use a wheel of this package") from exc
    else:
        raise PyinstallError(subject, f"{os.path.basename(path)} is no sdist (.tar.gz or .zip)", "pin a version with a wheel or an sdist")
    entries = sorted(os.listdir(destination))
    if len(entries) == 1 and os.path.isdir(os.path.join(destination, entries[0])):
        return os.path.join(destination, entries[0])
    return destination


def build_system(project: str, subject: str) -> BuildSystem:
    """The sdist's backend and static requirements, PEP 517's defaults where it names none."""
    path = os.path.join(project, "pyproject.toml")
    if not os.path.exists(path):
        return BuildSystem(_LEGACY_REQUIRES, _LEGACY_BACKEND, source=_DEFAULTED)
    try:
        with open(path, "rb") as f:
            table = tomllib.load(f).get("build-system", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PyinstallError(subject, f"its pyproject.toml does not parse: {exc}", "use a wheel of this package") from exc
    if "build-backend" not in table:
        if "requires" not in table:
            return BuildSystem(_LEGACY_REQUIRES, _LEGACY_BACKEND, source=_DEFAULTED)
        return BuildSystem(tuple(str(r) for r in table["requires"]), _LEGACY_BACKEND)
    return BuildSystem(
        tuple(str(r) for r in table.get("requires", ())),
        str(table["build-backend"]),
        tuple(str(p) for p in table.get("backend-path", ())),
    )
