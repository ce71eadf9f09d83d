"""Tests of pyinstall.lock.hub and hub_build: per-platform plans and the BUILD files written."""

import dataclasses
import os
import tempfile
import unittest

from pyinstall.lock import hub
from pyinstall.lock import hub_build
from pyinstall.common.errors import PyinstallError

PLATFORMS = [
    {"name": "linux_x86_64", "os": "linux", "cpu": "x86_64", "glibc": "2.28", "musl": "", "macos": "11.0"},
    {"name": "linux_aarch64", "os": "linux", "cpu": "aarch64", "glibc": "2.28", "musl": "", "macos": "11.0"},
]


def entry(name, version, files, line, marker="", extras=(), metadata=True):
    return {
        "name": name,
        "display_name": name,
        "version": version,
        "extras": list(extras),
        "marker": marker,
        "line": line,
        "files": [
            {"filename": f, "url": "https://f/" + f, "sha256": "00", "metadata_sha256": "11" if metadata else "", "repo": "h__" + f[:-4]}
            for f in files
        ],
    }


def description(packages):
    return {"hub": "h", "lock": "//:requirements.txt", "python_version": "3.13", "platforms": PLATFORMS, "packages": packages}


LOCK = description(
    [
        entry("app", "1", ["app-1-py3-none-any.whl"], 1),
        entry("fast", "2", ["fast-2-cp313-cp313-manylinux_2_17_x86_64.whl"], 3),
        entry("tool", "1", ["tool-1-py3-none-any.whl"], 5, marker='platform_machine == "aarch64"'),
        entry("sdist-only", "1", ["sdist_only-1.tar.gz"], 7),
    ]
)

METADATA = {
    "app-1-py3-none-any.whl": "Requires-Dist: fast\nRequires-Dist: tool; platform_machine == 'aarch64'\n",
    "fast-2-cp313-cp313-manylinux_2_17_x86_64.whl": "Requires-Dist: app\n",
    "tool-1-py3-none-any.whl": "",
}


class HubTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()
        for filename, text in METADATA.items():
            with open(os.path.join(self.dir, filename + ".METADATA"), "w") as f:
                f.write("Metadata-Version: 2.1\nName: x\n" + text)

    def test_downloads_are_the_metadata_of_chosen_wheels(self) -> None:
        self.assertEqual(
            [d["path"] for d in hub.downloads(LOCK)],
            ["app-1-py3-none-any.whl.METADATA", "fast-2-cp313-cp313-manylinux_2_17_x86_64.whl.METADATA", "tool-1-py3-none-any.whl.METADATA"],
        )
        self.assertEqual(hub.downloads(LOCK)[0]["url"], "https://f/app-1-py3-none-any.whl.metadata")

    def test_plan_per_platform(self) -> None:
        plan = hub.plan(LOCK, self.dir)
        x86, arm = plan.targets["linux_x86_64"], plan.targets["linux_aarch64"]
        self.assertEqual(x86["app"], hub_build.Target("app-1-py3-none-any.whl", ("fast-2-cp313-cp313-manylinux_2_17_x86_64.whl",)))
        self.assertEqual(x86["fast"].deps, ("app-1-py3-none-any.whl",))  # a cycle: fast <-> app
        self.assertIn("has no wheel for linux_aarch64", arm["fast"].problem)
        self.assertIn("//:requirements.txt:3: fast==2", arm["fast"].problem)
        self.assertIn("app needs fast", arm["app"].problem)
        self.assertIn("marker is false", x86["tool"].problem)
        self.assertEqual(arm["tool"].wheel, "tool-1-py3-none-any.whl")
        self.assertIn("has only an sdist (sdist_only-1.tar.gz)", x86["sdist-only"].problem)
        self.assertEqual(arm["app"].reason, "app_needs_fast_which_has_no_wheel_for_linux_aarch64")

    def test_each_unavailable_package_is_reported_once_not_per_dependent(self) -> None:
        unavailable = hub.plan(LOCK, self.dir).unavailable
        self.assertEqual(len(unavailable), 3)  # fast on aarch64, sdist-only on both; not app
        self.assertTrue(all(len(line) < 400 for line in unavailable))
        self.assertFalse(any(line.startswith("app") for line in unavailable))

    def test_written_files(self) -> None:
        out = tempfile.mkdtemp()
        self.assertEqual(hub_build.write(hub.plan(LOCK, self.dir), out), 9)  # sdist-only and sdist_only
        with open(os.path.join(out, "app", "BUILD.bazel")) as f:
            app = f.read()
        self.assertIn('"//_config:linux_aarch64": "//_unavailable:app__linux_aarch64"', app)
        self.assertIn('"//_config:linux_x86_64": "@h__app-1-py3-none-any//file"', app)
        self.assertIn('"//_config:linux_aarch64": ["//_unavailable:app_needs_fast_which_has_no_wheel_for_linux_aarch64"]', app)
        self.assertIn('"//conditions:default": ["//_unavailable:not_a_platform_of_this_lock"]', app)
        with open(os.path.join(out, "_unavailable", "BUILD.bazel")) as f:
            unavailable = f.read()
        self.assertIn('name = "sdist-only__linux_x86_64"', unavailable)
        self.assertIn('name = "sdist-only_has_no_wheel_for_linux_x86_64"', unavailable)
        with open(os.path.join(out, "requirements.bzl")) as f:
            self.assertIn('"sdist-only",', f.read())

    def test_wheel_install_gets_the_hubs_c_library_level(self) -> None:
        # The install action checks each wheel's tags at the level the lock chose them for.
        plan = hub.plan(LOCK, self.dir)
        plan = dataclasses.replace(plan, platforms=tuple(dataclasses.replace(p, glibc="2.41") for p in plan.platforms))
        self.assertNotIn("glibc", hub_build.wheels_build(plan))  # the runtime's, 2.41: not repeated
        musl = dataclasses.replace(plan, platforms=tuple(dataclasses.replace(p, musl="1.2") for p in plan.platforms))
        text = hub_build.wheels_build(musl)
        self.assertEqual(text.count('    musl = "1.2",\n'), text.count("wheel_install("))

    def test_rules_python_spelling_is_canonical_and_pep503_an_alias(self) -> None:
        out = tempfile.mkdtemp()
        hub_build.write(hub.plan(LOCK, self.dir), out)
        with open(os.path.join(out, "sdist_only", "BUILD.bazel")) as f:
            canonical = f.read()
        self.assertIn('name = "sdist_only",\n    script = "sdist-only",', canonical)
        self.assertIn('name = "pkg",', canonical)
        with open(os.path.join(out, "sdist-only", "BUILD.bazel")) as f:
            alias = f.read()
        self.assertIn('name = "sdist-only",\n    actual = "//sdist_only",', alias)
        self.assertIn('name = "whl",\n    actual = "//sdist_only:whl",', alias)

    def test_wheels_build_only_for_the_platforms_using_them(self) -> None:
        out = tempfile.mkdtemp()
        hub_build.write(hub.plan(LOCK, self.dir), out)
        with open(os.path.join(out, "_wheels", "BUILD.bazel")) as f:
            wheels = f.read()
        fast = wheels[wheels.index('name = "fast-2'):]
        self.assertIn('"//_config:linux_x86_64": [],\n        "//conditions:default": ["//_unavailable:not_a_platform_of_this_lock"]', fast)

    def test_two_pins_for_one_platform_is_an_error(self) -> None:
        lock = description([entry("a", "1", ["a-1-py3-none-any.whl"], 1), entry("a", "2", ["a-2-py3-none-any.whl"], 2, marker='os_name == "posix"')])
        with self.assertRaisesRegex(PyinstallError, r"//:requirements.txt:2: a: 2 and 1 \(line 1\) both apply"):
            hub.downloads(lock)


if __name__ == "__main__":
    unittest.main()
