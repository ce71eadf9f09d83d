"""Running the PEP 517 hooks with pypa's `pyproject_hooks`, in the build's environment.

The backend's output goes to a log, not to Bazel's console: a build that works prints
nothing of it, and one that fails says why in one line (network, compiler, Rust, or the
backend's last lines), read from the markers the environment leaves and from the log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Mapping, Sequence

from pyproject_hooks import BackendUnavailable, BuildBackendHookCaller, BuildBackendWarning

from pyinstall.build import build_env
from pyinstall.common.errors import PyinstallError

# What the backend's output says when it tried the network some other way than Python's
# sockets (pip, curl, git): the audit hook catches the rest.
_NETWORK_SIGNS = ("sdist builds have no network", "Temporary failure in name resolution", "Network is unreachable",
                  "Failed to establish a new connection", "Could not find a version that satisfies",
                  "No matching distribution found", "Could not resolve host")


class _Runner:
    def __init__(self, env: Mapping[str, str], log: str) -> None:
        self.env = dict(env)
        self.log = log

    def __call__(self, cmd: Sequence[str], cwd: str | None = None, extra_environ: Mapping[str, str] | None = None) -> None:
        env = dict(self.env, **(extra_environ or {}))
        with open(self.log, "ab") as log:
            result = subprocess.run(list(cmd), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, check=False)
        if result.returncode != 0:
            raise subprocess.CalledProcessError(result.returncode, list(cmd))


def _tail(log: str, lines: int = 12) -> str:
    with open(log, encoding="utf-8", errors="replace") as f:
        kept = [line.rstrip() for line in f.read().splitlines() if line.strip()]
    return "\n    ".join(kept[-lines:])


def _failure(subject: str, markers: str, log: str, hook: str) -> PyinstallError:
    def marked(name: str) -> str:
        path = os.path.join(markers, name)
        if not os.path.exists(path):
            return ""
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.readline().strip() or "?"

    with open(log, encoding="utf-8", errors="replace") as f:
        output = f.read()
    network = marked(build_env.NETWORK_MARKER)
    if network or any(sign in output for sign in _NETWORK_SIGNS):
        return PyinstallError(
            subject,
            f"the build tried to reach the network ({network or 'see its output'}); builds have none",
            "pin the build's requirements in the build lock, or use a wheel of this package",
        )
    if marked(build_env.RUST_MARKER):
        return PyinstallError(subject, "its build runs cargo/rustc; no Rust toolchain is part of the build",
                              "use a wheel of this package, or leave it out with no_build")
    compiler = marked(build_env.COMPILER_MARKER)
    if compiler:
        return PyinstallError(
            subject,
            f"its build runs a C compiler ({compiler.split(' ')[0].rsplit('/', 1)[-1]}); no C compiler: "
            "register a cc_build toolchain (docs/sdists.md) or use a wheel",
            "a cc_build toolchain gives builds a pinned compiler; or pin a version with a wheel for this platform",
        )
    return PyinstallError(subject, f"the build backend failed in {hook}; its last lines:\n    {_tail(log)}",
                          "use a wheel of this package, or leave it out with no_build")


def run(project: str, backend: str, backend_path: Sequence[str], env: Mapping[str, str], markers: str,
        log: str, subject: str, wheel_dir: str, get_requires: bool) -> tuple[list[str], str]:
    """Asks the backend for its dynamic requirements, or builds the wheel into `wheel_dir`.

    Returns (requirements, "") or ([], the wheel's file name).
    """
    caller = BuildBackendHookCaller(project, backend, list(backend_path) or None, runner=_Runner(env, log),
                                    python_executable=os.path.abspath(sys.executable))
    hook = "get_requires_for_build_wheel" if get_requires else "build_wheel"
    # The backend's warnings are in its log; on success the helper prints one line.
    warnings.simplefilter("ignore", BuildBackendWarning)
    try:
        if get_requires:
            return list(caller.get_requires_for_build_wheel({})), ""
        return [], caller.build_wheel(os.path.abspath(wheel_dir), {})
    except BackendUnavailable as exc:
        raise PyinstallError(subject, f"its build backend {backend!r} does not import: {str(exc).splitlines()[0]}",
                             "add the backend to the build lock, or use a wheel of this package") from exc
    except subprocess.CalledProcessError as exc:
        raise _failure(subject, markers, log, hook) from exc
