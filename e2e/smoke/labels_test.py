"""Packages reached by rules_python's label spelling, `@pypi//charset_normalizer`."""

import unittest

import charset_normalizer
import mypy_extensions


class LabelsTest(unittest.TestCase):
    def test_rules_python_labels(self) -> None:
        self.assertEqual(charset_normalizer.from_bytes(b"hello").best().encoding, "ascii")
        self.assertTrue(mypy_extensions.TypedDict)


if __name__ == "__main__":
    unittest.main()
