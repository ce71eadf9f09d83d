"""The dependency graph of a lock on one platform, from each wheel's `Requires-Dist`.

Real locks have cycles (sphinx and the sphinxcontrib packages that required it): the graph is
walked, never turned into Bazel dependencies, and each package gets its whole closure.
"""

from __future__ import annotations

import dataclasses
import email.parser
import email.policy
import zipfile
from collections.abc import Mapping, Sequence

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from pyinstall.common.errors import PyinstallError


def requires_dist(metadata: str, subject: str) -> list[Requirement]:
    """The `Requires-Dist` requirements of a METADATA file's text."""
    message = email.parser.HeaderParser(policy=email.policy.compat32).parsestr(metadata)
    requirements = []
    for value in message.get_all("Requires-Dist") or []:
        try:
            requirements.append(Requirement(str(value)))
        except InvalidRequirement as exc:
            raise PyinstallError(subject, f"bad Requires-Dist {value!r}: {exc}", "report it to the package") from exc
    return requirements


def metadata_from_wheel(path: str) -> str:
    """The METADATA text of a wheel, for indexes that do not serve it apart (PEP 658)."""
    with zipfile.ZipFile(path) as wheel:
        names = [n for n in wheel.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        if len(names) != 1:
            raise PyinstallError(path, "has no single .dist-info/METADATA", "the wheel is malformed")
        return wheel.read(names[0]).decode("utf-8")


def marker_holds(marker: str, environment: Mapping[str, str]) -> bool:
    """Evaluates a lock entry's environment marker (empty: always)."""
    if not marker:
        return True
    try:
        return Marker(marker).evaluate(dict(environment, extra=""))
    except InvalidMarker as exc:
        raise PyinstallError("marker", f"bad environment marker {marker!r}: {exc}") from exc


def _applies(requirement: Requirement, environment: Mapping[str, str], extras: Sequence[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate(dict(environment, extra=extra)) for extra in ("", *extras))


@dataclasses.dataclass(frozen=True)
class Closure:
    """What a package needs on one platform: the pinned names, or the first missing one."""

    names: tuple[str, ...]
    problem: str = ""


Edge = tuple[Requirement, str, frozenset[str]]  # the requirement, its PEP 503 name, its extras


def _edges(
    name: str,
    extras: frozenset[str],
    requirements: Mapping[str, Sequence[Requirement]],
    environment: Mapping[str, str],
    memo: dict[tuple[str, frozenset[str]], list[Edge]],
) -> list[Edge]:
    key = (name, extras)
    if key not in memo:
        memo[key] = [
            (r, str(canonicalize_name(r.name)), frozenset(str(canonicalize_name(e)) for e in r.extras))
            for r in requirements[name]
            if _applies(r, environment, sorted(extras))
        ]
    return memo[key]


def closure(
    root: str,
    root_extras: Sequence[str],
    requirements: Mapping[str, Sequence[Requirement]],
    environment: Mapping[str, str],
    memo: dict[tuple[str, frozenset[str]], list[Edge]] | None = None,
) -> Closure:
    """All packages `root[root_extras]` needs, itself included, sorted.

    `requirements` maps each package pinned for this platform to its `Requires-Dist`; `memo`,
    shared by the calls for one platform, keeps marker evaluation linear in the lock's size.
    """
    memo = {} if memo is None else memo
    wanted: dict[str, set[str]] = {root: set(root_extras)}
    expanded: dict[str, frozenset[str]] = {}
    via: dict[str, str] = {root: root}
    pending = [root]
    while pending:
        name = pending.pop()
        extras = frozenset(wanted[name])
        if expanded.get(name) == extras:
            continue
        expanded[name] = extras
        for requirement, dep, new_extras in _edges(name, extras, requirements, environment, memo):
            if dep not in requirements:
                return Closure((), f"needs {requirement} ({via[name]} -> {dep}), which the lock does not pin for this platform")
            if dep not in wanted or not new_extras <= wanted[dep]:
                wanted.setdefault(dep, set()).update(new_extras)
                via.setdefault(dep, f"{via[name]} -> {dep}")
                pending.append(dep)
    return Closure(tuple(sorted(expanded)))
