"""`editor_venv`: run as `bazel run` runs it, into a temporary directory.

    venv_test.py <the editor_venv launcher>
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import unittest

LAUNCHER = ""


def run(directory: str, where: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LAUNCHER, directory], capture_output=True, text=True, env=dict(os.environ, BUILD_WORKING_DIRECTORY=where))


def snapshot(venv: str) -> dict[str, str]:
    """Every entry of the venv: a link's target, or a file's mode, mtime and sha256."""
    found = {}
    for directory, dirs, files in os.walk(venv):
        for name in dirs + files:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, venv)
            if os.path.islink(path):
                found[relative] = "-> " + os.readlink(path)
            elif os.path.isfile(path):
                stat = os.stat(path)
                with open(path, "rb") as f:
                    found[relative] = f"{stat.st_mode:o} {stat.st_mtime_ns} {hashlib.sha256(f.read()).hexdigest()}"
    return found


class VenvTest(unittest.TestCase):
    def test_a_venv_of_the_wheels(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            venv = os.path.join(tmp, ".venv")
            result = run(".venv", tmp)  # relative to BUILD_WORKING_DIRECTORY, as under bazel run
            self.assertEqual(result.returncode, 0, result.stderr)
            python = os.path.join(venv, "bin", "python3")
            probe = "import sys, six, yaml, click; print(sys.prefix); print(yaml.__file__); print(sys.version_info[:2])"
            out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True).stdout.split("\n")
            self.assertEqual(out[0], venv)
            self.assertTrue(out[1].startswith(os.path.join(venv, "lib", "python3.13", "site-packages", "yaml")), out[1])
            self.assertEqual(out[2], "(3, 13)")
            with open(os.path.join(venv, "pyvenv.cfg")) as f:
                self.assertIn("rules_pyinstall = test_wheels\n", f.read())

            # The same lock gives the same files; a second run replaces the venv it made.
            first = snapshot(venv)
            self.assertEqual(run(venv, "/").returncode, 0)
            self.assertEqual(snapshot(venv), first)

    def test_refuses_a_directory_it_did_not_make(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            other = os.path.join(tmp, "project")
            os.makedirs(other)
            with open(os.path.join(other, "keep.txt"), "w") as f:
                f.write("mine")
            result = run(other, "/")
            self.assertEqual(result.returncode, 1)
            self.assertIn("is not a virtual environment made by rules_pyinstall", result.stderr)
            self.assertEqual(os.listdir(other), ["keep.txt"])


if __name__ == "__main__":
    LAUNCHER = os.path.abspath(sys.argv[1])
    unittest.main(argv=sys.argv[:1])
