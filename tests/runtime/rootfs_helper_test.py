"""pyinstall.runtime.rootfs: the base layer from small fake packages, and its errors."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import os
import platform
import sys
import tarfile
import tempfile
import unittest

from pyinstall.runtime import rootfs

import fake_deb
from fake_deb import Member

VERSION = "%d.%d" % sys.version_info[:2]
STDLIB = f"./usr/lib/python{VERSION}"

PACKAGES = {
    f"libpython{VERSION}-minimal": [
        Member(f"{STDLIB}/"), Member(f"{STDLIB}/os2.py", b"import sys\nSEP = '/'\n"),
        Member(f"{STDLIB}/py2.py", b"print 'python 2'\n"), Member(f"{STDLIB}/alias.py", link="os2.py"),
    ],
    "base": [
        Member("./"), Member("./usr/"), Member("./usr/bin/"), Member("./bin", link="usr/bin"),
        Member("./lib", link="usr/lib"), Member("./tmp/", mode=0o1777),
    ],
    "tool": [
        Member("./bin/"), Member("./bin/tool", b"#!/bin/sh\n", mode=0o4755),
        Member("./usr/bin/tool2", hardlink="./bin/tool"), Member("./usr/bin/t", link="tool"),
    ],
    "certs": [
        Member("./usr/share/ca-certificates/mozilla/B.crt", b"-----B-----"),
        Member("./usr/share/ca-certificates/mozilla/A.crt", b"-----A-----\n"),
        Member("./usr/share/zoneinfo/Etc/UTC", b"TZif"),
    ],
}


class RootfsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
        self.debs = []
        entries = []
        for name, members in sorted(PACKAGES.items()):
            data = fake_deb.deb(name, members)
            version = f"{platform.python_version()}-2+deb13u5" if name.startswith("libpython") else "1.0"
            filename = f"{name}_{version}_amd64.deb"
            self.debs.append(self._write(filename, data))
            entries.append({"name": name, "version": version, "architecture": "amd64", "size": len(data),
                            "filename": f"pool/main/{name[0]}/{name}/{filename}", "url": "https://x/" + filename,
                            "sha256": hashlib.sha256(data).hexdigest()})
        self.lock = self._write("runtime.lock.json", json.dumps({"architecture": "amd64", "packages": entries}).encode())

    def _write(self, name: str, data: bytes) -> str:
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def _run(self, *extra: str, output: str = "layer.tar.gz") -> tuple[int, str]:
        argv = ["--lock", self.lock, "--architecture", "amd64", "--output", os.path.join(self.dir, output),
                "--digests", os.path.join(self.dir, output + ".json"), "--python-version", VERSION, *extra]
        for path in self.debs:
            argv += ["--deb", path]
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            code = rootfs.main(argv)
        return code, stderr.getvalue()

    def _members(self) -> dict[str, tarfile.TarInfo]:
        with tarfile.open(os.path.join(self.dir, "layer.tar.gz")) as tar:
            return {m.name: m for m in tar.getmembers()}

    def test_merges_packages_and_configures(self) -> None:
        self.assertEqual(self._run(), (0, ""))
        members = self._members()
        self.assertEqual(members["bin"].linkname, "usr/bin")
        self.assertEqual(members["sbin"].linkname, "usr/sbin", "added like base-files would")
        self.assertEqual(members["usr/bin/tool"].mode, 0o755, "merged-/usr, setuid dropped")
        self.assertTrue(members["usr/bin/tool2"].isreg(), "hard link -> regular file")
        self.assertEqual(members["usr/bin/t"].linkname, "tool")
        self.assertEqual(members["tmp"].mode, 0o1777)
        self.assertEqual(members["root"].mode, 0o700)
        self.assertEqual(members["etc/localtime"].linkname, "/usr/share/zoneinfo/Etc/UTC")
        self.assertEqual(members["usr/lib/ssl/cert.pem"].linkname, "/etc/ssl/certs/ca-certificates.crt")
        self.assertIn("var/lib/dpkg/status.d/tool", members)
        with tarfile.open(os.path.join(self.dir, "layer.tar.gz")) as tar:
            bundle = tar.extractfile("etc/ssl/certs/ca-certificates.crt").read()  # type: ignore[union-attr]
            passwd = tar.extractfile("etc/passwd").read()  # type: ignore[union-attr]
        self.assertEqual(bundle, b"-----A-----\n-----B-----\n")
        self.assertIn(b"nonroot:x:65532:65532:", passwd)

    def test_standard_library_pyc(self) -> None:
        self.assertEqual(self._run(), (0, ""))
        members = self._members()
        cache = importlib.util.cache_from_source(f"/usr/lib/python{VERSION}/os2.py").lstrip("/")
        with tarfile.open(os.path.join(self.dir, "layer.tar.gz")) as tar:
            pyc = tar.extractfile(cache).read()  # type: ignore[union-attr]
        self.assertEqual(pyc[:4], importlib.util.MAGIC_NUMBER)
        self.assertEqual(int.from_bytes(pyc[4:8], "little"), 1, "unchecked hash")
        self.assertEqual(pyc[8:16], importlib.util.source_hash(b"import sys\nSEP = '/'\n"))
        self.assertNotIn(cache.replace("os2", "py2"), members, "Python 2 syntax: no .pyc")
        self.assertNotIn(cache.replace("os2", "alias"), members, "a link: its target's .pyc")
        self.assertEqual(self._run("--pyc", "none", output="nopyc.tar.gz")[0], 0)
        with tarfile.open(os.path.join(self.dir, "nopyc.tar.gz")) as tar:
            self.assertFalse([n for n in tar.getnames() if n.endswith(".pyc")])

    def test_standard_library_of_another_version(self) -> None:
        with open(self.lock) as f:
            lock = json.load(f)
        for package in lock["packages"]:
            if package["name"].startswith("libpython"):
                package["version"] = "3.13.99-1"
        self._write("runtime.lock.json", json.dumps(lock).encode())
        code, stderr = self._run()
        self.assertEqual(code, 1)
        self.assertIn(f"is CPython {platform.python_version()}, but the layer's standard library is CPython 3.13.99", stderr)

    def test_standard_library_without_python(self) -> None:
        code, stderr = self._run("--package", "tool")
        self.assertEqual(code, 1)
        self.assertIn(f"the layer has no libpython{VERSION}-minimal", stderr)

    def test_same_bytes_every_time(self) -> None:
        self._run(output="a.tar.gz")
        self.debs.reverse()
        self._run(output="b.tar.gz")
        with open(os.path.join(self.dir, "a.tar.gz"), "rb") as a, open(os.path.join(self.dir, "b.tar.gz"), "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_hash_mismatch_names_the_package(self) -> None:
        with open(next(p for p in self.debs if "/tool_" in p), "ab") as f:
            f.write(b"tampered")
        code, stderr = self._run()
        self.assertEqual(code, 1)
        self.assertIn("rules_pyinstall: error: ", stderr)
        self.assertIn("package tool has sha256", stderr)
        self.assertIn(f"tools/debian_lock.py {self.lock}`", stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "layer.tar.gz")))

    def test_package_missing_from_the_lock(self) -> None:
        code, stderr = self._run("--package", "tool", "--package", "libfoo1")
        self.assertEqual(code, 1)
        self.assertIn("package 'libfoo1' is not in the lock", stderr)
        self.assertIn(f"tools/debian_lock.py {self.lock} --add libfoo1`", stderr)

    def test_only_the_packages_asked_for(self) -> None:
        self.assertEqual(self._run("--package", "certs", "--pyc", "none")[0], 0)
        self.assertNotIn("usr/bin/tool", self._members())

    def test_deb_not_in_the_lock(self) -> None:
        self.debs.append(self._write("other_1.0_amd64.deb", fake_deb.deb("other", [])))
        code, stderr = self._run()
        self.assertEqual(code, 1)
        self.assertIn("this .deb is not in", stderr)

    def test_lock_of_another_architecture(self) -> None:
        argv = ["--lock", self.lock, "--architecture", "arm64", "--output", os.path.join(self.dir, "x"),
                "--digests", os.path.join(self.dir, "y"), "--python-version", VERSION]
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            self.assertEqual(rootfs.main(argv), 1)
        self.assertIn("is for 'amd64', not 'arm64'", stderr.getvalue())

    def test_two_packages_shipping_one_path_differently(self) -> None:
        data = fake_deb.deb("clash", [Member("./usr/bin/tool", b"other")])
        self.debs.append(self._write("clash_1.0_amd64.deb", data))
        with open(self.lock) as f:
            lock = json.load(f)
        lock["packages"].append({"name": "clash", "filename": "pool/clash_1.0_amd64.deb",
                                 "sha256": hashlib.sha256(data).hexdigest()})
        self._write("runtime.lock.json", json.dumps(lock).encode())
        code, stderr = self._run()
        self.assertEqual(code, 1)
        self.assertIn("/usr/bin/tool: shipped differently by clash and tool", stderr)


if __name__ == "__main__":
    unittest.main()
