"""Compares the outputs of two Bazel builds of the same targets, byte for byte.

    python3 tools/repro/compare.py --a a.bep.json --b b.bep.json --pairs differing.tsv

Each build's outputs are read from its build event protocol file (`--build_event_json_file`):
every file of every top-level target's output groups, keyed by its path under the execroot
(`bazel-out/k8-fastbuild/bin/...`), which both builds share whatever their output base.
Directories (tree artifacts, image layouts) are walked. Two outputs are equal when they hold
the same entries with the same type, executable bit, symlink target and bytes.

Prints one summary line and exits 0 when every output is equal; otherwise prints each
difference, writes the differing (a, b) paths to `--pairs` for diffoscope, and exits 1.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence
from urllib.parse import unquote, urlparse


@dataclass(frozen=True)
class Difference:
    """One output entry that is not the same in both builds."""

    key: str
    problem: str
    a: Path | None
    b: Path | None


def outputs_from_bep(bep: Path) -> dict[str, Path]:
    """Maps each output's execroot-relative path to its absolute path in that build.

    The build event file lists the files inside a tree artifact one by one; a tree artifact
    named after its target (`bin/<package>/<name>/`, as `wheel_install` and `py_image` declare
    them) is kept whole instead, so that its empty directories are compared too. A directory
    that only holds a rule's declared files (`py_image_layers`) is not a tree: Bazel's scratch
    files beside them (param files, outputs of other groups) are not outputs.
    """
    outputs: dict[str, Path] = {}
    roots: set[str] = set()
    with bep.open(encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            label = event.get("id", {}).get("targetCompleted", {}).get("label", "")
            if label.lstrip("@").startswith("//") and ":" in label:
                package, name = label.lstrip("@")[2:].split(":", 1)
                roots.add(f"{package}/{name}" if package else name)
            for entry in event.get("namedSetOfFiles", {}).get("files", []):
                uri = entry.get("uri", "")
                if not uri.startswith("file://"):
                    continue
                key = "/".join([*entry.get("pathPrefix", []), entry["name"]])
                outputs[key] = Path(unquote(urlparse(uri).path))
    return _fold_tree_roots(outputs, roots)


def _fold_tree_roots(outputs: dict[str, Path], roots: set[str]) -> dict[str, Path]:
    folded: dict[str, Path] = {}
    for key, path in outputs.items():
        for root in roots:
            marker = f"/{root}/"
            at = key.find(marker)
            if at >= 0 and key.count("/", 0, at) == 2:  # right under bazel-out/<config>/bin
                inner = key[at + len(marker):]
                tree = Path(str(path)[: -len(inner) - 1])
                if not _is_tree_artifact(tree):
                    continue
                folded[key[: at + len(marker) - 1]] = tree
                break
        else:
            folded[key] = path
    return folded


def _is_tree_artifact(directory: Path) -> bool:
    # Bazel leaves a finished tree artifact read-only; the directory of declared files stays writable.
    return directory.is_dir() and not directory.stat().st_mode & stat.S_IWUSR


def _walk(root: Path) -> Iterator[tuple[str, Path]]:
    """Yields (relative path, path) for root and everything below it, symlinks not followed."""
    yield "", root
    if root.is_dir() and not root.is_symlink():
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                yield str(path.relative_to(root)), path


def _describe(path: Path) -> tuple[str, bool, str]:
    """(type, executable, symlink target) of one entry."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        return "symlink", False, os.readlink(path)
    kind = "dir" if stat.S_ISDIR(info.st_mode) else "file" if stat.S_ISREG(info.st_mode) else "other"
    return kind, bool(info.st_mode & 0o100) and kind == "file", ""


def compare_entry(key: str, a: Path, b: Path) -> Iterator[Difference]:
    """The differences between one output of build A and the same output of build B."""
    entries_a = dict(_walk(a))
    entries_b = dict(_walk(b))
    for rel in sorted(entries_a.keys() | entries_b.keys()):
        name = f"{key}/{rel}" if rel else key
        path_a, path_b = entries_a.get(rel), entries_b.get(rel)
        if path_a is None or path_b is None:
            yield Difference(name, "only in build " + ("B" if path_a is None else "A"), path_a, path_b)
            continue
        kind_a, exec_a, link_a = _describe(path_a)
        kind_b, exec_b, link_b = _describe(path_b)
        if kind_a != kind_b:
            yield Difference(name, f"type {kind_a} vs {kind_b}", path_a, path_b)
        elif link_a != link_b:
            yield Difference(name, f"symlink to {link_a!r} vs {link_b!r}", path_a, path_b)
        elif exec_a != exec_b:
            yield Difference(name, f"executable bit {exec_a} vs {exec_b}", path_a, path_b)
        elif kind_a == "file" and not filecmp.cmp(path_a, path_b, shallow=False):
            yield Difference(name, "contents differ", path_a, path_b)


def compare_builds(a: dict[str, Path], b: dict[str, Path]) -> tuple[int, list[Difference]]:
    """(number of entries compared, differences) between two builds' outputs."""
    differences: list[Difference] = []
    count = 0
    for key in sorted(a.keys() | b.keys()):
        if key not in a or key not in b:
            differences.append(Difference(key, "output of only one build", a.get(key), b.get(key)))
            continue
        count += sum(1 for _ in _walk(a[key]))
        differences.extend(compare_entry(key, a[key], b[key]))
    return count, differences


def image_digests(outputs: dict[str, Path]) -> dict[str, list[str]]:
    """The manifest digests of every OCI image layout among the outputs, by its index.json."""
    digests: dict[str, list[str]] = {}
    for key, path in sorted(outputs.items()):
        for rel, entry in _walk(path):
            name = f"{key}/{rel}" if rel else key
            if entry.name == "index.json" and (entry.parent / "oci-layout").is_file():
                index = json.loads(entry.read_text(encoding="utf-8"))
                digests[name] = [m.get("digest", "?") for m in index.get("manifests", [])]
    return digests


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--a", type=Path, required=True, help="build event JSON file of build A")
    parser.add_argument("--b", type=Path, required=True, help="build event JSON file of build B")
    parser.add_argument("--pairs", type=Path, required=True, help="where to write differing paths")
    return parser


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    outputs_a = outputs_from_bep(args.a)
    outputs_b = outputs_from_bep(args.b)
    if not outputs_a:
        print(f"repro: error: {args.a} lists no output files; did build A build anything?")
        return 2
    count, differences = compare_builds(outputs_a, outputs_b)
    digests_b = image_digests(outputs_b)
    for name, digests in image_digests(outputs_a).items():
        print(f"repro: image {name}: A {' '.join(digests)}, B {' '.join(digests_b.get(name, ['missing']))}")
    with args.pairs.open("w", encoding="utf-8") as pairs:
        for difference in differences:
            print(f"repro: DIFFERS: {difference.key}: {difference.problem}")
            if difference.a is not None and difference.b is not None:
                pairs.write(f"{difference.a}\t{difference.b}\n")
    if differences:
        print(f"repro: {len(differences)} of {count} entries differ in {len(outputs_a)} outputs")
        return 1
    print(f"repro: identical: {count} entries (files, directories, symlinks) in {len(outputs_a)} outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
