"""pyinstall.install.main: the action's entry point, its checks and its one-line summary."""

from __future__ import annotations

import unittest

from pyinstall.install import main as install
from pyinstall.install import options
from pyinstall.common.errors import PyinstallError

from tests.install.harness import PYTHON_VERSION, InstallTestCase
from tests.install.wheel_factory import build_wheel

MAJOR, MINOR = PYTHON_VERSION.split(".")
OTHER_VERSION = f"{MAJOR}.{int(MINOR) - 1}"
X86_64 = options.parse(["--wheel", "w", "--output", "o", "--python-version", PYTHON_VERSION])


class MainTest(InstallTestCase):
    def test_summary_line(self) -> None:
        wheel = build_wheel(self.tmp, {"demo/__init__.py": b"", "demo/a.py": b""})
        result = self.installed(wheel)
        self.assertEqual(
            result.stdout, f"installed demo-1.0-py3-none-any.whl: 2 .pyc files for Python {PYTHON_VERSION}\n"
        )

    def test_interpreter_version_mismatch(self) -> None:
        wheel = build_wheel(self.tmp, {"demo/__init__.py": b""})
        result = self.install(wheel, "--python-version", OTHER_VERSION)
        self.assertEqual(result.status, 1)
        self.assertIn("demo-1.0-py3-none-any.whl", result.stderr)
        self.assertIn(f"Python {PYTHON_VERSION}", result.stderr)
        self.assertIn(f"Python {OTHER_VERSION}", result.stderr)
        self.assertEqual(result.files(), [])

    def test_wheel_tag_not_fitting(self) -> None:
        wheel = build_wheel(self.tmp, {"demo/__init__.py": b""}, tag="cp27-cp27mu-manylinux1_x86_64")
        self.refused(wheel, "cp27-cp27mu-manylinux1_x86_64", f"fits CPython {PYTHON_VERSION} on linux_x86_64 (glibc 2.28)")

    def test_invalid_wheel_file_name(self) -> None:
        wheel = build_wheel(self.tmp, {"demo/__init__.py": b""}, filename="demo.whl")
        self.refused(wheel, "not a valid wheel file name")


class WheelTagTest(unittest.TestCase):
    def test_tags(self) -> None:
        accepted = [
            "demo-1.0-py3-none-any.whl",
            "demo-1.0-py2.py3-none-any.whl",
            f"demo-1.0-cp{MAJOR}{MINOR}-cp{MAJOR}{MINOR}-manylinux_2_17_x86_64.whl",
            f"demo-1.0-py{MAJOR}{MINOR}-none-any.whl",
            "demo-1.0-cp38-abi3-manylinux2014_x86_64.whl",
        ]
        for name in accepted:
            with self.subTest(name=name):
                self.assertEqual(install.check_wheel_tags(name, X86_64), "demo")
        refused = [
            "demo-1.0-py2-none-any.whl",
            "demo-1.0-cp312-cp312-manylinux_2_17_x86_64.whl" if MINOR != "12" else "demo-1.0-cp311-cp311-any.whl",
            f"demo-1.0-cp{MAJOR}{int(MINOR) + 1}-abi3-manylinux2014_x86_64.whl",
        ]
        for name in refused:
            with self.subTest(name=name), self.assertRaises(PyinstallError):
                install.check_wheel_tags(name, X86_64)


if __name__ == "__main__":
    unittest.main()
