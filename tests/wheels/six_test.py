"""six: a py2.py3 wheel with one root module, installed and imported."""

import os
import unittest

import six

from tests.wheels import installed


class SixTest(unittest.TestCase):
    def test_import_and_use(self) -> None:
        self.assertEqual(six.__version__, "1.17.0")
        self.assertFalse(six.PY2)
        self.assertEqual(six.ensure_str(b"abc"), "abc")

    def test_installed_layout(self) -> None:
        site = os.path.join(installed.tree_of(six), "site-packages")
        self.assertTrue(os.path.isfile(os.path.join(site, "__pycache__", "six.cpython-313.pyc")))
        with open(os.path.join(site, "six-1.17.0.dist-info", "INSTALLER"), "rb") as f:
            self.assertEqual(f.read(), b"rules_pyinstall\n")


if __name__ == "__main__":
    unittest.main()
