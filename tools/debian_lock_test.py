"""tools/debian_lock.py: Debian versions, relations and the closure, on a small fake index."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
import unittest
from unittest import mock

import debian_lock

INDEX = """\
Package: app
Version: 1.0-1
Architecture: amd64
Pre-Depends: libc6 (>= 2.38)
Depends: libold (>= 2) | libnew, mail-transport-agent, debconf (>= 0.5) | debconf-2.0, tzdata
Filename: pool/main/a/app/app_1.0-1_amd64.deb
Size: 10
SHA256: aa

Package: libc6
Version: 2.41-12
Architecture: amd64
Depends: libgcc-s1
Filename: pool/main/g/glibc/libc6_2.41-12_amd64.deb
Size: 20
SHA256: bb

Package: libc6
Version: 2.36-9
Architecture: amd64
Filename: pool/main/g/glibc/libc6_2.36-9_amd64.deb
Size: 19
SHA256: b0

Package: libgcc-s1
Version: 14.2.0-19
Architecture: amd64
Depends: libc6 (>= 2.35)
Filename: pool/main/g/gcc/libgcc-s1_14.2.0-19_amd64.deb
Size: 30
SHA256: cc

Package: libold
Version: 1.5
Architecture: amd64
Filename: pool/main/l/libold/libold_1.5_amd64.deb
Size: 1
SHA256: dd

Package: libnew
Version: 3
Architecture: amd64
Filename: pool/main/l/libnew/libnew_3_amd64.deb
Size: 2
SHA256: ee

Package: postfix
Version: 3.9
Architecture: amd64
Provides: mail-transport-agent
Filename: pool/main/p/postfix/postfix_3.9_amd64.deb
Size: 3
SHA256: ff

Package: tzdata
Version: 2026f-0
Architecture: all
Depends: debconf
Filename: pool/main/t/tzdata/tzdata_2026f-0_all.deb
Size: 4
SHA256: 11

Package: arm-only
Version: 1
Architecture: arm64
Filename: pool/main/a/arm-only/arm-only_1_arm64.deb
Size: 5
SHA256: 22
"""


def _index() -> debian_lock.Index:
    return debian_lock.Index(debian_lock.parse_index(INDEX), "amd64")


class VersionTest(unittest.TestCase):
    def test_compare(self) -> None:
        ordered = ["1.0~rc1", "1.0", "1.0-1", "1.0-1+deb13u1", "1.0a", "1.1", "1.10", "1:0.1"]
        for older, newer in zip(ordered, ordered[1:]):
            with self.subTest(older=older, newer=newer):
                self.assertEqual(debian_lock.compare_versions(older, newer), -1)
                self.assertEqual(debian_lock.compare_versions(newer, older), 1)
        self.assertEqual(debian_lock.compare_versions("1:1.3.dfsg-1", "1:1.3.dfsg-1"), 0)
        self.assertEqual(debian_lock.compare_versions("3.5.9-1~deb13u1", "3.5.9-1"), -1)

    def test_relations(self) -> None:
        self.assertEqual(
            debian_lock.parse_relations("a (>= 1.0) | b:any, c [amd64] <!nocheck>, "),
            [[("a", ">=", "1.0"), ("b", None, None)], [("c", None, None)]],
        )
        with self.assertRaises(debian_lock.LockError):
            debian_lock.parse_relations("a (>= )")


class ResolveTest(unittest.TestCase):
    def test_closure(self) -> None:
        index = _index()
        self.assertEqual(index.packages["libc6"]["Version"], "2.41-12", "newest version wins")
        self.assertNotIn("arm-only", index.packages)
        chosen = debian_lock.resolve(index, ["app"], ["debconf", "debconf-2.0"])
        # libold is too old for (>= 2): the next alternative; a virtual package: its provider.
        self.assertEqual([s["Package"] for s in chosen], ["app", "libc6", "libgcc-s1", "libnew", "postfix", "tzdata"])

    def test_unsatisfiable(self) -> None:
        with self.assertRaisesRegex(debian_lock.LockError, "app: nothing in the index satisfies"):
            debian_lock.resolve(_index(), ["app"], [])  # debconf is not in the index
        with self.assertRaisesRegex(debian_lock.LockError, "root package 'nope'"):
            debian_lock.resolve(_index(), ["nope"], [])

    def test_lock_is_sorted_and_complete(self) -> None:
        chosen = debian_lock.resolve(_index(), ["tzdata", "libc6"], ["debconf"])
        lock = debian_lock.make_lock(chosen, "https://m/debian", "trixie", "amd64", ["tzdata", "libc6"], ["debconf"])
        self.assertEqual(lock["roots"], ["libc6", "tzdata"])
        self.assertEqual(lock["packages"][0], {
            "architecture": "amd64",
            "filename": "pool/main/g/glibc/libc6_2.41-12_amd64.deb",
            "name": "libc6",
            "sha256": "bb",
            "size": 20,
            "url": "https://m/debian/pool/main/g/glibc/libc6_2.41-12_amd64.deb",
            "version": "2.41-12",
        })
        text = debian_lock.render(lock)
        self.assertEqual(json.loads(text), lock)
        self.assertEqual(text, debian_lock.render(json.loads(text)), "stable rendering")

    def test_release_checksum(self) -> None:
        data = b"index"
        release = f"Codename: trixie\nSHA256:\n {hashlib.sha256(data).hexdigest()} 5 main/binary-amd64/Packages.xz\n"
        self.assertEqual(debian_lock._release_sha256(release, "main/binary-amd64/Packages.xz"),
                         hashlib.sha256(data).hexdigest())
        with self.assertRaises(debian_lock.LockError):
            debian_lock._release_sha256(release, "main/binary-arm64/Packages.xz")


class RootSetTest(unittest.TestCase):
    def test_new_lock_starts_from_the_named_root_set(self) -> None:
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.object(debian_lock, "load_index", lambda *_: _index()), \
                mock.patch.dict(debian_lock.ROOT_SETS, {"gcc14": ("libgcc-s1",)}), \
                contextlib.redirect_stdout(io.StringIO()):
            lock = os.path.join(tmp, "gcc.lock.json")
            self.assertEqual(0, debian_lock.main([lock, "--arch", "amd64", "--roots", "gcc14"]))
            with open(lock, encoding="utf-8") as f:
                written = json.load(f)
            self.assertEqual(["libgcc-s1"], written["roots"])
            self.assertEqual(["libc6", "libgcc-s1"], [p["name"] for p in written["packages"]])
            # An existing lock keeps its own roots.
            self.assertEqual(0, debian_lock.main([lock, "--roots", "python3.13", "--add", "tzdata"]))
            with open(lock, encoding="utf-8") as f:
                self.assertEqual(["libgcc-s1", "tzdata"], json.load(f)["roots"])


if __name__ == "__main__":
    unittest.main()
