"""Reading a PEP 751 `pylock.toml` into the hub's lock description (JSON).

    python3 -m pyinstall.lock.pylock --lock pylock.toml --label //:pylock.toml --output lock.json

Run by the `pyinstall` module extension with a host Python >= 3.11 (for `tomllib`). The JSON is
what the extension gets from a requirements file: packages with their files (URL, sha256).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Sequence
from typing import Any

from pyinstall.common.errors import PyinstallError


def normalize_name(name: str) -> str:
    # PEP 503, without `packaging`: this module runs before anything else is fetched.
    out: list[str] = []
    for c in name.lower():
        if c in "-_.":
            if not out or out[-1] != "-":
                out.append("-")
        else:
            out.append(c)
    return "".join(out)


def _file(entry: dict[str, Any], subject: str) -> dict[str, Any]:
    filename = entry.get("name") or str(entry.get("url", "")).rsplit("/", 1)[-1]
    url = entry.get("url")
    if not url:
        raise PyinstallError(subject, f"file {filename!r} has no url (only `path`)", "lock packages from an index")
    sha256 = (entry.get("hashes") or {}).get("sha256")
    if not sha256:
        raise PyinstallError(subject, f"file {filename!r} has no sha256 hash", "regenerate the lock (pip lock)")
    return {"filename": filename, "url": url, "sha256": str(sha256).lower(), "metadata_sha256": ""}


def _package_lines(text: str) -> list[int]:
    """The line of each `[[packages]]` header: tomllib gives no positions, errors need them."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip().replace(" ", "") == "[[packages]]"]


def read_lock(text: str, label: str) -> dict[str, Any]:
    """The lock description of a pylock.toml's text; `label` names the file in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PyinstallError(label, f"malformed TOML: {exc}", "fix or regenerate the file") from exc
    version = str(data.get("lock-version", ""))
    if version.split(".")[0] != "1":
        raise PyinstallError(label, f"lock-version {version!r} is not supported (only 1.x)", "write it with pip lock")
    packages = []
    skipped: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    lines = _package_lines(text)
    for index, package in enumerate(data.get("packages", []), start=1):
        name = package.get("name")
        line = lines[index - 1] if index <= len(lines) else index
        subject = f"{label}:{line}: {name or '[[packages]] without a name'}"
        if name and "directory" in package:
            # `uv export` lists the project itself (editable); first-party code is Bazel targets.
            kind = "editable directory" if package["directory"].get("editable") else "directory"
            skipped.append(f"{label}:{line}: skipped {name}, a local {kind} ({package['directory'].get('path', '?')}): first-party code comes from Bazel targets")
            continue
        if not name or not package.get("version"):
            missing = " and ".join(k for k in ("name", "version") if not package.get(k))
            raise PyinstallError(subject, f"has no `{missing}`", "lock only packages from an index (pip lock, uv export --format pylock.toml)")
        marker = str(package.get("marker", ""))
        key = (normalize_name(name), marker)
        if key in seen:
            raise PyinstallError(subject, f"{name} is listed twice (first on line {seen[key]}) with the same marker", "keep one entry")
        seen[key] = line
        files = [_file(wheel, subject) for wheel in package.get("wheels", [])]
        if "sdist" in package:
            files.append(_file(package["sdist"], subject))
        if not files:
            raise PyinstallError(subject, "has no wheels (vcs or archive entries)", "lock it from an index")
        packages.append(
            {
                "name": key[0],
                "display_name": name,
                "version": str(package["version"]),
                "extras": [],
                "marker": marker,
                "line": line,
                "files": files,
                # The Simple API the files come from: the hub drops those it no longer serves.
                "index": str(package.get("index", "")),
            }
        )
    return {"packages": packages, "environments": [str(e) for e in data.get("environments", [])], "skipped": skipped}


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m pyinstall.lock.pylock", fromfile_prefix_chars="@")
    parser.add_argument("--lock", required=True, help="the pylock.toml file")
    parser.add_argument("--label", required=True, help="how errors name the file")
    parser.add_argument("--output", required=True, help="the JSON to write")
    args = parser.parse_args(list(argv))
    try:
        with open(args.lock, encoding="utf-8") as f:
            lock = read_lock(f.read(), args.label)
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(lock, f, indent=1, sort_keys=True)
    print(f"read {args.label}: {len(lock['packages'])} packages")
    for notice in lock["skipped"]:
        print(notice)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
