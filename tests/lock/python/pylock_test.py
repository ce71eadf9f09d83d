"""Tests of pyinstall.lock.pylock: PEP 751 files, as `pip lock` writes them, and bad ones."""

import os
import unittest

from pyinstall.lock import pylock
from pyinstall.common.errors import PyinstallError

MULTI_ENV = """
lock-version = "1.0"
environments = ['sys_platform == "linux"', 'sys_platform == "darwin"']
created-by = "hand"

[[packages]]
name = "Typing_Extensions"
version = "4.12.2"
marker = 'python_version < "3.13"'
wheels = [{name = "typing_extensions-4.12.2-py3-none-any.whl", url = "https://f/t.whl", hashes = {sha256 = "AB"}}]

[[packages]]
name = "numpy"
version = "2.2.0"
sdist = {name = "numpy-2.2.0.tar.gz", url = "https://f/n.tar.gz", hashes = {sha256 = "cd"}}
wheels = [{url = "https://f/numpy-2.2.0-cp313-cp313-manylinux_2_17_x86_64.whl", hashes = {sha256 = "ef"}}]
"""


class PylockTest(unittest.TestCase):
    def test_pip_lock_output(self) -> None:
        path = os.path.join(os.path.dirname(__file__), "..", "pylock", "pylock.toml")
        with open(path, encoding="utf-8") as f:
            lock = pylock.read_lock(f.read(), "//:pylock.toml")
        names = [p["name"] for p in lock["packages"]]
        self.assertIn("python-dateutil", names)
        dateutil = lock["packages"][names.index("python-dateutil")]
        self.assertEqual(len(dateutil["files"]), 1)
        self.assertTrue(dateutil["files"][0]["url"].startswith("https://files.pythonhosted.org/"))
        self.assertEqual(len(dateutil["files"][0]["sha256"]), 64)
        # The index the hub asks which locked files are still served: the hub's when unnamed.
        self.assertEqual(dateutil["index"], "")
        with open(os.path.join(os.path.dirname(__file__), "..", "real", "pylock.toml"), encoding="utf-8") as f:
            exported = pylock.read_lock(f.read(), "//:pylock.toml")
        self.assertEqual({p["index"] for p in exported["packages"]}, {"https://pypi.org/simple"})

    def test_markers_environments_sdists_and_names(self) -> None:
        lock = pylock.read_lock(MULTI_ENV, "lock")
        self.assertEqual(lock["environments"], ['sys_platform == "linux"', 'sys_platform == "darwin"'])
        typing, numpy = lock["packages"]
        self.assertEqual((typing["name"], typing["display_name"]), ("typing-extensions", "Typing_Extensions"))
        self.assertEqual(typing["marker"], 'python_version < "3.13"')
        self.assertEqual(typing["files"][0]["sha256"], "ab")
        self.assertEqual([f["filename"] for f in numpy["files"]], ["numpy-2.2.0-cp313-cp313-manylinux_2_17_x86_64.whl", "numpy-2.2.0.tar.gz"])

    def test_errors(self) -> None:
        cases = {
            'lock-version = "1.0"\n[[packages]\n': "malformed TOML",
            'lock-version = "2.0"\n': "lock-version '2.0' is not supported",
            'lock-version = "1.0"\n[[packages]]\nname = "a"\nversion = "1"\n': "has no wheels",
            'lock-version = "1.0"\n[[packages]]\nname = "a"\n': "has no `version`",
            'lock-version = "1.0"\n[[packages]]\nname = "a"\nversion = "1"\nwheels = [{url = "https://f/a-1-py3-none-any.whl"}]\n': "has no sha256",
            'lock-version = "1.0"\n[[packages]]\nname = "a"\nversion = "1"\nwheels = [{path = "a.whl", hashes = {sha256 = "a"}}]\n': "has no url",
            'lock-version = "1.0"\n'
            + '[[packages]]\nname = "a"\nversion = "1"\nwheels = [{url = "https://f/a-1-py3-none-any.whl", hashes = {sha256 = "a"}}]\n' * 2: "listed twice",
        }
        for text, message in cases.items():
            with self.subTest(message), self.assertRaisesRegex(PyinstallError, message) as raised:
                pylock.read_lock(text, "//:pylock.toml")
            self.assertRegex(str(raised.exception), r"^//:pylock.toml(:\d+)?: ")

    def test_errors_name_the_line_of_the_entry(self) -> None:
        text = 'lock-version = "1.0"\n\n[[packages]]\nname = "a"\nversion = "1"\nwheels = [{url = "https://f/a-1-py3-none-any.whl"}]\n'
        with self.assertRaisesRegex(PyinstallError, r"^//:pylock.toml:3: a: file 'a-1-py3-none-any.whl' has no sha256"):
            pylock.read_lock(text, "//:pylock.toml")

    def test_uv_export_skips_the_editable_project_with_a_notice(self) -> None:
        text = (
            'lock-version = "1.0"\ncreated-by = "uv"\n\n[[packages]]\nname = "app"\ndirectory = { path = ".", editable = true }\n\n'
            '[[packages]]\nname = "a"\nversion = "1"\nwheels = [{url = "https://f/a-1-py3-none-any.whl", hashes = {sha256 = "a"}}]\n'
        )
        lock = pylock.read_lock(text, "//:pylock.toml")
        self.assertEqual([p["name"] for p in lock["packages"]], ["a"])
        self.assertEqual(lock["packages"][0]["line"], 8)
        self.assertEqual(
            lock["skipped"],
            ["//:pylock.toml:4: skipped app, a local editable directory (.): first-party code comes from Bazel targets"],
        )


if __name__ == "__main__":
    unittest.main()
