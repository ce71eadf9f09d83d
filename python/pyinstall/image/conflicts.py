"""Do two wheels of one environment write different things at one path? Read from manifests.

    python3.13 -S -s -B -m pyinstall.image.conflicts @params

with, in the param file: `--manifest F` once per layer of wheels (written next to the layer by
`pyinstall.install.layer` or `pyinstall.image.layers`), and `--output ok.txt`. The manifests'
format and the check are `pyinstall.common.manifests`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pyinstall.common import params
from pyinstall.common.errors import PyinstallError
from pyinstall.common.manifests import check, read


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyinstall.image.conflicts",
        description="Check that no two wheel layers of one environment disagree on a path.",
    )
    parser.add_argument("--manifest", action="append", default=[], help="a wheel layer's manifest (repeatable)")
    parser.add_argument("--output", required=True, help="a one-line report, written once no two wheels conflict")
    return parser


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    try:
        shared = check(m for path in ns.manifest for m in read(path))
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    summary = f"no conflicts: {len(ns.manifest)} layers of wheels, {shared} identical shared files"
    with open(ns.output, "w", encoding="utf-8") as f:
        f.write(summary + "\n")
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
