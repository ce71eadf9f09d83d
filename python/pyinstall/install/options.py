"""Command-line options of the install helper (read from Bazel's param file)."""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Sequence

from pyinstall.common import platform_tags

PYC_MODES = ("unchecked-hash", "checked-hash", "none")

# The most processes an install uses when left to choose (`--jobs 0`, see `processes`).
MAX_PROCESSES = 4


def processes(jobs: int) -> int:
    """How many processes a wheel of several batches compiles (and unpacks) with: `jobs`, or
    with 0 (the default of `//rules:install_jobs`, which reserves one core from Bazel) the
    cores this machine lets the action use, at most MAX_PROCESSES.

    The biggest wheels are often the last actions of a cold build, each alone on a machine
    whose other cores have nothing left to do: using them shortens the build's end. In the
    middle of a build, the extra processes share the cores Bazel gave other actions, which
    costs CPU-bound work next to nothing. The bytes do not depend on it (`isolated`).
    """
    if jobs > 0:
        return jobs
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS has no affinity
        available = os.cpu_count() or 1
    return max(1, min(available, MAX_PROCESSES))


@dataclasses.dataclass(frozen=True)
class InstallOptions:
    wheel: str
    output: str
    python_version: str
    pyc: str
    optimize: tuple[int, ...]
    script_interpreter: str
    source_date_epoch: int
    platform: str = "linux_x86_64"
    glibc: str = "2.28"
    musl: str = ""
    macos: str = "11.0"
    jobs: int = 1
    built: bool = False

    def describe_platform(self) -> str:
        """The target as errors name it, e.g. `linux_x86_64 (glibc 2.28)`."""
        if self.platform.startswith("linux_"):
            return f"{self.platform} ({'musl ' + self.musl if self.musl else 'glibc ' + self.glibc})"
        if self.platform.startswith("macos_"):
            return f"{self.platform} (macOS {self.macos})"
        if self.platform == "any":
            return "a platform with no wheel tags here (pure-Python wheels only)"
        return self.platform


def _levels(value: str) -> tuple[int, ...]:
    if not value:
        return ()
    levels = tuple(sorted({int(level) for level in value.split(",")}))
    if any(level not in (0, 1, 2) for level in levels):
        raise argparse.ArgumentTypeError(f"optimization levels are 0, 1 and 2, got {value!r}")
    return levels


def _platform(value: str) -> str:
    if value == "any":  # an OS or CPU wheels have no tags for here: pure wheels only
        return value
    os, _, cpu = value.partition("_")
    if os not in platform_tags.OSES or cpu not in platform_tags.CPUS:
        raise argparse.ArgumentTypeError(f"expected <os>_<cpu> with os in {platform_tags.OSES} and cpu in {platform_tags.CPUS}, got {value!r}")
    return value


def _level(value: str) -> str:
    parts = value.split(".")
    if value and (len(parts) != 2 or not all(p.isdigit() for p in parts)):
        raise argparse.ArgumentTypeError(f"expected a version like 2.28, got {value!r}")
    return value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyinstall.install.main",
        fromfile_prefix_chars="@",
        description="Install one wheel into a reproducible tree (site-packages, bin, include, data).",
    )
    parser.add_argument("--wheel", required=True, help="the .whl file")
    parser.add_argument("--output", required=True, help="the empty output directory")
    parser.add_argument("--python-version", required=True, help="major.minor the .pyc files are for")
    parser.add_argument("--pyc", choices=PYC_MODES, default="unchecked-hash")
    parser.add_argument("--optimize", type=_levels, default=(0,), help="comma-separated levels")
    parser.add_argument("--script-interpreter", default="/usr/bin/env python3")
    parser.add_argument("--source-date-epoch", type=int, default=315532800)
    parser.add_argument(
        "--platform", type=_platform, default="linux_x86_64", help="<os>_<cpu> of the target, Bazel's names, or any"
    )
    parser.add_argument("--glibc", type=_level, default="2.28", help="the manylinux level linux targets have")
    parser.add_argument("--musl", type=_level, default="", help="if set, the musllinux level instead of glibc")
    parser.add_argument("--macos", type=_level, default="11.0", help="the oldest macOS a macos target runs")
    parser.add_argument(
        "--jobs", type=int, default=1, help="processes compiling .pyc files (the cores Bazel reserved); 0: as many as the machine has, up to 4"
    )
    parser.add_argument("--built", action="store_true", help="the wheel was built by sdist_build for this target")
    return parser


def parse(argv: Sequence[str]) -> InstallOptions:
    ns = make_parser().parse_args(list(argv))
    return InstallOptions(
        wheel=ns.wheel,
        output=ns.output,
        python_version=ns.python_version,
        pyc=ns.pyc,
        optimize=ns.optimize,
        script_interpreter=ns.script_interpreter,
        source_date_epoch=ns.source_date_epoch,
        platform=ns.platform,
        glibc=ns.glibc,
        musl=ns.musl,
        macos=ns.macos,
        jobs=max(0, ns.jobs),
        built=ns.built,
    )
