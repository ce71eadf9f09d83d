"""Reading a Bazel JSON trace profile (`--profile=x.profile.gz`): action and sandbox times."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

# Bazel's own spans around each sandboxed spawn: building its file system (a symlink per
# input; sandbox.createInputs and the like are nested inside), and deleting it after.
SANDBOX_SPANS = ("sandbox.createFileSystem", "sandbox.delete")


@dataclass(frozen=True)
class Profile:
    # progress message -> seconds its process ran ("subprocess.run" inside the action's span:
    # the span itself also holds the wait for the cores it reserved)
    actions: dict[str, float]
    sandbox_s: float  # seconds in SANDBOX_SPANS, summed over all threads
    sandbox_spans: int


def read(path: Path) -> Profile:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    spans = [e for e in events if e.get("ph") == "X" and "dur" in e]
    runs = [(e.get("tid"), e["ts"], e["ts"] + e["dur"]) for e in spans if e.get("name") == "subprocess.run"]
    actions: dict[str, float] = {}
    for e in spans:
        if e.get("cat") == "action processing":
            start, end = e["ts"], e["ts"] + e["dur"]
            inside = [t - s for tid, s, t in runs if tid == e.get("tid") and start <= s and t <= end]
            name = str(e.get("name", ""))
            actions[name] = actions.get(name, 0.0) + (sum(inside) if inside else e["dur"]) / 1e6
    sandbox = [e["dur"] / 1e6 for e in spans if e.get("name") in SANDBOX_SPANS]
    return Profile(actions, sum(sandbox), len(sandbox))


def install_time(profile: Profile, distribution: str) -> float | None:
    """Seconds of the install action of one distribution ("Installing <name> <version> ...")."""
    wanted = _normalize(distribution)
    times = [s for name, s in profile.actions.items()
             if name.startswith("Installing ") and _normalize(name.split(" ")[1]) == wanted]
    return max(times) if times else None


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
