"""The image config is deterministic; a multi-platform index lists each platform's manifest."""

from __future__ import annotations

import json
import os
import sys
import unittest

from tests.image import outputs

CREATED = "1980-01-01T00:00:00Z"


class ConfigTest(unittest.TestCase):
    def setUp(self) -> None:
        self.image, self.reordered, self.index = outputs.groups(sys.argv[1:])

    def test_same_settings_in_another_order_same_config(self) -> None:
        config = self.image.blob(self.image.digest)["config"]
        self.assertEqual(config, self.reordered.blob(self.reordered.digest)["config"])
        # Only the tag (an annotation of index.json) differs, so the manifests are the same.
        self.assertEqual(self.image.digest, self.reordered.digest)

    def test_config(self) -> None:
        manifest = self.image.blob(self.image.digest)
        config = self.image.blob(manifest["config"]["digest"])
        with open(os.path.join(self.image.path, "blobs", *manifest["config"]["digest"].split(":")), "rb") as f:
            raw = f.read()
        self.assertNotIn(b'": ', raw, "canonical JSON: no spaces")
        self.assertEqual(raw, json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode())
        self.assertEqual(config["created"], CREATED)
        self.assertEqual({h["created"] for h in config["history"]}, {CREATED})
        self.assertEqual(len(config["history"]), len(manifest["layers"]))
        self.assertEqual((config["os"], config["architecture"]), ("linux", "amd64"))
        inner = config["config"]
        self.assertEqual(inner["Env"][:2], ["A=1", "B=2"])
        self.assertTrue(inner["Env"][2].startswith("PATH=/opt/venv/bin:"))
        self.assertEqual(inner["Entrypoint"], ["/opt/venv/bin/python3", "/app/tests/image/bump_app.py"])
        self.assertEqual(inner["Labels"], {"a": "1", "b": "2"})

    def test_index(self) -> None:
        top = self.index.index()
        images = [m for m in top["manifests"] if "artifactType" not in m]  # not the SBOMs
        self.assertEqual(len(images), 1)
        self.assertEqual(images[0]["digest"], self.index.digest)
        index = self.index.blob(self.index.digest)
        platforms = [(m["platform"]["architecture"], m["platform"].get("variant")) for m in index["manifests"]]
        self.assertEqual(platforms, [("amd64", None), ("arm64", "v8")])
        self.assertEqual(index["manifests"][0]["digest"], self.image.digest)
        for descriptor in index["manifests"]:
            manifest = self.index.blob(descriptor["digest"])
            self.assertEqual(self.index.blob(manifest["config"]["digest"])["architecture"], descriptor["platform"]["architecture"])
            for layer in manifest["layers"]:
                self.assertTrue(os.path.isfile(os.path.join(self.index.path, "blobs", *layer["digest"].split(":"))))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
