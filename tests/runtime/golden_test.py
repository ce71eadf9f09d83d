"""The BUILD files python.debian(...) generates are the reviewed ones in golden/.

Usage (from Bazel): golden_test.py GENERATED GOLDEN [GENERATED GOLDEN ...]
After a deliberate change, copy the generated file named in the failure over the golden one
(`cp $(bazel info output_base)/external/<repo>/BUILD.bazel tests/runtime/golden/...`).
"""

from __future__ import annotations

import difflib
import sys
import unittest

PAIRS = list(zip(sys.argv[1::2], sys.argv[2::2]))


class GoldenTest(unittest.TestCase):
    def test_generated_build_files(self) -> None:
        self.assertTrue(PAIRS)
        for generated, golden in PAIRS:
            with self.subTest(golden=golden):
                with open(generated, encoding="utf-8") as f, open(golden, encoding="utf-8") as g:
                    actual, expected = f.read(), g.read()
                diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), golden, generated))
                self.assertEqual(actual, expected, "stale golden file:\n" + diff)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
