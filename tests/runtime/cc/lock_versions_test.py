"""The GCC locks carry the very CPython and C library of the runtime locks of their architecture.

An extension module is compiled against the GCC lock's CPython headers and libc, and loaded by
the runtime lock's CPython on its libc: the versions must be the same (refresh the locks
together: `python3 tools/debian_lock.py runtime/<lock>` for each).
Arguments: lock files (runtime and GCC locks, any order).
"""

from __future__ import annotations

import json
import sys
import unittest
from typing import Dict

# Packages of the runtime whose headers or libraries a compiled module depends on.
SHARED = ("libc6", "libpython3.13-stdlib", "libstdc++6", "libgcc-s1")


def versions(path: str) -> Dict[str, str]:
    with open(path, encoding="utf-8") as f:
        return {p["name"]: p["version"] for p in json.load(f)["packages"]}


class LockVersionsTest(unittest.TestCase):
    def test_same_versions(self) -> None:
        locks = sys.argv[1:]
        for gcc_lock in [p for p in locks if "/gcc" in p]:
            runtime_lock = gcc_lock.replace("/gcc14-", "/python3.13-")
            self.assertIn(runtime_lock, locks)
            gcc, runtime = versions(gcc_lock), versions(runtime_lock)
            self.assertEqual(gcc["libpython3.13-dev"], runtime["python3.13-minimal"], gcc_lock)
            for name in SHARED:
                with self.subTest(lock=gcc_lock, package=name):
                    self.assertEqual(gcc[name], runtime[name])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
