"""Bazel's persistent worker protocol (JSON), each request run in a fork of a warm process.

    python3 -S -s -B -m pyinstall.install.main --persistent_worker

A helper action spends most of a small wheel's time starting Python and importing its
modules, `installer` and `packaging`; a worker does that once. Each request then runs in a
child forked from the worker, never in the worker itself: the worker compiles nothing and
keeps no state from one request to the next, so a request starts from the very state a
fresh process reaches after its imports (answering one must not change that state either, see
`response_line`). That matters because CPython's `.pyc` bytes depend on what the compiling
process did before (see `isolated`); `//tests/install:worker_test` compares trees written
through a worker, after many other requests, with fresh processes'.

Requests arrive one JSON object a line on stdin (`arguments`, `requestId`, `sandboxDir`), and
responses leave the same way on stdout; a request's own output is captured and returned in
`output`. Bazel expands the action's `@params` file into `arguments`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import BinaryIO, NoReturn

FLAG = "--persistent_worker"


def run(main: Callable[[Sequence[str]], int]) -> NoReturn:
    """A helper's entry point: `main(argv)` once, or as a worker when Bazel asks for one."""
    argv = sys.argv[1:]
    sys.exit(serve(main) if FLAG in argv else main(argv))


def serve(main: Callable[[Sequence[str]], int], stdin: BinaryIO | None = None,
          stdout: BinaryIO | None = None) -> int:
    """Answers work requests with `main(arguments)` until stdin closes; returns 0."""
    requests = stdin if stdin is not None else sys.stdin.buffer
    responses = stdout if stdout is not None else sys.stdout.buffer
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        if request.get("cancel"):
            continue  # a request is never cancelled midway: it has already been answered
        code, output = run_forked(main, list(request.get("arguments", [])), request.get("sandboxDir") or None)
        responses.write(response_line(code, output, int(request.get("requestId") or 0)))
        responses.flush()
    return 0


def response_line(code: int, output: str, request_id: int) -> bytes:
    """The response line, as `json.dumps` with sorted keys writes it (no `requestId` when 0).

    Written by hand: encoding a dict, CPython 3.11's `json` interns the strings "{" and "}" of
    the worker, which its children inherit, and a string's interning is part of the `.pyc`
    bytes they write (`//tests/install:worker_test`, e2e/two_pythons on 3.11). Encoding a str
    interns nothing.
    """
    line = '{"exitCode": %d, "output": %s' % (code, json.dumps(output))
    if request_id:
        line += ', "requestId": %d' % request_id
    return (line + "}\n").encode("utf-8")


def run_forked(main: Callable[[Sequence[str]], int], arguments: list[str],
               sandbox_dir: str | None) -> tuple[int, str]:
    """(exit code, stdout and stderr) of `main(arguments)` run in a child process."""
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(main, arguments, sandbox_dir, write_fd)
    os.close(write_fd)
    chunks = []
    while chunk := os.read(read_fd, 1 << 16):
        chunks.append(chunk)
    os.close(read_fd)
    _, status, usage = os.wait4(pid, 0)
    # The request's CPU (its child and the processes that child reaped) goes to the worker's
    # log, where the benchmark reads it: Bazel accounts for a worker as a whole only. Bytes,
    # so that no str of the worker is made or interned.
    os.write(2, b"rules_pyinstall worker: request cpu %d ms\n" % int((usage.ru_utime + usage.ru_stime) * 1000))
    output = b"".join(chunks).decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        output += f"rules_pyinstall: error: the helper was killed by signal {-code}\n"
        code = 1
    return code, output


def _child(main: Callable[[Sequence[str]], int], arguments: list[str], sandbox_dir: str | None,
           write_fd: int) -> None:
    code = 1
    try:
        os.dup2(write_fd, 1)
        os.dup2(write_fd, 2)
        os.close(write_fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)  # a request never reads the protocol's stream
        os.close(null)
        if sandbox_dir:
            os.chdir(sandbox_dir)
        code = main(arguments)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback  # only on a bug of ours; main reports every expected failure

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
