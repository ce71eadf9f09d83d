"""Hostile wheels: launchers outside bin/, odd .data spellings, wheels for another platform.

Each test builds the wheel it needs; see docs/wheels.md for what pip does with each.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import py_compile
import sys
import unittest

from tests.install.harness import CACHE_TAG, PYTHON_VERSION, InstallTestCase
from tests.install.wheel_factory import build_wheel

CP = "cp" + PYTHON_VERSION.replace(".", "")
MODULE = {"demo/__init__.py": b"def main():\n    pass\n"}


def console(*names: str) -> str:
    return "[console_scripts]\n" + "".join(f"{name} = demo:main\n" for name in names)


class EntryPointNameTest(InstallTestCase):
    def test_names_leaving_bin_refused(self) -> None:
        # pip's rule: joined to bin/ and normalized, the path must lie strictly inside bin/.
        for name in ("../site-packages/sitecustomize.py", ".", "..", "sub/../..", "/tmp/evil", "a/../../x"):
            with self.subTest(name=name):
                wheel = build_wheel(os.path.join(self.tmp, str(hash(name))), MODULE, entry_points=console(name))
                result = self.refused(wheel, repr(name), "outside bin/", "entry_points.txt")
                self.assertEqual(len(result.stderr.splitlines()), 2, result.stderr)

    def test_names_inside_bin_installed(self) -> None:
        wheel = build_wheel(self.tmp, MODULE, entry_points=console("sub/tool", "a/../other", "plain"))
        files = self.installed(wheel).files()
        for path in ("bin/sub/tool", "bin/other", "bin/plain"):
            self.assertIn(path, files)
        self.assertEqual([p for p in files if not p.startswith(("bin", "site-packages"))], [])

    def test_gui_scripts_checked_too(self) -> None:
        wheel = build_wheel(self.tmp, MODULE, entry_points="[gui_scripts]\n../evil = demo:main\n")
        self.refused(wheel, "'../evil'", "outside bin/")

    def test_other_sections_are_not_launchers(self) -> None:
        # Plugin sections name objects, not files: pip installs them as they are, and so do we.
        text = "[pytest11]\n../x = demo\nsame = a\nsame = b\n" + console("tool")
        wheel = build_wheel(self.tmp, MODULE, entry_points=text)
        result = self.installed(wheel)
        self.assertIn("bin/tool", result.files())
        self.assertEqual(result.read("site-packages/demo-1.0.dist-info/entry_points.txt"), text.encode())


class DataDirectoryTest(InstallTestCase):
    def test_differently_spelled_data_dir_routed(self) -> None:
        files = {
            "demo_pkg/__init__.py": b"",
            "Demo.Pkg-1.0.data/scripts/tool": b"#!python\nprint(1)\n",
            "Demo.Pkg-1.0.data/headers/demo.h": b"int demo;\n",
            "Demo.Pkg-1.0.data/data/share/demo.txt": b"x\n",
            "Demo.Pkg-1.0.data/purelib/extra.py": b"",
            "Demo.Pkg-1.0.data/platlib/plat.py": b"",
        }
        wheel = build_wheel(self.tmp, files, name="demo_pkg")
        result = self.installed(wheel)
        names = result.files()
        for path in ("bin/tool", "include/demo-pkg/demo.h", "data/share/demo.txt", "site-packages/extra.py", "site-packages/plat.py"):
            self.assertIn(path, names)
        self.assertEqual([p for p in names if ".data" in p], [])
        self.assertTrue(result.read("bin/tool").startswith(b"#!/usr/bin/env python3\n"))

    def test_unknown_scheme_in_differently_spelled_dir_refused(self) -> None:
        wheel = build_wheel(self.tmp, {**MODULE, "Demo-1.0.data/etc/x.conf": b""})
        self.refused(wheel, "'Demo-1.0.data/etc/x.conf'", "unknown .data scheme 'etc'")

    def test_file_directly_in_data_refused(self) -> None:
        wheel = build_wheel(self.tmp, {**MODULE, "demo-1.0.data/purelib": b""})
        self.refused(wheel, "'demo-1.0.data/purelib'", "not in a .data scheme directory")

    def test_two_data_dirs_refused(self) -> None:
        wheel = build_wheel(self.tmp, {**MODULE, "demo-1.0.data/data/a": b"", "Demo-1.0.data/data/b": b""})
        self.refused(wheel, "several .data directories")

    def test_data_dir_of_another_distribution_refused(self) -> None:
        wheel = build_wheel(self.tmp, {**MODULE, "other-1.0.data/scripts/x": b""})
        self.refused(wheel, "'other-1.0.data'", "'demo'")

    def test_differently_spelled_dist_info_found(self) -> None:
        wheel = build_wheel(self.tmp, {"demo_pkg/__init__.py": b""}, name="demo_pkg", dist_info="Demo.Pkg-1.0.dist-info")
        self.assertIn("site-packages/Demo.Pkg-1.0.dist-info/INSTALLER", self.installed(wheel).files())


class PlatformTagTest(InstallTestCase):
    def wheel(self, tag: str) -> str:
        return build_wheel(os.path.join(self.tmp, tag), MODULE, tag=tag)

    def test_other_platforms_refused(self) -> None:
        for tag in (f"{CP}-{CP}-win_amd64", "py3-none-win_amd64", f"{CP}-{CP}-linux_sparc64", f"{CP}-{CP}-manylinux_2_17_aarch64"):
            with self.subTest(tag=tag):
                self.refused(self.wheel(tag), tag, "linux_x86_64 (glibc 2.28)")

    def test_target_not_host(self) -> None:
        wheel = self.wheel(f"{CP}-{CP}-manylinux_2_17_aarch64")
        self.installed(wheel, "--platform", "linux_aarch64")
        self.refused(self.wheel(f"{CP}-{CP}-manylinux_2_17_x86_64"), "linux_aarch64", flags=("--platform", "linux_aarch64"))

    def test_glibc_and_musl_levels(self) -> None:
        newer = self.wheel(f"{CP}-{CP}-manylinux_2_34_x86_64")
        self.refused(newer, "manylinux_2_34_x86_64", "glibc 2.28")
        self.installed(newer, "--glibc", "2.34", name="glibc")
        musl = self.wheel(f"{CP}-{CP}-musllinux_1_2_x86_64")
        self.refused(musl, "musllinux_1_2_x86_64")
        self.installed(musl, "--musl", "1.2", name="musl")

    def test_pure_and_abi3_wheels_everywhere(self) -> None:
        for platform in ("linux_x86_64", "linux_aarch64", "macos_aarch64", "windows_x86_64"):
            with self.subTest(platform=platform):
                self.installed(self.wheel("py3-none-any"), "--platform", platform, name=platform)
        self.installed(self.wheel("cp38-abi3-manylinux2014_aarch64"), "--platform", "linux_aarch64", name="abi3")
        self.installed(self.wheel("py3-none-any"), "--platform", "any", name="any")
        self.refused(self.wheel(f"{CP}-{CP}-manylinux_2_17_x86_64"), "pure-Python wheels only", flags=("--platform", "any"))

    def test_interpreter_and_abi_checked(self) -> None:
        for tag in ("cp27-cp27mu-manylinux1_x86_64", f"{CP}-{CP}t-manylinux_2_17_x86_64", f"pp{CP[2:]}-pypy_73-manylinux_2_17_x86_64"):
            with self.subTest(tag=tag):
                self.refused(self.wheel(tag), tag)


class SourcelessModuleTest(InstallTestCase):
    def test_pyc_without_source_is_the_module(self) -> None:
        source = os.path.join(self.tmp, "hidden.py")
        with open(source, "w", encoding="utf-8") as f:
            f.write("ANSWER = 42\n")
        compiled = py_compile.compile(source, cfile=os.path.join(self.tmp, "hidden.pyc"), doraise=True)
        with open(compiled, "rb") as f:
            pyc = f.read()
        wheel = build_wheel(os.path.join(self.tmp, "w"), {"demo/__init__.py": b"", "demo/hidden.pyc": pyc, f"demo/__pycache__/x.{CACHE_TAG}.pyc": b"junk"})
        result = self.installed(wheel)
        self.assertEqual(result.read("site-packages/demo/hidden.pyc"), pyc)
        self.assertNotIn(f"site-packages/demo/__pycache__/x.{CACHE_TAG}.pyc", result.files())
        sys.path.insert(0, os.path.join(result.output, "site-packages"))
        self.addCleanup(sys.path.remove, os.path.join(result.output, "site-packages"))
        self.addCleanup(sys.modules.pop, "demo", None)
        self.addCleanup(sys.modules.pop, "demo.hidden", None)
        self.assertIsNotNone(importlib.util.find_spec("demo.hidden"))
        self.assertEqual(importlib.import_module("demo.hidden").ANSWER, 42)

if __name__ == "__main__":
    unittest.main()
