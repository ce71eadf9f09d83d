"""First-party code as a layer: placement, `.pth` lines and unchecked-hash `.pyc` files."""

from __future__ import annotations

import importlib.util
import os
import sys
import tarfile
import tempfile
import unittest

from pyinstall.image import first_party


class PathsTest(unittest.TestCase):
    def test_image_path(self) -> None:
        self.assertEqual(first_party.image_path("examples/app/main.py", "/app"), "app/examples/app/main.py")
        self.assertEqual(first_party.image_path("../lib_repo/x/y.py", "/srv/app/"), "srv/app/external/lib_repo/x/y.py")

    def test_pth_lines(self) -> None:
        lines = first_party.pth_lines(
            ["_main/examples/app", "other/src", "_main"], ["examples/app/a.py", "../other/src/b.py"], "_main", "/app"
        )
        self.assertEqual(lines, ["/app", "/app/external/other", "/app/examples/app", "/app/external/other/src"])


class LayerTest(unittest.TestCase):
    def test_layer_has_sources_pyc_and_pth(self) -> None:
        version = "%d.%d" % sys.version_info[:2]
        tag = sys.implementation.cache_tag
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, "main.py")
            with open(source, "w") as f:
                f.write("print('hi')\n")
            output = os.path.join(tmp, "app.tar.gz")
            pth = f"opt/venv/lib/python{version}/site-packages/app.pth"
            code = first_party.main([
                "--file", "pkg/main.py", source, "--import", "_main/pkg", "--workspace", "_main",
                "--app-root", "/app", "--pth", pth, "--python-version", version,
                "--source-date-epoch", "315532800", "--output", output,
            ])  # fmt: skip
            self.assertEqual(code, 0)
            with tarfile.open(output) as tar:
                files = {m.name: m for m in tar.getmembers() if m.isfile()}
                self.assertEqual(sorted(files), sorted([f"app/pkg/__pycache__/main.{tag}.pyc", "app/pkg/main.py", pth]))
                pyc = tar.extractfile(f"app/pkg/__pycache__/main.{tag}.pyc").read()  # type: ignore[union-attr]
                self.assertEqual(tar.extractfile(pth).read(), b"/app\n/app/pkg\n")  # type: ignore[union-attr]
            self.assertEqual(pyc[:4], importlib.util.MAGIC_NUMBER)
            self.assertEqual(int.from_bytes(pyc[4:8], "little"), 0b01)  # hash-based, unchecked

    def test_wrong_python(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            code = first_party.main([
                "--workspace", "_main", "--app-root", "/app", "--pth", "x.pth",
                "--python-version", "2.7", "--output", os.path.join(tmp, "o.tar.gz"),
            ])  # fmt: skip
            self.assertEqual(code, 1)
            self.assertFalse(os.path.exists(os.path.join(tmp, "o.tar.gz")))


if __name__ == "__main__":
    unittest.main()
