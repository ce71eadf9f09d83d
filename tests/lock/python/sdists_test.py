"""Tests of pyinstall.lock.sdists through the hub: which pins are built, their dependencies
from PKG-INFO, the wheels each build may install, and the targets written."""

import copy
import io
import os
import tarfile
import tempfile
import unittest

from pyinstall.common.errors import PyinstallError
from pyinstall.lock import hub, hub_build, sdists

PLATFORMS = [{"name": "linux_x86_64", "os": "linux", "cpu": "x86_64", "glibc": "2.28", "musl": "", "macos": "11.0"}]


def entry(name, version, files, line):
    return {
        "name": name, "display_name": name, "version": version, "extras": [], "marker": "", "line": line,
        "files": [{"filename": f, "url": "https://f/" + f, "sha256": "00", "metadata_sha256": "", "repo": "h__" + sdists.stem(f)} for f in files],
    }


PACKAGES = [
    entry("app", "1", ["app-1-py3-none-any.whl"], 1),
    entry("docopt", "0.6.2", ["docopt-0.6.2.tar.gz"], 3),
    entry("colorama", "0.4.6", ["colorama-0.4.6-py2.py3-none-any.whl", "colorama-0.4.6.tar.gz"], 5),
    entry("hatchling", "1.33", ["hatchling-1.33-py3-none-any.whl"], 7),
    entry("pluggy", "1.7", ["pluggy-1.7-py3-none-any.whl"], 9),
]
BUILD_PACKAGES = [entry("setuptools", "80", ["setuptools-80-py3-none-any.whl"], 1), entry("wheel", "0.45", ["wheel-0.45-py3-none-any.whl"], 2)]


def description(**build):
    return {"hub": "h", "lock": "//:requirements.txt", "python_version": "3.13", "platforms": PLATFORMS,
            "packages": PACKAGES, "build_packages": BUILD_PACKAGES,
            "build": dict({"enabled": True, "update_hint": "bazel run //:build-requirements.update", "lock": "//:build-requirements.txt"}, **build)}


def write_sdist(path, pkg_info, pyproject=""):
    with tarfile.open(path, "w:gz") as archive:
        for name, text in (("PKG-INFO", pkg_info), ("pyproject.toml", pyproject)):
            if text:
                data = text.encode()
                info = tarfile.TarInfo(os.path.basename(path)[: -len(".tar.gz")] + "/" + name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))


class SdistsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()
        write_sdist(os.path.join(self.dir, "docopt-0.6.2.tar.gz"), "Metadata-Version: 2.2\nName: docopt\nVersion: 0.6.2\nRequires-Dist: app\n")
        write_sdist(os.path.join(self.dir, "colorama-0.4.6.tar.gz"), "Metadata-Version: 2.2\nName: colorama\nDynamic: Requires-Dist\nRequires-Dist: nothing-locked\n",
                    '[build-system]\nrequires = ["hatchling>=1"]\nbuild-backend = "hatchling.build"\n')

    def plan(self, **build):
        lock = copy.deepcopy(description(**build))
        for package in lock["packages"]:
            for f in package["files"]:
                if f["filename"].endswith(".whl"):
                    f["metadata_sha256"] = "11"
                    with open(os.path.join(self.dir, f["filename"] + ".METADATA"), "w") as out:
                        out.write("Metadata-Version: 2.1\nName: x\n" + ("Requires-Dist: pluggy\n" if "hatchling" in f["filename"] else ""))
        return lock, hub.plan(lock, self.dir)

    def test_sdist_only_pin_is_built_with_its_pkg_info_dependencies(self) -> None:
        _, plan = self.plan()
        self.assertEqual(plan.targets["linux_x86_64"]["docopt"], hub_build.Target("docopt-0.6.2.tar.gz", ("app-1-py3-none-any.whl",)))
        self.assertEqual(plan.unavailable, ())
        build = plan.builds["docopt-0.6.2.tar.gz"]
        self.assertEqual(build.build_wheels, ("h__setuptools-80-py3-none-any", "h__wheel-0.45-py3-none-any"))
        self.assertEqual(build.update_hint, "bazel run //:build-requirements.update")

    def test_downloads_include_the_sdist_for_its_metadata(self) -> None:
        lock, _ = self.plan()
        self.assertIn("docopt-0.6.2.tar.gz", [d["path"] for d in hub.downloads(lock)])

    def test_no_binary_builds_a_pin_that_has_a_wheel_and_dynamic_requires_are_ignored(self) -> None:
        _, plan = self.plan(no_binary=["Colorama"])
        self.assertEqual(plan.targets["linux_x86_64"]["colorama"], hub_build.Target("colorama-0.4.6.tar.gz", ()))
        _, plain = self.plan()
        self.assertEqual(plain.targets["linux_x86_64"]["colorama"].wheel, "colorama-0.4.6-py2.py3-none-any.whl")

    def test_build_requirements_the_lock_pins_come_from_the_lock_with_their_closure(self) -> None:
        _, plan = self.plan(no_binary=["colorama"])
        self.assertEqual(
            plan.builds["colorama-0.4.6.tar.gz"].build_wheels,
            ("h__hatchling-1.33-py3-none-any", "h__pluggy-1.7-py3-none-any", "h__setuptools-80-py3-none-any", "h__wheel-0.45-py3-none-any"),
        )
        self.assertNotIn("h__hatchling-1.33-py3-none-any", plan.builds["docopt-0.6.2.tar.gz"].build_wheels)

    def test_no_build_and_build_sdists_false_keep_no_wheel(self) -> None:
        for build in ({"no_build": ["docopt"]}, {"enabled": False}):
            _, plan = self.plan(**build)
            self.assertIn("has only an sdist (docopt-0.6.2.tar.gz)", plan.targets["linux_x86_64"]["docopt"].problem)
            self.assertEqual(plan.builds, {})

    def test_a_switch_naming_no_pin_is_an_error(self) -> None:
        with self.assertRaisesRegex(PyinstallError, r"//:requirements.txt: no_binary names colourama, which the lock does not pin"):
            hub.downloads(description(no_binary=["colourama"]))

    def test_written_targets(self) -> None:
        _, plan = self.plan()
        wheels = hub_build.wheels_build(plan)
        self.assertIn('load("@rules_pyinstall//rules:defs.bzl", "sdist_build", "wheel_install")', wheels)
        self.assertIn('sdist_build(\n    name = "docopt-0.6.2.build",', wheels)
        self.assertIn('    sdist = "@h__docopt-0.6.2//file",', wheels)
        self.assertIn('        "@h__setuptools-80-py3-none-any//file",', wheels)
        self.assertIn('    wheel = ":docopt-0.6.2.build",', wheels)
        self.assertIn('"//_config:linux_x86_64": "//_wheels:docopt-0.6.2.build"', hub_build.package_build(plan, "docopt"))


if __name__ == "__main__":
    unittest.main()
