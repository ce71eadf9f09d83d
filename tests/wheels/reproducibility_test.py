"""The same wheel installed under other output paths gives the same bytes, with no machine path.

    reproducibility_test <tree> <same tree from another target or configuration> [...]

Each pair of trees must have the same files, contents and modes; every `.pyc` must be
PEP 552 unchecked-hash; and no file, nor any `co_filename` in a `.pyc`, may contain the
exec root, the output base, the sandbox or the workspace directory of this machine.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import types
import unittest
from collections.abc import Iterator

PAIRS: list[tuple[str, str]] = []


def machine_paths() -> list[bytes]:
    """Directories of this build that must never appear in an output."""
    paths = set()
    cwd = os.path.realpath(os.getcwd())
    for marker in ("/execroot/", "/sandbox/", "/bazel-out/"):
        if marker in cwd:
            paths.add(cwd.split(marker)[0])  # the output base
    if "/execroot/" in cwd:
        execroot = cwd.split("/execroot/")[0] + "/execroot/" + cwd.split("/execroot/")[1].split("/")[0]
        paths.add(execroot)
    # Source files in runfiles are symbolic links into the workspace.
    workspace = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    paths.add(workspace)
    for name in ("TEST_SRCDIR", "TEST_TMPDIR", "RUNFILES_DIR"):
        if os.environ.get(name):
            paths.add(os.path.realpath(os.environ[name]))
    found = sorted(p.encode() for p in paths if p and p != "/")
    assert found, "no machine path found to look for"
    return found


def files_of(root: str) -> dict[str, tuple[int, bytes]]:
    found = {}
    for directory, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(directory, name)
            st = os.stat(path)  # runfiles may be symbolic links to the outputs
            content = b""
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    content = f.read()
            found[os.path.relpath(path, root)] = (st.st_mode, content)
    return found


def code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from code_objects(const)


class ReproducibilityTest(unittest.TestCase):
    def test_pairs(self) -> None:
        self.assertTrue(PAIRS)
        forbidden = machine_paths()
        for first, second in PAIRS:
            with self.subTest(tree=first):
                self.assertNotEqual(os.path.realpath(first), os.path.realpath(second))
                ours, again = files_of(first), files_of(second)
                self.assertEqual(sorted(ours), sorted(again), "file lists differ")
                for path in sorted(ours):
                    self.assertEqual(ours[path][0], again[path][0], f"{path}: modes differ")
                    self.assertEqual(ours[path][1], again[path][1], f"{path}: contents differ")
                self.check_no_machine_path(ours, forbidden)
                self.check_pycs(ours)

    def test_machine_paths_are_known(self) -> None:
        forbidden = machine_paths()
        here = [os.path.realpath(os.getcwd()), os.path.realpath(__file__)]
        for path in here:
            self.assertTrue(any(path.encode().startswith(p) for p in forbidden), (path, forbidden))

    def check_no_machine_path(self, files: dict[str, tuple[int, bytes]], forbidden: list[bytes]) -> None:
        for path, (_, content) in files.items():
            for needle in forbidden:
                self.assertNotIn(needle, content, f"{path} contains {needle!r}")

    def check_pycs(self, files: dict[str, tuple[int, bytes]]) -> None:
        pycs = [p for p in files if p.endswith(".pyc")]
        self.assertTrue(pycs)
        for path in pycs:
            content = files[path][1]
            self.assertEqual(int.from_bytes(content[4:8], "little"), 1, f"{path}: not unchecked-hash")
            source = os.path.join(os.path.dirname(os.path.dirname(path)), path.rsplit("/", 1)[1].split(".")[0] + ".py")
            for code in code_objects(marshal.loads(content[16:])):
                self.assertFalse(os.path.isabs(code.co_filename), f"{path}: {code.co_filename}")
                self.assertEqual(code.co_filename, source, path)


if __name__ == "__main__":
    args = sys.argv[1:]
    assert args and len(args) % 2 == 0, "give pairs of trees"
    PAIRS.extend(zip(args[::2], args[1::2]))
    unittest.main(argv=sys.argv[:1])
