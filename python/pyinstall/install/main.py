"""Installs one wheel into a reproducible tree: the action behind the `wheel_install` rule.

    python3.13 -S -s -B -m pyinstall.install.main @params

with, in the param file, one flag or value a line:
    --wheel six-1.17.0-py2.py3-none-any.whl  --output bazel-out/.../six
    --python-version 3.13  --pyc unchecked-hash  --optimize 0
    --script-interpreter '/usr/bin/env python3'  --source-date-epoch 315532800  --jobs 2

On success it prints one line (what was installed); on bad input it prints one error naming the wheel and the
entry, removes whatever it wrote, and exits 1.
"""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from collections.abc import Sequence

from installer import install
from installer.exceptions import InstallerError
from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from pyinstall.install import normalize
from pyinstall.install import options
from pyinstall.install import scripts
from pyinstall.install.destination import TreeDestination
from pyinstall.common.errors import PyinstallError
from pyinstall.install.wheel_source import open_wheel

INSTALLER = b"rules_pyinstall\n"


def check_interpreter(label: str, python_version: str) -> None:
    running = "%d.%d" % sys.version_info[:2]
    if running != python_version:
        raise PyinstallError(
            label,
            f"the interpreter running the install is Python {running}, but the .pyc files must "
            f"be compiled for Python {python_version}",
            f"register an interpreter toolchain of Python {python_version} "
            "(see @rules_pyinstall//rules:interpreter_toolchain_type)",
        )


def check_wheel_python(label: str, python_version: str) -> str:
    """Returns the PEP 503 normalized distribution name; refuses a wheel no Python of that
    version can use."""
    try:
        name, _, _, tags = parse_wheel_filename(label)
    except InvalidWheelFilename as exc:
        raise PyinstallError(label, f"not a valid wheel file name: {exc}") from exc
    major, minor = (int(part) for part in python_version.split("."))
    for tag in tags:
        interpreter = tag.interpreter
        if interpreter in ("py3", f"py{major}{minor}", f"cp{major}{minor}"):
            return name
        if tag.abi == "abi3" and interpreter.startswith("cp3") and int(interpreter[3:] or 0) <= minor:
            return name
    raise PyinstallError(
        label,
        f"no tag of the wheel ({', '.join(sorted(str(t) for t in tags))}) fits Python {python_version}",
        f"pick the wheel built for cp{major}{minor}, abi3 or py3",
    )


def install_wheel(opts: options.InstallOptions) -> int:
    """Installs `opts.wheel` into `opts.output`; returns the number of .pyc files written."""
    label = os.path.basename(opts.wheel)
    check_interpreter(label, opts.python_version)
    distribution = check_wheel_python(label, opts.python_version)
    shebang = scripts.check_interpreter_line(label, opts.script_interpreter)
    with open_wheel(opts.wheel) as wheel:
        destination = TreeDestination(
            root=opts.output,
            label=label,
            # include/<name> uses the normalized name, as WheelTreeInfo.distribution does.
            distribution=distribution,
            shebang=shebang,
            pyc=opts.pyc,
            optimize=opts.optimize,
            jobs=opts.jobs,
        )
        try:
            install(wheel, destination, {"INSTALLER": INSTALLER})
        except (InstallerError, zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise PyinstallError(label, f"cannot install {distribution}: {exc}") from exc
    normalize.normalize_tree(opts.output, opts.source_date_epoch)
    return len(destination.compiled)


def _empty(directory: str) -> None:
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


def main(argv: Sequence[str]) -> int:
    opts = options.parse(argv)
    os.makedirs(opts.output, exist_ok=True)
    try:
        compiled = install_wheel(opts)
    except PyinstallError as exc:
        _empty(opts.output)
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    except BaseException:
        _empty(opts.output)
        raise
    print(f"installed {os.path.basename(opts.wheel)}: {compiled} .pyc files for Python {opts.python_version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
