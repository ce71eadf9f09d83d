"""Pins built from their sdists by the hub @pypi_sdists, one per build backend, imported and
their built wheels checked: deterministic members, times, modes and a RECORD that matches."""

import base64
import csv
import hashlib
import io
import os
import sys
import unittest
import zipfile

import colorama
import docopt
import idna
import marko
import markupsafe
import tomlkit

# The built wheels' directories (sdist_build outputs), by distribution.
WHEEL_DIRS = dict(arg.split("=", 1) for arg in sys.argv[1:] if "=" in arg)


def _wheel(name: str) -> str:
    directory = WHEEL_DIRS[name]
    (filename,) = os.listdir(directory)
    return os.path.join(directory, filename)


class ImportTest(unittest.TestCase):
    def test_setuptools_sdist_only(self) -> None:
        self.assertEqual(docopt.__version__, "0.6.2")
        self.assertEqual(docopt.docopt("usage: prog <x>", ["1"]), {"<x>": "1"})

    def test_other_backends(self) -> None:
        self.assertEqual(colorama.Fore.RED, "\x1b[31m")  # hatchling
        self.assertEqual(idna.encode("bücher.example"), b"xn--bcher-kva.example")  # flit-core
        self.assertEqual(tomlkit.parse("a = 1")["a"], 1)  # poetry-core
        self.assertIn("<h1>x</h1>", marko.convert("# x"))  # pdm-backend

    def test_c_extension_built_with_the_cc_build_toolchain(self) -> None:
        from markupsafe import _speedups  # the C module, compiled by the registered Debian GCC

        self.assertTrue(_speedups.__file__.endswith(".cpython-313-x86_64-linux-gnu.so"), _speedups.__file__)
        self.assertIs(markupsafe.escape, _speedups.escape)  # not the pure-Python fallback
        self.assertEqual(str(markupsafe.escape("<a>")), "&lt;a&gt;")
        self.assertEqual(os.path.basename(_wheel("markupsafe")), "markupsafe-2.1.5-cp313-cp313-linux_x86_64.whl")

    def test_installed_from_the_built_wheel(self) -> None:
        self.assertIn("docopt-0.6.2", docopt.__file__)


class BuiltWheelTest(unittest.TestCase):
    def test_every_backend_built_one_wheel(self) -> None:
        names = {os.path.basename(_wheel(n)) for n in ("docopt", "colorama", "idna", "tomlkit", "marko")}
        self.assertIn("docopt-0.6.2-py2.py3-none-any.whl", names)
        self.assertIn("idna-3.20-py3-none-any.whl", names)

    def test_members_are_normalized(self) -> None:
        for name in WHEEL_DIRS:
            with self.subTest(name), zipfile.ZipFile(_wheel(name)) as archive:
                infos = archive.infolist()
                members = [i.filename for i in infos]
                self.assertTrue(members[-1].endswith(".dist-info/RECORD"), members)
                files = [m for m in members if ".dist-info/" not in m]
                self.assertEqual(files, sorted(files))
                for info in infos:
                    self.assertEqual(info.date_time, (1980, 1, 1, 0, 0, 0))
                    self.assertIn((info.external_attr >> 16) & 0o7777, (0o644, 0o755))

    def test_record_matches(self) -> None:
        for name in WHEEL_DIRS:
            with self.subTest(name), zipfile.ZipFile(_wheel(name)) as archive:
                record = [m for m in archive.namelist() if m.endswith(".dist-info/RECORD")][0]
                rows = list(csv.reader(io.StringIO(archive.read(record).decode())))
                self.assertEqual({r[0] for r in rows}, set(archive.namelist()))
                for path, digest, size in rows:
                    if path == record:
                        continue
                    data = archive.read(path)
                    expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                    self.assertEqual((digest, int(size)), ("sha256=" + expected, len(data)), path)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
