#!/usr/bin/env python3
"""Writes the lock of Debian packages a Python runtime is built from.

Resolves the closure of root packages through Pre-Depends and Depends in Debian's `Packages`
index (first satisfiable alternative, virtual packages through Provides), leaves out the
packages an image never runs (EXCLUDE), and writes a sorted JSON lock: for every package its
name, version, architecture, pool path, URL, sha256 and size. Standard library only, so it
runs on any host Python >= 3.9.

    python3 tools/debian_lock.py runtime/python3.13-trixie-amd64.lock.json --arch amd64
    python3 tools/debian_lock.py runtime/python3.13-trixie-amd64.lock.json --add libbz2-1.0
    python3 tools/debian_lock.py runtime/gcc14-trixie-amd64.lock.json --arch amd64 --roots gcc14
    python3 tools/debian_lock.py runtime/python3.14-forky-arm64.lock.json --arch arm64 --suite forky --python 3.14

An existing lock keeps its roots, excludes, suite and mirror: run the first command again to
refresh it to the suite's current versions, the second to add a root package. `--python X.Y`
derives the roots of another CPython from what the suite names its packages (the third).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import re
import sys
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any, Dict, List

from debian_index import (  # noqa: F401 (also the tests' names)
    Index,
    LockError,
    Stanza,
    compare_versions,
    parse_index,
    parse_relations,
    resolve,
)

MIRROR = "https://deb.debian.org/debian"
SUITE = "trixie"
COMPONENT = "main"
ARCHITECTURES = ("amd64", "arm64")

# What the runtime is made of: CPython and what its extension modules and manylinux wheels
# load, plus the data files an image needs (CA certificates, time zones, /etc/services,
# /etc/mime.types, /etc/os-release).
ROOTS = (
    "base-files",
    "ca-certificates",
    "libc6",
    "libexpat1",
    "libffi8",
    "libgcc-s1",
    "libpython3.13-minimal",
    "libpython3.13-stdlib",
    "libsqlite3-0",
    "libssl3t64",
    "libstdc++6",
    "media-types",
    "netbase",
    "python3-minimal",
    "python3.13-minimal",
    "tzdata",
    "zlib1g",
)

# What the C/C++ toolchain of sdist builds is made of (`--roots gcc14`): GCC 14 and binutils,
# the C library's headers and crt files, and the runtime's own CPython headers; the shared
# libraries they load (libisl, libmpc, libmpfr, libgmp, libzstd, libjansson...) come as
# dependencies.
CC_ROOTS = (
    "binutils",
    "cpp-14",
    "g++-14",
    "gcc-14",
    "libc6-dev",
    "libgcc-14-dev",
    "libpython3.13-dev",
    "libstdc++-14-dev",
    "linux-libc-dev",
    "python3.13-dev",
)

# Root sets a new lock may start from (`--roots`); an existing lock keeps its own roots.
ROOT_SETS = {"python3.13": ROOTS, "gcc14": CC_ROOTS}


def python_roots(index: "Index", version: str) -> List[str]:
    """ROOTS for CPython `version` in the suite of `index`.

    Suites name some packages differently: OpenSSL is libssl3t64 since trixie's 64-bit time_t
    transition (libssl3 before), and python3-minimal, which gives /usr/bin/python3, depends on
    the suite's default CPython only: a suite's other CPython has no /usr/bin/python3.
    """
    if not re.fullmatch(r"3\.[0-9]+", version):
        raise LockError(f"--python wants major.minor, like 3.13, not {version!r}")
    ssl = "libssl3t64" if "libssl3t64" in index.packages else "libssl3"
    specific = {f"libpython{version}-minimal", f"libpython{version}-stdlib", f"python{version}-minimal"}
    missing = sorted(name for name in specific if name not in index.packages)
    if missing:
        raise LockError(f"the suite has no Python {version}: no {', '.join(missing)}")
    roots = [r for r in ROOTS if not r.startswith(("libpython3", "python3", "libssl3"))]
    roots += sorted(specific) + [ssl]
    default = index.packages.get("python3-minimal", {}).get("Pre-Depends", "")
    if any(alt[0] == f"python{version}-minimal" for group in parse_relations(default) for alt in group):
        roots.append("python3-minimal")
    return sorted(roots)


# Dependencies an image does not need, because nothing runs maintainer scripts there.
EXCLUDE = (
    "awk",  # base-files Pre-Depends on it for its maintainer scripts
    "debconf",  # ca-certificates and tzdata ask their questions at install time only
    "debconf-2.0",
    "dpkg",  # python3-minimal's postinst; the image is never managed by dpkg
    "mawk",
    "openssl",  # ca-certificates runs it to rehash /etc/ssl/certs; the layer rule does that work
    "perl-base",
)

def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (https mirror)
        data: bytes = response.read()
        return data


def _release_sha256(release: str, path: str) -> str:
    in_sha256 = False
    for line in release.splitlines():
        if not line.startswith(" "):
            in_sha256 = line.startswith("SHA256:")
            continue
        fields = line.split()
        if in_sha256 and len(fields) == 3 and fields[2] == path:
            return fields[0]
    raise LockError(f"the Release file does not list {path}")


def load_index(mirror: str, suite: str, architecture: str) -> Index:
    """Downloads the suite's `Packages.xz`, checked against the sha256 in its Release file."""
    release = _fetch(f"{mirror}/dists/{suite}/Release").decode()
    path = f"{COMPONENT}/binary-{architecture}/Packages.xz"
    data = _fetch(f"{mirror}/dists/{suite}/{path}")
    if hashlib.sha256(data).hexdigest() != _release_sha256(release, path):
        raise LockError(f"{path} does not match the sha256 in {suite}'s Release file")
    return Index(parse_index(lzma.decompress(data).decode("utf-8")), architecture)


def make_lock(stanzas: Sequence[Stanza], mirror: str, suite: str, architecture: str,
              roots: Sequence[str], exclude: Sequence[str]) -> Dict[str, Any]:
    return {
        "architecture": architecture,
        "exclude": sorted(exclude),
        "mirror": mirror,
        "packages": [
            {
                "architecture": s["Architecture"],
                "filename": s["Filename"],
                "name": s["Package"],
                "sha256": s["SHA256"],
                "size": int(s["Size"]),
                "url": f"{mirror}/{s['Filename']}",
                "version": s["Version"],
            }
            for s in stanzas
        ],
        "roots": sorted(roots),
        "suite": suite,
        "version": 1,
    }


def render(lock: Mapping[str, Any]) -> str:
    return json.dumps(lock, indent=2, sort_keys=True) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tools/debian_lock.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("lock", help="the lock file to write (read first when it exists)")
    parser.add_argument("--arch", choices=ARCHITECTURES, help="Debian architecture (default: the lock's)")
    parser.add_argument("--add", action="append", default=[], metavar="PACKAGE", help="add a root package")
    parser.add_argument("--roots", choices=sorted(ROOT_SETS), help="root set of a new lock (default: python3.13)")
    parser.add_argument("--mirror", help=f"Debian mirror (default: the lock's, else {MIRROR})")
    parser.add_argument("--suite", help=f"Debian suite (default: the lock's, else {SUITE})")
    parser.add_argument("--python", metavar="X.Y", help="the CPython to lock: its roots replace the lock's")
    return parser


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    previous: Dict[str, Any] = {}
    if os.path.exists(args.lock):
        with open(args.lock, encoding="utf-8") as f:
            previous = json.load(f)
    architecture = args.arch or previous.get("architecture")
    if not architecture:
        print(f"rules_pyinstall: error: {args.lock} does not exist yet: say --arch", file=sys.stderr)
        return 2
    mirror = (args.mirror or previous.get("mirror") or MIRROR).rstrip("/")
    suite = args.suite or previous.get("suite") or SUITE
    initial = ROOT_SETS[args.roots] if args.roots else ROOTS
    roots = sorted(set(previous.get("roots", initial)) | set(args.add))
    exclude = sorted(previous.get("exclude", EXCLUDE))
    try:
        index = load_index(mirror, suite, architecture)
        if args.python:
            roots = sorted(set(python_roots(index, args.python)) | set(args.add))
        stanzas = resolve(index, roots, exclude)
    except (LockError, OSError) as e:
        print(f"rules_pyinstall: error: {args.lock}: {e}", file=sys.stderr)
        return 1
    lock = make_lock(stanzas, mirror, suite, architecture, roots, exclude)
    tmp = args.lock + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(render(lock))
    os.replace(tmp, args.lock)
    size = sum(p["size"] for p in lock["packages"])
    print(f"{args.lock}: {len(stanzas)} packages, {size / 1e6:.1f} MB of .deb for {suite} {architecture}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
