"""The test runs on the Python its hub was made for, with that hub's wheels.

    app_test.py <major.minor>
"""

import importlib.util
import sys
import unittest

WANTED = sys.argv.pop(1)


class AppTest(unittest.TestCase):
    def test_python_version(self) -> None:
        self.assertEqual("%d.%d" % sys.version_info[:2], WANTED, sys.executable)

    def test_wheels_of_this_python(self) -> None:
        import markupsafe
        import six

        self.assertEqual(six.__version__, "1.17.0")
        self.assertEqual(str(markupsafe.escape("<b>")), "&lt;b&gt;")
        # The compiled extension is the cp3XY one of this hub, and it loads.
        spec = importlib.util.find_spec("markupsafe._speedups")
        assert spec and spec.origin
        self.assertIn(".cpython-%s-" % WANTED.replace(".", ""), spec.origin)
        importlib.import_module("markupsafe._speedups")
        # Its .pyc files were compiled by this very Python (unchecked-hash, as installed).
        self.assertTrue(markupsafe.__cached__.endswith(".cpython-%s.pyc" % WANTED.replace(".", "")))


if __name__ == "__main__":
    unittest.main()
