"""Runs batches of work each in a process forked from one fixed state, up to `jobs` at once.

CPython's `.pyc` bytes depend on the compiling process's history, not only on the source:
marshal writes a string as interned, and flags an object as shared (FLAG_REF), according to
what earlier compilations left in the process. Compiling each batch in a fork of the same
parent makes every batch's bytes independent of the other batches, of their order and of the
number of workers, so a parallel install writes what a serial one writes.
"""

from __future__ import annotations

import marshal
import os
import selectors
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def run_batches(batches: Sequence[T], work: Callable[[T], Any], jobs: int, order: Sequence[int] | None = None) -> list[Any]:
    """`[work(b) for b in batches]`, each call in a fresh fork of this process.

    `order` is the order in which batches start (default: as given), e.g. the longest first
    so that the last to finish is a short one; the results are in `batches`' order anyway.

    A single batch runs in this process: its fork would start from this very state, so the
    result is the same without the fork. Results must be marshallable (lists, tuples, bytes,
    str, int). An exception in a batch is raised here as RuntimeError with its traceback.
    """
    if len(batches) <= 1 or not hasattr(os, "fork"):
        return [work(batch) for batch in batches]
    sys.stdout.flush()
    sys.stderr.flush()
    results: list[Any] = [None] * len(batches)
    running: dict[int, tuple[int, int, list[bytes]]] = {}  # read fd -> (index, pid, chunks)
    selector = selectors.DefaultSelector()
    pending = iter(order if order is not None else range(len(batches)))
    failure = None
    try:
        while True:
            while failure is None and len(running) < max(1, jobs):
                index = next(pending, None)
                if index is None:
                    break
                read_fd, write_fd = os.pipe()
                pid = os.fork()
                if pid == 0:  # the child: do one batch, send its result, never return
                    os.close(read_fd)
                    _child(write_fd, work, batches[index])
                os.close(write_fd)
                running[read_fd] = (index, pid, [])
                selector.register(read_fd, selectors.EVENT_READ)
            if not running:
                break
            for key, _ in selector.select():
                fd = key.fd
                assert isinstance(fd, int)
                index, pid, chunks = running[fd]
                chunk = os.read(fd, 1 << 16)
                if chunk:
                    chunks.append(chunk)
                    continue
                selector.unregister(fd)
                os.close(fd)
                del running[fd]
                _, status = os.waitpid(pid, 0)
                payload = b"".join(chunks)
                if os.waitstatus_to_exitcode(status) != 0 or not payload.startswith(b"ok"):
                    failure = failure or payload[3:].decode("utf-8", "replace") or f"worker exited {status}"
                else:
                    results[index] = marshal.loads(payload[2:])
    finally:
        selector.close()
    if failure is not None:
        raise RuntimeError(f"a worker failed:\n{failure}")
    return results


def _child(write_fd: int, work: Callable[[Any], Any], batch: Any) -> None:
    code = 0
    try:
        payload = b"ok" + marshal.dumps(work(batch))
    except BaseException:
        payload = b"err" + traceback.format_exc().encode("utf-8", "replace")
        code = 1
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view):]
    finally:
        os._exit(code)
