"""pyinstall.install.normalize: modes 0644/0755 whatever the umask or the zip said, mtimes the epoch."""

from __future__ import annotations

import os
import stat
import unittest

from pyinstall.install import normalize

from tests.install.harness import InstallTestCase
from tests.install.wheel_factory import Entry, build_wheel


def modes_and_mtimes(root: str) -> dict[str, tuple[int, int]]:
    found = {".": (stat.S_IMODE(os.lstat(root).st_mode), int(os.lstat(root).st_mtime))}
    for directory, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(directory, name)
            st = os.lstat(path)
            found[os.path.relpath(path, root)] = (stat.S_IMODE(st.st_mode), int(st.st_mtime))
    return found


class ModesTest(InstallTestCase):
    def install_under_umask(self, wheel: str, *flags: str) -> dict[str, tuple[int, int]]:
        old = os.umask(0o077)
        try:
            result = self.installed(wheel, *flags)
        finally:
            os.umask(old)
        return modes_and_mtimes(result.output)

    def test_modes_whatever_the_umask_and_zip_attributes(self) -> None:
        wheel = build_wheel(
            self.tmp,
            {
                "demo/__init__.py": Entry(b"", stat.S_IFREG | 0o600),
                "demo/tool.sh": Entry(b"#!/bin/sh\n", stat.S_IFREG | 0o750),
                "demo/ext.so": Entry(b"\x7fELF", stat.S_IFREG | 0o775),
                "demo/untyped.py": Entry(b"", 0o777),  # protobuf-style: no file type bits
                "demo/nothing.txt": Entry(b"", 0),  # no Unix attributes at all
                "demo/setuid.txt": Entry(b"", stat.S_IFREG | 0o4755),
                "demo-1.0.data/scripts/run": Entry(b"#!python\n", stat.S_IFREG | 0o644),
            },
            entry_points="[console_scripts]\ndemo = demo:main\n",
        )
        found = self.install_under_umask(wheel)
        expected_755 = {
            ".",
            "site-packages",
            "site-packages/demo",
            "site-packages/demo/__pycache__",
            "site-packages/demo-1.0.dist-info",
            "site-packages/demo/tool.sh",
            "site-packages/demo/ext.so",
            "site-packages/demo/setuid.txt",
            "bin",
            "bin/run",
            "bin/demo",
        }
        for path, (mode, _) in sorted(found.items()):
            self.assertEqual(mode, 0o755 if path in expected_755 else 0o644, path)
        self.assertTrue(expected_755 <= set(found))

    def test_mtimes_are_the_epoch(self) -> None:
        wheel = build_wheel(self.tmp, {"demo/__init__.py": b"", "demo-1.0.data/headers/d.h": b""})
        for epoch in (315532800, 1700000000):
            with self.subTest(epoch=epoch):
                result = self.installed(wheel, "--source-date-epoch", str(epoch), name=f"t{epoch}")
                self.assertEqual({m for _, m in modes_and_mtimes(result.output).values()}, {epoch})


class NormalizeTreeTest(InstallTestCase):
    def test_only_regular_files_and_directories(self) -> None:
        os.makedirs(os.path.join(self.tmp, "root", "dir"))
        os.symlink("/etc/passwd", os.path.join(self.tmp, "root", "dir", "link"))
        with self.assertRaises(ValueError):
            normalize.normalize_tree(os.path.join(self.tmp, "root"), 0)


if __name__ == "__main__":
    unittest.main()
