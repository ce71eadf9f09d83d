"""sphinxcontrib-applehelp 1.0.7 requires Sphinx, which requires it: both come with either."""

import importlib.metadata
import unittest


class SphinxCycleTest(unittest.TestCase):
    def test_cycle_members_and_closure_are_installed(self) -> None:
        import sphinx.application
        import sphinxcontrib.applehelp

        self.assertEqual(importlib.metadata.version("sphinx"), "7.2.6")
        self.assertIn("Sphinx>=5", importlib.metadata.requires("sphinxcontrib-applehelp") or [])
        self.assertTrue(sphinxcontrib.applehelp.setup)
        self.assertTrue(sphinx.application.Sphinx)
        for name in ("docutils", "jinja2", "babel", "requests", "sphinxcontrib-serializinghtml"):
            self.assertTrue(importlib.metadata.version(name), name)


if __name__ == "__main__":
    unittest.main()
