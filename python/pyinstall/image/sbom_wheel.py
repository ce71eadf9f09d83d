"""What an image's SBOM says about one wheel, when the wheel's layer action does not write it
(a layer read from the installed tree): the action the wheel layer aspect runs beside it.

    python3.13 -S -s -B -m pyinstall.image.sbom_wheel @params

with, in the param file, one flag or value a line:
    --wheel six-1.17.0-py2.py3-none-any.whl
    --distribution six  --version 1.17.0
    --label @@hub//_wheels:six-...  --lock //:requirements.txt
    --output six.sbom.json

The record and how it is made are `pyinstall.common.sbom_record`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from pyinstall.common import params
from pyinstall.common.errors import PyinstallError
from pyinstall.common import worker
from pyinstall.common.sbom_record import describe, write


def record(ns: argparse.Namespace) -> dict[str, Any]:
    return describe(ns.wheel, ns.distribution, ns.version, ns.label, ns.lock)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pyinstall.image.sbom_wheel", description="Describe a wheel for an SBOM.")
    parser.add_argument("--wheel", required=True, help="the .whl file")
    parser.add_argument("--distribution", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--label", required=True, help="the wheel_install target")
    parser.add_argument("--lock", default="", help="the lockfile the wheel was pinned in (empty: none)")
    parser.add_argument("--output", required=True, help="the JSON record to write")
    return parser


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    try:
        data = record(ns)
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    write(ns.output, data)
    print(f"sbom record of {ns.distribution} {ns.version}: {data['license'] or 'no license'}")
    return 0


if __name__ == "__main__":
    worker.run(main)
