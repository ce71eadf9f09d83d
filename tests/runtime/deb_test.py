"""pyinstall.runtime.deb: reading .deb files without dpkg."""

from __future__ import annotations

import os
import tempfile
import unittest
from unittest import mock

from pyinstall.runtime import deb
from pyinstall.common.errors import PyinstallError

import fake_deb


class DebTest(unittest.TestCase):
    def _write(self, data: bytes) -> str:
        handle, path = tempfile.mkstemp(suffix=".deb", dir=os.environ.get("TEST_TMPDIR"))
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        return path

    def test_reads_members_with_odd_sizes(self) -> None:
        members = deb.read_ar("x.deb", fake_deb.ar([("debian-binary", b"2.0\n"), ("odd", b"abc"), ("next", b"z")]))
        self.assertEqual(members, {"debian-binary": b"2.0\n", "odd": b"abc", "next": b"z"})

    def test_data_and_control(self) -> None:
        for name in ("data.tar", "data.tar.gz", "data.tar.xz"):
            with self.subTest(name):
                path = self._write(fake_deb.deb("tool", [fake_deb.Member("./usr/bin/tool", b"#!/bin/sh\n", mode=0o755)], name))
                package = deb.open_deb(path)
                self.assertIn(b"Package: tool\n", package.control())
                with package.data() as tar:
                    self.assertEqual([m.name for m in tar.getmembers()], ["./usr/bin/tool"])

    def test_not_a_deb(self) -> None:
        with self.assertRaisesRegex(PyinstallError, "not an ar archive"):
            deb.read_ar("x.deb", b"PK\x03\x04")
        with self.assertRaisesRegex(PyinstallError, "debian-binary"):
            deb.read_ar("x.deb", fake_deb.ar([("other", b"1")]))
        with self.assertRaisesRegex(PyinstallError, "truncated"):
            deb.read_ar("x.deb", fake_deb.ar([("debian-binary", b"2.0\n")])[:-3])

    def test_zstd_without_support_says_so(self) -> None:
        path = self._write(fake_deb.deb("tool", [], "data.tar.zst"))
        with mock.patch.object(deb, "_has_zstd", return_value=False):
            with self.assertRaisesRegex(PyinstallError, "zstd"):
                deb.open_deb(path).data()

    def test_no_data_member(self) -> None:
        path = self._write(fake_deb.ar([("debian-binary", b"2.0\n")]))
        with self.assertRaisesRegex(PyinstallError, "no data.tar member"):
            deb.open_deb(path).data()


if __name__ == "__main__":
    unittest.main()
