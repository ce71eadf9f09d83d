"""Counts remote cache hits in a Bazel execution log, by mnemonic.

    python3 tools/remote_cache/count_hits.py --log exec.json --require 'Pyinstall|Layer|Image'

`--log` is Bazel's `--execution_log_json_file` (a stream of JSON objects, one per spawn).
Prints one line per mnemonic (hits / spawns) and a total. Exits 1 when a spawn whose mnemonic
matches `--require` (a regular expression, searched) ran instead of being a remote cache hit,
or when no spawn matches it at all (a check that counts nothing proves nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterator, Sequence


def spawns(text: str) -> Iterator[dict[str, Any]]:
    """The spawn objects of an execution log, whether one a line or pretty-printed."""
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        spawn, position = decoder.raw_decode(text, position)
        yield spawn


def is_hit(spawn: dict[str, Any]) -> bool:
    """Whether a spawn came from the remote cache (the field's name changed across Bazels)."""
    return bool(spawn.get("remoteCacheHit") or spawn.get("cacheHit") or spawn.get("runner") == "remote cache hit")


def _key_parts(spawn: dict[str, Any]) -> dict[str, Any]:
    """The parts of a spawn that make its action key, for explaining a miss."""
    return {
        "commandArgs": spawn.get("commandArgs"),
        "environmentVariables": spawn.get("environmentVariables"),
        "platform": spawn.get("platform"),
        "inputs": {i.get("path"): i.get("digest", {}).get("hash") for i in spawn.get("inputs", [])},
    }


def explain(spawn: dict[str, Any], reference: dict[tuple[str, str], dict[str, Any]]) -> str:
    """What differs between a missed spawn and the reference build's spawn of the same action."""
    other = reference.get((spawn.get("targetLabel", ""), _first_output(spawn)))
    if other is None:
        return "no such action in the reference build"
    mine, theirs = _key_parts(spawn), _key_parts(other)
    parts = []
    args_a, args_b = theirs["commandArgs"] or [], mine["commandArgs"] or []
    for index in range(max(len(args_a), len(args_b))):
        a = args_a[index] if index < len(args_a) else None
        b = args_b[index] if index < len(args_b) else None
        if a != b:
            parts.append(f"argument {index}: {a!r} -> {b!r}")
    env_a = {e.get("name"): e.get("value") for e in theirs["environmentVariables"] or []}
    env_b = {e.get("name"): e.get("value") for e in mine["environmentVariables"] or []}
    for name in sorted(env_a.keys() | env_b.keys()):
        if env_a.get(name) != env_b.get(name):
            parts.append(f"env {name}: {env_a.get(name)!r} -> {env_b.get(name)!r}")
    if mine["platform"] != theirs["platform"]:
        parts.append(f"platform: {theirs['platform']} -> {mine['platform']}")
    for path in sorted(mine["inputs"].keys() | theirs["inputs"].keys()):
        if mine["inputs"].get(path) != theirs["inputs"].get(path):
            parts.append(f"input {path}: {theirs['inputs'].get(path)} -> {mine['inputs'].get(path)}")
    return "; ".join(parts[:10]) or "same command, environment and inputs (a cache or upload problem)"


def _first_output(spawn: dict[str, Any]) -> str:
    outputs = spawn.get("actualOutputs") or spawn.get("listedOutputs") or []
    first = outputs[0] if outputs else ""
    return str(first.get("path", "")) if isinstance(first, dict) else str(first)


def count(log: str, required: re.Pattern[str]) -> tuple[Counter[str], Counter[str], list[dict[str, Any]]]:
    """(spawns by mnemonic, hits by mnemonic, descriptions of required spawns that missed)."""
    total: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    for spawn in spawns(log):
        mnemonic = spawn.get("mnemonic", "?")
        total[mnemonic] += 1
        if is_hit(spawn):
            hits[mnemonic] += 1
        elif required.search(mnemonic):
            misses.append(spawn)
    return total, hits, misses


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--log", type=Path, required=True, help="--execution_log_json_file output")
    parser.add_argument("--require", default=".", help="mnemonics (regex) that must all be hits")
    parser.add_argument("--reference", type=Path, help="the first build's log, to explain misses")
    return parser


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    required = re.compile(args.require)
    total, hits, misses = count(args.log.read_text(encoding="utf-8"), required)
    for mnemonic in sorted(total):
        mark = " (required)" if required.search(mnemonic) else ""
        print(f"remote-cache: {mnemonic}: {hits[mnemonic]} of {total[mnemonic]} spawns were remote cache hits{mark}")
    required_total = sum(n for m, n in total.items() if required.search(m))
    required_hits = sum(n for m, n in hits.items() if required.search(m))
    print(f"remote-cache: total: {sum(hits.values())} of {sum(total.values())} spawns hit; "
          f"required ({args.require}): {required_hits} of {required_total}")
    reference = {}
    if args.reference:
        reference = {
            (spawn.get("targetLabel", ""), _first_output(spawn)): spawn
            for spawn in spawns(args.reference.read_text(encoding="utf-8"))
        }
    for miss in misses:
        why = explain(miss, reference) if args.reference else ""
        print(f"remote-cache: MISSED: {miss.get('mnemonic')} {miss.get('targetLabel', '')} "
              f"{_first_output(miss)} ran in {miss.get('runner', '?')}: {why}")
    if required_total == 0:
        print(f"remote-cache: error: no spawn matches {args.require!r}; nothing was checked")
        return 1
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
