"""Tests of pyinstall.lock.uvlock: a real project's uv.lock (pydantic-settings 2.16.3), read as uv export would."""

import os
import unittest

from packaging.markers import Marker

from pyinstall.common.errors import PyinstallError
from pyinstall.lock import uvlock
from pyinstall.lock.pylock import normalize_name
from pyinstall.lock.tag_select import TargetPlatform

PLATFORMS = [
    TargetPlatform("linux_x86_64", "linux", "x86_64", glibc="2.41"),
    TargetPlatform("windows_x86_64", "windows", "x86_64"),
]

REAL = os.path.join(os.path.dirname(__file__), "..", "real")
with open(os.path.join(REAL, "uv.lock"), encoding="utf-8") as _f:
    LOCK = _f.read()


def read(extras=(), groups=(), python="3.13", text=LOCK):
    lock = uvlock.read_lock(text, "//:uv.lock", PLATFORMS, python, list(extras), list(groups))
    return {p["name"]: p for p in lock["packages"]}, lock["skipped"]


class UvLockTest(unittest.TestCase):
    def test_default_is_the_project_dependencies_and_the_project_is_skipped(self) -> None:
        packages, skipped = read()
        self.assertEqual(sorted(packages), ["annotated-types", "pydantic", "pydantic-core", "python-dotenv", "typing-extensions", "typing-inspection"])
        self.assertEqual(len(skipped), 1)
        self.assertRegex(skipped[0], r"^//:uv.lock:\d+: pydantic-settings: skipped, a local editable \(\.\)")

    def test_graph_urls_and_hashes_come_from_the_lock(self) -> None:
        packages, _ = read()
        pydantic = packages["pydantic"]
        self.assertEqual(pydantic["lock_deps"]["linux_x86_64"], ["annotated-types", "pydantic-core", "typing-extensions", "typing-inspection"])
        core = packages["pydantic-core"]
        wheel = [f for f in core["files"] if "cp313-cp313-manylinux_2_17_x86_64" in f["filename"]]
        self.assertEqual(len(wheel), 1)
        self.assertTrue(wheel[0]["url"].startswith("https://files.pythonhosted.org/"))
        self.assertEqual(len(wheel[0]["sha256"]), 64)
        self.assertTrue(core["files"][-1]["filename"].endswith(".tar.gz"))  # the sdist, last
        self.assertGreater(core["line"], 1)
        self.assertEqual(core["index"], "https://pypi.org/simple")  # its source.registry

    def test_extras_and_groups_as_uv_export_selects_them(self) -> None:
        packages, _ = read(extras=["yaml"])
        self.assertTrue("pyyaml" in packages and "boto3" not in packages)
        packages, _ = read(extras=["aws-secrets-manager"], groups=["testing"])
        self.assertTrue(all(name in packages for name in ["boto3", "pytest", "moto"]))
        self.assertFalse("mypy" in packages, "the linting group was not asked for")
        everything, _ = read(extras=["*"], groups=["*"])
        self.assertTrue("mypy" in everything and "google-cloud-secret-manager" in everything)

    def test_markers_per_platform(self) -> None:
        packages, _ = read(groups=["testing"])
        # pytest needs colorama on Windows only.
        self.assertEqual(sorted(packages["colorama"]["lock_deps"]), ["windows_x86_64"])
        self.assertIn("colorama", packages["pytest"]["lock_deps"]["windows_x86_64"])
        self.assertNotIn("colorama", packages["pytest"]["lock_deps"]["linux_x86_64"])

    def test_unknown_extras_and_groups_are_errors_but_dev_may_be_absent(self) -> None:
        self.assertIn("pytest", read(groups=["dev", "testing"])[0])
        with self.assertRaisesRegex(PyinstallError, r"no project of the lock has the extra 'yml' \(it has: aws-secrets-manager, "):
            read(extras=["yml"])
        with self.assertRaisesRegex(PyinstallError, r"no project of the lock has the group 'test' \(it has: build, linting, testing\)"):
            read(groups=["test"])

    def test_requires_python_is_checked(self) -> None:
        with self.assertRaisesRegex(PyinstallError, r"requires-python '>=3.11' excludes Python 3.10"):
            read(python="3.10")

    def test_sdist_only_and_forks(self) -> None:
        text = """version = 1
requires-python = ">=3.9"
resolution-markers = ["python_full_version >= '3.12'", "python_full_version < '3.12'"]

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "lib", version = "2.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.12'" },
    { name = "lib", version = "1.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.12'" },
]

[[package]]
name = "lib"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://f/lib-1.0-py3-none-any.whl", hash = "sha256:AA" }]

[[package]]
name = "lib"
version = "2.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://f/lib-2.0.tar.gz", hash = "sha256:bb" }
"""
        new, _ = read(text=text)
        self.assertEqual(new["lib"]["version"], "2.0")
        self.assertEqual([f["filename"] for f in new["lib"]["files"]], ["lib-2.0.tar.gz"])
        old, _ = read(text=text, python="3.11")
        self.assertEqual((old["lib"]["version"], old["lib"]["files"][0]["sha256"]), ("1.0", "aa"))

    def test_same_packages_as_uv_export_on_each_platform_and_python(self) -> None:
        # uv-export-all.txt: `uv export --frozen --all-extras --all-groups --no-hashes
        # --no-emit-project --format requirements-txt` (uv 0.13.9) of the same lock.
        with open(os.path.join(REAL, "uv-export-all.txt"), encoding="utf-8") as f:
            exported = [line.split(";", 1) for line in f if "==" in line and not line.startswith("#")]
        platforms = PLATFORMS + [TargetPlatform("macos_aarch64", "macos", "aarch64")]
        for python in ("3.11", "3.13", "3.14"):
            lock = uvlock.read_lock(LOCK, "//:uv.lock", platforms, python, ["*"], ["*"])
            for platform in platforms:
                env = dict(platform.marker_environment(python), extra="")
                theirs = {
                    (normalize_name(req.split("==")[0].strip()), req.split("==")[1].strip())
                    for req, *marker in exported
                    if not marker or Marker(marker[0].strip()).evaluate(env)
                }
                ours = {(p["name"], p["version"]) for p in lock["packages"] if platform.name in p["lock_deps"]}
                self.assertEqual(ours, theirs, f"{platform.name}, Python {python}")
                self.assertGreater(len(ours), 80)

    def test_git_source_has_no_files(self) -> None:
        text = """version = 1
requires-python = ">=3.9"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "lib" }]

[[package]]
name = "lib"
version = "1.0"
source = { git = "https://example.org/lib.git?rev=v1#0123456789abcdef" }
"""
        packages, skipped = read(text=text)
        self.assertEqual(packages["lib"]["files"], [])  # the hub says: no file to download
        self.assertEqual(packages["lib"]["line"], 10)
        self.assertEqual(len(skipped), 1)

    def test_errors_name_the_file(self) -> None:
        with self.assertRaisesRegex(PyinstallError, "^//:uv.lock: malformed TOML"):
            read(text="version = 1\n[[package]\n")
        with self.assertRaisesRegex(PyinstallError, "uv.lock version 2 is not supported"):
            read(text="version = 2\n")


if __name__ == "__main__":
    unittest.main()
