"""Packages of a `pip lock` pylock.toml, installed with their closure through the hub."""

import importlib.metadata
import unittest


class PylockTest(unittest.TestCase):
    def test_dateutil_brings_six(self) -> None:
        from dateutil import relativedelta

        self.assertEqual(relativedelta.relativedelta(months=1).months, 1)
        self.assertEqual(importlib.metadata.version("python-dateutil"), "4.0.0")

    def test_attrs_and_urllib3(self) -> None:
        import attrs
        import urllib3

        self.assertTrue(attrs.define)
        self.assertEqual(urllib3.util.parse_url("https://example.org:8443/").port, 8443)


if __name__ == "__main__":
    unittest.main()
