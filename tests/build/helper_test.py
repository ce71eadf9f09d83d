"""The build helper on small sdists made on the fly: each way a build must fail says so in one
line (missing backend, network, compiler, Rust, a build path in the wheel), and a build that
works gives the same bytes under another umask and directory."""

import contextlib
import io
import os
import sys
import tarfile
import tempfile
import unittest

from pyinstall.build import main

# Wheels of the build lock: setuptools, wheel and packaging (argv: name=path).
TOOLS = dict(arg.split("=", 1) for arg in sys.argv[1:] if "=" in arg)
HINT = "bazel run //tests/build:build-requirements.update"

_PYPROJECT = '[build-system]\nrequires = {requires}\nbuild-backend = "setuptools.build_meta"\n'
_SETUP = "from setuptools import setup\n{before}\nsetup(name='fixture', version='1.0', py_modules=['fixture']{more})\n"


def make_sdist(directory: str, requires: str = '["setuptools"]', before: str = "", more: str = "", link: str = "") -> str:
    path = os.path.join(directory, "fixture-1.0.tar.gz")
    files = {
        "pyproject.toml": _PYPROJECT.format(requires=requires) if requires else "",
        "setup.py": _SETUP.format(before=before, more=more),
        "fixture.py": "VALUE = 1\n",
        "fixture.c": "int x;\n",
        "PKG-INFO": "Metadata-Version: 2.1\nName: fixture\nVersion: 1.0\n",
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, text in sorted(files.items()):
            if not text:
                continue
            data = text.encode()
            info = tarfile.TarInfo("fixture-1.0/" + name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if link:
            info = tarfile.TarInfo("fixture-1.0/link")
            info.type, info.linkname = tarfile.SYMTYPE, link
            archive.addfile(info)
    return path


class HelperTest(unittest.TestCase):
    def build(self, sdist: str, output: str) -> tuple[int, str]:
        argv = ["--sdist", sdist, "--name", "fixture", "--version", "1.0", "--lock", "//:requirements.txt",
                "--update-hint", HINT, "--output", output, "--source-date-epoch", "315532800"]
        for path in TOOLS.values():
            argv += ["--candidate", path]
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main.main(argv)
        return code, err.getvalue() + out.getvalue()

    def fails(self, **fixture: str) -> str:
        with tempfile.TemporaryDirectory() as tmp:
            output = os.path.join(tmp, "out")
            code, said = self.build(make_sdist(tmp, **fixture), output)
            self.assertEqual(code, 1, said)
            self.assertEqual(os.listdir(output), [], "nothing half-written")
        lines = said.strip().splitlines()
        self.assertTrue(lines[0].startswith("rules_pyinstall: error: //:requirements.txt: fixture==1.0 (fixture-1.0.tar.gz): "), said)
        self.assertNotIn("Traceback", said)
        return said

    def test_missing_backend_names_it_and_the_update_command(self) -> None:
        said = self.fails(requires='["flit_core>=3.2"]')
        self.assertIn("its build needs flit_core>=3.2 (build-system.requires in its pyproject.toml)", said)
        self.assertIn(f"add flit_core>=3.2 to the build lock's .in file and run `{HINT}`", said)

    def test_network_is_refused_and_said(self) -> None:
        said = self.fails(before="import socket\nsocket.create_connection(('pypi.org', 443), timeout=5)")
        self.assertIn("the build tried to reach the network", said)
        self.assertIn("builds have none", said)

    def test_rust_backend_refused_before_running(self) -> None:
        said = self.fails(requires='["setuptools", "setuptools-rust>=1.5"]')
        self.assertIn("its build needs Rust (setuptools-rust>=1.5", said)

    def test_compiler_without_toolchain(self) -> None:
        said = self.fails(before="from setuptools import Extension", more=", ext_modules=[Extension('fx', ['fixture.c'])]")
        self.assertIn("no C compiler: register a cc_build toolchain (docs/sdists.md) or use a wheel", said)

    def test_build_path_in_the_wheel_is_refused(self) -> None:
        said = self.fails(before="import os\nopen('fixture.py', 'a').write('HERE = %r\\n' % os.path.abspath('.'))")
        self.assertIn("holds a path of the build directory", said)

    def test_no_pyproject_builds_with_setuptools_legacy_backend(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            code, said = self.build(make_sdist(tmp, requires=""), os.path.join(tmp, "out"))
        self.assertEqual((code, said.strip()), (0, "built fixture-1.0-py3-none-any.whl from fixture-1.0.tar.gz"))

    def test_link_out_of_the_sdist_is_refused(self) -> None:
        said = self.fails(link="../../../etc/passwd")
        self.assertIn("the sdist holds 'fixture-1.0/link', which would leave its directory", said)

    def test_same_bytes_under_another_umask_and_directory(self) -> None:
        wheels = []
        for mask in (0o022, 0o077):
            old = os.umask(mask)
            try:
                with tempfile.TemporaryDirectory(prefix="a" * (mask % 7 + 1)) as tmp:
                    output = os.path.join(tmp, "out")
                    code, said = self.build(make_sdist(tmp), output)
                    self.assertEqual(code, 0, said)
                    self.assertEqual(said.strip(), "built fixture-1.0-py3-none-any.whl from fixture-1.0.tar.gz")
                    with open(os.path.join(output, "fixture-1.0-py3-none-any.whl"), "rb") as f:
                        wheels.append(f.read())
            finally:
                os.umask(old)
        self.assertEqual(wheels[0], wheels[1])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
