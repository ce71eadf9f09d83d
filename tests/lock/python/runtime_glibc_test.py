"""The hub's default glibc level is the registered Debian runtime's, not an older guess."""

import json
import os
import re
import unittest


def _workspace(path: str) -> str:
    return os.path.join(os.path.dirname(__file__), "..", "..", "..", path)


class RuntimeGlibcTest(unittest.TestCase):
    def test_default_glibc_is_the_runtime_libc6(self) -> None:
        with open(_workspace("rules/private/lock/target_platforms.bzl"), encoding="utf-8") as f:
            default = re.search(r'^RUNTIME_GLIBC = "([0-9.]+)"', f.read(), re.M)
        assert default
        runtime = sorted(p for p in os.listdir(_workspace("runtime")) if p.endswith(".lock.json"))
        self.assertTrue(runtime)
        for name in runtime:
            with open(_workspace("runtime/" + name), encoding="utf-8") as f:
                packages = json.load(f)["packages"]
            libc6 = [p["version"] for p in packages if p["name"] == "libc6"]
            self.assertEqual(len(libc6), 1, name)
            self.assertEqual(libc6[0].split("-")[0], default.group(1), f"{name} has libc6 {libc6[0]}")


if __name__ == "__main__":
    unittest.main()
