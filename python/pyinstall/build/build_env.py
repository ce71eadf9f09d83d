"""The build's environment: its requirement wheels installed, no network, no stray compiler.

Every variable is set here, none inherited. The backend's process (and any Python it starts)
imports a `sitecustomize` that adds the installed requirements as a site directory and an
audit hook that refuses any connection or name lookup, leaving a marker the build reads to
say why it failed. Without a C toolchain, `cc`, `gcc`, `c++`... and `cargo`/`rustc` on PATH
are stubs that leave a marker and fail, so a compiling build fails with one clear error.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import sys

from installer import install
from installer.destinations import SchemeDictionaryDestination
from installer.sources import WheelFile

NETWORK_MARKER = "network-attempt"
COMPILER_MARKER = "compiler-attempt"
RUST_MARKER = "rust-attempt"

_COMPILERS = ("cc", "gcc", "c++", "g++", "cpp", "clang", "clang++", "x86_64-linux-gnu-gcc",
              "x86_64-linux-gnu-g++", "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-g++")
_RUST = ("cargo", "rustc")

_SITECUSTOMIZE = '''\
import os, site, socket, sys

site.addsitedir(os.environ["PYINSTALL_BUILD_SITE"])


def _no_network(event, args):
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr") or (
        event in ("socket.connect", "socket.sendto") and args[0].family != socket.AF_UNIX
    ):
        with open(os.path.join(os.environ["PYINSTALL_BUILD_MARKERS"], "{marker}"), "a") as f:
            f.write(event + " " + repr(args[-1] if event == "socket.connect" else args[0]) + "\\n")
        raise OSError(101, "rules_pyinstall: sdist builds have no network")


sys.addaudithook(_no_network)
'''

_STUB = '''\
#!{python}
import os, sys
with open(os.path.join(os.environ["PYINSTALL_BUILD_MARKERS"], "{marker}"), "a") as f:
    f.write(" ".join(sys.argv) + "\\n")
sys.stderr.write("rules_pyinstall: " + os.path.basename(sys.argv[0]) + " is not part of this build\\n")
sys.exit(1)
'''


@dataclasses.dataclass(frozen=True)
class CcToolchain:
    """What the build helper got of a CcBuildToolchainInfo: its root file and its env."""

    root: str
    env: dict[str, str]


def install_requirements(wheels: list[str], site_dir: str, bin_dir: str) -> None:
    """Installs the wheels, unpacked as they are (no .pyc: nothing of them reaches the output)."""
    destination = SchemeDictionaryDestination(
        {"purelib": site_dir, "platlib": site_dir, "scripts": bin_dir, "headers": os.path.join(site_dir, "_headers"),
         "data": os.path.join(site_dir, "_data")},
        interpreter=os.path.abspath(sys.executable),
        script_kind="posix",
        bytecode_optimization_levels=(),
    )
    for path in wheels:
        with WheelFile.open(pathlib.Path(path)) as source:
            install(source, destination, {})


def _write(path: str, text: str, mode: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, mode)


def _stubs(directory: str, names: tuple[str, ...], marker: str) -> None:
    os.makedirs(directory, exist_ok=True)
    for name in names:
        _write(os.path.join(directory, name), _STUB.format(python=os.path.abspath(sys.executable), marker=marker), 0o755)


def environment(work: str, source_date_epoch: int, cc: CcToolchain | None, project: str) -> dict[str, str]:
    """The backend's whole environment; `work` holds the env, markers, HOME and TMPDIR."""
    for sub in ("site", "bin", "hooks", "markers", "home", "tmp"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    _write(os.path.join(work, "hooks", "sitecustomize.py"), _SITECUSTOMIZE.format(marker=NETWORK_MARKER), 0o644)
    _stubs(os.path.join(work, "stubs", "rust"), _RUST, RUST_MARKER)
    path = [os.path.join(work, "bin")]
    env = {
        "HOME": os.path.join(work, "home"),
        "TMPDIR": os.path.join(work, "tmp"),
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "SOURCE_DATE_EPOCH": str(source_date_epoch),
        "PYTHONHASHSEED": "0",
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": os.path.join(work, "hooks"),
        "PYINSTALL_BUILD_SITE": os.path.join(work, "site"),
        "PYINSTALL_BUILD_MARKERS": os.path.join(work, "markers"),
        "PIP_NO_INDEX": "1",
        "PIP_NO_INPUT": "1",
    }
    if cc is None:
        stubs = os.path.join(work, "stubs", "cc")
        _stubs(stubs, _COMPILERS + ("ar", "ld"), COMPILER_MARKER)
        path.append(stubs)
        stub = os.path.join(stubs, "cc")
        env.update({"CC": stub, "CXX": os.path.join(stubs, "c++"), "CPP": os.path.join(stubs, "cpp"),
                    "LDSHARED": stub + " -shared", "LDCXXSHARED": os.path.join(stubs, "c++") + " -shared",
                    "AR": os.path.join(stubs, "ar")})
    else:
        root = os.path.dirname(os.path.abspath(cc.root))
        for key, value in sorted(cc.env.items()):
            env[key] = value.replace("{toolchain_root}", root)
        if "PATH_PREFIX" in env:
            path.insert(1, env.pop("PATH_PREFIX"))
        # Compilers record the directories they ran in; the build's own are mapped to "." so
        # that no sandbox path reaches the wheel. GCC tries the last map first: the execroot's
        # goes before the toolchain's own flags (whose map of its root must win), the build
        # directory's and the sdist's after them.
        def maps(*dirs: str) -> str:
            return " ".join(f"-f{kind}-prefix-map={os.path.abspath(p)}=." for p in dirs for kind in ("file", "debug"))

        for key in ("CFLAGS", "CXXFLAGS"):
            env[key] = " ".join(part for part in (maps(os.getcwd()), env.get(key, ""), maps(work, project)) if part)
    path.append(os.path.join(work, "stubs", "rust"))
    env["PATH"] = os.pathsep.join(path)
    return env
