"""markupsafe: its C speedups extension is installed and imported."""

import unittest

import markupsafe
import markupsafe._speedups


class MarkupsafeTest(unittest.TestCase):
    def test_speedups(self) -> None:
        self.assertTrue(markupsafe._speedups.__file__.endswith(".so"))
        self.assertEqual(markupsafe._speedups._escape_inner("<a>&"), "&lt;a&gt;&amp;")

    def test_escape(self) -> None:
        self.assertEqual(str(markupsafe.escape("<b>")), "&lt;b&gt;")


if __name__ == "__main__":
    unittest.main()
