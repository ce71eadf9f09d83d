"""Counts where the spawns of Bazel execution logs ran: every one must have run remotely.

    python3 -m tools.remote_exec.count_spawns build.exec.json test.exec.json

Each argument is a Bazel `--execution_log_json_file`. Prints the spawns by runner and by
mnemonic, and exits 1 when a spawn ran anywhere but on the remote engine (its own action
cache counts as remote: the engine ran that action before), when a spawn failed, or when
there is no spawn at all (a check that counts nothing proves nothing).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from tools.remote_cache.count_hits import spawns

REMOTE_RUNNERS = frozenset({"remote", "remote cache hit"})


def runner(spawn: dict[str, Any]) -> str:
    """Where a spawn ran, as Bazel names it ("remote", "linux-sandbox", ...)."""
    return str(spawn.get("runner") or ("remote cache hit" if spawn.get("remoteCacheHit") else "?"))


def failed(spawn: dict[str, Any]) -> bool:
    return bool(spawn.get("exitCode", 0) or spawn.get("status"))


def main(argv: Sequence[str]) -> int:
    if not argv:
        print(__doc__.split("\n", 1)[0], file=sys.stderr)
        return 2
    by_runner: Counter[str] = Counter()
    by_mnemonic: Counter[tuple[str, str]] = Counter()
    bad: list[str] = []
    for log in argv:
        for spawn in spawns(Path(log).read_text(encoding="utf-8")):
            where = runner(spawn)
            by_runner[where] += 1
            by_mnemonic[(str(spawn.get("mnemonic", "?")), where)] += 1
            if where not in REMOTE_RUNNERS or failed(spawn):
                bad.append(f"{spawn.get('mnemonic')} {spawn.get('targetLabel', '')} ran in {where}, "
                           f"exit {spawn.get('exitCode', 0)} {spawn.get('status', '')}".rstrip())
    total = sum(by_runner.values())
    remote = sum(n for where, n in by_runner.items() if where in REMOTE_RUNNERS)
    for (mnemonic, where), n in sorted(by_mnemonic.items()):
        print(f"remote-exec: {mnemonic}: {n} {where}")
    print(f"remote-exec: spawns: {total}, remote: {remote} "
          f"({', '.join(f'{n} {where}' for where, n in by_runner.most_common())})")
    for line in bad:
        print(f"remote-exec: NOT REMOTE OR FAILED: {line}")
    if total == 0:
        print("remote-exec: error: no spawn in the logs; nothing was checked")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
