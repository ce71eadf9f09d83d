"""Extension modules built by the Debian GCC toolchain load in the Debian runtime and work.

Arguments: the outputs of the cc_extension targets (each: the module, and the same module
built again in another directory through another toolchain path).
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unittest
from types import ModuleType

PATHS = sys.argv[1:]
# An absolute path as it would be embedded: two or more components.
_ABSOLUTE = re.compile(rb"(?<![\w.~+-])/[\w.~+-]+(?:/[\w.~+-]+)+")


def load(path: str) -> ModuleType:
    name = path.rsplit("/", 1)[-1].split(".", 1)[0]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pairs() -> list[tuple[str, str]]:
    """(module, the same built again) for each target."""
    again = [p for p in PATHS if "/again/" in p]
    return [(p, next(a for a in again if a.endswith("/again/" + p.rsplit("/", 1)[-1]) and
                     a.rsplit("/again/", 1)[0] == p.rsplit("/", 1)[0]))
            for p in PATHS if "/again/" not in p]


class ExtensionTest(unittest.TestCase):
    def test_c_extension(self) -> None:
        for path in [p for p in PATHS if "/hello" in p]:
            with self.subTest(path=path):
                hello = load(path)
                self.assertEqual(5, hello.add(2, 3))
                # __DATE__ is SOURCE_DATE_EPOCH's (1980-01-01), not the day of the build.
                self.assertEqual(("Jan  1 1980", 4.0), hello.built())

    def test_cxx_extension(self) -> None:
        (path,) = [p for p in PATHS if p.endswith("greet_gxx/greet.so")]
        self.assertEqual("dlrow olleh", load(path).greet("world"))

    def test_built_twice_identical(self) -> None:
        self.assertEqual(3, len(pairs()))
        for path, again in pairs():
            with open(path, "rb") as f, open(again, "rb") as g:
                self.assertEqual(f.read(), g.read(), f"{path} and {again} differ")

    def test_no_machine_path(self) -> None:
        for path in PATHS:
            with open(path, "rb") as f:
                data = f.read()
            self.assertTrue(data.startswith(b"\x7fELF"), path)
            # Debug info names the toolchain's headers under /toolchain and the sources as
            # relative paths; nothing else may be absolute.
            found = {m.decode() for m in _ABSOLUTE.findall(data) if not m.startswith(b"/toolchain/")}
            self.assertEqual(set(), found, path)
            # Built with -g (setuptools from CPython's CFLAGS in the env): headers are named.
            self.assertTrue(b"/toolchain/root/usr/include/" in data, f"{path}: no debug info?")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
