"""The Debian base layer, unpacked, is a working Python runtime, and its tar is deterministic.

Usage (from Bazel): rootfs_test.py <layer.tar.gz> <digests.json> <amd64|arm64>

The layer of the other architecture is checked as files only (its ELF machine, its links).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest
from typing import Any

LAYER, DIGESTS, ARCHITECTURE = sys.argv[1:4]
ELF_MACHINES = {"amd64": 62, "arm64": 183}
TRIPLETS = {"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}
runs_here = unittest.skipUnless(ARCHITECTURE == "amd64" and os.uname().machine == "x86_64",
                                "the layer's programs cannot run on this machine")
PROBE = """
import importlib.machinery
compiled = []  # modules compiled from source at import: none, the layer has their .pyc
to_code = importlib.machinery.SourceFileLoader.source_to_code
def watch(self, data, path, **kwargs):
    compiled.append(path)
    return to_code(self, data, path, **kwargs)
importlib.machinery.SourceFileLoader.source_to_code = watch
import datetime, json, os, ssl, sqlite3, sys, zoneinfo
context = ssl.create_default_context()
paris = datetime.datetime(2026, 7, 1, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
sqlite3.connect(":memory:").execute("select 1")
print(json.dumps({
    "version": list(sys.version_info[:2]),
    "ca": context.cert_store_stats()["x509_ca"],
    "cafile": ssl.get_default_verify_paths().openssl_cafile,
    "paris": paris.utcoffset().total_seconds(),
    "sqlite": sqlite3.sqlite_version,
    "compiled": compiled,
    "ssl_cached": ssl.__spec__.cached,
}))
"""


class RootfsTest(unittest.TestCase):
    root: str
    members: list[tarfile.TarInfo]

    @classmethod
    def setUpClass(cls) -> None:
        cls.root = tempfile.mkdtemp(prefix="rootfs-", dir=os.environ.get("TEST_TMPDIR"))
        with tarfile.open(LAYER) as tar:
            cls.members = tar.getmembers()
            tar.extractall(cls.root, filter="tar")

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.root, ignore_errors=True)

    def _member(self, name: str) -> tarfile.TarInfo:
        return next(m for m in self.members if m.name == name)

    def test_programs_are_for_the_architecture(self) -> None:
        for path in ("usr/bin/python3.13", f"usr/lib/{TRIPLETS[ARCHITECTURE]}/libc.so.6"):
            with open(os.path.join(self.root, path), "rb") as f:
                header = f.read(20)
            self.assertEqual(header[:4], b"\x7fELF", path)
            self.assertEqual(int.from_bytes(header[18:20], "little"), ELF_MACHINES[ARCHITECTURE], path)

    def _probe(self, env: dict[str, str]) -> dict[str, Any]:
        lib = os.path.join(self.root, "usr/lib/x86_64-linux-gnu")
        command = [os.path.join(lib, "ld-linux-x86-64.so.2"), "--library-path", lib,
                   os.path.join(self.root, "usr/bin/python3"), "-c", PROBE]
        result = subprocess.run(command, env={"PYTHONHOME": os.path.join(self.root, "usr"), **env},
                                capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    @runs_here
    def test_python_imports_ssl_sqlite3_zoneinfo(self) -> None:
        # Absolute paths inside the layer are read from the unpacked root: the probe runs
        # without chroot, so the CA bundle and the zone files are named by their unpacked path.
        found = self._probe({
            "SSL_CERT_FILE": os.path.join(self.root, "etc/ssl/certs/ca-certificates.crt"),
            "PYTHONTZPATH": os.path.join(self.root, "usr/share/zoneinfo"),
        })
        self.assertEqual(found["version"], [3, 13])
        self.assertGreater(found["ca"], 100)
        self.assertEqual(found["paris"], 7200.0)
        self.assertEqual(found["cafile"], "/usr/lib/ssl/cert.pem")
        self.assertEqual(found["compiled"], [])
        self.assertTrue(found["ssl_cached"].endswith("/usr/lib/python3.13/__pycache__/ssl.cpython-313.pyc"))

    @runs_here
    def test_python3_in_a_chroot(self) -> None:
        # The layer as an image sees it: its own /usr/bin/python3, CA bundle and zone files.
        path = os.environ.get("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin"
        unshare, chroot = shutil.which("unshare", path=path), shutil.which("chroot", path=path)
        true = shutil.which("true", path=path)
        if not unshare or not chroot or not true:
            self.skipTest("no unshare, chroot or true on this machine")
        namespaces = [unshare, "--user", "--map-root-user", "--mount"]
        # A sandbox may forbid user namespaces in more than one way: unshare(2) refused, or
        # allowed but the uid map not writable (a remote worker's bubblewrap). Whichever it is,
        # a namespace that cannot even run `true` means there is nothing to test here.
        probe = subprocess.run(namespaces + [true], env={}, capture_output=True, text=True, check=False)
        if probe.returncode != 0:
            self.skipTest(f"no user namespace for chroot here: {probe.stderr.strip()}")
        command = namespaces + [chroot, self.root, "/usr/bin/python3", "-c", PROBE]
        result = subprocess.run(command, env={}, capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        found = json.loads(result.stdout)
        self.assertEqual(found["version"], [3, 13])
        self.assertGreater(found["ca"], 100)
        self.assertEqual(found["paris"], 7200.0)

    def test_openssl_default_paths_lead_to_the_bundle(self) -> None:
        self.assertEqual(self._member("usr/lib/ssl/cert.pem").linkname, "/etc/ssl/certs/ca-certificates.crt")
        self.assertEqual(self._member("usr/lib/ssl/certs").linkname, "/etc/ssl/certs")
        with open(os.path.join(self.root, "etc/ssl/certs/ca-certificates.crt")) as f:
            self.assertGreater(f.read().count("BEGIN CERTIFICATE"), 100)

    def test_files_of_an_image(self) -> None:
        with open(os.path.join(self.root, "etc/passwd")) as f:
            self.assertIn("nonroot:x:65532:65532:nonroot:/home/nonroot:", f.read())
        with open(os.path.join(self.root, "etc/group")) as f:
            self.assertIn("nonroot:x:65532:", f.read())
        self.assertEqual(self._member("tmp").mode, 0o1777)
        self.assertTrue(self._member("home/nonroot").isdir())
        self.assertEqual(self._member("usr/bin/python3").linkname, "python3.13")
        self.assertEqual(self._member("lib").linkname, "usr/lib")
        self.assertTrue(os.path.isfile(os.path.join(self.root, "usr/share/zoneinfo/Europe/Paris")))
        with open(os.path.join(self.root, "usr/lib/os-release")) as f:
            self.assertIn('VERSION_CODENAME=trixie', f.read())
        self.assertTrue(os.path.isfile(os.path.join(self.root, "var/lib/dpkg/status.d/libpython3.13-stdlib")))

    def test_standard_library_pyc(self) -> None:
        pyc = os.path.join(self.root, "usr/lib/python3.13/__pycache__/os.cpython-313.pyc")
        with open(pyc, "rb") as f:
            header = f.read(16)
        self.assertEqual(int.from_bytes(header[4:8], "little"), 1, "unchecked hash")
        with open(os.path.join(self.root, "usr/lib/python3.13/os.py"), "rb") as f:
            self.assertEqual(header[8:16], importlib.util.source_hash(f.read()))

    def test_tar_is_normalized(self) -> None:
        names = [m.name for m in self.members]
        self.assertEqual(names, sorted(names, key=lambda n: n.split("/")))
        self.assertEqual({(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in self.members},
                         {(0, 0, "", "", self.members[0].mtime)})
        self.assertFalse([m.name for m in self.members if m.islnk() or m.isdev()])
        with open(LAYER, "rb") as f:
            header = f.read(10)
        self.assertEqual(header[4:8], b"\0\0\0\0", "gzip mtime")
        self.assertEqual(header[3] & 0x08, 0, "gzip file name")

    def test_digests_describe_the_layer(self) -> None:
        with open(DIGESTS) as f:
            digests = json.load(f)
        with open(LAYER, "rb") as f:
            data = f.read()
        self.assertEqual(digests["digest"], "sha256:" + hashlib.sha256(data).hexdigest())
        self.assertEqual(digests["size"], len(data))
        self.assertEqual(digests["diff_id"], "sha256:" + hashlib.sha256(gzip.decompress(data)).hexdigest())
        self.assertEqual(digests["architecture"], ARCHITECTURE)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
