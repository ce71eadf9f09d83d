"""Compiles helper stages and their libraries once into zips of sourceless `.pyc` files.

    python -S -s -B -m pyinstall.common.helper_zip @params

with, in the param file: `--jobs N`, then for every zip `--zip OUTPUT BATCH` and for every
source `--module OUTPUT NAME PATH`, NAME its import path (`pyinstall/install/main.py`). The
interpreter toolchain runs it with its own interpreter, so the `.pyc` files match the Python
that runs the helpers; actions then import from the zip (zipimport loads `pkg/mod.pyc`
without a source) instead of compiling the helper, `installer` and `packaging` again in every
action. One action writes the standard library's zip and every stage's: every install waits
for them, and one process pool on all the action's cores finishes sooner than separate
actions queued behind each other.

A zip is the same bytes on every machine: entries sorted, stored, dated 1980-01-01, mode
0644; `.pyc` files unchecked-hash, compiled in forks of the same state (isolated.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import zipfile
from collections.abc import Sequence
from typing import NamedTuple

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


class ZipSpec(NamedTuple):
    """One zip to write: its path, the modules compiled per fork, and (import path, source)."""

    output: str
    batch: int
    modules: list[tuple[str, str]]


def write_zips(specs: Sequence[ZipSpec], jobs: int = 1) -> list[int]:
    """Writes every zip; returns the number of modules in each.

    With `batch` 1 each module compiles in a fork of its own, so its bytes depend on nothing
    else in the zip; the standard library's 600 modules compile `batch` at a time instead
    (a fork costs about as much as compiling a module), the same batches on every machine
    and whatever else the action compiles.
    """
    names: list[list[str]] = []
    batches: list[list[tuple[str, str]]] = []
    for spec in specs:
        chosen = dict(sorted((name, path) for name, path in spec.modules if name.endswith(".py")))
        names.append(sorted(chosen))
        size = max(1, spec.batch)
        batches += [[(name, chosen[name]) for name in names[-1][i:i + size]] for i in range(0, len(chosen), size)]
    # The largest batches start first, so that the last to finish is a small one.
    sizes = [sum(os.path.getsize(path) for _, path in batch) for batch in batches]
    start = sorted(range(len(batches)), key=lambda i: (-sizes[i], i))
    compiled = iter([data for result in isolated.run_batches(batches, _compile, jobs, start) for data in result])
    for spec, zip_names in zip(specs, names):
        with zipfile.ZipFile(spec.output, "w", compression=zipfile.ZIP_STORED) as archive:
            for name in zip_names:
                info = zipfile.ZipInfo(name[: -len(".py")] + ".pyc", date_time=_EPOCH)
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                archive.writestr(info, next(compiled))
    return [len(n) for n in names]


def write_zip(modules: Sequence[tuple[str, str]], output: str, batch: int = 1, jobs: int = 1) -> int:
    """`write_zips` of one zip."""
    return write_zips([ZipSpec(output, batch, list(modules))], jobs)[0]


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pyinstall.common.helper_zip", fromfile_prefix_chars="@")
    parser.add_argument("--zip", nargs=2, action="append", default=[], metavar=("OUTPUT", "BATCH"),
                        help="a zip to write, and its modules compiled per forked process")
    parser.add_argument("--module", nargs=3, action="append", default=[], metavar=("OUTPUT", "NAME", "PATH"))
    parser.add_argument("--jobs", type=int, default=1, help="forked processes at once")
    ns = parser.parse_args(list(argv))
    specs = {output: ZipSpec(output, int(batch), []) for output, batch in ns.zip}
    for output, name, path in ns.module:
        if output not in specs:
            parser.error(f"--module {name}: no --zip {output}")
        specs[output].modules.append((name, path))
    counts = write_zips(list(specs.values()), max(1, ns.jobs))
    for spec, count in zip(specs.values(), counts):
        print(f"{spec.output}: {count} modules for Python {sys.version_info[0]}.{sys.version_info[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
