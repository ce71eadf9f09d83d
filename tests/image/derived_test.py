"""A py_image on a base given as an OCI layout: the base's layers and config, then ours."""

from __future__ import annotations

import sys
import unittest

from tests.image import outputs


class DerivedTest(unittest.TestCase):
    def test_base_layers_and_config_are_reused(self) -> None:
        base, derived = outputs.groups(sys.argv[1:])
        base_manifest, manifest = base.blob(base.digest), derived.blob(derived.digest)
        self.assertEqual(manifest["layers"][:-1], base_manifest["layers"])
        self.assertEqual(manifest["layers"][-1]["mediaType"], "application/vnd.oci.image.layer.v1.tar")
        base_config = base.blob(base_manifest["config"]["digest"])
        config = derived.blob(manifest["config"]["digest"])
        self.assertEqual(config["rootfs"]["diff_ids"][:-1], base_config["rootfs"]["diff_ids"])
        self.assertEqual(config["history"][:-1], base_config["history"])
        self.assertEqual(config["history"][-1]["created_by"], "rules_pyinstall: layer derived_layer.tar")
        self.assertEqual(config["config"]["Entrypoint"], base_config["config"]["Entrypoint"])
        self.assertEqual(config["config"]["Env"], ["A=1", "B=2", "C=3"] + [e for e in base_config["config"]["Env"] if e.startswith("PATH=")])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
