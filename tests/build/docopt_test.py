"""docopt built from the sdist a pylock.toml or a uv.lock pins (the hub given as argv[1])."""

import sys
import unittest

import docopt


class DocoptTest(unittest.TestCase):
    def test_built_installed_imported(self) -> None:
        self.assertEqual(docopt.__version__, "0.6.2")
        self.assertIn(f"~{sys.argv[1]}/_wheels/docopt-0.6.2/", docopt.__file__)
        self.assertEqual(docopt.docopt("usage: prog [--x]", ["--x"]), {"--x": True})


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
