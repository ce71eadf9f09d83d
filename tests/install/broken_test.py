"""Broken wheels: every one ends in one `rules_pyinstall: error:` line naming the wheel and the
entry, with a hint, never a traceback, and an empty output directory."""

from __future__ import annotations

import os
import unittest

from tests.install.harness import InstallTestCase, Result
from tests.install.wheel_factory import build_wheel, damage_member, patch_headers

MODULE = {"demo/__init__.py": b"def main():\n    pass\n" * 50}
DIST_INFO = "demo-1.0.dist-info"


class BrokenTestCase(InstallTestCase):
    def broken(self, wheel: str, *needles: str) -> Result:
        result = self.refused(wheel, *needles)
        self.assertNotIn("Traceback", result.stderr)
        self.assertNotIn("internal error", result.stderr)
        self.assertEqual(result.stderr.count("rules_pyinstall: error:"), 1, result.stderr)
        self.assertIn("\n  hint: ", result.stderr)
        return result


class EntryPointsFileTest(BrokenTestCase):
    def test_malformed_script_sections_refused(self) -> None:
        cases = {
            "no_attr": ("[console_scripts]\ntool = demo\n", "'demo' is not `module:function`"),
            "junk": ("[console_scripts]\ntool = !!! junk\n", "is not `module:function`"),
            "no_equals": ("[console_scripts]\njust a line\n", "is not `name = module:function`"),
            "duplicate": ("[console_scripts]\ntool = demo:main\ntool = demo:other\n", "'tool' is declared twice"),
            "across": ("[console_scripts]\ntool = demo:main\n[gui_scripts]\ntool = demo:main\n", "declared twice"),
            "space": ("[console_scripts]\nmy tool = demo:main\n", "not a valid script name"),
            "long": ("[console_scripts]\n" + "t" * 300 + " = demo:main\n", "longer than the 255 bytes"),
            "not_utf8": ("[console_scripts]\ntool = demo:main\n\udcff", "not UTF-8"),
        }
        for case, (text, needle) in cases.items():
            with self.subTest(case=case):
                data = text.encode("utf-8", "surrogateescape")
                wheel = build_wheel(os.path.join(self.tmp, case), {**MODULE, f"{DIST_INFO}/entry_points.txt": data})
                self.broken(wheel, f"{DIST_INFO}/entry_points.txt", needle)

    def test_harmless_malformations_installed_as_pip_does(self) -> None:
        # Lines before a section header and oddities of other sections: importlib.metadata (and
        # so pip) ignores them; they make no launcher.
        text = "stray = line\n[console_scripts]\ntool = demo:main [extra]\n# comment\n[other]\nx\nx = 1\nx = 2\n"
        wheel = build_wheel(self.tmp, MODULE, entry_points=text)
        self.assertIn("bin/tool", self.installed(wheel).files())


class MetadataFilesTest(BrokenTestCase):
    def test_missing_wheel_file(self) -> None:
        wheel = build_wheel(self.tmp, MODULE, omit=(f"{DIST_INFO}/WHEEL",))
        self.broken(wheel, f"no {DIST_INFO}/WHEEL")

    def test_missing_metadata_file(self) -> None:
        wheel = build_wheel(self.tmp, MODULE, omit=(f"{DIST_INFO}/METADATA",))
        self.broken(wheel, f"no {DIST_INFO}/METADATA")

    def test_wheel_version_named_plainly(self) -> None:
        wheel = build_wheel(self.tmp, MODULE, wheel_text="Wheel-Version: 2.0\nRoot-Is-Purelib: true\n")
        result = self.broken(wheel, "says Wheel-Version 2.0; only 1.x wheels can be installed")
        self.assertNotIn("<", result.stderr)  # no object repr
        wheel = build_wheel(os.path.join(self.tmp, "none"), MODULE, wheel_text="Root-Is-Purelib: true\n")
        self.broken(wheel, "Wheel-Version (none)")

    def test_shipped_installer_files_replaced(self) -> None:
        # pip overwrites INSTALLER; both are written by whoever installs, never by the build.
        extra = {f"{DIST_INFO}/INSTALLER": b"pip\n", f"{DIST_INFO}/direct_url.json": b'{"url": "file:///home/me"}'}
        result = self.installed(build_wheel(self.tmp, {**MODULE, **extra}))
        self.assertEqual(result.read(f"site-packages/{DIST_INFO}/INSTALLER"), b"rules_pyinstall\n")
        self.assertNotIn(f"site-packages/{DIST_INFO}/direct_url.json", result.files())
        self.assertNotIn(b"direct_url", result.read(f"site-packages/{DIST_INFO}/RECORD"))


class ArchiveTest(BrokenTestCase):
    def test_name_longer_than_the_file_system_allows(self) -> None:
        wheel = build_wheel(self.tmp, {**MODULE, "demo/" + "x" * 300 + ".py": b""})
        self.broken(wheel, "longer than the 255 bytes")

    def test_encrypted_entry(self) -> None:
        wheel = build_wheel(self.tmp, MODULE)
        patch_headers(wheel, "demo/__init__.py", flag_bits=0x1)
        self.broken(wheel, "'demo/__init__.py' is encrypted")

    def test_unknown_compression_method(self) -> None:
        wheel = build_wheel(self.tmp, MODULE)
        patch_headers(wheel, "demo/__init__.py", method=99)
        self.broken(wheel, "'demo/__init__.py'", "compression method 99")

    def test_corrupted_mid_way(self) -> None:
        # Damage the deflate stream of a member RECORD does not list, so only the copy reads it.
        wheel = build_wheel(self.tmp, {**MODULE, "demo/big.py": os.urandom(4000).hex().encode()}, record=f"{DIST_INFO}/RECORD,,\n")
        damage_member(wheel, "demo/big.py")
        self.broken(wheel, "'demo/big.py'")

    def test_local_header_pointing_past_the_end(self) -> None:
        wheel = build_wheel(self.tmp, MODULE)
        with open(wheel, "r+b") as f:
            f.truncate(os.path.getsize(wheel) - 1)
        self.broken(wheel, "not a readable zip archive")

    def test_file_and_directory_at_one_path(self) -> None:
        for first, second in (("demo/x", "demo/x/y.py"), ("demo/x/y.py", "demo/x")):
            with self.subTest(first=first):
                wheel = build_wheel(os.path.join(self.tmp, first.replace("/", "_")), {**MODULE, first: b"", second: b""})
                self.broken(wheel, "both a file and a directory")

    def test_entry_point_and_script_clash(self) -> None:
        wheel = build_wheel(
            self.tmp, {**MODULE, "demo-1.0.data/scripts/tool": b"#!python\n"}, entry_points="[console_scripts]\ntool = demo:main\n"
        )
        result = self.broken(wheel, "entry point 'tool'", "'demo-1.0.data/scripts/tool'", "bin/tool", "script of the same name")
        self.assertNotIn("archive root", result.stderr)

    def test_pycache_file_where_the_cache_directory_goes(self) -> None:
        # A *file* named __pycache__ is dropped like the caches, so compiling still works.
        result = self.installed(build_wheel(self.tmp, {**MODULE, "demo/__pycache__": b"x"}))
        self.assertNotIn("site-packages/demo/__pycache__/x", result.files())


if __name__ == "__main__":
    unittest.main()
