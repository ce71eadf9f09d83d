"""A persistent worker writes, after many other requests, the trees fresh processes write.

    worker_test <helper_runtime.json> <wheel>...

Both run the install helper as Bazel's actions do (the toolchain's interpreter, the helper
and the standard library from their precompiled zips, the actions' environment): one fresh
process per wheel, and one worker answering every wheel twice, in two orders, with a broken
request between. `.pyc` bytes depend on what the compiling process did before, so this is
the proof that a worker's output is a fresh process's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest

DESCRIPTION, WHEELS = sys.argv[1], sys.argv[2:]


def params(wheel: str, output: str, jobs: int = 1) -> list[str]:
    return ["--wheel", wheel, "--output", output, "--python-version", RUNTIME["python_version"],
            "--pyc", "unchecked-hash", "--optimize", "0", "--script-interpreter", "/usr/bin/env python3",
            "--source-date-epoch", "315532800", "--platform", "linux_x86_64", "--glibc", "2.41",
            "--macos", "11.0", "--jobs", str(jobs)]


def snapshot(root: str) -> dict[str, tuple[int, bytes]]:
    """Every entry under root: (mode, bytes or link target)."""
    found = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            info = os.lstat(path)
            if os.path.islink(path):
                data = os.readlink(path).encode()
            elif os.path.isdir(path):
                data = b""
            else:
                with open(path, "rb") as f:
                    data = f.read()
            found[os.path.relpath(path, root)] = (info.st_mode, data)
    return found


with open(DESCRIPTION, encoding="utf-8") as f:
    RUNTIME = json.load(f)
COMMAND = [RUNTIME["interpreter"], "-S", "-s", "-B", "-m", "pyinstall.install.main"]


class WorkerTest(unittest.TestCase):
    def setUp(self) -> None:
        self.scratch = tempfile.mkdtemp(prefix="worker_test.")
        self.env = dict(RUNTIME["env"], PATH=os.environ.get("PATH", "/usr/bin:/bin"))

    def fresh(self, wheel: str, output: str, jobs: int = 1) -> None:
        flagfile = output + ".params"
        with open(flagfile, "w", encoding="utf-8") as f:
            f.write("\n".join(params(wheel, output, jobs)) + "\n")
        result = subprocess.run([*COMMAND, "@" + flagfile], env=self.env, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_worker_writes_what_fresh_processes_write(self) -> None:
        fresh = {}
        for index, wheel in enumerate(WHEELS):
            output = os.path.join(self.scratch, f"fresh-{index}")
            self.fresh(wheel, output)
            fresh[index] = snapshot(output)
        self.assertGreater(sum(len(tree) for tree in fresh.values()), 1000)

        requests = []
        order = list(range(len(WHEELS))) + ["broken"] + list(reversed(range(len(WHEELS)))) + ["numpy-2-jobs"]
        for round_, index in enumerate(order):
            if index == "broken":
                arguments = params(os.path.join(self.scratch, "missing.whl"), os.path.join(self.scratch, "broken"))
            elif index == "numpy-2-jobs":
                numpy = next(i for i, w in enumerate(WHEELS) if os.path.basename(w).startswith("numpy-"))
                arguments = params(WHEELS[numpy], os.path.join(self.scratch, f"worker-{round_}-{numpy}"), jobs=2)
            else:
                arguments = params(WHEELS[index], os.path.join(self.scratch, f"worker-{round_}-{index}"))
            requests.append(json.dumps({"arguments": arguments, "requestId": 0}) + "\n")
        worker = subprocess.run([*COMMAND, "--persistent_worker"], env=self.env, input="".join(requests),
                                capture_output=True, text=True, timeout=600)
        self.assertEqual(worker.returncode, 0, worker.stderr)
        responses = [json.loads(line) for line in worker.stdout.splitlines()]
        self.assertEqual(len(responses), len(order))

        for round_, (index, response) in enumerate(zip(order, responses)):
            if index == "broken":
                self.assertEqual(response["exitCode"], 1)
                self.assertIn("rules_pyinstall: error: missing.whl", response["output"])
                self.assertNotIn("Traceback", response["output"])
                continue
            self.assertEqual(response["exitCode"], 0, response["output"])
            self.assertTrue(response["output"].startswith("installed "), response["output"])
            if index == "numpy-2-jobs":
                index = next(i for i, w in enumerate(WHEELS) if os.path.basename(w).startswith("numpy-"))
            tree = snapshot(os.path.join(self.scratch, f"worker-{round_}-{index}"))
            self.assertEqual(sorted(tree), sorted(fresh[index]), WHEELS[index])
            for path, entry in tree.items():
                self.assertEqual(entry, fresh[index][path], f"{os.path.basename(WHEELS[index])}: {path}")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
