"""The house's layout: a stage imports (Python) and loads (Starlark) only itself and `common`.

Stages are the sub-packages of `python/pyinstall` and the folders of `rules/private`. The
test reads every helper module and every private `.bzl` file from its runfiles, and also
checks that each stage says what it holds, that no source file exceeds 300 lines and that no
comment points at the issue tracker instead of explaining itself.
"""

from __future__ import annotations

import ast
import os
import re
import unittest

STAGES = ("common", "lock", "build", "install", "image", "runtime")
MAX_LINES = 300
_LOAD = re.compile(r'load\(\s*"(?:@rules_pyinstall)?//rules/private/(\w+):')
_TRACKER = re.compile(r"\bIssue \d+\b")


def allowed(stage: str) -> set[str]:
    return {"common"} if stage == "common" else {stage, "common"}


def python_imports(source: str) -> set[str]:
    """The stages of `pyinstall` a module imports (`from pyinstall.<stage> ...`)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "pyinstall" and len(parts) > 1:
                found.add(parts[1])
    return found


def starlark_loads(source: str) -> set[str]:
    return set(_LOAD.findall(source))


def violations(files: dict[str, str]) -> list[str]:
    """What breaks the layout in `files` (path relative to the repository -> text)."""
    problems = []
    for path, text in sorted(files.items()):
        parts = path.split("/")
        if path.startswith("python/pyinstall/") and len(parts) == 4:
            stage, used = parts[2], python_imports(text)
        elif path.startswith("rules/private/") and len(parts) == 4:
            stage, used = parts[2], starlark_loads(text)
        else:
            stage, used = "", set()
        if stage:
            if stage not in STAGES:
                problems.append(f"{path}: {stage!r} is not a stage ({', '.join(STAGES)})")
            for other in sorted(used - allowed(stage)):
                problems.append(f"{path}: the {stage} stage uses the {other} stage")
        lines = text.count("\n")
        if lines > MAX_LINES:
            problems.append(f"{path}: {lines} lines (at most {MAX_LINES}); split it by concept")
        for match in _TRACKER.finditer(text):
            problems.append(f"{path}: {match.group(0)!r}: say why, not where it was asked for")
    return problems


def _repository_files() -> dict[str, str]:
    root = os.path.join(os.environ["TEST_SRCDIR"], os.environ.get("TEST_WORKSPACE", "_main"))
    files = {}
    for top in ("python/pyinstall", "rules"):
        for directory, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                if name.endswith((".py", ".bzl")):
                    path = os.path.join(directory, name)
                    with open(path, encoding="utf-8") as f:
                        files[os.path.relpath(path, root)] = f.read()
    return files


class CheckerTest(unittest.TestCase):
    """The checker itself finds what it must: a test of the test."""

    def test_cross_stage_import(self) -> None:
        found = violations({"python/pyinstall/lock/hub.py": "from pyinstall.image import oci\n"})
        self.assertEqual(["python/pyinstall/lock/hub.py: the lock stage uses the image stage"], found)

    def test_plain_import_and_common(self) -> None:
        source = "import pyinstall.install.main\nfrom pyinstall.common import tarball\n"
        self.assertEqual(["python/pyinstall/image/x.py: the image stage uses the install stage"],
                         violations({"python/pyinstall/image/x.py": source}))
        self.assertEqual(["python/pyinstall/common/x.py: the common stage uses the lock stage"],
                         violations({"python/pyinstall/common/x.py": "from pyinstall import lock\n"}))

    def test_build_stage_sits_between_lock_and_install(self) -> None:
        # The build stage may use common only; install and image take its wheels through
        # providers and files, never its code.
        self.assertEqual([], violations({"python/pyinstall/build/x.py": "from pyinstall.common import params\n"}))
        self.assertEqual(["python/pyinstall/install/x.py: the install stage uses the build stage"],
                         violations({"python/pyinstall/install/x.py": "from pyinstall.build import sdist\n"}))
        self.assertEqual(["rules/private/build/x.bzl: the build stage uses the install stage"],
                         violations({"rules/private/build/x.bzl": 'load("//rules/private/install:wheel_install.bzl", "x")\n'}))

    def test_cross_stage_load(self) -> None:
        source = 'load("//rules/private/install:wheel_install.bzl", "wheel_install")\n'
        self.assertEqual(["rules/private/image/x.bzl: the image stage uses the install stage"],
                         violations({"rules/private/image/x.bzl": source}))

    def test_size_and_tracker(self) -> None:
        found = violations({"rules/private/lock/x.bzl": "# Issue 4: because\n" + "x = 1\n" * 300})
        self.assertEqual(2, len(found), found)


class LayoutTest(unittest.TestCase):
    def setUp(self) -> None:
        self.files = _repository_files()

    def test_every_stage_is_there(self) -> None:
        for stage in STAGES:
            self.assertIn(f"python/pyinstall/{stage}/__init__.py", self.files)
            self.assertTrue(any(p.startswith(f"rules/private/{stage}/") for p in self.files), stage)
        self.assertGreater(len(self.files), 50)

    def test_every_stage_says_what_it_holds(self) -> None:
        for stage in STAGES:
            doc = ast.get_docstring(ast.parse(self.files[f"python/pyinstall/{stage}/__init__.py"]))
            self.assertTrue(doc and "imports" in doc, f"{stage}: a docstring saying what it may import")

    def test_imports_and_loads_go_one_way(self) -> None:
        self.assertEqual([], violations(self.files))


if __name__ == "__main__":
    unittest.main()
