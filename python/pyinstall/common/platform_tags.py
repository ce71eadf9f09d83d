"""The wheel tags a target platform accepts, by `packaging`'s rules, best first as pip orders them.

The lock stage picks each platform's wheel with them; the install stage refuses a wheel none
of whose tags its target accepts, so both agree on what fits.
"""

from __future__ import annotations

from packaging import tags

# Bazel @platforms CPU names by the CPU names wheel tags use.
_LINUX_ARCHES = {"x86_64": "x86_64", "aarch64": "aarch64"}
_MACOS_ARCHES = {"x86_64": "x86_64", "aarch64": "arm64"}
_WINDOWS_ARCHES = {"x86_64": "win_amd64", "aarch64": "win_arm64"}
# The oldest glibc each CPU's manylinux wheels were ever built for.
_OLDEST_GLIBC_MINOR = {"x86_64": 5, "aarch64": 17}
_LEGACY_MANYLINUX = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
OSES = ("linux", "macos", "windows")
CPUS = tuple(_LINUX_ARCHES)


def minor_version(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def platform_names(os: str, cpu: str, glibc: str = "2.28", musl: str = "", macos: str = "11.0") -> list[str]:
    """Platform tags of `os`/`cpu` (Bazel's names) with that C library or macOS level, best first."""
    if os == "linux":
        arch = _LINUX_ARCHES[cpu]
        if musl:
            _, top = minor_version(musl)
            return [f"musllinux_1_{m}_{arch}" for m in range(top, -1, -1)]
        _, top = minor_version(glibc)
        names: list[str] = []
        for m in range(top, _OLDEST_GLIBC_MINOR[cpu] - 1, -1):
            names.append(f"manylinux_2_{m}_{arch}")
            legacy = _LEGACY_MANYLINUX.get(m)
            if legacy and (m == 17 or arch == "x86_64"):
                names.append(f"{legacy}_{arch}")
        return names
    if os == "macos":
        return list(tags.mac_platforms(minor_version(macos), _MACOS_ARCHES[cpu]))
    if os == "windows":
        return [_WINDOWS_ARCHES[cpu]]
    raise ValueError(f"unknown os {os!r}")


def supported_tags(python_version: str, platforms: list[str]) -> list[tags.Tag]:
    """Tags CPython `python_version` accepts on `platforms`, best first (`any` included).

    No platforms (a glibc older than any manylinux) means pure wheels only: given an empty
    list, packaging would fill in the running machine's platforms.
    """
    platforms = platforms or ["any"]
    version = minor_version(python_version)
    interpreter = f"cp{version[0]}{version[1]}"
    ordered = list(tags.cpython_tags(version, [interpreter], platforms))
    ordered += list(tags.compatible_tags(version, interpreter, platforms))
    return ordered
