"""The hub built for linux x86_64 and aarch64 in one build: each got its own wheels."""

import sys
import unittest

SO_SUFFIX = {"linux_x86_64": "x86_64-linux-gnu.so", "linux_aarch64": "aarch64-linux-gnu.so"}


def load(path: str) -> dict[str, dict[str, set[str]]]:
    trees: dict[str, dict[str, set[str]]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            platform, distribution, name = line.rstrip("\n").split(" ", 2)
            trees.setdefault(platform, {}).setdefault(distribution, set()).add(name)
    return trees


class MultiPlatformTest(unittest.TestCase):
    trees: dict[str, dict[str, set[str]]] = {}

    def test_both_platforms_have_the_whole_closure(self) -> None:
        self.assertEqual(sorted(self.trees), ["linux_aarch64", "linux_x86_64"])
        for platform in self.trees:
            for distribution in ("black", "sphinx", "sphinxcontrib-applehelp", "markupsafe", "requests", "urllib3"):
                self.assertIn(distribution, self.trees[platform], platform)
        self.assertEqual(set(self.trees["linux_aarch64"]), set(self.trees["linux_x86_64"]))

    def test_compiled_packages_are_for_their_cpu(self) -> None:
        for platform, suffix in SO_SUFFIX.items():
            for distribution in ("markupsafe", "charset-normalizer"):
                libraries = [n for n in self.trees[platform][distribution] if n.endswith(".so")]
                self.assertTrue(libraries, (platform, distribution))
                self.assertTrue(all(n.endswith(suffix) for n in libraries), (platform, distribution, libraries))

    def test_black_is_compiled_only_where_it_has_a_wheel(self) -> None:
        # black 24.10.0 ships mypyc wheels for linux x86_64 only: aarch64 gets py3-none-any.
        self.assertTrue(any(n.endswith(SO_SUFFIX["linux_x86_64"]) for n in self.trees["linux_x86_64"]["black"]))
        self.assertFalse(any(n.endswith(".so") for n in self.trees["linux_aarch64"]["black"]))

    def test_pure_packages_are_the_same_files(self) -> None:
        self.assertEqual(self.trees["linux_x86_64"]["sphinx"], self.trees["linux_aarch64"]["sphinx"])
        self.assertIn("site-packages/sphinx/__pycache__/__init__.cpython-313.pyc", self.trees["linux_aarch64"]["sphinx"])


if __name__ == "__main__":
    MultiPlatformTest.trees = load(sys.argv.pop(1))
    unittest.main()
