"""A layer installed from its wheels by the layer action is the layer read from the trees
`wheel_install` wrote, byte for byte (`//rules:layers_from`), alone or grouped."""

from __future__ import annotations

import hashlib
import os
import sys
import unittest


def _by_name(paths: list[str]) -> dict[str, str]:
    return {os.path.basename(path): path for path in paths}


def _sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class LayersFromTest(unittest.TestCase):
    def test_same_bytes_from_wheels_and_from_trees(self) -> None:
        split = sys.argv.index("--")
        from_wheels, from_trees = _by_name(sys.argv[1:split]), _by_name(sys.argv[split + 1 :])
        self.assertEqual(sorted(from_wheels), sorted(from_trees))
        # The wheels' own layers and a grouped one, not only the venv and app layers.
        self.assertIn("six_1_17.layer.tar.gz", from_wheels)
        self.assertIn("wheels-0.tar.gz", from_wheels)
        for name in sorted(from_wheels):
            with self.subTest(layer=name):
                self.assertGreater(os.path.getsize(from_wheels[name]), 0)
                self.assertEqual(_sha256(from_wheels[name]), _sha256(from_trees[name]))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
