"""Reading `entry_points.txt`: the launchers a wheel asks for, each checked before any is written.

Read as `importlib.metadata` (and so pip) reads it: `[section]` headers, `name = value` lines,
`#` and `;` comments, lines before the first header ignored. Only `console_scripts` and
`gui_scripts` make files, so only they are checked; other sections are plugin metadata that
pip installs as they are, and so does this.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re

_SCRIPT_SECTIONS = {"console_scripts": "console", "gui_scripts": "gui"}
# `module:attr`, both dotted identifiers, then optional `[extras]` (which launchers ignore).
_VALUE = re.compile(r"(?P<module>\w+(?:\.\w+)*)\s*:\s*(?P<attr>\w+(?:\.\w+)*)\s*(?:\[[^\]]*\])?", re.UNICODE)
_MAX_NAME_BYTES = 255  # the longest file name Linux file systems take


class EntryPointError(Exception):
    """An entry point no launcher can be written for: `problem` and `hint`, for the caller to wrap."""

    def __init__(self, problem: str, hint: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint


@dataclasses.dataclass(frozen=True)
class Launcher:
    name: str
    module: str
    attr: str
    section: str  # "console" or "gui", as installer's Script takes it


def check_name(name: str) -> None:
    """Refuses a launcher name that is not a file inside `bin/`.

    pip's rule: joined to the scripts directory and normalized, the path must lie strictly
    inside it, so `sub/tool` and `a/../tool` install (to `bin/sub/tool` and `bin/tool`) while
    `.`, `..`, `../lib/x` and absolute names are refused.
    """
    hint = "a console script name must be a file name; the wheel is unsafe to install, report it to its maintainers"
    if not name or name.startswith("[") or any(c.isspace() or c == "\0" for c in name):
        raise EntryPointError(f"the entry point name {name!r} is not a valid script name", hint)
    normalized = posixpath.normpath(name)
    if name.startswith("/") or normalized in (".", "..") or normalized.startswith("../"):
        raise EntryPointError(f"the entry point {name!r} would be written outside bin/", hint)
    if any(len(part.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES for part in normalized.split("/")):
        raise EntryPointError(
            f"the entry point name {name[:40]!r}... is longer than the {_MAX_NAME_BYTES} bytes a file name may have",
            "the wheel is malformed; report it to its maintainers",
        )


def parse(data: bytes) -> list[Launcher]:
    """The launchers `entry_points.txt` declares, in file order; raises EntryPointError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EntryPointError(f"not UTF-8 ({exc.reason})", "the wheel is malformed") from exc
    section = ""
    launchers: dict[str, Launcher] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        kind = _SCRIPT_SECTIONS.get(section)
        if kind is None:
            continue
        where = f"line {number} ({line[:80]!r})"
        name, equals, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not equals:
            raise EntryPointError(f"{where} is not `name = module:function`", "the wheel is malformed; report it")
        check_name(name)
        match = _VALUE.fullmatch(value)
        if not match:
            raise EntryPointError(
                f"{where}: {value!r} is not `module:function`",
                "a script entry point needs a callable (pip refuses it too); the wheel is malformed",
            )
        if name in launchers:
            raise EntryPointError(
                f"{where}: the script {name!r} is declared twice",
                "two launchers cannot share one file; the wheel is malformed, report it",
            )
        launchers[name] = Launcher(name, match["module"], match["attr"], kind)
    return list(launchers.values())
