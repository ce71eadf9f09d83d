"""First-party Python code as a deterministic layer tar, with unchecked-hash `.pyc` files.

    python3.13 -S -s -B -m pyinstall.image.first_party @params

with, in the param file, one flag or value a line:
    --file examples/app/main.py examples/app/main.py   (runfiles short path, then file; repeatable)
    --import _main/examples/app                        (a PyInfo import path; repeatable)
    --workspace _main  --app-root /app  --python-version 3.13
    --pth opt/venv/lib/python3.13/site-packages/rules_pyinstall_app.pth
    --source-date-epoch 315532800  --output app.tar.gz

Files of the main repository go to `<app-root>/<short path>`, those of a repository `r` to
`<app-root>/external/r/<path>`. The `.pth` file puts `<app-root>`, each external repository's
directory and each import path on `sys.path`, as Bazel's launcher does. Every `.py` file gets
its `__pycache__/*.cpython-XY.pyc` (PEP 552 unchecked-hash), compiled by this interpreter,
which must be the image's Python version.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence

from pyinstall.common import bytecode
from pyinstall.common import params
from pyinstall.common import tarball
from pyinstall.common.errors import PyinstallError
from pyinstall.common import layer_file


def image_path(short_path: str, app_root: str) -> str:
    """Where a file with this runfiles short path goes, relative to the image's root."""
    root = app_root.strip("/")
    if short_path.startswith("../"):
        return f"{root}/external/{short_path[3:]}"
    return f"{root}/{short_path}"


def pth_lines(imports: Iterable[str], short_paths: Iterable[str], workspace: str, app_root: str) -> list[str]:
    """The directories to put on sys.path, in a stable order: the roots first, then imports."""
    root = "/" + app_root.strip("/")
    repos = sorted({p.split("/")[1] for p in short_paths if p.startswith("../")})
    lines = [root] + [f"{root}/external/{repo}" for repo in repos]
    for entry in imports:
        repo, _, rest = entry.partition("/")
        base = root if repo == workspace else f"{root}/external/{repo}"
        path = posixpath.normpath(f"{base}/{rest}") if rest else base
        if path not in lines:
            lines.append(path)
    return lines


def check_interpreter(python_version: str) -> None:
    running = "%d.%d" % sys.version_info[:2]
    if running != python_version:
        raise PyinstallError(
            "interpreter",
            f"{sys.executable} is Python {running}, but the image runs Python {python_version}",
            f"register an interpreter toolchain of Python {python_version}",
        )


def stage(files: Sequence[tuple[str, str]], app_root: str, root: str) -> list[str]:
    """Copies each file to its place under `root`; returns the places, relative to `root`."""
    placed: dict[str, str] = {}
    for short_path, source in files:
        relative = image_path(short_path, app_root)
        if relative in placed and placed[relative] != source:
            raise PyinstallError(relative, f"two different files go here: {placed[relative]} and {source}")
        placed[relative] = source
        destination = os.path.join(root, relative)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copyfile(source, destination)
    return sorted(placed)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyinstall.image.first_party",
        description="Write first-party Python files and their .pyc files as one layer.",
    )
    parser.add_argument("--file", nargs=2, action="append", default=[], metavar=("SHORT_PATH", "PATH"))
    parser.add_argument("--import", dest="imports", action="append", default=[])
    parser.add_argument("--workspace", required=True, help="the main repository's runfiles name")
    parser.add_argument("--app-root", required=True, help="absolute directory of the code in the image")
    parser.add_argument("--pth", required=True, help="the .pth file to write, relative to the image's root")
    parser.add_argument("--python-version", required=True)
    layer_file.add_arguments(parser)
    return parser


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    files = [(short, path) for short, path in ns.file]
    with tempfile.TemporaryDirectory() as root:
        try:
            check_interpreter(ns.python_version)
            placed = stage(files, ns.app_root, root)
            compiled = bytecode.compile_sources(root, placed, "unchecked-hash", [0])
        except PyinstallError as exc:
            print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
            return 1
        pth = os.path.join(root, ns.pth.strip("/"))
        os.makedirs(os.path.dirname(pth), exist_ok=True)
        lines = pth_lines(ns.imports, [short for short, _ in files], ns.workspace, ns.app_root)
        with open(pth, "w", encoding="utf-8", newline="\n") as f:
            f.write("".join(line + "\n" for line in lines))
        entries = [
            tarball.Entry(relative, source=os.path.join(root, relative))
            for relative in sorted(placed + compiled + [ns.pth.strip("/")])
        ]
        digests = layer_file.write(ns, entries)
    print(f"layer {digests.digest}: {len(placed)} first-party files, {len(compiled)} .pyc files under {ns.app_root}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
