"""The rule's pyc, optimize and script_interpreter attributes reach the installed tree.

    pyc_options_test <six: checked-hash, optimize 1 and 2> <six: pyc none> <docutils: custom interpreter>
"""

import os
import sys
import unittest

TREES: list[str] = []


def pycs(tree: str) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(d, n), tree) for d, _, names in os.walk(tree) for n in names if n.endswith(".pyc")
    )


class PycOptionsTest(unittest.TestCase):
    def test_checked_hash_optimized(self) -> None:
        found = pycs(TREES[0])
        self.assertEqual(
            found,
            [
                "site-packages/__pycache__/six.cpython-313.opt-1.pyc",
                "site-packages/__pycache__/six.cpython-313.opt-2.pyc",
            ],
        )
        for path in found:
            with open(os.path.join(TREES[0], path), "rb") as f:
                self.assertEqual(int.from_bytes(f.read(16)[4:8], "little"), 3, path)

    def test_none(self) -> None:
        self.assertEqual(pycs(TREES[1]), [])
        self.assertTrue(os.path.isfile(os.path.join(TREES[1], "site-packages", "six.py")))

    def test_script_interpreter(self) -> None:
        with open(os.path.join(TREES[2], "bin", "rst2html.py"), "rb") as f:
            self.assertEqual(f.readline(), b"#!/opt/python/bin/python3.13 -I\n")


if __name__ == "__main__":
    TREES.extend(sys.argv[1:])
    unittest.main(argv=sys.argv[:1])
