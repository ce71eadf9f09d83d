"""black, installed from the hub with its closure, formats code (its mypyc-compiled modules load)."""

import unittest

import black


class BlackTest(unittest.TestCase):
    def test_formats(self) -> None:
        self.assertEqual(black.format_str("x = ( 1,2 )", mode=black.Mode()), "x = (1, 2)\n")
        self.assertTrue(black.COMPILED)


if __name__ == "__main__":
    unittest.main()
