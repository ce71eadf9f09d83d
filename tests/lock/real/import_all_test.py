"""Imports every top-level module of every distribution a hub installed (all of a real lock).

    import_all_test.py <minimum number of distributions> [--skip module ...]

The distributions are those on sys.path outside the interpreter's own prefix: the hub's trees.
A module is top-level if RECORD lists `<name>.py`, `<name>/...` or `<name>.<abi>.so`.
"""

import importlib
import importlib.metadata
import os
import sys
import unittest

ARGS = sys.argv[1:]
sys.argv[1:] = []


def _top_level(dist: importlib.metadata.Distribution) -> set[str]:
    names = set()
    for path in dist.files or []:
        parts = path.parts
        first = parts[0]
        if first.endswith((".dist-info", ".data")) or first in ("__pycache__", "bin", ".."):
            continue
        if len(parts) > 1:
            names.add(first)
        elif first.endswith(".py"):
            names.add(first[: -len(".py")])
        elif first.endswith((".so", ".pyd")):
            names.add(first.split(".", 1)[0])
    return {n for n in names if n.isidentifier()}


def _installed() -> list[importlib.metadata.Distribution]:
    base = os.path.realpath(sys.base_prefix)
    found = {}
    for dist in importlib.metadata.distributions():
        location = os.path.realpath(str(dist.locate_file("")))
        if not location.startswith(base + os.sep):
            found.setdefault(dist.metadata["Name"], dist)
    return [found[name] for name in sorted(found)]


class ImportAllTest(unittest.TestCase):
    def test_every_top_level_module_imports(self) -> None:
        minimum = int(ARGS[0])
        skip = set(ARGS[ARGS.index("--skip") + 1 :]) if "--skip" in ARGS else set()
        dists = _installed()
        self.assertGreaterEqual(len(dists), minimum, [d.metadata["Name"] for d in dists])
        imported = 0
        for dist in dists:
            for module in sorted(_top_level(dist) - skip):
                with self.subTest(distribution=dist.metadata["Name"], module=module):
                    importlib.import_module(module)
                    imported += 1
        print(f"imported {imported} modules of {len(dists)} distributions")


if __name__ == "__main__":
    unittest.main()
