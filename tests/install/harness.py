"""Runs the install helper the way the action does, in a temporary directory, for the tests."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import shutil
import sys
import tempfile
import unittest

from pyinstall.common.errors import PyinstallError
from pyinstall.install import main as install
from pyinstall.install import normalize, options

PYTHON_VERSION = f"{sys.version_info[0]}.{sys.version_info[1]}"
CACHE_TAG = sys.implementation.cache_tag
# "held": the suites install into memory (`install.held`, what a layer action does), and
# the tree held is then written out for the same assertions.
MODE = os.environ.get("PYINSTALL_TEST_INSTALL", "tree")


def install_held(argv: list[str]) -> int:
    """`install.main(argv)`, the wheel installed into memory, then its files written out."""
    opts = options.parse(argv)
    os.makedirs(opts.output, exist_ok=True)
    try:
        opts = install.built_wheel(opts)
        held = install.install_held(opts)
    except Exception as exc:  # noqa: BLE001 - as install.main: one line, not a traceback
        error = exc if isinstance(exc, PyinstallError) else install.internal_error(opts.wheel, exc)
        print(install.report(error), file=sys.stderr)
        shutil.rmtree(opts.output)  # what an earlier test wrote there: install.main empties it
        os.makedirs(opts.output)
        return 1
    for path, (data, executable, _) in held.files.items():
        target = os.path.join(opts.output, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "xb") as f:
            f.write(data)
        os.chmod(target, 0o755 if executable else 0o644)
    normalize.normalize_tree(opts.output, opts.source_date_epoch)
    label = install.printable(os.path.basename(opts.wheel))
    print(f"installed {label}: {len(held.compiled)} .pyc files for Python {opts.python_version}")
    return 0


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


def run(argv: list[str]) -> int:
    """The install helper's `main(argv)`, in the suites' mode."""
    return install_held(argv) if MODE == "held" else install.main(argv)


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
            status = run(argv)
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
