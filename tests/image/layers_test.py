"""Merging installed trees into one environment: conflicts, shared files, scripts, the layer."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import unittest

from pyinstall.image import layers


def make_tree(root: str, name: str, files: dict[str, bytes]) -> str:
    """A factory-made installed tree (the layout of wheel_install) with these files."""
    tree = os.path.join(root, name)
    for path, content in files.items():
        full = os.path.join(tree, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(content)
    return tree


def run_layers(*argv: str, module: str = "layers") -> subprocess.CompletedProcess[str]:
    """Runs a helper as the action does: `python -m pyinstall.image.<module> @params`."""
    with tempfile.NamedTemporaryFile("w", suffix=".params", delete=False) as params:
        params.write("\n".join(argv) + "\n")
    try:
        return subprocess.run(
            [sys.executable, "-m", f"pyinstall.image.{module}", "@" + params.name],
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
        )
    finally:
        os.unlink(params.name)


class ConflictTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def tree(self, name: str, files: dict[str, bytes]) -> str:
        return make_tree(self.tmp.name, name, files)

    def layer(self, name: str, tree: str, label: str) -> str:
        """Writes the tree's own layer as the wheel layer aspect does; returns its manifest."""
        manifest = os.path.join(self.tmp.name, name + ".files.json")
        result = run_layers(
            "--tree", name, "1.0", label, tree, "--prefix", "/opt/venv", "--python-version", "3.13",
            "--output", os.path.join(self.tmp.name, name + ".tar.gz"), "--manifest", manifest,
            "--descriptor", os.path.join(self.tmp.name, name + ".json"),
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        return manifest

    def check(self, *manifests: str) -> subprocess.CompletedProcess[str]:
        argv = [arg for m in manifests for arg in ("--manifest", m)]
        return run_layers(*argv, "--output", os.path.join(self.tmp.name, "ok.txt"), module="conflicts")

    def test_different_bytes_at_one_path_name_both_wheels_and_the_path(self) -> None:
        one = self.tree("one", {"site-packages/shared/util.py": b"A = 1\n", "site-packages/one.py": b""})
        two = self.tree("two", {"site-packages/shared/util.py": b"A = 2\n"})
        result = self.check(self.layer("alpha", one, "@@//pkgs:alpha"), self.layer("beta", two, "@@//pkgs:beta"))
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("rules_pyinstall: error: /opt/venv/lib/python3.13/site-packages/shared/util.py", result.stderr)
        self.assertIn("alpha 1.0 (@@//pkgs:alpha)", result.stderr)
        self.assertIn("beta 1.0 (@@//pkgs:beta)", result.stderr)
        self.assertIn("different contents", result.stderr)
        self.assertEqual(1, result.stderr.count("rules_pyinstall: error:"))
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "ok.txt")))

        # One layer of both (past max_layers) refuses the same, and writes nothing.
        output = os.path.join(self.tmp.name, "both.tar.gz")
        result = run_layers(
            "--tree", "alpha", "1.0", "@@//pkgs:alpha", one, "--tree", "beta", "2.5", "@@//pkgs:beta", two,
            "--prefix", "/opt/venv", "--python-version", "3.13", "--output", output,
        )  # fmt: skip
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("beta 2.5 (@@//pkgs:beta) both install this file with different contents", result.stderr)
        self.assertFalse(os.path.exists(output))

    def test_identical_files_are_shared(self) -> None:
        nspkg = b"import sys, types, os;has_mfs = sys.version_info > (3, 5)\n"
        one = self.tree("one", {"site-packages/zope/a.py": b"", "site-packages/zope.a-1-nspkg.pth": nspkg, "site-packages/ns/__init__.py": b"#\n"})
        two = self.tree("two", {"site-packages/zope/b.py": b"", "site-packages/zope.a-1-nspkg.pth": nspkg, "site-packages/ns/__init__.py": b"#\n"})
        result = self.check(self.layer("zope-a", one, "//:a"), self.layer("zope-b", two, "//:b"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("2 identical shared files", result.stdout)

        output = os.path.join(self.tmp.name, "layer.tar.gz")
        manifest = os.path.join(self.tmp.name, "both.files.json")
        result = run_layers(
            "--tree", "zope-a", "1", "//:a", one, "--tree", "zope-b", "1", "//:b", two,
            "--prefix", "/opt/venv", "--python-version", "3.13", "--output", output, "--manifest", manifest,
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        with tarfile.open(output) as tar:
            names = tar.getnames()
        site = "opt/venv/lib/python3.13/site-packages"
        self.assertEqual(names.count(f"{site}/zope.a-1-nspkg.pth"), 1)
        self.assertIn(f"{site}/zope/a.py", names)
        self.assertIn(f"{site}/zope/b.py", names)
        with open(manifest, encoding="utf-8") as f:
            owners = [m["owner"] for m in json.load(f)]
        self.assertEqual(owners, ["zope-a 1 (//:a)", "zope-b 1 (//:b)"])

    def test_descriptor_matches_the_layer(self) -> None:
        tree = self.tree("one", {"site-packages/one.py": b"x = 1\n"})
        self.layer("one", tree, "//:one")
        with open(os.path.join(self.tmp.name, "one.json"), encoding="utf-8") as f:
            descriptor = json.load(f)
        layer = os.path.join(self.tmp.name, "one.tar.gz")
        with open(layer, "rb") as f:
            data = f.read()
        self.assertEqual(descriptor["digest"], "sha256:" + hashlib.sha256(data).hexdigest())
        self.assertEqual(descriptor["size"], len(data))
        self.assertEqual(descriptor["diff_id"], "sha256:" + hashlib.sha256(gzip.decompress(data)).hexdigest())
        self.assertEqual(descriptor["mediaType"], "application/vnd.oci.image.layer.v1.tar+gzip")

    def test_file_against_directory(self) -> None:
        one = self.tree("one", {"site-packages/thing": b"x"})
        two = self.tree("two", {"site-packages/thing/__init__.py": b""})
        result = run_layers(
            "--tree", "one", "1", "//:one", one, "--tree", "two", "2", "//:two", two,
            "--prefix", "/opt/venv", "--python-version", "3.13", "--output", os.path.join(self.tmp.name, "o.tar"),
        )  # fmt: skip
        self.assertEqual(result.returncode, 1)
        self.assertIn("one 1 (//:one) installs a file there and two 2 (//:two) a directory", result.stderr)

    def test_not_a_tree(self) -> None:
        bad = self.tree("bad", {"lib/x.py": b""})
        result = run_layers(
            "--tree", "bad", "1", "//:bad", bad, "--prefix", "/v", "--python-version", "3.13",
            "--output", os.path.join(self.tmp.name, "o.tar"),
        )  # fmt: skip
        self.assertEqual(result.returncode, 1)
        self.assertIn("has 'lib' at the top of its tree", result.stderr)


class LayoutTest(unittest.TestCase):
    def test_venv_places_and_scripts(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            tree = make_tree(tmp, "t", {
                "site-packages/m.py": b"",
                "bin/tool": b"#!/usr/bin/env python3\nimport m\n",
                "bin/other": b"#!/bin/sh\necho\n",
                "include/dist/h.h": b"",
                "data/share/x": b"",
            })  # fmt: skip
            scratch = os.path.join(tmp, "scratch")
            entries, manifests = layers.merge([layers.Tree("dist", "1", "//:t", tree)], "/opt/venv", "3.12", scratch)
            by_path = {e.path: e for e in entries}
            self.assertEqual(sorted(manifests[0].files), sorted(by_path))
            self.assertEqual(
                sorted(p for p, e in by_path.items() if not e.is_dir),
                [
                    "opt/venv/bin/other",
                    "opt/venv/bin/tool",
                    "opt/venv/include/site/python3.12/dist/h.h",
                    "opt/venv/lib/python3.12/site-packages/m.py",
                    "opt/venv/share/x",
                ],
            )
            tool = by_path["opt/venv/bin/tool"]
            self.assertTrue(tool.executable)
            assert tool.source is not None
            with open(tool.source, "rb") as f:
                self.assertEqual(f.read(), b"#!/opt/venv/bin/python3\nimport m\n")
            self.assertFalse(by_path["opt/venv/lib/python3.12/site-packages/m.py"].executable)


if __name__ == "__main__":
    unittest.main()
