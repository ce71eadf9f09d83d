"""A virtual environment of installed trees, for editors and type checkers: behind `editor_venv`.

    python3.13 -S -s -B -m pyinstall.install.venv --name NAME --python PATH --tree DIR ... -- VENV

`bazel run @pypi//:venv -- .venv` runs it (VENV relative to where `bazel run` was started).
It writes, offline, a virtual environment whose `bin/python3` is the interpreter the trees
were installed for, and copies each tree's `site-packages` and scripts into it: the same
files for the same lock and the same VENV. It refuses to replace a directory it did not
make (one without its mark in `pyvenv.cfg`), and replaces one it made.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import shutil
import sys
from collections.abc import Sequence

from pyinstall.common import params
from pyinstall.common.errors import PyinstallError

MARK = "rules_pyinstall"
_SHEBANG = b"#!/usr/bin/env python3"


def ours(venv: str) -> bool:
    """Whether `venv` is a virtual environment this helper made."""
    try:
        with open(os.path.join(venv, "pyvenv.cfg"), encoding="utf-8") as f:
            return any(line.split("=", 1)[0].strip() == MARK for line in f)
    except OSError:
        return False


def clear(venv: str) -> None:
    if not os.path.lexists(venv):
        return
    if not os.path.isdir(venv) or os.path.islink(venv):
        raise PyinstallError(venv, "exists and is not a directory", "give a new directory")
    if os.listdir(venv) and not ours(venv):
        raise PyinstallError(venv, "is not a virtual environment made by rules_pyinstall: not replacing it", "remove it, or give a new directory")
    shutil.rmtree(venv)


def _link_python(venv: str, python: str, version: str) -> None:
    target = os.path.realpath(python)
    bin_dir = os.path.join(venv, "bin")
    os.symlink(target, os.path.join(bin_dir, "python3"))
    for alias in ("python", "python" + version):
        os.symlink("python3", os.path.join(bin_dir, alias))
    # The Debian runtime's launcher runs the CPython of the `root` directory beside its own
    # directory, found by following the link it was started through until one is there:
    # a `root` in the venv keeps it from following bin/python3 out of the venv, so that
    # `sys.executable` stays the venv's and `site` finds pyvenv.cfg.
    root = os.path.join(os.path.dirname(os.path.dirname(target)), "root")
    if os.path.isdir(root):
        os.symlink(root, os.path.join(venv, "root"))


def _copy(source: str, target: str, owner: str, seen: dict[str, str]) -> None:
    """Copies the tree `source` into `target`; a file two trees hold must be the same."""
    for directory, dirs, files in os.walk(source):
        dirs.sort()
        relative = os.path.relpath(directory, source)
        os.makedirs(os.path.join(target, relative), exist_ok=True)
        for name in sorted(files):
            src, dst = os.path.join(directory, name), os.path.normpath(os.path.join(target, relative, name))
            if dst in seen:
                if not filecmp.cmp(src, dst, shallow=False):
                    raise PyinstallError(dst, f"is installed by {seen[dst]} and by {owner} with different contents")
                continue
            seen[dst] = owner
            # Bazel's outputs are read-only; the venv's files are the user's to change.
            shutil.copyfile(src, dst)
            stat = os.stat(src)
            os.chmod(dst, 0o755 if stat.st_mode & 0o111 else 0o644)
            os.utime(dst, ns=(stat.st_mtime_ns, stat.st_mtime_ns))  # the build's epoch


def _rewrite_scripts(bin_dir: str, python: str) -> None:
    # Scripts say `#!/usr/bin/env python3` (right in an image); here they run the venv's.
    for name in sorted(os.listdir(bin_dir)):
        path = os.path.join(bin_dir, name)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        if data.startswith(_SHEBANG + b"\n"):
            mtime = os.stat(path).st_mtime_ns
            with open(path, "wb") as f:
                f.write(b"#!" + python.encode() + data[len(_SHEBANG):])
            os.utime(path, ns=(mtime, mtime))


def make(venv: str, name: str, python: str, trees: Sequence[str], epoch: int = 315532800) -> int:
    clear(venv)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    site_packages = os.path.join(venv, "lib", "python" + version, "site-packages")
    os.makedirs(site_packages)
    os.makedirs(os.path.join(venv, "bin"))
    _link_python(venv, python, version)
    with open(os.path.join(venv, "pyvenv.cfg"), "w", encoding="utf-8") as f:
        f.write(f"home = {os.path.dirname(os.path.realpath(python))}\n")
        f.write("include-system-site-packages = false\n")
        f.write(f"version = {platform.python_version()}\n")
        f.write(f"{MARK} = {name}\n")
    os.utime(os.path.join(venv, "pyvenv.cfg"), (epoch, epoch))  # dated like the trees' files
    seen: dict[str, str] = {}
    for tree in sorted(trees, key=os.path.basename):
        owner = os.path.basename(tree)
        for sub, target in (("site-packages", site_packages), ("bin", os.path.join(venv, "bin"))):
            if os.path.isdir(os.path.join(tree, sub)):
                _copy(os.path.join(tree, sub), target, owner, seen)
    _rewrite_scripts(os.path.join(venv, "bin"), os.path.join(venv, "bin", "python3"))
    return len(trees)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pyinstall.install.venv", description="Write a virtual environment of installed trees.")
    parser.add_argument("--name", required=True, help="what made it, e.g. the hub (written in pyvenv.cfg)")
    parser.add_argument("--python", required=True, help="the interpreter bin/python3 links to")
    parser.add_argument("--tree", action="append", default=[], help="an installed tree (repeatable)")
    parser.add_argument("--source-date-epoch", type=int, default=315532800)
    parser.add_argument("venv", help="the directory to write (relative to BUILD_WORKING_DIRECTORY under bazel run)")
    return parser


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    venv = os.path.abspath(os.path.join(os.environ.get("BUILD_WORKING_DIRECTORY", os.getcwd()), ns.venv))
    try:
        count = make(venv, ns.name, ns.python, ns.tree, ns.source_date_epoch)
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    print(f"virtual environment {venv}: {count} wheels of {ns.name}, Python {platform.python_version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
