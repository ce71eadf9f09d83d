"""pyinstall.install.scripts: entry point launchers and `#!python` rewriting that really run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from pyinstall.install import scripts
from pyinstall.common.errors import PyinstallError

from tests.install.harness import InstallTestCase
from tests.install.wheel_factory import build_wheel

CLI = b"""import sys

def main():
    print("console", sys.argv[1:])
    return 3

def gui():
    print("gui")
"""

ENTRY_POINTS = "[console_scripts]\ndemo-cli = demo.cli:main\n\n[gui_scripts]\ndemo-gui = demo.cli:gui\n"


def run(script: str, site_packages: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Runs `script` as a kernel would, with a PATH whose `python3` is this interpreter."""
    with tempfile.TemporaryDirectory() as bindir:
        os.symlink(sys.executable, os.path.join(bindir, "python3"))
        env = {"PATH": f"{bindir}:/usr/bin:/bin", "PYTHONPATH": site_packages, "LC_ALL": "C.UTF-8"}
        return subprocess.run([script, *args], env=env, capture_output=True, text=True, check=False)


class InterpreterLineTest(unittest.TestCase):
    def test_accepted(self) -> None:
        self.assertEqual(scripts.check_interpreter_line("w.whl", "/usr/bin/env python3"), b"#!/usr/bin/env python3")
        self.assertEqual(scripts.check_interpreter_line("w.whl", "/opt/py/bin/python3.13"), b"#!/opt/py/bin/python3.13")

    def test_refused(self) -> None:
        for line in ("python3", "", "/usr/bin/env\npython3", "/" + "x" * 200):
            with self.subTest(line=line), self.assertRaises(PyinstallError) as caught:
                scripts.check_interpreter_line("w.whl", line)
            self.assertIn("w.whl", str(caught.exception))
            self.assertIn("script_interpreter", str(caught.exception))

    def test_placeholder_rewritten(self) -> None:
        shebang = b"#!/usr/bin/env python3"
        cases = {
            b"#!python\nx": b"#!/usr/bin/env python3\nx",
            b"#!pythonw\nx": b"#!/usr/bin/env python3\nx",
            b"#!python3.13 -u\nx": b"#!/usr/bin/env python3 -u\nx",
            b"#!python\r\nx": b"#!/usr/bin/env python3\r\nx",
            b"#!python": b"#!/usr/bin/env python3",
            b"#!/bin/sh\nx": b"#!/bin/sh\nx",
            b"#!pythonista\nx": b"#!pythonista\nx",
            b"\x7fELF#!python": b"\x7fELF#!python",
        }
        for content, expected in cases.items():
            with self.subTest(content=content):
                self.assertEqual(scripts.rewrite_placeholder(content, shebang), expected)

    def test_launcher_text(self) -> None:
        text = scripts.entry_point_script("demo", "demo.cli", "main", "console", b"#!/usr/bin/env python3")
        first, _, body = text.partition(b"\n")
        self.assertEqual(first, b"#!/usr/bin/env python3")
        self.assertIn(b"from demo.cli import main", body)
        self.assertNotIn(b"/bin/sh", text)


class GeneratedScriptsRunTest(InstallTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.wheel = build_wheel(
            self.tmp,
            {
                "demo/__init__.py": b"",
                "demo/cli.py": CLI,
                "demo-1.0.data/scripts/hello.py": b"#!python\nimport demo.cli, sys\nprint('hello', sys.argv[1])\n",
                "demo-1.0.data/scripts/plain.sh": b"#!/bin/sh\necho plain\n",
            },
            entry_points=ENTRY_POINTS,
        )

    def test_default_interpreter_line_runs(self) -> None:
        result = self.installed(self.wheel)
        site = os.path.join(result.output, "site-packages")
        for script in ("demo-cli", "demo-gui", "hello.py"):
            self.assertTrue(result.read(f"bin/{script}").startswith(b"#!/usr/bin/env python3\n"), script)
        cli = run(os.path.join(result.output, "bin", "demo-cli"), site, "a", "b")
        self.assertEqual((cli.returncode, cli.stdout), (3, "console ['a', 'b']\n"), cli.stderr)
        gui = run(os.path.join(result.output, "bin", "demo-gui"), site)
        self.assertEqual((gui.returncode, gui.stdout), (0, "gui\n"), gui.stderr)
        hello = run(os.path.join(result.output, "bin", "hello.py"), site, "x")
        self.assertEqual((hello.returncode, hello.stdout), (0, "hello x\n"), hello.stderr)
        plain = run(os.path.join(result.output, "bin", "plain.sh"), site)
        self.assertEqual(plain.stdout, "plain\n")

    def test_configured_interpreter_line(self) -> None:
        # An absolute interpreter line; a short link to this interpreter, whose own path may be
        # longer than the 127 bytes a kernel reads of a `#!` line.
        short = tempfile.mkdtemp(prefix="py", dir="/tmp")
        self.addCleanup(shutil.rmtree, short)
        python = os.path.join(short, "python3")
        os.symlink(sys.executable, python)
        result = self.installed(self.wheel, "--script-interpreter", python)
        self.assertEqual(result.read("bin/demo-cli").partition(b"\n")[0], f"#!{python}".encode())
        self.assertEqual(result.read("bin/hello.py").partition(b"\n")[0], f"#!{python}".encode())
        self.assertEqual(result.read("bin/plain.sh"), b"#!/bin/sh\necho plain\n")
        env = {"PATH": "/nonexistent", "PYTHONPATH": os.path.join(result.output, "site-packages")}
        cli = subprocess.run([os.path.join(result.output, "bin", "demo-cli")], env=env, capture_output=True, text=True, check=False)
        self.assertEqual((cli.returncode, cli.stdout), (3, "console []\n"), cli.stderr)

    def test_interpreter_line_with_an_argument(self) -> None:
        result = self.installed(self.wheel, "--script-interpreter", "/usr/bin/env -S python3 -E")
        self.assertTrue(result.read("bin/demo-cli").startswith(b"#!/usr/bin/env -S python3 -E\n"))
        self.assertTrue(result.read("bin/hello.py").startswith(b"#!/usr/bin/env -S python3 -E\n"))

    def test_bad_interpreter_line_refused(self) -> None:
        self.refused(self.wheel, "script_interpreter", "'python3'", flags=("--script-interpreter", "python3"))


if __name__ == "__main__":
    unittest.main()
