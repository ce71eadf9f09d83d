"""Is a requirements lock stale against its `.in`? Offline, for `bazel test`.

    python3 -m pyinstall.lock.lock_check --in requirements.in --lock requirements.txt --update-command '...'

Stale when: a requirement of the `.in` has no pin in the lock, or a pin its specifier refuses;
the lock pins a direct requirement (`# via -r requirements.in`) the `.in` no longer has; or
the lock does not name the `.in` at all (it was compiled from something else).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from pyinstall.common.errors import PyinstallError


def _lines(text: str) -> list[tuple[int, str]]:
    """Logical lines without comments, with their first line number."""
    out: list[tuple[int, str]] = []
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0] if not raw.lstrip().startswith("#") else ""
        if not pending:
            start = number
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line:
            out.append((start, line))
    return out


def read_in(text: str, label: str) -> list[Requirement]:
    """The requirements of a `.in` file (options such as `--index-url` are skipped)."""
    requirements = []
    for number, line in _lines(text):
        if line.startswith("-"):
            continue
        try:
            requirements.append(Requirement(line))
        except InvalidRequirement as exc:
            raise PyinstallError(f"{label}:{number}", f"not a requirement: {exc}") from exc
    return requirements


def read_pins(text: str) -> dict[str, str]:
    """name -> version of a lock's `name==version` pins."""
    pins: dict[str, str] = {}
    for _, line in _lines(text):
        spec = line.split(" --hash", 1)[0].split(";", 1)[0].strip()
        if "==" in spec and not spec.startswith("-"):
            name, version = spec.split("==", 1)
            pins[str(canonicalize_name(name.split("[", 1)[0].strip()))] = version.strip()
    return pins


def direct_pins(text: str, in_name: str) -> list[str]:
    """Pins the lock says come from the `.in` (`# via -r <in>`), as pip-compile and uv annotate them."""
    direct = []
    current = ""
    for raw in text.splitlines():
        if raw[:1].isalnum() and "==" in raw:
            current = str(canonicalize_name(raw.split("==", 1)[0].split("[", 1)[0].strip()))
        elif current:
            note = raw.strip().lstrip("#").strip().removeprefix("via ").strip()
            if note.startswith("-r ") and os.path.basename(note[3:].strip()) == in_name:
                direct.append(current)
    return direct


def problems(in_text: str, lock_text: str, in_name: str) -> list[str]:
    """Why the lock is stale; empty when it is up to date."""
    found = []
    if in_name not in lock_text:
        found.append(f"the lock does not name {in_name}: it was not compiled from it")
    pins = read_pins(lock_text)
    wanted = read_in(in_text, in_name)
    for requirement in wanted:
        name = str(canonicalize_name(requirement.name))
        if name not in pins:
            found.append(f"{requirement} is not pinned")
            continue
        try:
            ok = requirement.specifier.contains(Version(pins[name]), prereleases=True)
        except InvalidVersion:
            ok = False
        if not ok:
            found.append(f"{requirement} does not accept the pinned {name}=={pins[name]}")
    names = {str(canonicalize_name(r.name)) for r in wanted}
    for name in direct_pins(lock_text, in_name):
        if name not in names:
            found.append(f"{name} is pinned as a requirement of {in_name}, which no longer has it")
    return found


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m pyinstall.lock.lock_check", fromfile_prefix_chars="@")
    parser.add_argument("--in", dest="in_file", required=True, help="the requirements.in")
    parser.add_argument("--lock", required=True, help="the compiled lock")
    parser.add_argument("--update-command", required=True, help="what to run to refresh the lock")
    args = parser.parse_args(list(argv))
    with open(args.in_file, encoding="utf-8") as f:
        in_text = f.read()
    with open(args.lock, encoding="utf-8") as f:
        lock_text = f.read()
    try:
        found = problems(in_text, lock_text, os.path.basename(args.in_file))
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    if found:
        print(f"rules_pyinstall: error: {args.lock} is stale against {args.in_file}:", file=sys.stderr)
        for problem in found:
            print(f"  {problem}", file=sys.stderr)
        print(f"  hint: run `{args.update_command}`", file=sys.stderr)
        return 1
    print(f"{args.lock} is up to date with {args.in_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
