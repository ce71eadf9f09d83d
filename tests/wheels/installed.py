"""What the real-wheel tests share: finding an installed tree and running its scripts."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from types import ModuleType


def tree_of(module: ModuleType) -> str:
    """The root of the tree a module was installed into (the parent of its site-packages)."""
    path = os.path.abspath(module.__file__ or "")
    while os.path.basename(path) != "site-packages":
        parent = os.path.dirname(path)
        assert parent != path, f"{module.__name__} is not under a site-packages directory"
        path = parent
    return os.path.dirname(path)


def run_script(script: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Runs an installed script the way an image would: its `#!/usr/bin/env python3` line
    finds `python3` on PATH (here, this test's interpreter) and imports from PYTHONPATH."""
    with tempfile.TemporaryDirectory() as bindir:
        os.symlink(sys.executable, os.path.join(bindir, "python3"))
        env = {
            "PATH": f"{bindir}:/usr/bin:/bin",
            "PYTHONPATH": os.pathsep.join(p for p in sys.path if os.path.isdir(p)),
            "HOME": os.environ.get("TEST_TMPDIR", bindir),
            "LC_ALL": "C.UTF-8",
        }
        return subprocess.run(
            [script, *args],
            input=stdin,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )


def shebang(script: str) -> bytes:
    with open(script, "rb") as f:
        return f.readline().rstrip(b"\n")
