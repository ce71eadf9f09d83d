"""A hub's default glibc level is that of the Debian runtime of its Python, not an older guess."""

import json
import os
import re
import unittest


def _workspace(path: str) -> str:
    return os.path.join(os.path.dirname(__file__), "..", "..", "..", path)


class RuntimeGlibcTest(unittest.TestCase):
    def test_default_glibc_is_the_runtime_libc6(self) -> None:
        with open(_workspace("rules/private/lock/target_platforms.bzl"), encoding="utf-8") as f:
            text = f.read()
        table = re.search(r"^RUNTIME_GLIBC = \{(.*?)^\}", text, re.M | re.S)
        assert table
        defaults = dict(re.findall(r'"(3\.[0-9]+)": "([0-9.]+)"', table.group(1)))
        runtime = sorted(p for p in os.listdir(_workspace("runtime")) if p.endswith(".lock.json"))
        self.assertTrue(runtime)
        versions = set()
        for name in runtime:
            version = re.match(r"python(3\.[0-9]+)-", name)
            assert version, name
            versions.add(version.group(1))
            with open(_workspace("runtime/" + name), encoding="utf-8") as f:
                packages = json.load(f)["packages"]
            libc6 = [p["version"] for p in packages if p["name"] == "libc6"]
            self.assertEqual(len(libc6), 1, name)
            self.assertEqual(libc6[0].split("-")[0], defaults.get(version.group(1)), f"{name} has libc6 {libc6[0]}")
        self.assertEqual(set(defaults), versions, "one default per Python a runtime lock exists for")


if __name__ == "__main__":
    unittest.main()
