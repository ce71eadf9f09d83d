"""pyinstall.common.bytecode: PEP 552 `.pyc` files, per optimization level, with no machine path."""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import tempfile
import types
import unittest
from collections.abc import Iterator

from pyinstall.common import bytecode

from tests.install.harness import CACHE_TAG, synthetic_source

SOURCE = b'"""Doc."""\n\ndef f():\n    """Inner doc."""\n    assert f, "opt-1 drops this"\n    return lambda: 1\n'


def code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from code_objects(const)


def header_flags(pyc: bytes) -> int:
    return int.from_bytes(pyc[4:8], "little")


class CompileSourcesTest(unittest.TestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.root = tmp.name
        os.makedirs(os.path.join(self.root, "site-packages", "pkg"))
        self.write("site-packages/pkg/mod.py", SOURCE)
        self.write("site-packages/pkg/__init__.py", b"")

    def write(self, relative: str, content: bytes) -> None:
        with open(os.path.join(self.root, relative), "wb") as f:
            f.write(content)

    def read(self, relative: str) -> bytes:
        with open(os.path.join(self.root, relative), "rb") as f:
            return f.read()

    def compile(self, mode: str = "unchecked-hash", levels: tuple[int, ...] = (0,)) -> list[str]:
        return bytecode.compile_sources(
            self.root, ["site-packages/pkg/mod.py", "site-packages/pkg/__init__.py"], mode, levels
        )

    def test_unchecked_hash(self) -> None:
        written = self.compile()
        self.assertEqual(
            written,
            [f"site-packages/pkg/__pycache__/__init__.{CACHE_TAG}.pyc", f"site-packages/pkg/__pycache__/mod.{CACHE_TAG}.pyc"],
        )
        pyc = self.read(written[1])
        self.assertEqual(pyc[:4], importlib.util.MAGIC_NUMBER)
        self.assertEqual(header_flags(pyc), 1)
        self.assertEqual(pyc[8:16], importlib.util.source_hash(SOURCE))

    def test_checked_hash(self) -> None:
        written = self.compile("checked-hash")
        self.assertEqual(header_flags(self.read(written[1])), 3)

    def test_none(self) -> None:
        self.assertEqual(self.compile("none", (0, 1, 2)), [])
        self.assertFalse(os.path.exists(os.path.join(self.root, "site-packages/pkg/__pycache__")))

    def test_optimization_levels(self) -> None:
        written = self.compile(levels=(2, 0, 1))
        base = f"site-packages/pkg/__pycache__/mod.{CACHE_TAG}"
        self.assertEqual([p for p in written if "/mod." in p], [f"{base}.pyc", f"{base}.opt-1.pyc", f"{base}.opt-2.pyc"])
        plain, opt1, opt2 = (marshal.loads(self.read(p)[16:]) for p in written[3:])
        self.assertEqual(plain.co_consts[0], "Doc.")
        self.assertEqual(opt1.co_consts[0], "Doc.")
        self.assertNotIn("Doc.", opt2.co_consts)
        self.assertIn("opt-1 drops this", str([c.co_consts for c in code_objects(plain)]))
        self.assertNotIn("opt-1 drops this", str([c.co_consts for c in code_objects(opt1)]))

    def test_only_optimized_levels(self) -> None:
        written = self.compile(levels=(1,))
        self.assertTrue(all(p.endswith(".opt-1.pyc") for p in written), written)

    def test_co_filename_is_tree_relative(self) -> None:
        written = self.compile()
        codes = list(code_objects(marshal.loads(self.read(written[1])[16:])))
        self.assertEqual(len(codes), 3)
        for code in codes:
            self.assertEqual(code.co_filename, "site-packages/pkg/mod.py")
        self.assertNotIn(self.root.encode(), self.read(written[1]))

    def test_same_bytes_every_time(self) -> None:
        first = [self.read(p) for p in self.compile(levels=(0, 1, 2))]
        again = [self.read(p) for p in self.compile(levels=(0, 1, 2))]
        self.assertEqual(first, again)

    def test_source_that_does_not_compile_gets_no_pyc(self) -> None:
        self.write("site-packages/pkg/mod.py", b"print 'python 2'\n")
        self.assertEqual(self.compile(), [f"site-packages/pkg/__pycache__/__init__.{CACHE_TAG}.pyc"])

    def test_only_py_files(self) -> None:
        self.write("site-packages/pkg/data.txt", b"x = 1\n")
        written = bytecode.compile_sources(self.root, ["site-packages/pkg/data.txt"], "unchecked-hash", (0,))
        self.assertEqual(written, [])


class ParallelCompileTest(unittest.TestCase):
    """Several batches compile in forked workers; the bytes must not depend on how many."""

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.sources = [f"site-packages/pkg/m{i:03d}.py" for i in range(3 * bytecode.BATCH + 5)]
        self.roots = []
        for jobs in (1, 2, 3, 8):
            root = os.path.join(tmp.name, str(jobs))
            os.makedirs(os.path.join(root, "site-packages", "pkg"))
            for i, relative in enumerate(self.sources):
                with open(os.path.join(root, relative), "wb") as f:
                    f.write(synthetic_source(i))
            self.roots.append((jobs, root))

    def test_same_bytes_for_any_number_of_workers(self) -> None:
        results = {}
        for jobs, root in self.roots:
            compiled = bytecode.compile_tree(root, reversed(self.sources), "unchecked-hash", (0, 2), jobs)
            contents = []
            for c in compiled:
                with open(os.path.join(root, c.path), "rb") as f:
                    data = f.read()
                self.assertEqual((hashlib.sha256(data).digest(), len(data)), (c.sha256, c.size))
                contents.append((c.path, data))
            results[jobs] = contents
        self.assertEqual(len(results[1]), 2 * len(self.sources))
        modules = [p.rsplit("/", 1)[1].split(".")[0] for p, _ in results[1]]
        self.assertEqual(modules, sorted(modules))  # by source, then by level
        for jobs in (2, 3, 8):
            self.assertEqual(results[jobs], results[1], f"jobs={jobs} differs from the serial path")

    def test_a_failing_worker_fails_the_compile(self) -> None:
        _, root = self.roots[1]
        os.unlink(os.path.join(root, self.sources[-1]))
        os.mkdir(os.path.join(root, self.sources[-1]))  # a worker cannot read it
        with self.assertRaisesRegex(RuntimeError, "IsADirectoryError"):
            bytecode.compile_tree(root, self.sources, "unchecked-hash", (0,), 2)


if __name__ == "__main__":
    unittest.main()
