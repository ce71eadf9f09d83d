"""Reading a Bazel JSON trace profile (`--profile=x.profile.gz`): action and sandbox times."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

# Bazel's own spans around each sandboxed spawn: building its file system (a symlink per
# input), and deleting it after.
SANDBOX_SPANS = ("sandbox.createFileSystem", "sandbox.createInputs", "sandbox.filterInputsAndDirsToCreate",
                 "sandbox.delete", "sandbox.deleteTree")


@dataclass(frozen=True)
class Profile:
    actions: dict[str, float]  # progress message -> seconds, of the actions that ran
    sandbox_s: float  # seconds in SANDBOX_SPANS, summed over all threads
    sandbox_spans: int


def read(path: Path) -> Profile:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    actions: dict[str, float] = {}
    sandbox, spans = 0.0, 0
    for event in events:
        if event.get("ph") != "X" or "dur" not in event:
            continue
        name, seconds = str(event.get("name", "")), event["dur"] / 1e6
        if event.get("cat") == "action processing":
            actions[name] = actions.get(name, 0.0) + seconds
        elif name in SANDBOX_SPANS:
            sandbox += seconds
            spans += 1
    return Profile(actions, sandbox, spans)


def install_time(profile: Profile, distribution: str) -> float | None:
    """Seconds of the install action of one distribution ("Installing <name> <version> ...")."""
    wanted = _normalize(distribution)
    times = [s for name, s in profile.actions.items()
             if name.startswith("Installing ") and _normalize(name.split(" ")[1]) == wanted]
    return max(times) if times else None


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
