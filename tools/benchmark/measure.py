"""Timing a command or a Bazel build: wall time, CPU time of the whole process tree, peak memory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

SID_ROOT = Path(os.environ.get("BAZEL_SID_ROOT", "/opt/bazel-sid"))
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Sample:
    """One timed run."""

    scenario: str
    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    actions_cpu_s: float | None = None  # for Bazel: the part of cpu_s spent in its child processes
    installs_cpu_s: float | None = None  # for Bazel: its install actions' (the workers' requests)


def run_timed(command: Sequence[str], log: Path, cwd: Path | None = None,
              env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall s, user+sys s of the process tree, peak RSS MiB) of one command; fails loudly."""
    with log.open("ab") as out:
        out.write(("$ " + " ".join(command) + "\n").encode())
        out.flush()
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.stderr.write(log.read_text(errors="replace")[-4000:])
        raise SystemExit(f"bench: error: {command[0]} exited {process.returncode}; log: {log}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class Bazel:
    """One Bazel server (one output base) building the generated module."""

    def __init__(self, repo: Path, module: Path, output_base: Path, flags: list[str], log: Path):
        self.repo, self.module, self.output_base, self.flags, self.log = repo, module, output_base, flags, log
        self.env = dict(os.environ, BAZEL_SID_EXTRA_BINDS=str(repo))

    def _server_pid(self) -> int | None:
        pid_file = self.output_base / "server" / "server.pid.txt"
        return int(pid_file.read_text()) if pid_file.exists() else None

    @staticmethod
    def _cpu(pid: int | None) -> tuple[float, float]:
        """(server's own CPU s, its children's, i.e. the actions') from /proc.

        Children are the reaped ones (sandboxed actions) and the live ones with what they
        reaped (persistent workers, whose requests run in forks they reap): a worker that
        exits moves its time from the second kind to the first, so the sum stays right.
        """
        if pid is None:
            return 0.0, 0.0
        own, reaped = _times(pid)
        return own, reaped + sum(_tree_cpu(child) for child in _children(pid))

    @staticmethod
    def _peak_mib(pid: int | None) -> float:
        if pid is None:
            return 0.0
        match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
        return int(match.group(1)) / 1024 if match else 0.0

    def build(self, scenario: str, extra: Sequence[str] = (), targets: Sequence[str] = ("//:all",)) -> Sample:
        pid = self._server_pid()
        server_before, actions_before = self._cpu(pid)
        if pid is not None:
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM
        command = [str(self.repo / "tools" / "bazel"), f"--output_base={self.output_base}", "--max_idle_secs=900",
                   "build", *self.flags, *extra, *targets]
        # Installs: in the install actions, and in the layer actions that install their wheel.
        installs_before = self.worker_requests_cpu("PyinstallWheel") + self.worker_requests_cpu("PyinstallWheelLayer")
        wall, cpu, rss = run_timed(command, self.log, cwd=self.module, env=self.env)
        pid = self._server_pid()
        server, actions = self._cpu(pid)
        actions -= actions_before
        total = cpu + server - server_before + actions
        installs = self.worker_requests_cpu("PyinstallWheel") + self.worker_requests_cpu("PyinstallWheelLayer") - installs_before
        return Sample(scenario, wall, total, max(rss, self._peak_mib(pid)), actions, installs)

    def worker_requests_cpu(self, mnemonic: str) -> float:
        """CPU s of every request the workers of `mnemonic` answered so far, from their logs
        (pyinstall.common.worker writes a line per request; Bazel keeps a worker's stderr)."""
        total = 0
        for log in (self.output_base / "bazel-workers").glob(f"worker-*-{mnemonic}.log"):
            for match in re.finditer(r"^rules_pyinstall worker: request cpu (\d+) ms$", log.read_text(errors="replace"), re.M):
                total += int(match.group(1))
        return total / 1000

    def fetch_configure(self) -> None:
        """Fetches the repositories that describe the machine (the C++ toolchain's
        autoconfiguration, which py_binary needs): with the others, fetched before a cold build."""
        run_timed([str(self.repo / "tools" / "bazel"), f"--output_base={self.output_base}", "fetch", "--configure"],
                  self.log, cwd=self.module, env=self.env)

    def clean(self) -> None:
        run_timed([str(self.repo / "tools" / "bazel"), f"--output_base={self.output_base}", "clean"], self.log,
                  cwd=self.module, env=self.env)

    def shutdown(self) -> None:
        subprocess.run([str(self.repo / "tools" / "bazel"), f"--output_base={self.output_base}", "shutdown"],
                       cwd=self.module, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def _times(pid: int) -> tuple[float, float]:
    """(user + system s of the process, of its reaped children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0, 0.0
    utime, stime, cutime, cstime = (int(f) / CLOCK_TICK for f in fields[11:15])
    return utime + stime, cutime + cstime


def _tree_cpu(pid: int) -> float:
    """CPU s of a live process, of what it reaped and of its live descendants."""
    return sum(_times(pid)) + sum(_tree_cpu(child) for child in _children(pid))


def _children(pid: int) -> list[int]:
    """Live processes whose parent is `pid` (Bazel's workers)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return found


def count_pyc(root: Path) -> int:
    return sum(1 for _ in root.rglob("*.pyc"))


def sid(command: Sequence[str], home: Path) -> list[str]:
    """Runs a command in the Debian root Bazel's actions use, with a clean environment."""
    return ["bwrap", "--bind", str(SID_ROOT), "/", "--bind", "/proc", "/proc", "--dev-bind", "/dev", "/dev",
            "--bind", "/tmp", "/tmp", "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
            "--setenv", "HOME", str(home), "--setenv", "LC_ALL", "C.UTF-8", "--", *command]
