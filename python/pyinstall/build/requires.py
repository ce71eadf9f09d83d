"""Which pinned wheels a build needs: its requirements' closure among the wheels it was given.

Build requirements are never fetched at build time. The hub gives each build the wheels of the
build lock (or of the lock itself); a requirement none of them satisfies is an error naming
the requirement and the command that adds it to the build lock. Rust-based backends are
refused before anything runs: no Rust toolchain is part of the build.
"""

from __future__ import annotations

import email.parser
import os
import zipfile
from collections.abc import Iterable

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

from pyinstall.common.errors import PyinstallError

_RUST = {"maturin", "setuptools-rust", "puccinialin"}


class Candidates:
    """The wheels a build may install, by PEP 503 name (one per name)."""

    def __init__(self, wheels: Iterable[str]) -> None:
        self.by_name: dict[str, tuple[str, str]] = {}
        for path in sorted(wheels):
            name, version, _, _ = parse_wheel_filename(os.path.basename(path))
            self.by_name.setdefault(str(canonicalize_name(name)), (path, str(version)))

    def requires_dist(self, name: str) -> list[Requirement]:
        path = self.by_name[name][0]
        with zipfile.ZipFile(path) as archive:
            metadata = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
            text = archive.read(metadata[0]).decode("utf-8") if metadata else ""
        message = email.parser.Parser().parsestr(text, headersonly=True)
        return [Requirement(r) for r in message.get_all("Requires-Dist") or []]


def refuse_rust(requires: Iterable[str], subject: str) -> None:
    for text in requires:
        try:
            name = canonicalize_name(Requirement(text).name)
        except InvalidRequirement:
            continue
        if name in _RUST:
            raise PyinstallError(
                subject,
                f"its build needs Rust ({text} in its build requirements); no Rust toolchain is part of the build",
                "use a wheel of this package (pin a version that has one for this platform), or leave it out with no_build",
            )


def closure(requires: Iterable[str], candidates: Candidates, subject: str, update_hint: str,
            dynamic: Iterable[str] = (), source: str = "build-system.requires in its pyproject.toml") -> list[str]:
    """The wheel paths to install for `requires` (pyproject.toml's) and `dynamic` (the backend's
    get_requires_for_build_wheel), dependencies included, sorted by name."""
    chosen: dict[str, str] = {}
    pending: list[tuple[Requirement, str]] = []
    labelled = [(t, source) for t in requires]
    labelled += [(t, "its backend asks for it") for t in dynamic]
    for text, why in labelled:
        try:
            pending.append((Requirement(text), why))
        except InvalidRequirement as exc:
            raise PyinstallError(subject, f"its build requirement {text!r} does not parse: {exc}", "use a wheel of this package") from exc
    while pending:
        requirement, why = pending.pop(0)
        extras = sorted(requirement.extras) or [""]
        if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in extras):
            continue
        name = str(canonicalize_name(requirement.name))
        found = candidates.by_name.get(name)
        if found is None or not requirement.specifier.contains(found[1], prereleases=True):
            have = f"it pins {name}=={found[1]}" if found else f"it pins no {name}"
            raise PyinstallError(
                subject,
                f"its build needs {requirement} ({why}), and the build lock has none that fits: {have}",
                f"add {requirement} to the build lock's .in file and run `{update_hint}`"
                if update_hint.startswith("bazel ") else f"{update_hint}: {requirement}",
            )
        if name in chosen:
            continue
        chosen[name] = found[0]
        for dep in candidates.requires_dist(name):
            dep_extras = sorted(requirement.extras) or [""]
            if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in dep_extras):
                pending.append((dep, f"needed by {name}"))
    return [chosen[k] for k in sorted(chosen)]
