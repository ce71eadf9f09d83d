"""PyYAML: the libyaml-based CLoader of its compiled extension."""

import unittest

import yaml


class PyyamlTest(unittest.TestCase):
    def test_cloader(self) -> None:
        self.assertTrue(yaml.__with_libyaml__)
        data = yaml.load("a: [1, 2]\nb: {c: d}\n", Loader=yaml.CLoader)
        self.assertEqual(data, {"a": [1, 2], "b": {"c": "d"}})
        self.assertEqual(yaml.dump(data, Dumper=yaml.CDumper), "a:\n- 1\n- 2\nb:\n  c: d\n")


if __name__ == "__main__":
    unittest.main()
