"""Bumping one pin (six 1.16.0 to 1.17.0) changes exactly the layer that holds six."""

from __future__ import annotations

import os
import sys
import tarfile
import unittest

from tests.image import outputs


class BumpTest(unittest.TestCase):
    def test_only_the_six_layer_changes(self) -> None:
        old, new = outputs.groups(sys.argv[1:])
        old_manifest, new_manifest = old.blob(old.digest), new.blob(new.digest)
        old_layers = [layer["digest"] for layer in old_manifest["layers"]]
        new_layers = [layer["digest"] for layer in new_manifest["layers"]]
        self.assertEqual(len(old_layers), 4)  # venv, six, waitress, first-party code
        self.assertEqual(len(new_layers), 4)
        changed = [i for i, (a, b) in enumerate(zip(old_layers, new_layers)) if a != b]
        self.assertEqual(changed, [1], "only the second layer (six's own) may differ")
        history = new.blob(new_manifest["config"]["digest"])["history"]
        self.assertIn("six 1.17.0", history[1]["created_by"])
        for layout, layer, version in ((old, old_layers[1], "1.16.0"), (new, new_layers[1], "1.17.0")):
            with tarfile.open(os.path.join(layout.path, "blobs", *layer.split(":"))) as tar:
                names = tar.getnames()
            self.assertIn(f"opt/venv/lib/python3.13/site-packages/six-{version}.dist-info/RECORD", names)
            self.assertFalse([n for n in names if "waitress" in n])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
