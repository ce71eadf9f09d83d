"""Plans a lock's hub repository: which wheel each platform gets, and each package's closure.

    python3 -m pyinstall.lock.hub select --input hub.json --output downloads.json
    python3 -m pyinstall.lock.hub generate --input hub.json --metadata-dir metadata --output-dir .

Run by the hub repository rule with a host Python >= 3.11. `select` lists the metadata the
dependency graph needs (PEP 658 `.metadata` files, else whole wheels), which the rule
downloads by sha256; `generate` reads them and writes the hub's BUILD files.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from packaging.requirements import Requirement

from pyinstall.lock import dep_graph
from pyinstall.lock import hub_build
from pyinstall.lock import sdists
from pyinstall.common.errors import PyinstallError
from pyinstall.lock.tag_select import TargetPlatform, choose_wheel


_FirstPlatform = tuple[dict[str, "Pick"], dict[str, list[Requirement]], dict[str, str]]


@dataclasses.dataclass(frozen=True)
class Pick:
    """A package on one platform: its lock entry and wheel file, or why it has none."""

    entry: dict[str, Any]
    file: dict[str, Any] | None
    problem: str = ""


def _platforms(hub: dict[str, Any]) -> list[TargetPlatform]:
    return [TargetPlatform(**p) for p in hub["platforms"]]


def pick_wheels(hub: dict[str, Any], platform: TargetPlatform) -> dict[str, Pick]:
    """For each package the lock holds on `platform` (its marker true), the wheel to install."""
    environment = platform.marker_environment(hub["python_version"])
    where = f"{platform.name} (Python {hub['python_version']})"
    switches = sdists.options(hub)
    picks: dict[str, Pick] = {}
    for entry in hub["packages"]:
        subject = f"{hub['lock']}:{entry['line']}: {entry['display_name']}"
        try:
            holds = dep_graph.marker_holds(entry["marker"], environment)
        except PyinstallError as exc:
            raise PyinstallError(subject, exc.problem) from exc
        if not holds or ("lock_deps" in entry and platform.name not in entry["lock_deps"]):
            continue
        if entry["name"] in picks:
            first = picks[entry["name"]].entry
            raise PyinstallError(
                subject,
                f"{entry['version']} and {first['version']} (line {first['line']}) both apply on {where}",
                "make their environment markers exclusive",
            )
        choice = choose_wheel([f["filename"] for f in entry["files"]], platform, hub["python_version"])
        by_name = {f["filename"]: f for f in entry["files"]}
        sdist = sdists.sdist_to_build(entry, bool(choice.filename), switches)
        if sdist is not None:
            picks[entry["name"]] = Pick(entry, sdist)
            continue
        problem = f"{subject}=={entry['version']} {choice.problem}" if choice.problem else ""
        picks[entry["name"]] = Pick(entry, by_name.get(choice.filename), problem)
    return picks


def metadata_path(file: dict[str, Any]) -> str:
    """Where the rule puts a wheel's metadata (or the wheel itself) under the metadata dir."""
    filename = str(file["filename"])
    return filename + ".METADATA" if file["metadata_sha256"] else filename


def downloads(hub: dict[str, Any]) -> list[dict[str, str]]:
    """The metadata files to fetch: one per wheel chosen for some platform."""
    sdists.check_switches(hub)
    wanted: dict[str, dict[str, str]] = {}
    for platform in _platforms(hub):
        for pick in pick_wheels(hub, platform).values():
            if pick.file is None:
                continue
            if "lock_deps" in pick.entry and not sdists.is_sdist(pick.file["filename"]):
                continue  # a uv.lock has its graph; an sdist to build is read for its build requirements
            f = pick.file
            if f["metadata_sha256"]:
                wanted[f["filename"]] = {"url": f["url"] + ".metadata", "sha256": f["metadata_sha256"]}
            else:
                wanted[f["filename"]] = {"url": f["url"], "sha256": f["sha256"]}
            wanted[f["filename"]]["path"] = metadata_path(f)
    return [wanted[k] for k in sorted(wanted)]


def _read_requirements(metadata_dir: str, file: dict[str, Any]) -> list[Requirement]:
    path = os.path.join(metadata_dir, metadata_path(file))
    if file["metadata_sha256"]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    elif sdists.is_sdist(file["filename"]):
        text = sdists.static_requires_dist(sdists.pkg_info(path))
    else:
        text = dep_graph.metadata_from_wheel(path)
    return dep_graph.requires_dist(text, file["filename"])


def _builds(hub: dict[str, Any], wheels: dict[str, dict[str, Any]], metadata_dir: str, first: _FirstPlatform) -> dict[str, sdists.Build]:
    """The hub's sdist builds, each with the wheels its build may install: the build lock's,
    and the lock's own wheels of its static build requirements and their closure."""
    built = {k: v for k, v in wheels.items() if sdists.is_sdist(k)}
    if not built:
        return {}
    switches = sdists.options(hub)
    picks, requirements, environment = first
    def repos(chosen: dict[str, Pick], names: Any) -> set[str]:
        return {chosen[n].file["repo"] for n in names  # type: ignore[index]
                if n in chosen and chosen[n].file is not None and not sdists.is_sdist(chosen[n].file["filename"])}  # type: ignore[index]
    build_lock: set[str] = set()
    if hub.get("build_packages"):
        source = dict(hub, build={}, packages=hub["build_packages"], lock=hub["build"].get("lock", hub["lock"]))
        lock_picks = pick_wheels(source, _platforms(hub)[0])
        build_lock = repos(lock_picks, lock_picks)
    entries = {f["filename"]: e for e in hub["packages"] for f in e["files"]}
    found: dict[str, sdists.Build] = {}
    for filename in sorted(built):
        if hub.get("build_packages"):
            wanted = [n for n in sdists.build_requires(os.path.join(metadata_dir, filename)) if n in requirements]
            closure = {d for n in wanted for d in dep_graph.closure(n, [], requirements, environment).names}
            candidates = build_lock | repos(picks, closure)
        else:
            candidates = repos(picks, picks)
        entry = entries[filename]
        found[filename] = sdists.Build(entry["display_name"], entry["version"], tuple(sorted(candidates)), switches["update_hint"])
    return found


def plan(hub: dict[str, Any], metadata_dir: str) -> hub_build.Hub:
    """What the hub holds on every platform."""
    cache: dict[str, list[Requirement]] = {}
    per_platform: dict[str, dict[str, hub_build.Target]] = {}
    names: set[str] = {entry["name"] for entry in hub["packages"]}
    wheels: dict[str, dict[str, Any]] = {}
    unavailable: list[str] = []  # once per package and platform, not per dependent
    first: _FirstPlatform | None = None
    for platform in _platforms(hub):
        picks = pick_wheels(hub, platform)
        requirements: dict[str, list[Requirement]] = {}
        for name, chosen in picks.items():
            if "lock_deps" in chosen.entry:
                requirements[name] = [Requirement(d) for d in chosen.entry["lock_deps"][platform.name]]
                if chosen.file is not None:
                    wheels[chosen.file["filename"]] = chosen.file
            elif chosen.file is not None:
                filename = chosen.file["filename"]
                if filename not in cache:
                    cache[filename] = _read_requirements(metadata_dir, chosen.file)
                requirements[name] = cache[filename]
                wheels[filename] = chosen.file
            else:
                requirements[name] = []
        environment = platform.marker_environment(hub["python_version"])
        first = first or (picks, requirements, environment)
        targets: dict[str, hub_build.Target] = {}
        memo: dict[tuple[str, frozenset[str]], list[dep_graph.Edge]] = {}
        for name in sorted(names):
            pick = picks.get(name)
            if pick is None:
                targets[name] = hub_build.Target(
                    problem=f"{name} is not in the lock for {platform.name} (its marker is false there)",
                    reason=f"{name}_is_not_locked_for_{platform.name}",
                )
                continue
            if pick.problem:
                targets[name] = hub_build.Target(problem=pick.problem, reason=f"{name}_has_no_wheel_for_{platform.name}")
                unavailable.append(pick.problem)
                continue
            found = dep_graph.closure(name, pick.entry["extras"], requirements, environment, memo)
            if found.problem:
                problem = f"{hub['lock']}: {name} on {platform.name} {found.problem}"
                targets[name] = hub_build.Target(problem=problem, reason=f"{name}_has_a_dependency_missing_from_the_lock")
                unavailable.append(problem)
                continue
            missing = [dep for dep in found.names if picks[dep].problem]
            if missing:
                targets[name] = hub_build.Target(
                    problem=f"{name} needs {missing[0]}: {picks[missing[0]].problem}",
                    reason=f"{name}_needs_{missing[0]}_which_has_no_wheel_for_{platform.name}",
                )
                continue
            assert pick.file is not None
            targets[name] = hub_build.Target(
                wheel=pick.file["filename"],
                deps=tuple(picks[d].file["filename"] for d in found.names if d != name),  # type: ignore[index]
            )
        per_platform[platform.name] = targets
    return hub_build.Hub(
        name=hub["hub"],
        lock=hub["lock"],
        python_version=hub["python_version"],
        platforms=tuple(_platforms(hub)),
        packages=tuple(sorted(names)),
        targets=per_platform,
        wheels={k: wheels[k]["repo"] for k in sorted(wheels)},
        unavailable=tuple(unavailable),
        builds=_builds(hub, wheels, metadata_dir, first) if first else {},
    )


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m pyinstall.lock.hub", fromfile_prefix_chars="@")
    parser.add_argument("command", choices=["select", "generate"])
    parser.add_argument("--input", required=True, help="the hub description (JSON)")
    parser.add_argument("--output", help="select: the download list to write")
    parser.add_argument("--metadata-dir", help="generate: where the metadata files are")
    parser.add_argument("--output-dir", help="generate: the repository's root")
    args = parser.parse_args(list(argv))
    with open(args.input, encoding="utf-8") as f:
        hub = json.load(f)
    try:
        if args.command == "select":
            files = downloads(hub)
            with open(args.output, "w", encoding="utf-8") as f:
                json.dump(files, f, indent=1, sort_keys=True)
            print(f"{hub['hub']}: {len(files)} metadata files to fetch")
        else:
            planned = plan(hub, args.metadata_dir)
            written = hub_build.write(planned, args.output_dir)
            print(f"{hub['hub']}: wrote {written} BUILD files")
            # The repository rule prints these once, when the hub is made, not per dependent.
            with open(os.path.join(args.output_dir, "unavailable.txt"), "w", encoding="utf-8") as f:
                f.writelines(line + "\n" for line in planned.unavailable)
            with open(os.path.join(args.output_dir, "built.txt"), "w", encoding="utf-8") as f:
                f.writelines(f"{b.distribution}=={b.version} ({name})\n" for name, b in planned.builds.items())
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
