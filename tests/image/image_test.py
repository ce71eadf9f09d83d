"""The image config and layout: merged settings, deterministic JSON, a base layout read back."""

from __future__ import annotations

import argparse
import json
import os
import tarfile
import tempfile
import unittest

from pyinstall.image import assemble as image
from pyinstall.image import archive, oci
from pyinstall.common import tarball


def _layer(directory: str, name: str, content: bytes) -> str:
    source = os.path.join(directory, name + ".txt")
    with open(source, "wb") as f:
        f.write(content)
    path = os.path.join(directory, name + ".tar.gz")
    tarball.write_layer([tarball.Entry(name + ".txt", source=source)], path, 315532800)
    return path


SETTINGS = {
    "architecture": "amd64",
    "os": "linux",
    "variant": "",
    "entrypoint": ["/opt/venv/bin/python3", "/app/main.py"],
    "cmd": ["serve"],
    "env": {"B": "2", "A": "1"},
    "labels": {"z": "1", "a": "2"},
    "path_prepend": ["/opt/venv/bin"],
    "tag": "localhost/app:v1",
    "user": "65532",
    "workdir": "/app",
}


class ConfigTest(unittest.TestCase):
    def test_config_merges_base_and_settings(self) -> None:
        base = {
            "config": {"Env": ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"], "Cmd": ["python3"], "Labels": {"base": "x"}},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:aa"]},
            "history": [{"created_by": "base"}],
        }
        layer = oci.Layer(oci.Blob(oci.MEDIA_LAYER_GZIP, "sha256:bb", 3), "sha256:cc")
        config = image.make_config(base, [(layer, "app")], SETTINGS, 0)
        self.assertEqual(config["created"], "1970-01-01T00:00:00Z")
        inner = config["config"]
        self.assertEqual(inner["Env"], ["A=1", "B=2", "LANG=C.UTF-8", "PATH=/opt/venv/bin:/usr/bin:/bin"])
        self.assertEqual(inner["Entrypoint"], ["/opt/venv/bin/python3", "/app/main.py"])
        self.assertEqual(inner["Cmd"], ["serve"])
        self.assertEqual(inner["Labels"], {"a": "2", "base": "x", "z": "1"})
        self.assertEqual(config["rootfs"]["diff_ids"], ["sha256:aa", "sha256:cc"])
        self.assertEqual(config["history"][1], {"created": "1970-01-01T00:00:00Z", "created_by": "rules_pyinstall: app"})

    def test_new_entrypoint_drops_the_base_command(self) -> None:
        settings = dict(SETTINGS, cmd=None)
        config = image.make_config({"config": {"Cmd": ["bash"]}}, [], settings, 0)
        self.assertNotIn("Cmd", config["config"])

    def test_canonical_json(self) -> None:
        self.assertEqual(oci.canonical_json({"b": 1, "a": [1, {"d": 2, "c": 3}]}), b'{"a":[1,{"c":3,"d":2}],"b":1}')


class ImageTest(unittest.TestCase):
    def build(self, tmp: str, out: str, settings: dict, base_layout: str | None = None, base_tar: list[str] | None = None) -> str:
        settings_file = os.path.join(tmp, out + ".json")
        with open(settings_file, "w") as f:
            json.dump(settings, f)
        ns = argparse.Namespace(
            settings=settings_file,
            base_layout=base_layout,
            base_tar=[(tar, "-") for tar in base_tar or []],
            layer=[(_layer(tmp, "app", b"app"), "app code", "-")],
            source_date_epoch=315532800,
            layout=os.path.join(tmp, out),
            digest=os.path.join(tmp, out + ".digest"),
            # An SBOM attached as a referrer: the layout stays a base and a tarball for one image.
            sbom=os.path.join(tmp, out + ".spdx.json"),
            sbom_wheel=[],
            sbom_first_party=None,
            sbom_debian_lock=None,
            sbom_debian_package=[],
        )
        image.build(ns)
        archive.main(["--layout", ns.layout, "--tag", settings["tag"], "--output", os.path.join(tmp, out + ".tar")])
        with open(ns.digest) as f:
            return f.read()

    def test_layout_tarball_and_a_base_layout(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            base_digest = self.build(tmp, "base", dict(SETTINGS, tag="localhost/base:1"), base_tar=[_layer(tmp, "root", b"r")])
            digest = self.build(tmp, "image", SETTINGS, base_layout=os.path.join(tmp, "base"))
            self.assertNotEqual(digest, base_digest)
            layout = os.path.join(tmp, "image")
            with open(os.path.join(layout, "index.json")) as f:
                index = json.load(f)
            self.assertEqual(index["manifests"][0]["digest"], digest)
            self.assertEqual(index["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"], "v1")
            built = oci.read_layout(layout, "amd64", "linux")
            self.assertEqual(len(built.layers), 3)  # the base's root and app, then app again
            self.assertEqual(built.config["history"][0]["created_by"], "rules_pyinstall: base layer root.tar.gz")
            # The layout's blobs are links to the layers, not copies.
            app = next(layer for layer in built.layers if layer.blob.digest == built.layers[-1].blob.digest)
            assert app.blob.path is not None
            self.assertEqual(os.stat(app.blob.path).st_ino, os.stat(os.path.join(tmp, "app.tar.gz")).st_ino)
            with tarfile.open(os.path.join(tmp, "image.tar")) as tar:
                names = tar.getnames()
                manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
                archived_index = json.load(tar.extractfile("index.json"))  # type: ignore[arg-type]
            self.assertIn("oci-layout", names)
            # The archive's index lists the image alone (podman loads it as that OCI image).
            self.assertEqual([m["digest"] for m in archived_index["manifests"]], [digest])
            self.assertEqual(manifest[0]["RepoTags"], ["localhost/app:v1"])
            for blob in manifest[0]["Layers"] + [manifest[0]["Config"]]:
                self.assertIn(blob, names)
            # Same inputs, same digest.
            self.assertEqual(self.build(tmp, "again", SETTINGS, base_layout=os.path.join(tmp, "base")), digest)

    def test_descriptor_spares_reading_the_layer(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = _layer(tmp, "app", b"app")
            layer = oci.layer_from_file(path)
            descriptor = os.path.join(tmp, "app.json")
            with open(descriptor, "wb") as f:
                f.write(oci.canonical_json(dict(layer.blob.descriptor(), diff_id=layer.diff_id)))
            self.assertEqual(oci.read_descriptor(descriptor, path), layer)
            with open(path, "ab") as f:
                f.write(b"more")
            with self.assertRaisesRegex(Exception, "its descriptor says"):
                oci.read_descriptor(descriptor, path)

    def test_base_without_the_platform(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            self.build(tmp, "base", SETTINGS)
            with open(os.path.join(tmp, "base", "index.json")) as f:
                index = json.load(f)
            index["manifests"][0]["platform"] = {"os": "linux", "architecture": "amd64"}
            with open(os.path.join(tmp, "base", "index.json"), "w") as f:
                json.dump(index, f)
            with self.assertRaisesRegex(Exception, "no manifest for linux/arm64 .it has: linux/amd64"):
                oci.read_layout(os.path.join(tmp, "base"), "arm64", "linux")


if __name__ == "__main__":
    unittest.main()
