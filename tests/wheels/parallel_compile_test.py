"""numpy's 407 sources compiled in parallel give the bytes of the serial path.

    parallel_compile_test <numpy.whl> <numpy tree installed by wheel_install>

Both compiles run in this process, from the same state, as the install helper runs them; the
tree from the build must hold the same `.pyc` paths and its RECORD their digests.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
import tempfile
import unittest
import zipfile

from pyinstall.common import bytecode

WHEEL, TREE = sys.argv[1], sys.argv[2]


class ParallelCompileTest(unittest.TestCase):
    def compile(self, jobs: int) -> dict[str, bytes]:
        with tempfile.TemporaryDirectory() as root:
            with zipfile.ZipFile(WHEEL) as wheel:
                names = [n for n in wheel.namelist() if n.endswith(".py")]
                wheel.extractall(os.path.join(root, "site-packages"), names)
            compiled = bytecode.compile_tree(root, [f"site-packages/{n}" for n in names], "unchecked-hash", (0, 1), jobs)
            files = {}
            for c in compiled:
                with open(os.path.join(root, c.path), "rb") as f:
                    files[c.path] = f.read()
            return files

    def test_parallel_equals_serial(self) -> None:
        serial = self.compile(1)
        self.assertGreater(len(serial), 2 * 300)
        for jobs in (2, 4):
            self.assertEqual(self.compile(jobs), serial, f"jobs={jobs}")

    def test_tree_lists_what_it_compiled(self) -> None:
        with open(os.path.join(TREE, "site-packages", "numpy-2.5.5.dist-info", "RECORD"), encoding="utf-8") as f:
            record = {line.split(",")[0]: line.split(",")[1] for line in f if ".pyc," in line}
        self.assertGreater(len(record), 300)
        for path, digest in record.items():
            with open(os.path.join(TREE, "site-packages", path), "rb") as f:
                data = f.read()
            expected = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip("=")
            self.assertEqual(digest, expected, path)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
