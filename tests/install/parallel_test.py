"""pyinstall.install.parallel: a big wheel written by several processes is the serial tree,
and a broken one fails as the serial install fails, leaving nothing."""

from __future__ import annotations

import os
import stat
import unittest

from tests.install.harness import InstallTestCase, Result, synthetic_source
from tests.install.wheel_factory import Entry, build_wheel, damage_member

# Enough entries that --jobs 2 writes them in forked processes (parallel.MIN_ENTRIES).
FILLER = {f"demo/m{i:03d}.py": synthetic_source(i) * (1 + i % 7) for i in range(200)}
DIST_INFO = "demo-1.0.dist-info"


def snapshot(root: str) -> dict[str, tuple[int, bytes]]:
    found = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            mode = os.lstat(path).st_mode
            data = b""
            if stat.S_ISREG(mode):
                with open(path, "rb") as f:
                    data = f.read()
            found[os.path.relpath(path, root)] = (mode, data)
    return found


class ParallelTest(InstallTestCase):
    def both(self, wheel: str) -> tuple[Result, Result]:
        return (self.install(wheel, "--jobs", "1", name="serial"), self.install(wheel, "--jobs", "2", name="parallel"))

    def test_same_tree_as_the_serial_install(self) -> None:
        files: dict[str, bytes | Entry] = {**FILLER}
        files["demo/tool.sh"] = Entry(b"#!/bin/sh\necho hi\n", stat.S_IFREG | 0o755)
        files["demo/data.bin"] = os.urandom(300_000)
        files["demo-1.0.data/scripts/run"] = b"#!python\nprint(1)\n"
        files["demo-1.0.data/data/share/demo/readme.txt"] = b"hello\n"
        files["demo-1.0.data/headers/demo.h"] = b"int x;\n"
        wheel = build_wheel(self.tmp, files, entry_points="[console_scripts]\ndemo = demo:main\n")
        serial, parallel = self.both(wheel)
        self.assertEqual(serial.status, 0, serial.stderr)
        self.assertEqual(parallel.status, 0, parallel.stderr)
        self.assertEqual(snapshot(serial.output), snapshot(parallel.output))
        self.assertIn(os.path.join("bin", "demo"), snapshot(parallel.output))

    def assert_same_failure(self, wheel: str, *needles: str) -> None:
        serial, parallel = self.both(wheel)
        for result in (serial, parallel):
            self.assertEqual(result.status, 1, result.stdout)
            self.assertEqual(result.stderr.count("rules_pyinstall: error:"), 1, result.stderr)
            self.assertNotIn("Traceback", result.stderr)
            self.assertNotIn("internal error", result.stderr)
            for needle in needles:
                self.assertIn(needle, result.stderr)
            self.assertEqual(result.files(), [], "the failed install left files behind")

    def test_hash_mismatch_in_a_forked_chunk(self) -> None:
        wheel = build_wheel(self.tmp, FILLER, tamper={"demo/m150.py": b"X = 1\n"})
        self.assert_same_failure(wheel, "'demo/m150.py'", "does not match its hash or size in RECORD")

    def test_corrupt_member_in_a_forked_chunk(self) -> None:
        big = os.urandom(40_000).hex().encode()
        wheel = build_wheel(self.tmp, {**FILLER, "demo/big.py": big}, record=f"{DIST_INFO}/RECORD,,\n")
        damage_member(wheel, "demo/big.py")
        self.assert_same_failure(wheel, "'demo/big.py'", "cannot be read")

    def test_one_path_twice(self) -> None:
        wheel = build_wheel(self.tmp, {**FILLER, "demo-1.0.data/purelib/demo/m010.py": b"Y = 2\n"})
        self.assert_same_failure(wheel, "'demo/m010.py'", "'demo-1.0.data/purelib/demo/m010.py'", "both install to")

    def test_file_where_a_directory_goes(self) -> None:
        for first, second in (("demo/x", "demo/x/y.py"), ("demo/x/y.py", "demo/x")):
            with self.subTest(first=first):
                directory = os.path.join(self.tmp, first.replace("/", "_"))
                wheel = build_wheel(directory, {**FILLER, first: b"", second: b""})
                self.assert_same_failure(wheel, "both a file and a directory")

    def test_entry_point_and_script_clash(self) -> None:
        wheel = build_wheel(
            self.tmp, {**FILLER, "demo-1.0.data/scripts/tool": b"#!python\n"}, entry_points="[console_scripts]\ntool = demo:main\n"
        )
        self.assert_same_failure(wheel, "entry point 'tool'", "'demo-1.0.data/scripts/tool'", "script of the same name")


if __name__ == "__main__":
    unittest.main()
