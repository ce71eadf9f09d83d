"""A wheel installed straight into its image layer: the action behind a wheel's own layer.

    python3.13 -S -s -B -m pyinstall.install.layer @params

with, in the param file, one flag or value a line:
    --install six 1.17.0 @pypi//six '["--wheel", "six-1.17.0-py2.py3-none-any.whl", ...]'
        (once per wheel, usually one: the flags of its `wheel_install`, a JSON list)
    --jobs 0  --prefix /opt/venv  --python-version 3.13  --source-date-epoch 315532800
    --gzip-level 1  --output six.tar.gz  --descriptor six.json  --manifest six.files.json
    --sbom six.sbom.json  --lock //:requirements.txt   (with one wheel: its SBOM record)

A layer made from the tree `wheel_install` wrote (`pyinstall.image.layers`) costs, besides
the tar: Bazel writing and hashing the tree's thousands of files as an output, then staging
each one as an input of the layer action (a symbolic link per file in a sandbox). Installed
here, with the very flags of its `wheel_install` (`WheelTreeInfo.install`), into memory
(`pyinstall.install.held`; beyond `HELD_BYTES`, into a scratch directory), the tree never
leaves the action. It is the tree `wheel_install` writes, byte for byte, so the layer is too
(`pyinstall.common.venv_layer` places both). The price is paid by
a build that needs both the tree (tests) and the layer: it compiles the wheel's `.pyc` files
twice (`//rules:layers_from=tree` avoids it).

Bad input is the install's own error, naming the wheel; nothing is written.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import zipfile
from collections.abc import Sequence

from pyinstall.common import layer_file, manifests, params, sbom_record
from pyinstall.common.errors import PyinstallError
from pyinstall.common import worker
from pyinstall.common.venv_layer import Tree, merge
from pyinstall.install import main as install_main
from pyinstall.install import options

_HINT = "pass WheelTreeInfo.install.flags as they are (the wheel layer aspect does)"

# Up to this many bytes of installed files are held in memory; the wheels of a layer beyond
# it (torch unpacks to several GiB) are installed into a scratch directory, with the same
# bytes, at the price of writing and reading their files.
HELD_BYTES = 768 << 20


def install_flags(owner: str, encoded: str) -> list[str]:
    """The install helper's flags of the wheel `owner`, a JSON list of strings."""
    try:
        flags = json.loads(encoded)
    except ValueError as exc:
        raise PyinstallError(owner, f"the install flags are not JSON ({exc})", _HINT) from exc
    if not isinstance(flags, list) or not all(isinstance(flag, str) for flag in flags):
        raise PyinstallError(owner, "the install flags are not a list of strings", _HINT)
    if "--output" in flags or "--jobs" in flags or "--wheel" not in flags:
        raise PyinstallError(owner, "the install flags must name --wheel and leave out --output and --jobs", _HINT)
    return flags


def _unpacked_size(wheel: str) -> int:
    """What the wheel's files add up to, from its zip directory (0 if unreadable: the install
    reports that)."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return 0


def install(distribution: str, version: str, label: str, flags: list[str], scratch: str, jobs: int, budget: list[int]) -> Tree:
    """Installs the wheel into memory or, when its files would take more of `budget` (bytes
    the action may still hold, updated) than is left, into a new directory under `scratch`."""
    owner = f"{distribution} {version} ({label})"
    opts = options.parse([*flags, "--output", scratch, "--jobs", str(max(0, jobs))])
    try:
        opts = install_main.built_wheel(opts)
        size = _unpacked_size(opts.wheel)
        if size <= budget[0]:
            budget[0] -= size
            held = install_main.install_held(opts)
            return Tree(distribution, version, label, owner, {path: (f.data, f.sha256) for path, f in held.files.items()})
        root = tempfile.mkdtemp(prefix="tree-", dir=scratch)
        install_main.install_wheel(dataclasses.replace(opts, output=root))
        return Tree(distribution, version, label, root)
    except PyinstallError:
        raise
    except Exception as exc:  # a bug of ours: one error naming the wheel, never a traceback
        raise install_main.internal_error(opts.wheel, exc) from exc


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyinstall.install.layer",
        description="Install wheels straight into one virtual environment layer.",
    )
    parser.add_argument(
        "--install",
        nargs=4,
        action="append",
        default=[],
        metavar=("DISTRIBUTION", "VERSION", "LABEL", "FLAGS"),
        help="a wheel and the install helper's flags but --output and --jobs, a JSON list (repeatable)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes an install uses (0: the machine's, up to 4)")
    parser.add_argument(
        "--held-bytes", type=int, default=HELD_BYTES,
        help="installed bytes held in memory at most; the wheels beyond go through a scratch directory",
    )  # fmt: skip
    parser.add_argument("--prefix", required=True, help="the environment's absolute path in the image")
    parser.add_argument("--python-version", required=True, help="major.minor, for lib/pythonX.Y")
    layer_file.add_arguments(parser)
    parser.add_argument("--manifest", help="where to write each wheel's paths and their sha256 (JSON)")
    parser.add_argument("--sbom", help="with one --install: where to write its SBOM record")
    parser.add_argument("--lock", default="", help="the lockfile the wheel was pinned in, for --sbom")
    return parser


def _write(ns: argparse.Namespace, installs: list[tuple[str, str, str, list[str]]], scratch: str) -> str:
    """Installs, merges and writes everything; returns the summary line."""
    if ns.sbom and len(installs) != 1:
        raise PyinstallError(ns.sbom, "--sbom describes the wheel of a layer of one --install", "write it with pyinstall.image.sbom_wheel")
    budget = [ns.held_bytes]
    trees = [install(*wheel, scratch, ns.jobs, budget) for wheel in installs]
    entries, found = merge(trees, ns.prefix, ns.python_version, tempfile.mkdtemp(prefix="scripts-", dir=scratch))
    record = None
    if ns.sbom:
        distribution, version, label, flags = installs[0]
        record = sbom_record.describe(flags[flags.index("--wheel") + 1], distribution, version, label, ns.lock)
    digests = layer_file.write(ns, entries)
    if ns.manifest:
        manifests.write(ns.manifest, found)
    if record is not None:
        sbom_record.write(ns.sbom, record)
    names = ", ".join(f"{t.distribution} {t.version}" for t in trees)
    return f"layer {digests.digest}: {names} installed, {len(entries)} paths under {ns.prefix}, {digests.size} bytes"


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    try:
        installs = [(d, v, label, install_flags(f"{d} {v} ({label})", flags)) for d, v, label, flags in ns.install]
        with tempfile.TemporaryDirectory() as scratch:
            summary = _write(ns, installs, scratch)
    except PyinstallError as exc:
        print(install_main.report(exc), file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    worker.run(main)
