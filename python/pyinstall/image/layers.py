"""Installed wheel trees as a layer of a virtual environment, in a deterministic tar.

    python3.13 -S -s -B -m pyinstall.image.layers @params

with, in the param file, one flag or value a line:
    --tree six 1.17.0 @whl_six//:six bazel-out/.../six   (once per tree: usually one)
    --prefix /opt/venv  --python-version 3.13  --source-date-epoch 315532800  --gzip-level 6
    --output six.tar.gz  --descriptor six.json  --manifest six.files.json

The layer of trees `wheel_install` wrote: of a wheel whose `WheelTreeInfo` does not say how
to install it, with `//rules:layers_from=tree`, or of several wheels grouped past
`max_layers`. (By default a wheel's own layer is written by `pyinstall.install.layer`, which
installs the wheel itself; the bytes are the same.) Where each tree's files go, and which
paths two trees may share, is `pyinstall.common.venv_layer`.

Besides the layer it writes its OCI descriptor (digest, diff_id, size: the image action then
reads no layer to hash it) and a manifest of every path with its sha256 per tree, from which
`pyinstall.image.conflicts` checks a whole image without reading its trees again.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence

from pyinstall.common import layer_file, manifests, params
from pyinstall.common.errors import PyinstallError
from pyinstall.common import worker
from pyinstall.common.venv_layer import Tree, merge

__all__ = ["Tree", "main", "make_parser", "merge"]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyinstall.image.layers",
        description="Merge installed wheel trees into one virtual environment layer.",
    )
    parser.add_argument(
        "--tree",
        nargs=4,
        action="append",
        default=[],
        metavar=("DISTRIBUTION", "VERSION", "LABEL", "PATH"),
        help="an installed tree (repeatable)",
    )
    parser.add_argument("--prefix", required=True, help="the environment's absolute path in the image")
    parser.add_argument("--python-version", required=True, help="major.minor, for lib/pythonX.Y")
    layer_file.add_arguments(parser)
    parser.add_argument("--manifest", help="where to write each tree's paths and their sha256 (JSON)")
    return parser


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    trees = [Tree(*values) for values in ns.tree]
    with tempfile.TemporaryDirectory() as scratch:
        try:
            entries, found = merge(trees, ns.prefix, ns.python_version, scratch)
        except PyinstallError as exc:
            print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
            return 1
        digests = layer_file.write(ns, entries)
    if ns.manifest:
        manifests.write(ns.manifest, found)
    names = ", ".join(f"{t.distribution} {t.version}" for t in trees)
    print(f"layer {digests.digest}: {names}, {len(entries)} paths under {ns.prefix}, {digests.size} bytes")
    return 0


if __name__ == "__main__":
    worker.run(main)
