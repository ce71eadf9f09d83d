"""pyinstall.common.helper_zip: one deterministic zip of sourceless .pyc files that imports."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

from pyinstall.common import helper_zip

from tests.install.harness import synthetic_source

MODULES = {
    "pkg/__init__.py": b"",
    "pkg/main.py": b"import sys\nfrom pkg import util\n\nif __name__ == '__main__':\n    print(util.answer())\n",
    "pkg/util.py": b'"""Util."""\n\ndef answer() -> int:\n    return 42\n',
}


class HelperZipTest(unittest.TestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = tmp.name
        self.paths = {}
        for name, content in list(MODULES.items()) + [(f"other/m{i}.py", synthetic_source(i)) for i in range(40)]:
            path = os.path.join(self.tmp, "src", name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(content)
            self.paths[name] = path

    def build(self, names: list[str], output: str, fresh: bool = False) -> dict[str, bytes]:
        if fresh:  # a new interpreter process, as the toolchain's action runs it
            argv = ["--zip", output, "1"]
            for name in names:
                argv += ["--module", output, name, self.paths[name]]
            subprocess.run([sys.executable, "-S", "-s", "-B", "-m", "pyinstall.common.helper_zip", *argv],
                           check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONHASHSEED="0"))
        else:
            helper_zip.write_zip([(name, self.paths[name]) for name in names], output)
        with zipfile.ZipFile(output) as archive:
            for info in archive.infolist():
                self.assertEqual(info.date_time, (1980, 1, 1, 0, 0, 0))
                self.assertEqual(info.compress_type, zipfile.ZIP_STORED)
                self.assertEqual(info.external_attr >> 16, 0o100644)
            return {info.filename: archive.read(info) for info in archive.infolist()}

    def test_sorted_sourceless_unchecked_hash(self) -> None:
        entries = self.build(list(reversed(MODULES)), os.path.join(self.tmp, "a.zip"))
        self.assertEqual(list(entries), ["pkg/__init__.pyc", "pkg/main.pyc", "pkg/util.pyc"])
        for data in entries.values():
            self.assertEqual(int.from_bytes(data[4:8], "little"), 1)  # unchecked-hash

    def test_same_bytes_in_a_fresh_process_and_whatever_else_it_compiles(self) -> None:
        alone = self.build(list(MODULES), os.path.join(self.tmp, "a.zip"), fresh=True)
        again = self.build(list(MODULES), os.path.join(self.tmp, "b.zip"), fresh=True)
        self.assertEqual(alone, again)
        names = sorted(self.paths)  # other/*.py sort before pkg/: compiled first
        crowded = self.build(names, os.path.join(self.tmp, "c.zip"), fresh=True)
        for name, data in alone.items():
            self.assertEqual(crowded[name], data, name)

    def test_batches_give_the_same_bytes_for_any_number_of_workers(self) -> None:
        names = sorted(self.paths)
        zips = []
        for jobs in (1, 3):
            output = os.path.join(self.tmp, f"jobs{jobs}.zip")
            helper_zip.write_zip([(name, self.paths[name]) for name in names], output, batch=8, jobs=jobs)
            with open(output, "rb") as f:
                zips.append(f.read())
        self.assertEqual(zips[0], zips[1])

    def test_zips_written_by_one_action_are_those_written_alone(self) -> None:
        others = sorted(n for n in self.paths if n.startswith("other/"))
        stdlib, helper = os.path.join(self.tmp, "stdlib.zip"), os.path.join(self.tmp, "helper.zip")
        argv = ["--jobs", "2", "--zip", stdlib, "8", "--zip", helper, "1"]
        argv += [arg for name in others for arg in ("--module", stdlib, name, self.paths[name])]
        argv += [arg for name in MODULES for arg in ("--module", helper, name, self.paths[name])]
        subprocess.run([sys.executable, "-S", "-s", "-B", "-m", "pyinstall.common.helper_zip", *argv],
                       check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONHASHSEED="0"))
        alone_stdlib, alone_helper = os.path.join(self.tmp, "s.zip"), os.path.join(self.tmp, "h.zip")
        helper_zip.write_zip([(name, self.paths[name]) for name in others], alone_stdlib, batch=8)
        helper_zip.write_zip([(name, self.paths[name]) for name in MODULES], alone_helper)
        for together, alone in ((stdlib, alone_stdlib), (helper, alone_helper)):
            with open(together, "rb") as a, open(alone, "rb") as b:
                self.assertEqual(a.read(), b.read(), together)

    def test_a_module_for_no_zip_is_refused(self) -> None:
        result = subprocess.run([sys.executable, "-S", "-s", "-B", "-m", "pyinstall.common.helper_zip",
                                 "--module", "x.zip", "pkg/util.py", self.paths["pkg/util.py"]],
                                capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("no --zip x.zip", result.stderr)

    def test_runs_from_the_zip(self) -> None:
        output = os.path.join(self.tmp, "a.zip")
        self.build(list(MODULES), output)
        os.remove(self.paths["pkg/util.py"])
        env = {"PYTHONPATH": output, "PYTHONDONTWRITEBYTECODE": "1"}
        result = subprocess.run([sys.executable, "-S", "-s", "-B", "-m", "pkg.main"], env=env,
                                check=True, capture_output=True, text=True)
        self.assertEqual(result.stdout, "42\n")


if __name__ == "__main__":
    unittest.main()
