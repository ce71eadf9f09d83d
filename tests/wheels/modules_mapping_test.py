"""Gazelle's modules mapping of real wheels whose import names differ from their names.

    modules_mapping_test.py <mapping.json> <manifest.yaml>
"""

from __future__ import annotations

import json
import sys
import unittest

ARGS: list[str] = []


class ModulesMappingTest(unittest.TestCase):
    def setUp(self) -> None:
        with open(ARGS[0], encoding="utf-8") as f:
            self.mapping = json.load(f)
        with open(ARGS[1], encoding="utf-8") as f:
            self.manifest = f.read().splitlines()

    def test_import_names(self) -> None:
        self.assertEqual(self.mapping["yaml"], "PyYAML")
        self.assertEqual(self.mapping["bs4"], "beautifulsoup4")
        self.assertEqual(self.mapping["google.protobuf"], "protobuf")  # below the namespace google/
        self.assertEqual(self.mapping["zope.interface"], "zope.interface")
        self.assertEqual(self.mapping["six"], "six")  # a module, six.py

    def test_only_what_gazelle_needs(self) -> None:
        self.assertNotIn("google", self.mapping)  # a namespace: no one wheel provides it
        self.assertNotIn("_yaml", self.mapping)  # private, as rules_python leaves them out
        self.assertFalse([m for m in self.mapping if m.startswith("yaml.")])  # yaml covers them
        self.assertEqual(sorted(set(self.mapping.values())), ["PyYAML", "beautifulsoup4", "protobuf", "six", "zope.interface"])

    def test_manifest(self) -> None:
        # What rules_python's Gazelle plugin decodes: manifest.modules_mapping and
        # manifest.pip_repository.name.
        self.assertEqual(self.manifest[1:3], ["manifest:", "  modules_mapping:"])
        self.assertIn("    yaml: PyYAML", self.manifest)
        self.assertIn("    google.protobuf: protobuf", self.manifest)
        self.assertEqual(self.manifest[-2:], ["  pip_repository:", "    name: pypi"])
        self.assertEqual(len(self.manifest), 3 + len(self.mapping) + 2)


if __name__ == "__main__":
    ARGS = sys.argv[1:]
    unittest.main(argv=sys.argv[:1])
