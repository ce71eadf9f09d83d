"""One py_image built for linux/amd64 and linux/arm64 by py_image_index's `platforms`."""

from __future__ import annotations

import sys
import unittest

from tests.image import outputs


class PlatformsTest(unittest.TestCase):
    def test_each_platform_its_base_same_python_layers(self) -> None:
        (index_layout,) = outputs.groups(sys.argv[1:])
        index = index_layout.blob(index_layout.digest)
        platforms = [m["platform"] for m in index["manifests"]]
        self.assertEqual(platforms, [{"architecture": "amd64", "os": "linux"}, {"architecture": "arm64", "os": "linux"}])
        manifests = [index_layout.blob(m["digest"]) for m in index["manifests"]]
        configs = [index_layout.blob(m["config"]["digest"]) for m in manifests]
        self.assertEqual([c["architecture"] for c in configs], ["amd64", "arm64"])
        amd64, arm64 = ([layer["digest"] for layer in m["layers"]] for m in manifests)
        self.assertEqual(len(amd64), 5)  # the Debian runtime, the venv, six, waitress, the code
        self.assertNotEqual(amd64[0], arm64[0], "each platform has its own Debian base layer")
        self.assertEqual(amd64[1:], arm64[1:], "pure-Python layers are the same bytes for both")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
