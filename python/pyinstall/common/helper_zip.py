"""Compiles a helper stage and its libraries once into a zip of sourceless `.pyc` files.

    python -S -s -B -m pyinstall.common.helper_zip @params

with, in the param file: `--output install.zip`, then `--module` NAME PATH for every source,
NAME its import path (`pyinstall/install/main.py`). The interpreter toolchain runs it with
its own interpreter, so the `.pyc` files match the Python that runs the helpers; actions then
import from the zip (zipimport loads `pkg/mod.pyc` without a source) instead of compiling
the helper, `installer` and `packaging` again in every action.

The zip is the same bytes on every machine: entries sorted, stored, dated 1980-01-01, mode
0644; `.pyc` files unchecked-hash, compiled in forks of the same state (isolated.py).
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from collections.abc import Sequence

from pyinstall.common import bytecode
from pyinstall.common import isolated

_EPOCH = (1980, 1, 1, 0, 0, 0)


def _compile(batch: list[tuple[str, str]]) -> list[bytes]:
    compiled = []
    for name, path in batch:
        with open(path, "rb") as f:
            source = f.read()
        data = bytecode.pyc_bytes(source, name, 0, checked=False)
        if data is None:
            raise SyntaxError(f"{path} does not compile")
        compiled.append(data)
    return compiled


def write_zip(modules: Sequence[tuple[str, str]], output: str, batch: int = 1, jobs: int = 1) -> int:
    """Writes `output`; returns the number of modules in it.

    With `batch` 1 each module compiles in a fork of its own, so its bytes depend on nothing
    else in the zip; the standard library's 600 modules compile `batch` at a time instead
    (a fork costs about as much as compiling a module), the same batches on every machine.
    """
    chosen = dict(sorted((name, path) for name, path in modules if name.endswith(".py")))
    names = sorted(chosen)
    batches = [[(name, chosen[name]) for name in names[i:i + batch]] for i in range(0, len(names), batch)]
    compiled = [data for result in isolated.run_batches(batches, _compile, jobs) for data in result]
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
    parser.add_argument("--batch", type=int, default=1, help="modules compiled per forked process")
    parser.add_argument("--jobs", type=int, default=1, help="forked processes at once")
    ns = parser.parse_args(list(argv))
    count = write_zip([(name, path) for name, path in ns.module], ns.output, max(1, ns.batch), max(1, ns.jobs))
    print(f"{ns.output}: {count} modules for Python {sys.version_info[0]}.{sys.version_info[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
