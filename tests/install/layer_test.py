"""`pyinstall.install.layer`, a wheel installed straight into its layer: the layer
`pyinstall.image.layers` writes of the tree the install helper writes, byte for byte, the SBOM
record `pyinstall.image.sbom_wheel` writes, and the install's own errors, with nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest

from tests.install.harness import PYTHON_VERSION
from tests.install.wheel_factory import build_wheel

CONSOLE = "[console_scripts]\ndemo-cli = demo.cli:main\n"
FILES = {
    "demo/__init__.py": b"VALUE = 1\n",
    "demo/cli.py": b"def main():\n    return 0\n",
    "demo/data.txt": b"not python\n",
}


def run_helper(module: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """Runs a helper as the action does: `python -m pyinstall.<module> @params`."""
    with tempfile.NamedTemporaryFile("w", suffix=".params", delete=False) as params:
        params.write("\n".join(argv) + "\n")
    try:
        return subprocess.run(
            [sys.executable, "-m", f"pyinstall.{module}", "@" + params.name],
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
        )
    finally:
        os.unlink(params.name)


def install_flags(wheel: str) -> list[str]:
    """The flags `wheel_install` gives the install helper (WheelTreeInfo.install.flags)."""
    return [
        "--wheel", wheel, "--python-version", PYTHON_VERSION, "--pyc", "unchecked-hash",
        "--optimize", "0", "--script-interpreter", "/usr/bin/env python3",
        "--source-date-epoch", "315532800", "--platform", "linux_x86_64", "--glibc", "2.28",
        "--macos", "11.0",
    ]  # fmt: skip


class LayerInstallTest(unittest.TestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = tmp.name

    def path(self, name: str) -> str:
        return os.path.join(self.tmp, name)

    def layer(self, name: str, *source: str, jobs: int = 1) -> subprocess.CompletedProcess[str]:
        module, extra = ("image.layers", ()) if source[0] == "--tree" else ("install.layer", ("--jobs", str(jobs)))
        return run_helper(
            module, *source, *extra, "--prefix", "/opt/venv", "--python-version", PYTHON_VERSION,
            "--output", self.path(name + ".tar.gz"), "--descriptor", self.path(name + ".json"),
            "--manifest", self.path(name + ".files.json"),
        )  # fmt: skip

    def read(self, name: str) -> bytes:
        with open(self.path(name), "rb") as f:
            return f.read()

    def test_same_layer_as_from_the_installed_tree(self) -> None:
        # Enough .py files for several compile batches, and a script whose line is rewritten.
        # And a file of each other scheme: a script, a header and data.
        files = dict(FILES, **{f"demo/m{i}.py": f"X = {i}\n".encode() for i in range(150)})
        files.update({
            "demo-1.0.data/scripts/tool": b"#!python\nprint(1)\n",
            "demo-1.0.data/headers/demo.h": b"int demo;\n",
            "demo-1.0.data/data/share/demo/x.txt": b"x\n",
        })
        wheel = build_wheel(self.path("wheels"), files, entry_points=CONSOLE)
        tree = self.path("tree")
        installed = subprocess.run(
            [sys.executable, "-m", "pyinstall.install.main", *install_flags(wheel), "--output", tree],
            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
        )  # fmt: skip
        self.assertEqual(installed.returncode, 0, installed.stderr)
        from_tree = self.layer("from_tree", "--tree", "demo", "1.0", "//:demo", tree)
        self.assertEqual(from_tree.returncode, 0, from_tree.stderr)
        flags = json.dumps(install_flags(wheel))
        # Held in memory, or (--held-bytes 0) through a scratch directory.
        for jobs, held in ((0, "768000000"), (1, "768000000"), (2, "768000000"), (2, "0")):
            with self.subTest(jobs=jobs, held=held):
                name = f"from_wheel_{jobs}_{held}"
                from_wheel = self.layer(name, "--install", "demo", "1.0", "//:demo", flags, "--held-bytes", held, jobs=jobs)
                self.assertEqual(from_wheel.returncode, 0, from_wheel.stderr)
                for suffix in (".tar.gz", ".json", ".files.json"):
                    self.assertEqual(self.read(name + suffix), self.read("from_tree" + suffix), suffix)
        (manifest,) = json.loads(self.read("from_tree.files.json"))
        self.assertEqual(manifest["owner"], "demo 1.0 (//:demo)")
        site = f"opt/venv/lib/python{PYTHON_VERSION}/site-packages/demo"
        tag = sys.implementation.cache_tag
        for path in ("opt/venv/bin/demo-cli", "opt/venv/bin/tool", f"opt/venv/include/site/python{PYTHON_VERSION}/demo/demo.h",
                     "opt/venv/share/demo/x.txt", f"{site}/m149.py", f"{site}/__pycache__/m149.{tag}.pyc"):
            self.assertIn(path, manifest["files"])

    def test_sbom_record_is_the_one_sbom_wheel_writes(self) -> None:
        wheel = build_wheel(self.path("wheels"), FILES)
        flags = json.dumps(install_flags(wheel))
        result = self.layer("sbom", "--install", "demo", "1.0", "//:demo", flags, "--sbom", self.path("a.sbom.json"), "--lock", "//:lock")
        self.assertEqual(result.returncode, 0, result.stderr)
        alone = run_helper(
            "image.sbom_wheel", "--wheel", wheel, "--distribution", "demo", "--version", "1.0", "--label", "//:demo",
            "--lock", "//:lock", "--output", self.path("b.sbom.json"),
        )  # fmt: skip
        self.assertEqual(alone.returncode, 0, alone.stderr)
        self.assertEqual(self.read("a.sbom.json"), self.read("b.sbom.json"))
        self.assertEqual(json.loads(self.read("a.sbom.json"))["filename"], "demo-1.0-py3-none-any.whl")

    def test_sbom_needs_one_install(self) -> None:
        wheel = build_wheel(self.path("wheels"), FILES)
        flags = json.dumps(install_flags(wheel))
        result = self.layer("two", "--install", "demo", "1.0", "//:a", flags, "--install", "demo", "1.0", "//:b", flags,
                            "--sbom", self.path("x.sbom.json"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("--sbom describes the wheel of a layer of one --install", result.stderr)
        self.assertFalse(os.path.exists(self.path("x.sbom.json")))

    def test_bad_wheel_is_one_error_and_no_layer(self) -> None:
        wheel = build_wheel(self.path("wheels"), FILES, tamper={"demo/__init__.py": b"VALUE = 2\n"})
        result = self.layer("bad", "--install", "demo", "1.0", "//:demo", json.dumps(install_flags(wheel)))
        self.assertEqual(result.returncode, 1)
        lines = result.stderr.strip().splitlines()
        self.assertTrue(lines[0].startswith("rules_pyinstall: error: demo-1.0-py3-none-any.whl: "), result.stderr)
        self.assertIn("demo/__init__.py", lines[0])
        self.assertNotIn("Traceback", result.stderr)
        self.assertFalse(os.path.exists(self.path("bad.tar.gz")))
        self.assertFalse(os.path.exists(self.path("bad.files.json")))

    def test_wheel_for_another_platform_is_refused_as_the_install_would(self) -> None:
        wheel = build_wheel(self.path("wheels"), FILES, tag="cp39-cp39-win_amd64")
        result = self.layer("other", "--install", "demo", "1.0", "//:demo", json.dumps(install_flags(wheel)))
        self.assertEqual(result.returncode, 1)
        self.assertIn("no tag of the wheel (cp39-cp39-win_amd64) fits CPython", result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_flags_that_are_not_a_list_of_strings(self) -> None:
        for flags in ("{not json", '{"--wheel": "x"}', '["--wheel", 1]', '["--wheel", "w.whl", "--output", "x"]', '["--pyc", "none"]'):
            with self.subTest(flags=flags):
                result = self.layer("flags", "--install", "demo", "1.0", "//:demo", flags)
                self.assertEqual(result.returncode, 1)
                self.assertIn("rules_pyinstall: error: demo 1.0 (//:demo): the install flags", result.stderr)
                self.assertNotIn("Traceback", result.stderr)


if __name__ == "__main__":
    unittest.main()
