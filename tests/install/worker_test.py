"""A persistent worker writes, after many other requests, the trees fresh processes write.

    worker_test <major.minor> <helper_runtime.json> <wheel>...

Both run the install helper as Bazel's actions do (the toolchain's interpreter, the helper
and the standard library from their precompiled zips, the actions' environment): one fresh
process per wheel, and one worker answering every wheel twice, in two orders, with a broken
request between. `.pyc` bytes depend on what the compiling process did before, so this is
the proof that a worker's output is a fresh process's. It runs for each supported Python
(e2e/two_pythons holds the runtimes other than the default): `<major.minor>` is the one the
description must name, so that a build which resolved another toolchain fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest

PYTHON_VERSION, DESCRIPTION, WHEELS = sys.argv[1], sys.argv[2], sys.argv[3:]
# Wheels of more `.py` files than a batch (64) compile in several forks with 2 jobs.
BATCH = 64


def params(wheel: str, output: str, jobs: int = 1) -> list[str]:
    return ["--wheel", wheel, "--output", output, "--python-version", RUNTIME["python_version"],
            "--pyc", "unchecked-hash", "--optimize", "0", "--script-interpreter", "/usr/bin/env python3",
            "--source-date-epoch", "315532800", "--platform", "linux_x86_64", "--glibc", RUNTIME["glibc"],
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

    def test_runtime_is_the_python_asked_for(self) -> None:
        self.assertEqual(RUNTIME["python_version"], PYTHON_VERSION, RUNTIME["interpreter"])

    def test_worker_writes_what_fresh_processes_write(self) -> None:
        fresh = {}
        for index, wheel in enumerate(WHEELS):
            output = os.path.join(self.scratch, f"fresh-{index}")
            self.fresh(wheel, output)
            fresh[index] = snapshot(output)
        self.assertGreater(sum(len(tree) for tree in fresh.values()), 1000)
        sources = {index: sum(path.endswith(".py") for path in tree) for index, tree in fresh.items()}
        biggest = max(sources, key=lambda index: sources[index])
        self.assertGreater(sources[biggest], BATCH, WHEELS[biggest])

        # (wheel index, jobs) of each request; None: a wheel that does not exist.
        forwards: list[tuple[int | None, int]] = [(i, 1) for i in range(len(WHEELS))]
        rounds = forwards + [(None, 1)] + forwards[::-1] + [(biggest, 2)]
        requests = []
        for round_, (which, jobs) in enumerate(rounds):
            if which is None:
                arguments = params(os.path.join(self.scratch, "missing.whl"), os.path.join(self.scratch, "broken"))
            else:
                arguments = params(WHEELS[which], os.path.join(self.scratch, f"worker-{round_}-{which}"), jobs)
            requests.append(json.dumps({"arguments": arguments, "requestId": 0}) + "\n")
        worker = subprocess.run([*COMMAND, "--persistent_worker"], env=self.env, input="".join(requests),
                                capture_output=True, text=True, timeout=600)
        self.assertEqual(worker.returncode, 0, worker.stderr)
        responses = [json.loads(line) for line in worker.stdout.splitlines()]
        self.assertEqual(len(responses), len(rounds))

        for round_, ((which, _), response) in enumerate(zip(rounds, responses)):
            if which is None:
                self.assertEqual(response["exitCode"], 1)
                self.assertIn("rules_pyinstall: error: missing.whl", response["output"])
                self.assertNotIn("Traceback", response["output"])
                continue
            self.assertEqual(response["exitCode"], 0, response["output"])
            self.assertTrue(response["output"].startswith("installed "), response["output"])
            tree = snapshot(os.path.join(self.scratch, f"worker-{round_}-{which}"))
            self.assertEqual(sorted(tree), sorted(fresh[which]), WHEELS[which])
            for path, entry in tree.items():
                self.assertEqual(entry, fresh[which][path], f"{os.path.basename(WHEELS[which])}: {path}")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
