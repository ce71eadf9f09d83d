"""Tests of pyinstall.build.sdist: what unpacking refuses, and PEP 517's defaults."""

import io
import os
import tarfile
import tempfile
import unittest

from pyinstall.build import sdist
from pyinstall.common.errors import PyinstallError


def tar(path, members):
    with tarfile.open(path, "w:gz") as archive:
        for name, text in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(text)
            archive.addfile(info, io.BytesIO(text))
    return path


class SdistTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()

    def test_member_climbing_out_is_refused_and_nothing_written(self) -> None:
        path = tar(os.path.join(self.dir, "p-1.tar.gz"), {"p-1/setup.py": b"", "../evil": b"x"})
        with self.assertRaisesRegex(PyinstallError, r"the sdist holds '\.\./evil', outside its directory"):
            sdist.unpack(path, "p==1", os.path.join(self.dir, "out"))
        self.assertEqual(os.listdir(os.path.join(self.dir, "out")), [])

    def test_defaults_and_declared_backend(self) -> None:
        path = tar(os.path.join(self.dir, "p-1.tar.gz"), {"p-1/setup.py": b""})
        project = sdist.unpack(path, "p==1", os.path.join(self.dir, "a"))
        self.assertEqual(os.path.basename(project), "p-1")
        legacy = sdist.build_system(project, "p==1")
        self.assertEqual((legacy.requires, legacy.backend), (("setuptools>=40.8.0",), "setuptools.build_meta:__legacy__"))
        self.assertIn("PEP 517's default", legacy.source)
        with open(os.path.join(project, "pyproject.toml"), "w") as f:
            f.write('[build-system]\nrequires = ["flit_core>=3"]\nbuild-backend = "flit_core.buildapi"\n')
        declared = sdist.build_system(project, "p==1")
        self.assertEqual((declared.requires, declared.backend), (("flit_core>=3",), "flit_core.buildapi"))

    def test_bad_pyproject_is_an_error(self) -> None:
        project = os.path.join(self.dir, "bad")
        os.makedirs(project)
        with open(os.path.join(project, "pyproject.toml"), "w") as f:
            f.write("[build-system\n")
        with self.assertRaisesRegex(PyinstallError, "its pyproject.toml does not parse"):
            sdist.build_system(project, "p==1")


if __name__ == "__main__":
    unittest.main()
