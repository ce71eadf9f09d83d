"""Tests of pyinstall.build.requires: the closure among the given wheels, and what it refuses."""

import os
import tempfile
import unittest
import zipfile

from pyinstall.build import requires
from pyinstall.common.errors import PyinstallError

HINT = "bazel run //:build-requirements.update"


def wheel(directory, name, version, *requires_dist):
    path = os.path.join(directory, f"{name}-{version}-py3-none-any.whl")
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires_dist)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA", metadata)
    return path


class RequiresTest(unittest.TestCase):
    def setUp(self) -> None:
        d = tempfile.mkdtemp()
        self.wheels = [
            wheel(d, "hatchling", "1.33.0", "packaging>=24.2", "pluggy>=1.0", "tomli>=1.2.2; python_version < '3.11'"),
            wheel(d, "packaging", "26.4"),
            wheel(d, "pluggy", "1.7.0"),
            wheel(d, "setuptools", "80.0.0"),
        ]
        self.candidates = requires.Candidates(self.wheels)

    def names(self, paths):
        return [os.path.basename(p).split("-")[0] for p in paths]

    def test_closure_follows_requires_dist_and_markers(self) -> None:
        found = requires.closure(["hatchling>=1.5"], self.candidates, "p==1", HINT)
        self.assertEqual(self.names(found), ["hatchling", "packaging", "pluggy"])

    def test_missing_and_mismatched_versions_name_the_update_command(self) -> None:
        with self.assertRaisesRegex(PyinstallError, r"its build needs flit-core>=3 \(build-system.requires in its pyproject.toml\), .* it pins no flit-core"):
            requires.closure(["flit-core>=3"], self.candidates, "p==1", HINT)
        with self.assertRaises(PyinstallError) as caught:
            requires.closure([], self.candidates, "p==1", HINT, dynamic=["setuptools>=81"])
        self.assertIn("(its backend asks for it), and the build lock has none that fits: it pins setuptools==80.0.0", str(caught.exception))
        self.assertIn(f"add setuptools>=81 to the build lock's .in file and run `{HINT}`", str(caught.exception))

    def test_rust_backends_are_refused(self) -> None:
        for text in ("maturin>=1,<2", "setuptools_rust"):
            with self.assertRaisesRegex(PyinstallError, "its build needs Rust"):
                requires.refuse_rust(["setuptools", text], "p==1")
        requires.refuse_rust(["setuptools", "hatchling"], "p==1")


if __name__ == "__main__":
    unittest.main()
