"""Runs the install helper the way the action does, in a temporary directory, for the tests."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import sys
import tempfile
import unittest

from pyinstall.install import main as install

PYTHON_VERSION = f"{sys.version_info[0]}.{sys.version_info[1]}"
CACHE_TAG = sys.implementation.cache_tag


@dataclasses.dataclass(frozen=True)
class Result:
    status: int
    stdout: str
    stderr: str
    output: str

    def files(self) -> list[str]:
        """Every file and directory under the output, relative to it, sorted."""
        found = []
        for directory, dirnames, filenames in os.walk(self.output):
            for name in dirnames + filenames:
                found.append(os.path.relpath(os.path.join(directory, name), self.output))
        return sorted(found)

    def read(self, relative: str) -> bytes:
        with open(os.path.join(self.output, relative), "rb") as f:
            return f.read()


class InstallTestCase(unittest.TestCase):
    """A test case with a fresh temporary directory and a way to run the helper in it."""

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = tmp.name

    def install(self, wheel: str, *flags: str, name: str = "tree") -> Result:
        output = os.path.join(self.tmp, name)
        argv = ["--wheel", wheel, "--output", output, "--python-version", PYTHON_VERSION, *flags]
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = install.main(argv)
        return Result(status, stdout.getvalue(), stderr.getvalue(), output)

    def installed(self, wheel: str, *flags: str, name: str = "tree") -> Result:
        result = self.install(wheel, *flags, name=name)
        self.assertEqual(result.status, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        self.assertEqual(len(result.stdout.splitlines()), 1, result.stdout)
        return result

    def refused(self, wheel: str, *needles: str, flags: tuple[str, ...] = ()) -> Result:
        """Asserts the install fails naming the wheel and each needle, and leaves nothing."""
        result = self.install(wheel, *flags)
        self.assertEqual(result.status, 1, result.stdout)
        self.assertEqual(result.stdout, "")
        self.assertTrue(result.stderr.startswith("rules_pyinstall: error: "), result.stderr)
        self.assertIn(os.path.basename(wheel), result.stderr)
        for needle in needles:
            self.assertIn(needle, result.stderr)
        self.assertEqual(result.files(), [], "the failed install left files behind")
        return result


def synthetic_source(i: int) -> bytes:
    # Shared names, qualified names, docstrings and constants across files: what makes
    # marshal's interning and reference flags depend on earlier compilations.
    return (
        f'"""Module {i}."""\n\nclass Shared{i % 7}:\n    """Doc {i % 3}."""\n'
        f"    def method_{i % 5}(self, value=({i}, 'x y', 1.5)):\n"
        f"        return {{'key {i % 4}': value, 'other': Shared{i % 7}.method_{i % 5}.__qualname__}}\n"
    ).encode()
