"""pyinstall.install.wheel_source: unsafe or corrupt wheels are refused, naming the wheel and entry."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import unittest
import zipfile

from tests.install.harness import InstallTestCase
from tests.install.wheel_factory import Entry, build_wheel, record_line

GOOD = {"demo/__init__.py": b"X = 1\n" * 100}


class RefusedTest(InstallTestCase):
    def test_truncated_zip(self) -> None:
        wheel = build_wheel(self.tmp, GOOD)
        size = os.path.getsize(wheel)
        with open(wheel, "r+b") as f:
            f.truncate(size // 2)
        self.refused(wheel, "not a readable zip archive", "corrupt or truncated")

    def test_garbage_file(self) -> None:
        wheel = os.path.join(self.tmp, "demo-1.0-py3-none-any.whl")
        with open(wheel, "wb") as f:
            f.write(b"<html>404 Not Found</html>\n" * 10)
        self.refused(wheel, "not a readable zip archive")

    def test_corrupt_member_data(self) -> None:
        wheel = build_wheel(self.tmp, GOOD)
        with zipfile.ZipFile(wheel) as archive:
            info = archive.getinfo("demo/__init__.py")
            offset = info.header_offset + 30 + len(info.filename) + len(info.extra)
        with open(wheel, "r+b") as f:
            f.seek(offset + 2)
            f.write(b"\xff\xff\xff\xff")
        self.refused(wheel, "corrupt")

    def test_parent_directory_entry(self) -> None:
        wheel = build_wheel(self.tmp, {**GOOD, "demo/../../evil.py": b""})
        self.refused(wheel, "'demo/../../evil.py'", "outside the install root")

    def test_absolute_entry(self) -> None:
        wheel = build_wheel(self.tmp, {**GOOD, "/etc/evil.py": b""})
        self.refused(wheel, "'/etc/evil.py'", "outside the install root")

    def test_data_entry_escaping(self) -> None:
        wheel = build_wheel(self.tmp, {**GOOD, "demo-1.0.data/data/../../../evil": b""})
        self.refused(wheel, "evil", "outside the install root")

    def test_symlink_entry(self) -> None:
        wheel = build_wheel(self.tmp, {**GOOD, "demo/link": Entry(b"/etc/passwd", stat.S_IFLNK | 0o777)})
        self.refused(wheel, "'demo/link'", "symbolic link")

    def test_record_hash_mismatch(self) -> None:
        wheel = build_wheel(self.tmp, GOOD, tamper={"demo/__init__.py": b"X = 2\n" * 100})
        self.refused(wheel, "'demo/__init__.py'", "RECORD")

    def test_record_size_mismatch(self) -> None:
        line = record_line("demo/__init__.py", GOOD["demo/__init__.py"]).rsplit(",", 1)[0] + ",1"
        record = f"{line}\ndemo-1.0.dist-info/RECORD,,\n"
        wheel = build_wheel(self.tmp, GOOD, record=record)
        self.refused(wheel, "'demo/__init__.py'", "hash or size")

    def test_record_hash_mismatch_of_the_last_file_leaves_nothing(self) -> None:
        # sha256 entries are checked as they are written: the files before it are removed.
        files = {f"demo/m{i}.py": b"Y = %d\n" % i for i in range(20)}
        wheel = build_wheel(self.tmp, files, tamper={"demo/m19.py": b"Y = -1\n"})
        self.refused(wheel, "'demo/m19.py'", "does not match its hash or size in RECORD")

    def test_record_hash_mismatch_of_a_script(self) -> None:
        # Scripts are rewritten when written, so their archive bytes are checked before.
        script = b"#!python\nprint(1)\n"
        files = {**GOOD, "demo-1.0.data/scripts/tool": script}
        wheel = build_wheel(self.tmp, files, tamper={"demo-1.0.data/scripts/tool": b"#!python\nprint(2)\n"})
        self.refused(wheel, "'demo-1.0.data/scripts/tool'", "does not match its hash or size in RECORD")

    def test_record_hash_mismatch_with_sha512(self) -> None:
        data = GOOD["demo/__init__.py"]
        digest = base64.urlsafe_b64encode(hashlib.sha512(b"other").digest()).decode().rstrip("=")
        record = f"demo/__init__.py,sha512={digest},{len(data)}\ndemo-1.0.dist-info/RECORD,,\n"
        wheel = build_wheel(self.tmp, GOOD, record=record)
        self.refused(wheel, "'demo/__init__.py'", "does not match its hash or size in RECORD")

    def test_record_with_sha512_installs(self) -> None:
        data = GOOD["demo/__init__.py"]
        digest = base64.urlsafe_b64encode(hashlib.sha512(data).digest()).decode().rstrip("=")
        record = f"demo/__init__.py,sha512={digest},{len(data)}\ndemo-1.0.dist-info/RECORD,,\n"
        wheel = build_wheel(self.tmp, GOOD, record=record)
        result = self.install(wheel)
        self.assertEqual(result.status, 0, result.stderr)

    def test_unknown_data_scheme(self) -> None:
        wheel = build_wheel(self.tmp, {**GOOD, "demo-1.0.data/etc/demo.conf": b""})
        self.refused(wheel, "'demo-1.0.data/etc/demo.conf'", "'etc'", "unknown .data scheme")

    def test_missing_dist_info(self) -> None:
        wheel = os.path.join(self.tmp, "demo-1.0-py3-none-any.whl")
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr("demo/__init__.py", b"")
        self.refused(wheel, "dist-info")

    def test_missing_record(self) -> None:
        wheel = build_wheel(self.tmp, GOOD)
        os.rename(wheel, wheel + ".orig")
        with zipfile.ZipFile(wheel + ".orig") as src, zipfile.ZipFile(wheel, "w") as dst:
            for info in src.infolist():
                if not info.filename.endswith("/RECORD"):
                    dst.writestr(info, src.read(info))
        self.refused(wheel, "RECORD")


class AcceptedTest(InstallTestCase):
    def test_file_missing_from_record_is_installed(self) -> None:
        # pip installs files RECORD forgets (several real wheels do); so does this.
        record = "demo-1.0.dist-info/RECORD,,\n"
        wheel = build_wheel(self.tmp, GOOD, record=record)
        result = self.installed(wheel)
        self.assertEqual(result.read("site-packages/demo/__init__.py"), GOOD["demo/__init__.py"])

    def test_directory_entries(self) -> None:
        wheel = build_wheel(self.tmp, {**GOOD, "demo/": Entry(b"", stat.S_IFDIR | 0o755)})
        self.assertIn("site-packages/demo/__init__.py", self.installed(wheel).files())


if __name__ == "__main__":
    unittest.main()
