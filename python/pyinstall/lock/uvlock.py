"""Reading a `uv.lock` into the hub's lock description (JSON), without running uv.

    python3 -m pyinstall.lock.uvlock --lock uv.lock --label //:uv.lock --hub hub.json --output lock.json

Run by the `pyinstall` module extension with a host Python >= 3.11 (for `tomllib`). A uv.lock
is universal: it holds every fork of the resolution, each package's wheels, and the graph with
markers on its edges. What a platform installs is what `uv export` would list for it: walk from
the workspace members (their dependencies, the extras and dependency groups asked for), edges
whose marker holds there. The graph comes from the lock, so the hub fetches no metadata.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from pyinstall.common.errors import PyinstallError
from pyinstall.lock.pylock import normalize_name as _normalize
from pyinstall.lock.tag_select import TargetPlatform

Node = tuple[str, str]  # (normalized name, version)
_LOCAL = ("editable", "virtual", "directory")


def _holds(marker: str, environment: Mapping[str, str], subject: str) -> bool:
    if not marker:
        return True
    try:
        return Marker(marker).evaluate(dict(environment, extra=""))
    except InvalidMarker as exc:
        raise PyinstallError(subject, f"bad marker {marker!r}: {exc}", "regenerate the lock with uv lock") from exc


def _file(entry: Mapping[str, Any], subject: str) -> dict[str, str] | None:
    url = entry.get("url")
    if not url:  # a wheel on a local path: nothing Bazel's downloader can fetch
        return None
    algorithm, _, digest = str(entry.get("hash", "")).partition(":")
    if algorithm != "sha256" or not digest:
        raise PyinstallError(subject, f"{url} has no sha256 hash", "regenerate the lock with uv lock")
    filename = urllib.parse.unquote(str(url).rsplit("/", 1)[-1].split("#", 1)[0])
    return {"filename": filename, "url": str(url), "sha256": digest.lower(), "metadata_sha256": ""}


class _Lock:
    def __init__(self, text: str, label: str) -> None:
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PyinstallError(label, f"malformed TOML: {exc}", "fix the file or run uv lock") from exc
        if self.data.get("version") != 1:
            raise PyinstallError(label, f"uv.lock version {self.data.get('version')!r} is not supported (only 1)", "lock with a uv that writes version = 1")
        lines = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[package]]"]
        self.label = label
        self.packages: dict[Node, dict[str, Any]] = {}
        self.lines: dict[Node, int] = {}
        self.by_name: dict[str, list[Node]] = {}
        for index, package in enumerate(self.data.get("package", [])):
            node = (_normalize(str(package.get("name", ""))), str(package.get("version", "")))
            self.packages[node] = package
            self.lines[node] = lines[index] if index < len(lines) else index + 1
            self.by_name.setdefault(node[0], []).append(node)

    def subject(self, node: Node) -> str:
        return f"{self.label}:{self.lines[node]}: {self.packages[node]['name']}"

    def resolve(self, dep: Mapping[str, Any], parent: Node) -> Node:
        """The package an edge points to: by name, and by version or source where it forked."""
        candidates = self.by_name.get(_normalize(str(dep.get("name", ""))), [])
        if "version" in dep:
            candidates = [c for c in candidates if c[1] == str(dep["version"])]
        if "source" in dep and len(candidates) > 1:
            candidates = [c for c in candidates if self.packages[c].get("source") == dep["source"]]
        if len(candidates) != 1:
            raise PyinstallError(self.subject(parent), f"its dependency {dep.get('name')!r} matches {len(candidates)} packages of the lock", "regenerate the lock with uv lock")
        return candidates[0]


def _edges(lock: _Lock, node: Node, extras: set[str], groups: set[str], environment: Mapping[str, str]) -> list[tuple[Node, set[str]]]:
    """The packages `node` needs on a platform: its dependencies, those of its extras and groups."""
    package = lock.packages[node]
    deps = list(package.get("dependencies", []))
    for extra, listed in package.get("optional-dependencies", {}).items():
        if "*" in extras or _normalize(extra) in extras:
            deps += listed
    for group, listed in package.get("dev-dependencies", {}).items():
        if "*" in groups or _normalize(group) in groups:
            deps += listed
    found = []
    for dep in deps:
        if _holds(str(dep.get("marker", "")), environment, lock.subject(node)):
            found.append((lock.resolve(dep, node), {_normalize(e) for e in dep.get("extra", [])}))
    return found


def _reach(lock: _Lock, extras: set[str], groups: set[str], environment: Mapping[str, str]) -> dict[Node, set[Node]]:
    """Each package installed on a platform, with the packages it needs there."""
    members = [n for n, p in lock.packages.items() if any(k in p.get("source", {}) for k in ("editable", "virtual"))]
    activated: dict[Node, set[str]] = {n: set(extras) for n in members}
    graph: dict[Node, set[Node]] = {}
    pending = list(members)
    while pending:
        node = pending.pop()
        # Members take the groups asked for; their dependencies only their own extras.
        edges = _edges(lock, node, activated[node], groups if node in members else set(), environment)
        graph[node] = {target for target, _ in edges}
        for target, wanted in edges:
            before = activated.setdefault(target, set())
            if target not in graph or not wanted <= before:
                before |= wanted
                pending.append(target)
    return graph


def read_lock(text: str, label: str, platforms: Sequence[TargetPlatform], python_version: str, extras: Sequence[str], groups: Sequence[str]) -> dict[str, Any]:
    """The lock description of a uv.lock for `platforms` and CPython `python_version`."""
    lock = _Lock(text, label)
    requires = str(lock.data.get("requires-python", ""))
    try:
        if requires and not SpecifierSet(requires).contains(python_version + ".0"):
            raise PyinstallError(label, f"requires-python {requires!r} excludes Python {python_version}", "set python_version to one the project supports")
    except InvalidSpecifier as exc:
        raise PyinstallError(label, f"bad requires-python {requires!r}", "regenerate the lock with uv lock") from exc
    wanted_extras = {_normalize(e) for e in extras}
    wanted_groups = {_normalize(g) for g in groups}
    _check_selection(lock, wanted_extras, wanted_groups)
    deps: dict[Node, dict[str, list[str]]] = {}
    for platform in platforms:
        for node, needs in _reach(lock, wanted_extras, wanted_groups, platform.marker_environment(python_version)).items():
            deps.setdefault(node, {})[platform.name] = sorted({name for name, version in needs if not _is_local(lock, (name, version))} - {node[0]})
    packages = []
    skipped = []
    for node in sorted(deps):
        package = lock.packages[node]
        source = package.get("source", {})
        if any(k in source for k in _LOCAL):
            kind = next(k for k in _LOCAL if k in source)
            skipped.append(f"{lock.subject(node)}: skipped, a local {kind} ({source[kind]}): first-party code comes from Bazel targets")
            continue
        subject = lock.subject(node)
        files = [f for f in (_file(w, subject) for w in package.get("wheels", [])) if f]
        sdist = _file(package["sdist"], subject) if "sdist" in package else None
        packages.append(
            {
                "name": node[0],
                "display_name": str(package["name"]),
                "version": node[1],
                "extras": [],
                "marker": "",
                "line": lock.lines[node],
                "files": files + ([sdist] if sdist else []),
                # The Simple API the files come from: the hub drops those it no longer serves.
                "index": str(source.get("registry", "")),
                # The graph from the lock, per platform; where a package is absent it is not installed.
                "lock_deps": deps[node],
            }
        )
    return {"packages": packages, "skipped": skipped}


def _check_selection(lock: _Lock, extras: set[str], groups: set[str]) -> None:
    """Asking for an extra or group no project has is a typo, as uv export says; `dev` may be absent."""
    members = [p for p in lock.packages.values() if any(k in p.get("source", {}) for k in ("editable", "virtual"))]
    for kind, wanted, key, optional in (("extra", extras, "optional-dependencies", set()), ("group", groups, "dev-dependencies", {"dev"})):
        known = {_normalize(name) for p in members for name in p.get(key, {})}
        unknown = sorted(wanted - known - optional - {"*"})
        if unknown:
            has = ", ".join(sorted(known)) or "none"
            raise PyinstallError(lock.label, f"no project of the lock has the {kind} {unknown[0]!r} (it has: {has})", f"fix the {kind}s of pyinstall.lock")


def _is_local(lock: _Lock, node: Node) -> bool:
    return any(any(k in lock.packages[n].get("source", {}) for k in _LOCAL) for n in lock.by_name.get(node[0], []))


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m pyinstall.lock.uvlock", fromfile_prefix_chars="@")
    parser.add_argument("--lock", required=True, help="the uv.lock file")
    parser.add_argument("--label", required=True, help="how errors name the file")
    parser.add_argument("--hub", required=True, help="JSON: platforms, python_version, extras, groups")
    parser.add_argument("--output", required=True, help="the JSON to write")
    args = parser.parse_args(list(argv))
    with open(args.hub, encoding="utf-8") as f:
        hub = json.load(f)
    platforms = [TargetPlatform(**p) for p in hub["platforms"]]
    try:
        with open(args.lock, encoding="utf-8") as f:
            lock = read_lock(f.read(), args.label, platforms, hub["python_version"], hub["extras"], hub["groups"])
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(lock, f, indent=1, sort_keys=True)
    print(f"read {args.label}: {len(lock['packages'])} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
