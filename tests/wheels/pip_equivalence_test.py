"""Each wheel installed by wheel_install holds what `pip install --target` installs.

    pip_equivalence_test --pip <pip.whl> --dist <name> <wheel> <tree> [--dist ...]

pip 26.3 runs from its own wheel, offline and isolated from any configuration:
`pip install --no-deps --no-compile --no-index --isolated --target T <wheel>`. Its layout is
mapped onto ours, and the two file sets and every file's bytes must be equal, except for the
differences listed in ALLOWED below.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import unittest

# The only differences allowed between our tree and pip's, each with why.
ALLOWED = {
    "pyc": "ours has fresh unchecked-hash .pyc files (site-packages/**/__pycache__/*.pyc); "
    "pip, run with --no-compile, writes none",
    "RECORD": "ours lists the .pyc files and is sorted; pip's lists pip's own paths",
    "INSTALLER": "ours says rules_pyinstall, pip's says pip",
    "REQUESTED": "pip marks the distribution as asked for by a user; we write no such file",
    "direct_url.json": "pip records the local path it installed from; we never do (PEP 610 "
    "information would be a machine path)",
    "data script interpreter line": "`#!python` in .data/scripts becomes our script_interpreter, "
    "pip's the absolute path of the interpreter running pip; the rest of the file is equal",
    "entry point launchers": "bin/<console or gui script>: pip's template differs from "
    "installer's; both must exist and call the same module:function",
}

_PIP_METADATA = ("REQUESTED", "direct_url.json")
_LAUNCHER_IMPORT = re.compile(rb"^from ([\w.]+) import ([\w.]+)$", re.MULTILINE)


def walk(root: str) -> dict[str, bytes]:
    files = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root)] = f.read()
    return files


def pip_install(pip_wheel: str, wheel: str, target: str) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": target + ".home",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INPUT": "1",
        "LC_ALL": "C.UTF-8",
    }
    subprocess.run(
        [
            sys.executable,
            os.path.join(pip_wheel, "pip"),
            "install",
            "--isolated",
            "--no-deps",
            "--no-compile",
            "--no-index",
            "--no-cache-dir",
            "--disable-pip-version-check",
            "--quiet",
            "--target",
            target,
            wheel,
        ],
        env=env,
        check=True,
    )


def ours_in_pip_layout(tree: str, headers_dir: str) -> dict[str, bytes]:
    """Our tree's files under the paths `pip --target` gives them.

    pip --target installs with the "home" scheme and then moves purelib, platlib and data into
    the target: site-packages/X and data/X both land at X, bin/X at bin/X, and
    include/<dist>/X at include/python/<dist>/X.
    """
    mapped: dict[str, bytes] = {}
    for path, content in walk(tree).items():
        top, _, rest = path.partition("/")
        if top in ("site-packages", "data"):
            new = rest
        elif top == "bin":
            new = path
        elif top == "include":
            new = os.path.join(headers_dir, rest.partition("/")[2])
        else:
            raise AssertionError(f"{path} is outside the documented layout")
        assert new not in mapped, f"{path} and another file both map to {new}"
        mapped[new] = content
    return mapped


class PipEquivalenceTest(unittest.TestCase):
    pip_wheel = ""
    cases: tuple[tuple[str, str, str], ...] = ()

    def test_same_as_pip(self) -> None:
        self.assertTrue(self.cases)
        for dist, wheel, tree in self.cases:
            with self.subTest(dist=dist):
                self.check(dist, wheel, tree)

    def check(self, dist: str, wheel: str, tree: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            target = os.path.join(tmp, "target")
            pip_install(self.pip_wheel, wheel, target)
            theirs = walk(target)
        headers = [p for p in theirs if p.startswith("include/python/")]
        headers_dir = "/".join(headers[0].split("/")[:3]) if headers else "include/python/" + dist
        ours = ours_in_pip_layout(tree, headers_dir)

        dist_info = {p.split("/")[0] for p in ours if p.split("/")[0].endswith(".dist-info")}
        self.assertEqual(len(dist_info), 1, dist_info)
        (info,) = dist_info
        scripts = self.launchers(ours, info)

        def compared(files: dict[str, bytes]) -> set[str]:
            return {
                p
                for p in files
                if not p.endswith(".pyc")
                and p not in (f"{info}/RECORD", f"{info}/INSTALLER")
                and p not in {f"{info}/{name}" for name in _PIP_METADATA}
            }

        self.assertEqual(sorted(compared(ours) - compared(theirs)), [], f"{dist}: only in our tree")
        self.assertEqual(sorted(compared(theirs) - compared(ours)), [], f"{dist}: only in pip's tree")
        self.assertFalse([p for p in theirs if p.endswith(".pyc")], "pip compiled despite --no-compile")
        self.assertEqual(ours[f"{info}/INSTALLER"], b"rules_pyinstall\n")
        self.assertEqual(theirs[f"{info}/INSTALLER"], b"pip\n")
        self.assertNotIn(f"{info}/direct_url.json", ours)

        for path in sorted(compared(ours)):
            mine, pips = ours[path], theirs[path]
            if path in scripts:
                self.assertEqual(_LAUNCHER_IMPORT.findall(mine), _LAUNCHER_IMPORT.findall(pips), path)
                self.assertTrue(mine.startswith(b"#!/usr/bin/env python3\n"), path)
                self.assertTrue(pips.startswith(b"#!"), path)
            elif path.startswith("bin/") and mine != pips:
                my_first, _, my_rest = mine.partition(b"\n")
                pip_first, _, pip_rest = pips.partition(b"\n")
                self.assertTrue(my_first.startswith(b"#!/usr/bin/env python3"), path)
                self.assertTrue(pip_first.startswith(b"#!/"), path)
                self.assertEqual(my_rest, pip_rest, f"{dist}: {path} differs beyond its first line")
            else:
                self.assertEqual(mine, pips, f"{dist}: {path} differs")

    @staticmethod
    def launchers(files: dict[str, bytes], info: str) -> set[str]:
        text = files.get(f"{info}/entry_points.txt", b"").decode()
        names, section = set(), ""
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("["):
                section = line.strip("[]")
            elif "=" in line and section in ("console_scripts", "gui_scripts"):
                names.add("bin/" + line.split("=", 1)[0].strip())
        return names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pip", required=True)
    parser.add_argument("--dist", nargs=3, action="append", metavar=("NAME", "WHEEL", "TREE"), default=[])
    args, rest = parser.parse_known_args()
    PipEquivalenceTest.pip_wheel = os.path.abspath(args.pip)
    PipEquivalenceTest.cases = tuple((n, os.path.abspath(w), os.path.abspath(t)) for n, w, t in args.dist)
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == "__main__":
    main()
