"""`@pypi_multi//black` runs black; `@pypi_multi//sphinx:bin -- sphinx-build` runs that script."""

import subprocess
import sys
import unittest

BLACK = ""
SPHINX_BIN = ""


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, check=False)


class ConsoleScriptsTest(unittest.TestCase):
    def test_package_target_runs_its_script(self) -> None:
        result = run(BLACK, "--version")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.startswith("black, 24.10.0"), result.stdout)

    def test_bin_runs_any_script(self) -> None:
        result = run(SPHINX_BIN, "sphinx-build", "--version")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "sphinx-build 7.2.6")

    def test_unknown_script_lists_the_scripts(self) -> None:
        result = run(SPHINX_BIN, "nope")
        self.assertEqual(result.returncode, 2)
        self.assertIn("sphinx has no console script 'nope'", result.stderr)
        self.assertIn("sphinx-quickstart", result.stderr)


if __name__ == "__main__":
    BLACK, SPHINX_BIN = sys.argv.pop(1), sys.argv.pop(1)
    unittest.main()
