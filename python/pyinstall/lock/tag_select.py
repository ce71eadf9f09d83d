"""Choosing a package's wheel for a target platform, by `packaging`'s tag rules.

A target platform is what a hub serves through `select()`: an OS and CPU, with the C library
level (manylinux glibc or musllinux musl) or macOS version its wheels may need. The tags it
accepts are ordered best first, as pip orders them on that platform; the wheel with the best
tag wins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from packaging import tags
from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from pyinstall.common import platform_tags
from pyinstall.lock import wheel_fit


@dataclasses.dataclass(frozen=True)
class TargetPlatform:
    """One platform a hub builds for, e.g. `linux_x86_64` with glibc 2.28."""

    name: str
    os: str
    cpu: str
    glibc: str = "2.28"
    musl: str = ""
    macos: str = "11.0"

    def marker_environment(self, python_version: str) -> dict[str, str]:
        """The PEP 508 marker environment of CPython `python_version` on this platform."""
        system, sys_platform, machine = {
            "linux": ("Linux", "linux", self.cpu),
            "macos": ("Darwin", "darwin", "arm64" if self.cpu == "aarch64" else self.cpu),
            "windows": ("Windows", "win32", "AMD64" if self.cpu == "x86_64" else "ARM64"),
        }[self.os]
        return {
            "implementation_name": "cpython",
            "implementation_version": python_version + ".0",
            "os_name": "nt" if self.os == "windows" else "posix",
            "platform_machine": machine,
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_system": system,
            "platform_version": "",
            "python_full_version": python_version + ".0",
            "python_version": python_version,
            "sys_platform": sys_platform,
        }


def platform_names(platform: TargetPlatform) -> list[str]:
    """Platform tags the target accepts, best first."""
    return platform_tags.platform_names(platform.os, platform.cpu, platform.glibc, platform.musl, platform.macos)


def supported_tags(platform: TargetPlatform, python_version: str) -> list[tags.Tag]:
    """Tags CPython `python_version` accepts on `platform`, best first (as pip orders them)."""
    return platform_tags.supported_tags(python_version, platform_names(platform))


@dataclasses.dataclass(frozen=True)
class Choice:
    """The wheel chosen for a platform, or why there is none (`filename` empty)."""

    filename: str
    problem: str = ""


def choose_wheel(filenames: Iterable[str], platform: TargetPlatform, python_version: str) -> Choice:
    """Picks the file with the best tag CPython `python_version` accepts on `platform`."""
    files = sorted(filenames)
    accepted = supported_tags(platform, python_version)
    rank = {tag: i for i, tag in enumerate(accepted)}
    best: tuple[int, str] | None = None
    for filename in files:
        try:
            file_tags = parse_wheel_filename(filename)[3] if filename.endswith(".whl") else frozenset()
        except InvalidWheelFilename:
            continue
        ranks = [rank[t] for t in file_tags if t in rank]
        if ranks and (best is None or (min(ranks), filename) < best):
            best = (min(ranks), filename)
    if best is not None:
        return Choice(best[1])
    level = f"glibc {platform.glibc}" if platform.os == "linux" and not platform.musl else ""
    where = f"{platform.name} (Python {python_version}{', ' + level if level else ''})"
    arch = platform.cpu if platform.os == "linux" else ""
    glibc = platform.glibc if level else ""
    return Choice("", wheel_fit.explain(files, accepted, platform_names(platform), arch, glibc, where))
