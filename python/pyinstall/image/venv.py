"""The skeleton of a virtual environment in an image, as a deterministic layer tar.

    python3.13 -S -s -B -m pyinstall.image.venv @params

with, in the param file: --prefix /opt/venv  --python /usr/bin/python3.13
--python-version 3.13  --source-date-epoch 315532800  --output venv.tar.gz

The layer holds what `python -m venv --without-pip` makes: `pyvenv.cfg` (whose `home` is the
base image's interpreter directory), `bin/python`, `bin/python3` and `bin/pythonX.Y` linking to
that interpreter, and an empty `lib/pythonX.Y/site-packages`. So `<prefix>/bin/python3` runs
with the environment's site-packages, processes its `.pth` files, and scripts starting with
`#!/usr/bin/env python3` run in it when `<prefix>/bin` comes first on PATH.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import sys
import tempfile
from collections.abc import Sequence

from pyinstall.common import params
from pyinstall.common import tarball
from pyinstall.common.errors import PyinstallError
from pyinstall.common import layer_file


def pyvenv_cfg(python: str, python_version: str) -> str:
    return (
        f"home = {posixpath.dirname(python)}\n"
        "include-system-site-packages = false\n"
        f"version = {python_version}\n"
        f"executable = {python}\n"
    )


def check(prefix: str, python: str, python_version: str) -> None:
    for name, value in (("prefix", prefix), ("python", python)):
        if not posixpath.isabs(value) or posixpath.normpath(value) != value or value == "/":
            raise PyinstallError(
                f"--{name} {value}", "must be a normalized absolute path in the image", "e.g. /opt/venv"
            )
    if not re.fullmatch(r"3\.\d+", python_version):
        raise PyinstallError(f"--python-version {python_version}", "is not a major.minor version of Python 3")


def entries(prefix: str, python: str, python_version: str, cfg_file: str) -> list[tarball.Entry]:
    root = prefix.strip("/")
    links = sorted({"python", "python3", f"python{python_version}"})
    return [
        tarball.Entry(f"{root}/pyvenv.cfg", source=cfg_file),
        tarball.Entry(f"{root}/lib/python{python_version}/site-packages"),
        *(tarball.Entry(f"{root}/bin/{name}", link_target=python) for name in links),
    ]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyinstall.image.venv",
        description="Write the layer of an empty virtual environment.",
    )
    parser.add_argument("--prefix", required=True, help="the environment's absolute path in the image")
    parser.add_argument("--python", required=True, help="the base image's interpreter, e.g. /usr/bin/python3.13")
    parser.add_argument("--python-version", required=True, help="major.minor")
    layer_file.add_arguments(parser)
    return parser


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    try:
        check(ns.prefix, ns.python, ns.python_version)
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        cfg_file = os.path.join(scratch, "pyvenv.cfg")
        with open(cfg_file, "w", encoding="utf-8", newline="\n") as f:
            f.write(pyvenv_cfg(ns.python, ns.python_version))
        digests = layer_file.write(ns, entries(ns.prefix, ns.python, ns.python_version, cfg_file))
    print(f"layer {digests.digest}: virtual environment at {ns.prefix} on {ns.python}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
