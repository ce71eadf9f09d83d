"""Bazel's JSON worker protocol as `pyinstall.common.worker` speaks it."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import unittest
from collections.abc import Sequence

from pyinstall.common import worker

CALLS: list[str] = []


def counting_main(argv: Sequence[str]) -> int:
    """Remembers every call in this process: a request that sees an earlier one leaks state."""
    CALLS.append(argv[0])
    print(f"calls seen: {len(CALLS)}; cwd {os.path.basename(os.getcwd())}")
    if argv[0] == "fail":
        print("rules_pyinstall: error: x: it failed", file=sys.stderr)
        return 1
    if argv[0] == "exit":
        sys.exit(3)
    if argv[0] == "crash":
        raise ValueError("a bug")
    if argv[0] == "kill":
        os.kill(os.getpid(), 9)
    return 0


def serve(*requests: dict[str, object]) -> list[dict[str, object]]:
    stdin = io.BytesIO(b"".join(json.dumps(r).encode() + b"\n" for r in requests) + b"\n")
    stdout = io.BytesIO()
    self_code = worker.serve(counting_main, stdin, stdout)  # type: ignore[arg-type]
    assert self_code == 0
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


class WorkerProtocolTest(unittest.TestCase):
    def test_each_request_starts_from_the_same_state(self) -> None:
        responses = serve(*({"arguments": [f"r{i}"]} for i in range(5)))
        self.assertEqual([r["exitCode"] for r in responses], [0] * 5)
        self.assertTrue(all(r["output"].startswith("calls seen: 1;") for r in responses), responses)
        self.assertEqual(CALLS, [])  # the worker itself ran nothing

    def test_failures_are_answered_and_the_worker_goes_on(self) -> None:
        responses = serve({"arguments": ["fail"]}, {"arguments": ["exit"]}, {"arguments": ["crash"]},
                          {"arguments": ["kill"]}, {"arguments": ["ok"], "requestId": 7})
        self.assertEqual([r["exitCode"] for r in responses], [1, 3, 1, 1, 0])
        self.assertIn("rules_pyinstall: error: x: it failed", responses[0]["output"])
        self.assertIn("ValueError: a bug", responses[2]["output"])
        self.assertIn("killed by signal 9", responses[3]["output"])
        self.assertEqual(responses[4]["requestId"], 7)
        self.assertNotIn("requestId", responses[0])

    def test_each_request_logs_its_cpu_time_to_stderr(self) -> None:
        # Bazel keeps a worker's stderr in its log, where tools/benchmark reads each request's CPU.
        read_fd, write_fd = os.pipe()
        saved = os.dup(2)
        try:
            os.dup2(write_fd, 2)
            serve({"arguments": ["a"]}, {"arguments": ["fail"]})
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(write_fd)
        with os.fdopen(read_fd, "rb") as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 2, lines)
        for line in lines:
            self.assertRegex(line.decode(), r"^rules_pyinstall worker: request cpu \d+ ms$")

    def test_response_lines_are_what_json_writes(self) -> None:
        cases = [(0, "", 0), (1, 'a "quoted"\n\ttab \x00 é \u2603 \ud83d', 7), (-3, "{}", 2**31 - 1)]
        for code, output, request_id in cases:
            expected = {"exitCode": code, "output": output} | ({"requestId": request_id} if request_id else {})
            line = worker.response_line(code, output, request_id)
            self.assertEqual(line, json.dumps(expected, sort_keys=True).encode() + b"\n")
            self.assertEqual(json.loads(line), expected)

    def test_sandbox_dir_is_the_request_working_directory(self) -> None:
        with tempfile.TemporaryDirectory(prefix="sandbox.") as sandbox:
            before = os.getcwd()
            responses = serve({"arguments": ["ok"], "sandboxDir": sandbox})
            self.assertIn("cwd " + os.path.basename(sandbox), responses[0]["output"])
            self.assertEqual(os.getcwd(), before)


if __name__ == "__main__":
    unittest.main()
