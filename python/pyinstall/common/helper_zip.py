"""Compiles a helper stage and its libraries once into a zip of sourceless `.pyc` files.

    python -S -s -B -m pyinstall.common.helper_zip @params

with, in the param file: `--output install.zip`, then `--module` NAME PATH for every source,
NAME its import path (`pyinstall/install/main.py`). The interpreter toolchain runs it with
its own interpreter, so the `.pyc` files match the Python that runs the helpers; actions then
import from the zip (zipimport loads `pkg/mod.pyc` without a source) instead of compiling
the helper, `installer` and `packaging` again in every action.

The zip is the same bytes on every machine: entries sorted, stored, dated 1980-01-01, mode
0644; `.pyc` files unchecked-hash, each compiled in a fork of the same state (isolated.py).
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from collections.abc import Sequence

from pyinstall.common import bytecode
from pyinstall.common import isolated

_EPOCH = (1980, 1, 1, 0, 0, 0)


def _compile(job: tuple[str, str]) -> bytes:
    name, path = job
    with open(path, "rb") as f:
        source = f.read()
    data = bytecode.pyc_bytes(source, name, 0, checked=False)
    if data is None:
        raise SyntaxError(f"{path} does not compile")
    return data


def write_zip(modules: Sequence[tuple[str, str]], output: str) -> int:
    """Writes `output`; returns the number of modules in it."""
    chosen = dict(sorted((name, path) for name, path in modules if name.endswith(".py")))
    names = sorted(chosen)
    compiled = isolated.run_batches([(name, chosen[name]) for name in names], _compile, jobs=1)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in zip(names, compiled):
            info = zipfile.ZipInfo(name[: -len(".py")] + ".pyc", date_time=_EPOCH)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    return len(names)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pyinstall.common.helper_zip", fromfile_prefix_chars="@")
    parser.add_argument("--output", required=True, help="the zip to write")
    parser.add_argument("--module", nargs=2, action="append", default=[], metavar=("NAME", "PATH"))
    ns = parser.parse_args(list(argv))
    count = write_zip([(name, path) for name, path in ns.module], ns.output)
    print(f"{ns.output}: {count} modules for Python {sys.version_info[0]}.{sys.version_info[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
