"""Wheels installed by the Debian toolchain load, on the Debian interpreter, from their .pyc files.

The install action compiled them with PEP 552 unchecked-hash headers. The test watches the
import system's two ways to get a module's code (unmarshal a .pyc, or compile the source) while
the packages are imported.
"""

from __future__ import annotations

import hashlib
import importlib._bootstrap_external as bootstrap_external
import importlib.machinery
import importlib.util
import marshal
import os
import subprocess
import sys
import unittest

RUNTIME_REPOSITORY = "debian_python_amd64_runtime"
PACKAGES = ("numpy", "six")


def _snapshot(roots: list[str]) -> dict[str, tuple[int, str]]:
    """mtime and sha256 of every .pyc under `roots`."""
    found = {}
    for root in roots:
        for directory, _, files in os.walk(root):
            for name in files:
                if name.endswith(".pyc"):
                    path = os.path.join(directory, name)
                    with open(path, "rb") as f:
                        found[path] = (os.stat(path).st_mtime_ns, hashlib.sha256(f.read()).hexdigest())
    return found


def _package_root(name: str) -> str:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, name
    return os.path.dirname(spec.origin)


class InstalledWheelsTest(unittest.TestCase):
    roots: list[str]
    before: dict[str, tuple[int, str]]
    from_pyc: list[str]
    from_source: list[str]

    @classmethod
    def setUpClass(cls) -> None:
        # Taken before any of the packages is imported.
        cls.roots = [_package_root(name) for name in PACKAGES]
        cls.before = _snapshot(cls.roots)
        cls.from_pyc = []
        cls.from_source = []
        compile_bytecode = getattr(bootstrap_external, "_compile_bytecode")
        source_to_code = importlib.machinery.SourceFileLoader.source_to_code

        def watched_compile_bytecode(data, name=None, bytecode_path=None, source_path=None):  # type: ignore[no-untyped-def]
            cls.from_pyc.append(bytecode_path)
            return compile_bytecode(data, name, bytecode_path, source_path)

        def watched_source_to_code(self, data, path, **kwargs):  # type: ignore[no-untyped-def]
            cls.from_source.append(path)
            return source_to_code(self, data, path, **kwargs)

        setattr(bootstrap_external, "_compile_bytecode", watched_compile_bytecode)
        importlib.machinery.SourceFileLoader.source_to_code = watched_source_to_code  # type: ignore[method-assign]
        try:
            import numpy  # noqa: F401
            import six  # type: ignore[import-untyped]  # noqa: F401
        finally:
            setattr(bootstrap_external, "_compile_bytecode", compile_bytecode)
            importlib.machinery.SourceFileLoader.source_to_code = source_to_code  # type: ignore[method-assign]

    def test_runs_on_the_debian_interpreter(self) -> None:
        self.assertEqual(sys.version_info[:2], (3, 13))
        for path in (sys.prefix, sys.executable, os.__file__):
            self.assertIn(RUNTIME_REPOSITORY, path)
        # sys.executable is the launcher: a subprocess runs the same interpreter, even
        # without the environment the launcher sets.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONHOME"}
        child = subprocess.run([sys.executable, "-c", "import sys, ssl; print(sys.prefix)"],
                               env=env, capture_output=True, text=True, check=True)
        self.assertEqual(child.stdout.strip(), sys.prefix)

    def test_numpy_works(self) -> None:
        import numpy

        self.assertEqual(int(numpy.arange(10).sum()), 45)
        self.assertAlmostEqual(float(numpy.linalg.det(numpy.array([[2.0, 0.0], [0.0, 3.0]]))), 6.0)

    def test_loaded_modules_come_from_their_pyc(self) -> None:
        checked = 0
        for name, module in sorted(sys.modules.items()):
            if name.split(".")[0] not in PACKAGES or not getattr(module, "__file__", "").endswith(".py"):
                continue
            with self.subTest(module=name):
                cached = module.__cached__
                self.assertTrue(os.path.isfile(cached), cached)
                with open(cached, "rb") as f:
                    data = f.read()
                self.assertEqual(data[:4], importlib.util.MAGIC_NUMBER)
                self.assertEqual(int.from_bytes(data[4:8], "little"), 1, "flags: unchecked hash")
                # The install action names sources relative to the tree (no machine path).
                self.assertFalse(os.path.isabs(marshal.loads(data[16:]).co_filename))
                self.assertIn(cached, self.from_pyc)
                checked += 1
        self.assertGreater(checked, 20)
        self.assertEqual([p for p in self.from_source if any(p.startswith(r) for r in self.roots)], [])

    def test_import_rewrites_no_pyc(self) -> None:
        self.assertGreater(len(self.before), 100)
        self.assertEqual(_snapshot(self.roots), self.before)


if __name__ == "__main__":
    unittest.main()
