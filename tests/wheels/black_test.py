"""black: a console_scripts wheel (compiled with mypyc) whose generated script is executed."""

import os
import unittest

import black

from tests.wheels import installed


class BlackTest(unittest.TestCase):
    def setUp(self) -> None:
        self.script = os.path.join(installed.tree_of(black), "bin", "black")

    def test_script_interpreter_line(self) -> None:
        self.assertEqual(installed.shebang(self.script), b"#!/usr/bin/env python3")
        self.assertTrue(os.access(self.script, os.X_OK))

    def test_version(self) -> None:
        result = installed.run_script(self.script, "--version")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("26.5.1", result.stdout)

    def test_formats_a_snippet(self) -> None:
        result = installed.run_script(self.script, "-q", "-", stdin="x=[1,2 ,3]\ndef f( a ):return a\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "x = [1, 2, 3]\n\n\ndef f(a):\n    return a\n")

    def test_library_api(self) -> None:
        self.assertEqual(black.format_str("y=( 1 )\n", mode=black.Mode()), "y = 1\n")


if __name__ == "__main__":
    unittest.main()
