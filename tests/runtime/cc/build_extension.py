"""Builds one extension module with a `CcBuildToolchainInfo`'s env, as an sdist build would.

Run by `cc_extension` (cc_extension.bzl) on the Debian runtime inside a build action:

    python3 build_extension.py --root <toolchain ROOT file> --env <env.json> --source hello.c \
        --mode gcc|setuptools [--setuptools <dir>] --out hello.so --again again/hello.so

It follows the env's contract: `{toolchain_root}` becomes the absolute directory of `--root`,
PATH is PATH_PREFIX alone (so nothing of the machine's PATH is used), and the build's own
directory gets a prefix map. The module is built twice, in two directories of different
lengths, the second time through a symlink to the toolchain (another `{toolchain_root}`); the
action fails unless both builds give the same bytes and neither holds any of those paths.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from typing import Dict, List

_SETUP = """\
from setuptools import Extension, setup
setup(
    name="{name}",
    version="1.0",
    ext_modules=[Extension("{name}", ["{source}"])],
    script_args=["--quiet", "build_ext", "--inplace"],
)
"""


class BuildError(Exception):
    pass


def toolchain_env(env: Dict[str, str], toolchain_root: str, build_dir: str) -> Dict[str, str]:
    """The process environment of a build: placeholders replaced, PATH_PREFIX as PATH."""
    resolved = {key: value.replace("{toolchain_root}", toolchain_root) for key, value in env.items()}
    prefix_map = f" -ffile-prefix-map={build_dir}=."
    for key in ("CFLAGS", "CXXFLAGS"):
        resolved[key] = resolved.get(key, "") + prefix_map
    result = {
        "PATH": resolved.pop("PATH_PREFIX"),
        "SOURCE_DATE_EPOCH": os.environ["SOURCE_DATE_EPOCH"],
        "LC_ALL": "C.UTF-8",
        "TMPDIR": build_dir,
    }
    result.update(resolved)
    return result


def _run(argv: List[str], env: Dict[str, str], cwd: str) -> str:
    done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        raise BuildError(f"{shlex.join(argv[:2])}... exited with {done.returncode}:\n{output}")
    return output


def _resolved_dir(path: str) -> str:
    # Directories resolved, not files (in a sandbox each file is a symlink to the output base).
    return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))


# What the driver would run or link, each of which must be the toolchain's own.
_PRINT = ("-print-prog-name=cc1", "-print-prog-name=cc1plus", "-print-prog-name=as",
          "-print-prog-name=ld", "-print-prog-name=collect2", "-print-file-name=crti.o",
          "-print-file-name=libc.so", "-print-file-name=libstdc++.so", "-print-libgcc-file-name",
          "-print-sysroot")


def check_programs(env: Dict[str, str], toolchain_root: str, build_dir: str) -> None:
    """Fails unless the driver's programs, crt files and libraries are under the toolchain, and
    `ld` found on PATH links in its sysroot."""
    top = os.path.realpath(toolchain_root)
    for flag in _PRINT + ("--print-sysroot",):
        argv = ["ld", flag] if flag.startswith("--") else shlex.split(env["CC"]) + [flag]
        done = subprocess.run(argv, env=env, cwd=build_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        found = _resolved_dir(done.stdout.decode().strip())
        # Programs must be launchers (the real ones would run on the machine's ld.so).
        where = top + ("/libexec/" if flag.startswith("-print-prog-name=") else "/")
        if done.returncode != 0 or not found.startswith(where):
            raise BuildError(f"gcc {flag} is {found}, not under {where}")


def _gcc(env: Dict[str, str], source: str, build_dir: str, name: str) -> str:
    cxx = source.endswith(".cpp")
    compiler, flags, linker = ("CXX", "CXXFLAGS", "LDCXXSHARED") if cxx else ("CC", "CFLAGS", "LDSHARED")
    obj, output = name + ".o", name + ".so"
    _run(shlex.split(env[compiler]) + shlex.split(env[flags]) +
         ["-O2", "-g", "-fPIC", "-c", os.path.basename(source), "-o", obj], env, build_dir)
    # -L of the machine's library directory, as setuptools adds for a shared libpython: the
    # linker must still take every file from the toolchain (-t lists them).
    machine = "-L/usr/lib/" + _run(shlex.split(env["CC"]) + ["-dumpmachine"], env, build_dir)
    trace = _run(shlex.split(env[linker]) + shlex.split(env["LDFLAGS"]) +
                 [machine, "-Wl,-t", obj, "-lm", "-o", output], env, build_dir)
    top = os.path.realpath(os.path.dirname(env["PATH"]))
    for path in re.findall(r"/[^\s():]+", trace):
        if not _resolved_dir(os.path.normpath(path)).startswith((top + "/", build_dir + "/")):
            raise BuildError(f"the linker read {path}, outside the toolchain")
    return os.path.join(build_dir, output)


def _setuptools(env: Dict[str, str], source: str, build_dir: str, name: str, setuptools: str) -> str:
    with open(os.path.join(build_dir, "setup.py"), "w", encoding="utf-8") as f:
        f.write(_SETUP.format(name=name, source=os.path.basename(source)))
    _run([sys.executable, "setup.py"], dict(env, PYTHONPATH=setuptools, PYTHONHASHSEED="0"), build_dir)
    built = [n for n in os.listdir(build_dir) if n.startswith(name + ".") and n.endswith(".so")]
    if len(built) != 1:
        raise BuildError(f"setuptools built {built or 'no module'} in {build_dir}")
    return os.path.join(build_dir, built[0])


def build(args: argparse.Namespace, toolchain_root: str, build_dir: str) -> bytes:
    with open(args.env, encoding="utf-8") as f:
        env = toolchain_env(json.load(f), toolchain_root, build_dir)
    shutil.copy(args.source, build_dir)
    name = os.path.splitext(os.path.basename(args.source))[0]
    if args.mode == "setuptools":
        built = _setuptools(env, args.source, build_dir, name, os.path.abspath(args.setuptools))
    else:
        check_programs(env, toolchain_root, build_dir)
        built = _gcc(env, args.source, build_dir, name)
    with open(built, "rb") as f:
        return f.read()


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for flag in ("--root", "--env", "--source", "--out", "--again"):
        parser.add_argument(flag, required=True)
    parser.add_argument("--mode", choices=("gcc", "setuptools"), required=True)
    parser.add_argument("--setuptools")
    args = parser.parse_args(argv)
    toolchain_root = os.path.abspath(os.path.dirname(args.root))
    work = tempfile.mkdtemp(prefix="cc-")
    try:
        first_dir = os.path.join(work, "a")
        second_dir = os.path.join(work, "b", "a", "much", "longer", "build", "directory")
        other_root = os.path.join(work, "elsewhere", "toolchain")
        for directory in (first_dir, second_dir, os.path.dirname(other_root)):
            os.makedirs(directory)
        os.symlink(toolchain_root, other_root)
        first = build(args, toolchain_root, first_dir)
        second = build(args, other_root, second_dir)
        paths = {toolchain_root, os.path.realpath(toolchain_root), other_root, first_dir, second_dir,
                 os.getcwd(), os.path.realpath(os.getcwd())}
        for label, data in (("first", first), ("second", second)):
            leaked = sorted(p for p in paths if p.encode() in data)
            if leaked:
                raise BuildError(f"the {label} build's module holds the absolute path {leaked[0]}")
        if first != second:
            raise BuildError("two builds in different directories gave different bytes")
    except BuildError as e:
        print(f"build_extension: error: {args.source}: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for output, data in ((args.out, first), (args.again, second)):
        with open(output, "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
