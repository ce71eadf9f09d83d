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

An existing lock keeps its roots, excludes, suite and mirror: run the first command again to
refresh it to the suite's current versions, the second to add a root package.
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
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Dict, List, Optional, Tuple

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

Stanza = Dict[str, str]


class LockError(Exception):
    pass


def parse_index(text: str) -> Iterator[Stanza]:
    """The stanzas of a Debian control file (`Packages`), continuation lines joined."""
    for block in text.split("\n\n"):
        fields: Stanza = {}
        key = None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key is not None:
                fields[key] += "\n" + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if "Package" in fields:
            yield fields


# Debian version comparison (Debian Policy 5.6.12): epoch, upstream, revision; `~` sorts first.
def _order(c: str) -> int:
    if c == "~":
        return -1
    if c.isalpha():
        return ord(c)
    return ord(c) + 256


def _compare_part(a: str, b: str) -> int:
    while a or b:
        a_text = re.match(r"[^0-9]*", a).group()  # type: ignore[union-attr]
        b_text = re.match(r"[^0-9]*", b).group()  # type: ignore[union-attr]
        for i in range(max(len(a_text), len(b_text))):
            x = _order(a_text[i]) if i < len(a_text) else 0
            y = _order(b_text[i]) if i < len(b_text) else 0
            if x != y:
                return -1 if x < y else 1
        a, b = a[len(a_text):], b[len(b_text):]
        a_num = re.match(r"[0-9]*", a).group()  # type: ignore[union-attr]
        b_num = re.match(r"[0-9]*", b).group()  # type: ignore[union-attr]
        if int(a_num or 0) != int(b_num or 0):
            return -1 if int(a_num or 0) < int(b_num or 0) else 1
        a, b = a[len(a_num):], b[len(b_num):]
    return 0


def _split_version(version: str) -> Tuple[int, str, str]:
    epoch, _, rest = version.rpartition(":") if ":" in version else ("0", "", version)
    upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "0")
    return int(epoch), upstream, revision


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as Debian version `a` is older than, equal to or newer than `b`."""
    ea, ua, ra = _split_version(a)
    eb, ub, rb = _split_version(b)
    if ea != eb:
        return -1 if ea < eb else 1
    return _compare_part(ua, ub) or _compare_part(ra, rb)


_RELATION = re.compile(r"^([a-z0-9][a-z0-9.+-]*)(?::[a-z0-9-]+)?\s*(?:\(\s*(<<|<=|=|>=|>>)\s*([^)\s]+)\s*\))?$")


def parse_relations(value: str) -> List[List[Tuple[str, Optional[str], Optional[str]]]]:
    """`a (>= 1) | b, c` -> [[(a, '>=', '1'), (b, None, None)], [(c, None, None)]]."""
    groups = []
    for group in value.split(","):
        if not group.strip():
            continue
        alternatives = []
        for alternative in group.split("|"):
            alternative = re.sub(r"\[.*?\]|<.*?>", "", alternative).strip()
            match = _RELATION.match(alternative)
            if not match:
                raise LockError(f"cannot parse the package relation {alternative!r}")
            alternatives.append((match.group(1), match.group(2), match.group(3)))
        if alternatives:
            groups.append(alternatives)
    return groups


def _satisfies(version: str, op: Optional[str], wanted: Optional[str]) -> bool:
    if op is None or wanted is None:
        return True
    c = compare_versions(version, wanted)
    return {"<<": c < 0, "<=": c <= 0, "=": c == 0, ">=": c >= 0, ">>": c > 0}[op]


class Index:
    """The newest version of every package of one architecture, and who provides what."""

    def __init__(self, stanzas: Iterator[Stanza], architecture: str) -> None:
        self.packages: Dict[str, Stanza] = {}
        self.providers: Dict[str, List[Tuple[str, Optional[str]]]] = {}
        for stanza in stanzas:
            if stanza.get("Architecture") not in (architecture, "all"):
                continue
            name = stanza["Package"]
            current = self.packages.get(name)
            if current is None or compare_versions(stanza["Version"], current["Version"]) > 0:
                self.packages[name] = stanza
        for name, stanza in sorted(self.packages.items()):
            for (provided, _, version), in parse_relations(stanza.get("Provides", "")):
                self.providers.setdefault(provided, []).append((name, version))

    def candidates(self, name: str, op: Optional[str], wanted: Optional[str]) -> List[str]:
        """Packages satisfying one alternative: the real package first, then providers."""
        found = []
        real = self.packages.get(name)
        if real is not None and _satisfies(real["Version"], op, wanted):
            found.append(name)
        for provider, version in self.providers.get(name, []):
            if op is None or (version is not None and _satisfies(version, op, wanted)):
                found.append(provider)
        return found


def resolve(index: Index, roots: Sequence[str], exclude: Sequence[str]) -> List[Stanza]:
    """The closure of `roots`, each dependency satisfied by its first satisfiable alternative."""
    excluded = set(exclude)
    chosen: Dict[str, Stanza] = {}
    pending = list(roots)
    for root in roots:
        if root not in index.packages:
            raise LockError(f"root package {root!r} is not in the index")
    while pending:
        name = pending.pop()
        if name in chosen or name in excluded:
            continue
        stanza = index.packages[name]
        chosen[name] = stanza
        relations = stanza.get("Pre-Depends", "") + "," + stanza.get("Depends", "")
        for group in parse_relations(relations.strip(",")):
            if any(alt[0] in excluded for alt in group):
                continue
            already = [c for alt in group for c in index.candidates(*alt) if c in chosen]
            if already:
                continue
            options = [c for alt in group for c in index.candidates(*alt)]
            if not options:
                text = " | ".join(alt[0] for alt in group)
                raise LockError(f"{name}: nothing in the index satisfies the dependency {text!r}")
            pending.append(options[0])
    return [chosen[name] for name in sorted(chosen)]


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
