"""pyinstall.install.destination: the tree layout, .data routing, RECORD, INSTALLER, fresh bytecode."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import unittest

from tests.install.harness import CACHE_TAG, InstallTestCase
from tests.install.wheel_factory import build_wheel

DATA = "demo-1.0.data"


class LayoutTest(InstallTestCase):
    def test_every_data_scheme_routed(self) -> None:
        wheel = build_wheel(
            self.tmp,
            {
                "demo/__init__.py": b"",
                f"{DATA}/purelib/demo_pure.py": b"PURE = 1\n",
                f"{DATA}/platlib/demo_plat.py": b"PLAT = 1\n",
                f"{DATA}/scripts/demo-tool": b"#!/bin/sh\necho tool\n",
                f"{DATA}/headers/demo.h": b"int demo(void);\n",
                f"{DATA}/data/share/demo/readme.txt": b"hello\n",
            },
        )
        result = self.installed(wheel)
        files = result.files()
        for path in (
            "site-packages/demo/__init__.py",
            "site-packages/demo_pure.py",
            "site-packages/demo_plat.py",
            "bin/demo-tool",
            "include/demo/demo.h",
            "data/share/demo/readme.txt",
            f"site-packages/__pycache__/demo_pure.{CACHE_TAG}.pyc",
            f"site-packages/__pycache__/demo_plat.{CACHE_TAG}.pyc",
        ):
            self.assertIn(path, files)
        self.assertFalse([p for p in files if ".data" in p], files)
        self.assertEqual(result.read("bin/demo-tool"), b"#!/bin/sh\necho tool\n")
        self.assertEqual(result.read("include/demo/demo.h"), b"int demo(void);\n")

    def test_headers_under_the_normalized_name(self) -> None:
        wheel = build_wheel(self.tmp, {"Demo_Pkg.py": b"", "Demo_Pkg-1.0.data/headers/d.h": b""}, name="Demo_Pkg")
        self.assertIn("include/demo-pkg/d.h", self.installed(wheel).files())

    def test_entry_point_escaping_bin_refused(self) -> None:
        wheel = build_wheel(self.tmp, {"demo.py": b""}, entry_points="[console_scripts]\n../../evil = demo:main\n")
        self.refused(wheel, "'../../evil'", "outside bin/")

    def test_root_is_purelib_both_ways(self) -> None:
        for purelib in (True, False):
            with self.subTest(root_is_purelib=purelib):
                wheel = build_wheel(
                    os.path.join(self.tmp, str(purelib)),
                    {"demo/__init__.py": b"X = 1\n", f"{DATA}/purelib/other.py": b"", f"{DATA}/platlib/third.py": b""},
                    root_is_purelib=purelib,
                )
                result = self.installed(wheel, name=f"tree-{purelib}")
                files = result.files()
                for module in ("demo/__init__", "other", "third"):
                    self.assertIn(f"site-packages/{module}.py", files)
                self.assertIn(f"site-packages/demo/__pycache__/__init__.{CACHE_TAG}.pyc", files)
                self.assertIn("site-packages/demo-1.0.dist-info/RECORD", files)
                self.assertEqual(sorted({p.split("/")[0] for p in files}), ["site-packages"])

    def test_shipped_cache_dropped_and_compiled_fresh(self) -> None:
        # No real wheel we pin ships a .pyc (numpy 2.1.3 to 2.5.5 do not), so build one that does.
        # Only __pycache__ is a cache; a .pyc beside the sources is installed as pip does.
        stale = b"\x00\x00\x00\x00stale bytecode"
        wheel = build_wheel(
            self.tmp,
            {
                "demo/__init__.py": b"X = 1\n",
                f"demo/__pycache__/__init__.{CACHE_TAG}.pyc": stale,
                "demo/old.pyc": stale,
                "demo/older.pyo": stale,
            },
        )
        result = self.installed(wheel)
        files = result.files()
        self.assertEqual(result.read("site-packages/demo/old.pyc"), stale)
        self.assertEqual(result.read("site-packages/demo/older.pyo"), stale)
        fresh = result.read(f"site-packages/demo/__pycache__/__init__.{CACHE_TAG}.pyc")
        self.assertNotEqual(fresh, stale)
        self.assertEqual(int.from_bytes(fresh[4:8], "little"), 1)
        record = result.read("site-packages/demo-1.0.dist-info/RECORD").decode()
        self.assertIn("demo/old.pyc,", record)
        self.assertEqual(record.count("__pycache__"), 1, record)

    def test_file_in_root_and_data_refused(self) -> None:
        wheel = build_wheel(self.tmp, {"demo.py": b"", f"{DATA}/purelib/demo.py": b""})
        self.refused(wheel, "site-packages/demo.py")


class MetadataTest(InstallTestCase):
    def setUp(self) -> None:
        super().setUp()
        wheel = build_wheel(
            self.tmp,
            {
                "demo/__init__.py": b"X = 1\n",
                "demo/b.py": b"",
                "demo/a.py": b"",
                "demo/data.json": b"{}",
                f"{DATA}/scripts/tool": b"#!python\nprint(1)\n",
            },
            entry_points="[console_scripts]\ndemo = demo:main\n",
        )
        self.result = self.installed(wheel, "--optimize", "0,1")
        self.info = "site-packages/demo-1.0.dist-info"

    def rows(self) -> list[list[str]]:
        return list(csv.reader(io.StringIO(self.result.read(f"{self.info}/RECORD").decode())))

    def test_installer_fixed_and_no_direct_url(self) -> None:
        self.assertEqual(self.result.read(f"{self.info}/INSTALLER"), b"rules_pyinstall\n")
        files = self.result.files()
        self.assertNotIn(f"{self.info}/direct_url.json", files)
        self.assertNotIn(f"{self.info}/REQUESTED", files)

    def test_record_sorted_and_complete(self) -> None:
        paths = [row[0] for row in self.rows()]
        self.assertEqual(paths, sorted(paths))
        on_disk = {
            os.path.relpath(p, "site-packages")
            for p in self.result.files()
            if os.path.isfile(os.path.join(self.result.output, p))
        }
        self.assertEqual(set(paths), on_disk)
        self.assertIn("demo-1.0.dist-info/RECORD", paths)
        self.assertIn(f"demo/__pycache__/a.{CACHE_TAG}.pyc", paths)
        self.assertIn(f"demo/__pycache__/a.{CACHE_TAG}.opt-1.pyc", paths)
        self.assertIn("../bin/demo", paths)
        self.assertIn("../bin/tool", paths)

    def test_record_hashes_are_those_of_the_files(self) -> None:
        for path, digest, size in self.rows():
            if path.endswith("RECORD"):
                self.assertEqual((digest, size), ("", ""))
                continue
            tree_path = path[3:] if path.startswith("../") else "site-packages/" + path
            content = self.result.read(tree_path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).decode().rstrip("=")
            self.assertEqual((digest, size), (f"sha256={expected}", str(len(content))), path)


if __name__ == "__main__":
    unittest.main()
