"""Which pins a hub builds from their sdists, and what each build gets to install.

A pin is built when no wheel of it fits a platform (or `no_binary` names it) and it has an
sdist, unless `build_sdists = False` or `no_build` names it. Its dependencies come from the
sdist's PKG-INFO (exact from metadata 2.2 on, where `Requires-Dist` is not `Dynamic`; older
sdists often list none, and the lock's own pins still install). Its build may install the
build lock's wheels and the lock's own wheels of its `build-system.requires` (with their
closure); without a build lock, any wheel of the lock. They are chosen for the hub's first
platform: a build runs on the execution platform.
"""

from __future__ import annotations

import dataclasses
import email.parser
import email.policy
import posixpath
import tarfile
import tomllib
import zipfile
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from pyinstall.common.errors import PyinstallError

_SDIST_SUFFIXES = (".tar.gz", ".zip", ".tgz")


@dataclasses.dataclass(frozen=True)
class Build:
    """One sdist_build target of the hub."""

    distribution: str
    version: str
    build_wheels: tuple[str, ...]  # repositories of the wheels its build may install
    update_hint: str


def is_sdist(filename: str) -> bool:
    return filename.endswith(_SDIST_SUFFIXES)


def stem(filename: str) -> str:
    """`docopt-0.6.2.tar.gz` -> `docopt-0.6.2`, `six-1.17.0-py3-none-any.whl` -> its name minus `.whl`."""
    for suffix in (".whl",) + _SDIST_SUFFIXES:
        if filename.endswith(suffix):
            return filename[: -len(suffix)]
    return filename


def options(hub: dict[str, Any]) -> dict[str, Any]:
    """The hub's build switches; a hub description without them builds nothing."""
    found = hub.get("build") or {}
    return {
        "enabled": bool(found.get("enabled", False)),
        "no_build": {str(canonicalize_name(n)) for n in found.get("no_build", [])},
        "no_binary": {str(canonicalize_name(n)) for n in found.get("no_binary", [])},
        "update_hint": str(found.get("update_hint", "recompile the build lock")),
    }


def check_switches(hub: dict[str, Any]) -> None:
    """A name in no_binary or no_build that the lock does not pin is a typo: say so."""
    switches = options(hub)
    pinned = {str(canonicalize_name(e["name"])) for e in hub["packages"]}
    for key in ("no_binary", "no_build"):
        unknown = sorted(switches[key] - pinned)
        if unknown:
            raise PyinstallError(hub["lock"], f"{key} names {', '.join(unknown)}, which the lock does not pin",
                                 f"check the spelling in pyinstall.lock(name = {hub['hub']!r}, {key} = ...)")


def sdist_to_build(entry: dict[str, Any], has_wheel: bool, switches: dict[str, Any]) -> dict[str, Any] | None:
    """The sdist file to build for `entry`, or None to keep its wheel (or its problem)."""
    name = str(canonicalize_name(entry["name"]))
    if not switches["enabled"] or name in switches["no_build"]:
        return None
    if has_wheel and name not in switches["no_binary"]:
        return None
    sdists = [f for f in entry["files"] if is_sdist(f["filename"])]
    return sorted(sdists, key=lambda f: f["filename"])[0] if sdists else None


def pkg_info(path: str) -> str:
    """The PKG-INFO text at the top of an sdist (empty when there is none)."""
    data = _top_member(path, "PKG-INFO")
    return data.decode("utf-8", "replace") if data else ""


def _top_member(path: str, basename: str) -> bytes | None:
    """A file at the top of an sdist (`<name>-<version>/<basename>`), or None."""
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if posixpath.basename(n) == basename and n.count("/") == 1]
            return archive.read(min(names)) if names else None
    with tarfile.open(path) as archive:
        members = [m for m in archive.getmembers() if m.isfile() and posixpath.basename(m.name) == basename and m.name.count("/") == 1]
        extracted = archive.extractfile(min(members, key=lambda m: m.name)) if members else None
        return extracted.read() if extracted else None


def build_requires(path: str) -> list[str]:
    """The PEP 503 names of the sdist's `build-system.requires` (PEP 517's setuptools default
    where it names none); the build helper reads them again, with versions and markers."""
    data = _top_member(path, "pyproject.toml")
    try:
        table = tomllib.loads(data.decode("utf-8")).get("build-system", {}) if data else {}
        requires = [Requirement(str(r)).name for r in table.get("requires", ["setuptools"])]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, InvalidRequirement):
        return []  # the build itself says what is wrong with it, with the sdist's name
    return sorted({str(canonicalize_name(r)) for r in requires})


def static_requires_dist(text: str) -> str:
    """PKG-INFO's text, without `Requires-Dist` when the metadata says it is dynamic."""
    message = email.parser.HeaderParser(policy=email.policy.compat32).parsestr(text)
    dynamic = {str(v).strip().lower() for v in message.get_all("Dynamic") or []}
    if "requires-dist" in dynamic:
        del message["Requires-Dist"]
    return message.as_string()
