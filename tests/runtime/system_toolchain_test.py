"""six installed by the system interpreter toolchain loads on the Debian one (both Python 3.13)."""

from __future__ import annotations

import importlib.util
import os
import sys
import unittest


class SystemToolchainTest(unittest.TestCase):
    def test_pyc_from_the_system_install_is_valid_here(self) -> None:
        import six  # type: ignore[import-untyped]

        self.assertIn(os.sep + "six_for_system_python" + os.sep, six.__file__.replace("/", os.sep))
        self.assertIn("debian_python_amd64_runtime", sys.prefix)
        with open(six.__cached__, "rb") as f:
            header = f.read(16)
        self.assertEqual(header[:4], importlib.util.MAGIC_NUMBER)
        self.assertEqual(int.from_bytes(header[4:8], "little"), 1)


if __name__ == "__main__":
    unittest.main()
