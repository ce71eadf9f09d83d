"""The virtual environment layer: pyvenv.cfg, links to the base's Python, bad input."""

from __future__ import annotations

import os
import tarfile
import tempfile
import unittest

from pyinstall.image import venv


class VenvTest(unittest.TestCase):
    def test_layer(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            output = os.path.join(tmp, "venv.tar.gz")
            argv = ["--prefix", "/srv/env", "--python", "/usr/local/bin/python3.12", "--python-version", "3.12"]
            self.assertEqual(venv.main(argv + ["--output", output]), 0)
            with tarfile.open(output) as tar:
                links = {m.name: m.linkname for m in tar.getmembers() if m.issym()}
                cfg = tar.extractfile("srv/env/pyvenv.cfg").read().decode()  # type: ignore[union-attr]
                self.assertTrue(tar.getmember("srv/env/lib/python3.12/site-packages").isdir())
        self.assertEqual(
            links,
            {f"srv/env/bin/{name}": "/usr/local/bin/python3.12" for name in ("python", "python3", "python3.12")},
        )
        self.assertIn("home = /usr/local/bin\n", cfg)
        self.assertIn("include-system-site-packages = false\n", cfg)
        self.assertIn("version = 3.12\n", cfg)

    def test_bad_input(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            output = os.path.join(tmp, "venv.tar.gz")
            for argv in (
                ["--prefix", "opt/venv", "--python", "/usr/bin/python3", "--python-version", "3.13"],
                ["--prefix", "/opt/venv", "--python", "/usr/bin/python3", "--python-version", "3"],
                ["--prefix", "/opt/../venv", "--python", "/usr/bin/python3", "--python-version", "3.13"],
            ):
                self.assertEqual(venv.main(argv + ["--output", output]), 1, argv)
                self.assertFalse(os.path.exists(output))


if __name__ == "__main__":
    unittest.main()
