"""Debian's package index as `tools/debian_lock.py` reads it: stanzas, versions, relations.

`Index` answers which package satisfies a relation (by version, or through Provides), and
`resolve` follows Pre-Depends and Depends from root packages to a closed set. Standard library
only, like the tool.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Dict, List, Optional, Tuple

Stanza = Dict[str, str]


class LockError(Exception):
    pass


def parse_index(text: str) -> Iterator[Stanza]:
    """The stanzas of a Debian control file (`Packages`), continuation lines joined."""
    for block in text.split("\n\n"):
        fields: Stanza = {}
        key = None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key is not None:
                fields[key] += "\n" + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if "Package" in fields:
            yield fields


# Debian version comparison (Debian Policy 5.6.12): epoch, upstream, revision; `~` sorts first.
def _order(c: str) -> int:
    if c == "~":
        return -1
    if c.isalpha():
        return ord(c)
    return ord(c) + 256


def _compare_part(a: str, b: str) -> int:
    while a or b:
        a_text = re.match(r"[^0-9]*", a).group()  # type: ignore[union-attr]
        b_text = re.match(r"[^0-9]*", b).group()  # type: ignore[union-attr]
        for i in range(max(len(a_text), len(b_text))):
            x = _order(a_text[i]) if i < len(a_text) else 0
            y = _order(b_text[i]) if i < len(b_text) else 0
            if x != y:
                return -1 if x < y else 1
        a, b = a[len(a_text):], b[len(b_text):]
        a_num = re.match(r"[0-9]*", a).group()  # type: ignore[union-attr]
        b_num = re.match(r"[0-9]*", b).group()  # type: ignore[union-attr]
        if int(a_num or 0) != int(b_num or 0):
            return -1 if int(a_num or 0) < int(b_num or 0) else 1
        a, b = a[len(a_num):], b[len(b_num):]
    return 0


def _split_version(version: str) -> Tuple[int, str, str]:
    epoch, _, rest = version.rpartition(":") if ":" in version else ("0", "", version)
    upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "0")
    return int(epoch), upstream, revision


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as Debian version `a` is older than, equal to or newer than `b`."""
    ea, ua, ra = _split_version(a)
    eb, ub, rb = _split_version(b)
    if ea != eb:
        return -1 if ea < eb else 1
    return _compare_part(ua, ub) or _compare_part(ra, rb)


_RELATION = re.compile(r"^([a-z0-9][a-z0-9.+-]*)(?::[a-z0-9-]+)?\s*(?:\(\s*(<<|<=|=|>=|>>)\s*([^)\s]+)\s*\))?$")


def parse_relations(value: str) -> List[List[Tuple[str, Optional[str], Optional[str]]]]:
    """`a (>= 1) | b, c` -> [[(a, '>=', '1'), (b, None, None)], [(c, None, None)]]."""
    groups = []
    for group in value.split(","):
        if not group.strip():
            continue
        alternatives = []
        for alternative in group.split("|"):
            alternative = re.sub(r"\[.*?\]|<.*?>", "", alternative).strip()
            match = _RELATION.match(alternative)
            if not match:
                raise LockError(f"cannot parse the package relation {alternative!r}")
            alternatives.append((match.group(1), match.group(2), match.group(3)))
        if alternatives:
            groups.append(alternatives)
    return groups


def _satisfies(version: str, op: Optional[str], wanted: Optional[str]) -> bool:
    if op is None or wanted is None:
        return True
    c = compare_versions(version, wanted)
    return {"<<": c < 0, "<=": c <= 0, "=": c == 0, ">=": c >= 0, ">>": c > 0}[op]


class Index:
    """The newest version of every package of one architecture, and who provides what."""

    def __init__(self, stanzas: Iterator[Stanza], architecture: str) -> None:
        self.packages: Dict[str, Stanza] = {}
        self.providers: Dict[str, List[Tuple[str, Optional[str]]]] = {}
        for stanza in stanzas:
            if stanza.get("Architecture") not in (architecture, "all"):
                continue
            name = stanza["Package"]
            current = self.packages.get(name)
            if current is None or compare_versions(stanza["Version"], current["Version"]) > 0:
                self.packages[name] = stanza
        for name, stanza in sorted(self.packages.items()):
            for (provided, _, version), in parse_relations(stanza.get("Provides", "")):
                self.providers.setdefault(provided, []).append((name, version))

    def candidates(self, name: str, op: Optional[str], wanted: Optional[str]) -> List[str]:
        """Packages satisfying one alternative: the real package first, then providers."""
        found = []
        real = self.packages.get(name)
        if real is not None and _satisfies(real["Version"], op, wanted):
            found.append(name)
        for provider, version in self.providers.get(name, []):
            if op is None or (version is not None and _satisfies(version, op, wanted)):
                found.append(provider)
        return found


def resolve(index: Index, roots: Sequence[str], exclude: Sequence[str]) -> List[Stanza]:
    """The closure of `roots`, each dependency satisfied by its first satisfiable alternative."""
    excluded = set(exclude)
    chosen: Dict[str, Stanza] = {}
    pending = list(roots)
    for root in roots:
        if root not in index.packages:
            raise LockError(f"root package {root!r} is not in the index")
    while pending:
        name = pending.pop()
        if name in chosen or name in excluded:
            continue
        stanza = index.packages[name]
        chosen[name] = stanza
        relations = stanza.get("Pre-Depends", "") + "," + stanza.get("Depends", "")
        for group in parse_relations(relations.strip(",")):
            if any(alt[0] in excluded for alt in group):
                continue
            already = [c for alt in group for c in index.candidates(*alt) if c in chosen]
            if already:
                continue
            options = [c for alt in group for c in index.candidates(*alt)]
            if not options:
                text = " | ".join(alt[0] for alt in group)
                raise LockError(f"{name}: nothing in the index satisfies the dependency {text!r}")
            pending.append(options[0])
    return [chosen[name] for name in sorted(chosen)]
