"""Two apps that share a wheel (waitress) get the very same layer file for it; the wheel that
differs (six) has a layer of its own in each."""

from __future__ import annotations

import sys
import unittest


class SharedLayersTest(unittest.TestCase):
    def test_the_shared_wheel_is_one_file(self) -> None:
        split = sys.argv.index("--")
        old, new = set(sys.argv[1:split]), set(sys.argv[split + 1 :])
        shared = sorted(path for path in old & new if path.endswith(".layer.tar.gz"))
        self.assertEqual([path.rsplit("/", 1)[1] for path in shared], ["waitress.layer.tar.gz"])
        own = sorted(path.rsplit("/", 1)[1] for path in old ^ new if path.endswith(".layer.tar.gz"))
        self.assertEqual(own, ["six_1_16.layer.tar.gz", "six_1_17.layer.tar.gz"])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
