"""Command-line options of the install helper (read from Bazel's param file)."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence

PYC_MODES = ("unchecked-hash", "checked-hash", "none")


@dataclasses.dataclass(frozen=True)
class InstallOptions:
    wheel: str
    output: str
    python_version: str
    pyc: str
    optimize: tuple[int, ...]
    script_interpreter: str
    source_date_epoch: int
    jobs: int = 1


def _levels(value: str) -> tuple[int, ...]:
    if not value:
        return ()
    levels = tuple(sorted({int(level) for level in value.split(",")}))
    if any(level not in (0, 1, 2) for level in levels):
        raise argparse.ArgumentTypeError(f"optimization levels are 0, 1 and 2, got {value!r}")
    return levels


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
    parser.add_argument("--jobs", type=int, default=1, help="processes compiling .pyc files (the cores Bazel reserved)")
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
        jobs=max(1, ns.jobs),
    )
