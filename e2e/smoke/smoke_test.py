"""requests and black from the hub @pypi, with their dependencies."""

import unittest

import black
import requests
import urllib3


class SmokeTest(unittest.TestCase):
    def test_imports_and_use(self) -> None:
        self.assertEqual(requests.Request("GET", "http://x/", params={"q": "a b"}).prepare().url, "http://x/?q=a+b")
        self.assertTrue(urllib3.__version__)
        self.assertEqual(black.format_str("f( a )", mode=black.Mode()), "f(a)\n")


if __name__ == "__main__":
    unittest.main()
