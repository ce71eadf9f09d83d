"""The benchmark's locks: `uv pip compile` output, the wheel files it pins, downloading them."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

BUMP = "rich"  # the one pin the bump scenario swaps for bump.lock's version
SHORT_COUNT = 9  # plus BUMP: the --short lock's size


@dataclass(frozen=True)
class Pin:
    """One locked wheel and its file."""

    name: str
    version: str
    path: Path


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _name_version(wheel: Path) -> tuple[str, str]:
    name, version = wheel.name.split("-")[:2]
    return normalize(name), version


def read_lock(lock: Path, wheels: Path) -> list[Pin]:
    """The pins of a `uv pip compile` lock and the downloaded wheel file of each."""
    pins = []
    for name, version in re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\]+)", lock.read_text(), re.M):
        matches = [p for p in wheels.glob("*.whl") if _name_version(p) == (normalize(name), version)]
        if len(matches) != 1:
            raise SystemExit(f"bench: error: {len(matches)} wheel files for {name}=={version} in {wheels}; "
                             "delete the folder and rerun to download again")
        pins.append(Pin(normalize(name), version, matches[0]))
    return pins


def download(pip: Path, lock: Path, wheels: Path) -> None:
    """Downloads the lock's wheels for CPython 3.13 manylinux x86_64, checked by hash."""
    wheels.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(pip), "download", "--quiet", "--isolated", "--disable-pip-version-check", "--no-deps",
         "--only-binary=:all:", "--python-version", "3.13", "--implementation", "cp", "--abi", "cp313",
         "--platform", "manylinux_2_28_x86_64", "--platform", "manylinux_2_17_x86_64",
         "--platform", "manylinux2014_x86_64", "--require-hashes", "-r", str(lock), "-d", str(wheels)],
        check=True,
    )


def short_lock(lock: Path, dest: Path) -> Path:
    """A lock of SHORT_COUNT entries of `lock` plus BUMP's, written to `dest` (hashes kept)."""
    blocks = re.findall(r"^[A-Za-z0-9].*?(?=^[A-Za-z0-9]|\Z)", lock.read_text(), re.M | re.S)
    bump = [b for b in blocks if normalize(b.split("==")[0]) == BUMP]
    dest.write_text("".join([b for b in blocks if b not in bump][:SHORT_COUNT] + bump))
    return dest


def locked_wheels(cache: Path, lock: Path) -> list[Pin]:
    """The lock's wheels in the cache, downloaded first if any is missing (only then: no network)."""
    try:
        return read_lock(lock, cache / "wheels")
    except SystemExit:
        download(cache / "tools-venv" / "bin" / "pip", lock, cache / "wheels")
        return read_lock(lock, cache / "wheels")
