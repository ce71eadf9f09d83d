"""Tests of pyinstall.build.wheel_repro: one wheel's bytes whatever order, times and modes the
backend wrote, RECORD regenerated, build paths and other distributions refused."""

import os
import tempfile
import unittest
import zipfile

from pyinstall.build import wheel_repro
from pyinstall.common.errors import PyinstallError

FILES = {
    "pkg/__init__.py": b"X = 1\n",
    "pkg/tool.sh": b"#!/bin/sh\n",
    "pkg-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n",
    "pkg-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nTag: py3-none-any\n",
    "pkg-1.0.dist-info/RECORD": b"stale,,\n",
}


def write(path, order, date_time, mode):
    with zipfile.ZipFile(path, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = ((0o755 if name.endswith(".sh") else mode) | 0o100000) << 16
            archive.writestr(info, FILES[name])


class WheelReproTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()

    def rewrite(self, order, date_time, mode, paths=()):
        source = os.path.join(self.dir, "in.whl")
        output = os.path.join(self.dir, f"out-{len(os.listdir(self.dir))}.whl")
        write(source, order, date_time, mode)
        wheel_repro.rewrite(source, output, 315532800, list(paths), "pkg==1.0")
        with open(output, "rb") as f:
            return f.read(), output

    def test_same_bytes_whatever_the_backend_left_to_chance(self) -> None:
        first, output = self.rewrite(sorted(FILES), (2024, 5, 6, 7, 8, 10), 0o600)
        second, _ = self.rewrite(sorted(FILES, reverse=True), (1999, 1, 1, 0, 0, 0), 0o664)
        self.assertEqual(first, second)
        with zipfile.ZipFile(output) as archive:
            names = archive.namelist()
            self.assertEqual(names, ["pkg/__init__.py", "pkg/tool.sh", "pkg-1.0.dist-info/METADATA", "pkg-1.0.dist-info/WHEEL", "pkg-1.0.dist-info/RECORD"])
            modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in archive.infolist()}
            self.assertEqual((modes["pkg/tool.sh"], modes["pkg/__init__.py"]), (0o755, 0o644))
            record = archive.read("pkg-1.0.dist-info/RECORD").decode()
        self.assertIn("pkg/__init__.py,sha256=", record)
        self.assertTrue(record.endswith("pkg-1.0.dist-info/RECORD,,\n"))

    def test_a_build_path_is_refused(self) -> None:
        FILES["pkg/where.py"] = b"HERE = '/tmp/pyinstall-build-x/src'\n"
        try:
            with self.assertRaisesRegex(PyinstallError, r"pkg/where.py holds a path of the build directory \(/tmp/pyinstall-build-x\)"):
                self.rewrite(sorted(FILES), (2024, 1, 1, 0, 0, 0), 0o644, ["/tmp/pyinstall-build-x"])
        finally:
            del FILES["pkg/where.py"]

    def test_another_distribution_is_refused(self) -> None:
        wheel_repro.check_name("Pkg-1.0-py3-none-any.whl", "pkg", "1.0", "pkg==1.0")
        with self.assertRaisesRegex(PyinstallError, "the backend built other-1.0-py3-none-any.whl, not pkg 1.0"):
            wheel_repro.check_name("other-1.0-py3-none-any.whl", "pkg", "1.0", "pkg==1.0")


if __name__ == "__main__":
    unittest.main()
