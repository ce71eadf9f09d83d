"""docutils: `.data/scripts/*.py` whose `#!python` line is rewritten, and run."""

import os
import unittest

import docutils.core

from tests.wheels import installed


class DocutilsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.bin = os.path.join(installed.tree_of(docutils.core), "bin")

    def test_all_data_scripts_rewritten(self) -> None:
        scripts = sorted(name for name in os.listdir(self.bin) if name.endswith(".py"))
        self.assertEqual(len(scripts), 12, scripts)
        for name in scripts:
            path = os.path.join(self.bin, name)
            self.assertEqual(installed.shebang(path), b"#!/usr/bin/env python3", name)
            self.assertTrue(os.access(path, os.X_OK), name)

    def test_rst2html_runs(self) -> None:
        result = installed.run_script(
            os.path.join(self.bin, "rst2html.py"), "--no-datestamp", stdin="Title\n=====\n\n*hello*\n"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("<em>hello</em>", result.stdout)

    def test_library_api(self) -> None:
        parts = docutils.core.publish_parts("*x*", writer_name="html")
        self.assertIn("<em>x</em>", parts["body"])


if __name__ == "__main__":
    unittest.main()
