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


def count(log: str, required: re.Pattern[str]) -> tuple[Counter[str], Counter[str], list[str]]:
    """(spawns by mnemonic, hits by mnemonic, descriptions of required spawns that missed)."""
    total: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    misses: list[str] = []
    for spawn in spawns(log):
        mnemonic = spawn.get("mnemonic", "?")
        total[mnemonic] += 1
        if spawn.get("remoteCacheHit", False):
            hits[mnemonic] += 1
        elif required.search(mnemonic):
            outputs = [o.get("path", "?") for o in spawn.get("actualOutputs", spawn.get("listedOutputs", []))]
            misses.append(f"{mnemonic} ({spawn.get('runner', '?')}): {', '.join(map(str, outputs[:1]))}")
    return total, hits, misses


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--log", type=Path, required=True, help="--execution_log_json_file output")
    parser.add_argument("--require", default=".", help="mnemonics (regex) that must all be hits")
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
    for miss in misses:
        print(f"remote-cache: MISSED: {miss}")
    if required_total == 0:
        print(f"remote-cache: error: no spawn matches {args.require!r}; nothing was checked")
        return 1
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
