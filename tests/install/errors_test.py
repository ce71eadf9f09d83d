"""pyinstall.common.errors: what a user reads when an input is bad."""

import unittest

from pyinstall.common.errors import PyinstallError


class PyinstallErrorTest(unittest.TestCase):
    def test_with_hint(self) -> None:
        error = PyinstallError("a-1.0-py3-none-any.whl", "entry 'x' is bad", "fetch it again")
        self.assertEqual(str(error), "a-1.0-py3-none-any.whl: entry 'x' is bad\n  hint: fetch it again")
        self.assertEqual(error.subject, "a-1.0-py3-none-any.whl")

    def test_without_hint(self) -> None:
        self.assertEqual(str(PyinstallError("a.whl", "broken")), "a.whl: broken")


if __name__ == "__main__":
    unittest.main()
