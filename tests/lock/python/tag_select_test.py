"""Tests of pyinstall.lock.tag_select: which wheel each target platform gets."""

import unittest

from pyinstall.lock.tag_select import TargetPlatform, choose_wheel, platform_names

X86 = TargetPlatform("linux_x86_64", "linux", "x86_64", glibc="2.28")
ARM = TargetPlatform("linux_aarch64", "linux", "aarch64", glibc="2.17")
MUSL = TargetPlatform("linux_x86_64", "linux", "x86_64", musl="1.2")
MAC = TargetPlatform("macos_aarch64", "macos", "aarch64", macos="12.0")

NUMPY = [
    "numpy-2.2.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "numpy-2.2.0-cp313-cp313-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
    "numpy-2.2.0-cp313-cp313-musllinux_1_2_x86_64.whl",
    "numpy-2.2.0-cp313-cp313-macosx_11_0_arm64.whl",
    "numpy-2.2.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "numpy-2.2.0-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "numpy-2.2.0.tar.gz",
]


def choose(files: list[str], platform: TargetPlatform, python: str = "3.13") -> str:
    choice = choose_wheel(files, platform, python)
    return choice.filename or choice.problem


class PlatformNamesTest(unittest.TestCase):
    def test_manylinux_levels_best_first_with_legacy_aliases(self) -> None:
        names = platform_names(X86)
        self.assertEqual(names[0], "manylinux_2_28_x86_64")
        self.assertLess(names.index("manylinux_2_17_x86_64"), names.index("manylinux2014_x86_64"))
        self.assertIn("manylinux1_x86_64", names)
        self.assertEqual(platform_names(ARM), ["manylinux_2_17_aarch64", "manylinux2014_aarch64"])

    def test_musllinux_and_macos(self) -> None:
        self.assertEqual(platform_names(MUSL), ["musllinux_1_2_x86_64", "musllinux_1_1_x86_64", "musllinux_1_0_x86_64"])
        self.assertIn("macosx_11_0_arm64", platform_names(MAC))
        self.assertNotIn("macosx_13_0_arm64", platform_names(MAC))


class ChooseWheelTest(unittest.TestCase):
    def test_each_platform_gets_its_own_wheel(self) -> None:
        self.assertEqual(choose(NUMPY, X86), NUMPY[0])
        self.assertEqual(choose(NUMPY, ARM), NUMPY[1])
        self.assertEqual(choose(NUMPY, MUSL), NUMPY[2])
        self.assertEqual(choose(NUMPY, MAC), NUMPY[3])

    def test_python_version_and_free_threading(self) -> None:
        self.assertEqual(choose(NUMPY, X86, "3.12"), NUMPY[4])

    def test_specific_beats_abi3_beats_pure(self) -> None:
        files = ["p-1-py3-none-any.whl", "p-1-cp39-abi3-manylinux_2_17_x86_64.whl"]
        self.assertEqual(choose(files, X86), files[1])
        self.assertEqual(choose(files + ["p-1-cp313-cp313-manylinux_2_28_x86_64.whl"], X86), "p-1-cp313-cp313-manylinux_2_28_x86_64.whl")
        self.assertEqual(choose(files, ARM), files[0])

    def test_too_new_glibc_says_which_level_would_do(self) -> None:
        problem = choose(["p-1-cp313-cp313-manylinux_2_34_x86_64.whl", "p-1-cp313-cp313-manylinux_2_31_x86_64.whl"], X86)
        self.assertEqual(
            problem,
            "has no wheel for linux_x86_64 (Python 3.13, glibc 2.28): of its 2 wheels, 2 need glibc >= 2.31; "
            'set glibc = "2.31" (or newer) on pyinstall.lock if the target has it',
        )

    def test_other_python_and_other_platforms_are_summed_up_not_listed(self) -> None:
        problem = choose([f for f in NUMPY if "cp313-cp313-manylinux" not in f], X86)
        self.assertEqual(
            problem,
            "has no wheel for linux_x86_64 (Python 3.13, glibc 2.28): of its 4 wheels, 2 are for other Pythons (cp312-cp312, cp313-cp313t), "
            "2 are for other platforms (macosx, musllinux); pin a version with wheels for this Python, or change python_version; "
            "or drop the platform from `platforms`, or pin a version with wheels for it",
        )
        self.assertLess(len(problem), 400)

    def test_sdist_only(self) -> None:
        self.assertEqual(
            choose(["p-1.tar.gz"], X86),
            "has only an sdist (p-1.tar.gz), no wheel, and the hub builds none (build_sdists = False, or no_build "
            "names it); pin a version that ships wheels, or let the hub build it (docs/sdists.md)",
        )

    def test_no_file_at_all(self) -> None:
        self.assertIn("has no file to download (a git, path or URL source)", choose([], X86))


class MarkerEnvironmentTest(unittest.TestCase):
    def test_environment(self) -> None:
        env = ARM.marker_environment("3.13")
        self.assertEqual((env["platform_machine"], env["sys_platform"], env["python_version"]), ("aarch64", "linux", "3.13"))
        self.assertEqual(MAC.marker_environment("3.12")["platform_machine"], "arm64")


if __name__ == "__main__":
    unittest.main()
