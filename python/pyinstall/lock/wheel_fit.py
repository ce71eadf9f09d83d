"""Why none of a package's files fits a target platform, in one line a user can act on.

Real packages lock dozens of wheels; listing every file and tag (thousands of characters)
hides the cause. What helps is the reason: the wheels need a newer glibc than the hub's, are
built for other Python versions, for other platforms, or there are only sdists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from packaging import tags
from packaging.utils import InvalidWheelFilename, parse_wheel_filename

# The glibc level the legacy manylinux names stand for.
_LEGACY_GLIBC = {"manylinux1": 5, "manylinux2010": 12, "manylinux2014": 17}
_MANYLINUX = re.compile(r"^(?:manylinux_2_(\d+)|(manylinux1|manylinux2010|manylinux2014))_(.+)$")


def _glibc_minor(platform_tag: str, arch: str) -> int | None:
    """The glibc minor a manylinux tag of `arch` needs, or None for any other tag."""
    match = _MANYLINUX.match(platform_tag)
    if not match or match.group(3) != arch:
        return None
    return int(match.group(1)) if match.group(1) else _LEGACY_GLIBC[match.group(2)]


def _family(platform_tag: str) -> str:
    """A platform tag's OS family, for `for other platforms (macosx, win)`."""
    for prefix in ("manylinux", "musllinux", "macosx", "win", "linux"):
        if platform_tag.startswith(prefix):
            return prefix
    return platform_tag


def explain(
    filenames: Iterable[str],
    accepted: Iterable[tags.Tag],
    platform_tags: list[str],
    arch: str,
    glibc: str,
    where: str,
) -> str:
    """Why no file fits: `has no wheel for <where>: <reasons>; <what to do>`.

    `accepted` are the tags the target takes, `platform_tags` its platform tags, `arch` its
    wheel-tag CPU name (`x86_64`), `glibc` its level ("2.28", empty when it is not manylinux).
    """
    accepted = set(accepted)
    wheels: list[str] = []
    others: list[str] = []
    for filename in sorted(filenames):
        if filename.endswith(".whl"):
            try:
                parse_wheel_filename(filename)
                wheels.append(filename)
                continue
            except InvalidWheelFilename:
                pass
        others.append(filename)
    if not others and not wheels:
        return "has no file to download (a git, path or URL source): lock it from an index, or make it a Bazel target"
    if not wheels:
        return f"has only an sdist ({', '.join(others)}), no wheel, and the hub builds none (build_sdists = False, or no_build names it); pin a version that ships wheels, or let the hub build it (docs/sdists.md)"
    needs_glibc: list[int] = []
    python_tags: set[str] = set()
    other_pythons = 0
    families: set[str] = set()
    other_platforms = 0
    accepted_platforms = set(platform_tags) | {"any"}
    for wheel in wheels:
        file_tags = parse_wheel_filename(wheel)[3]
        if any(t.platform in accepted_platforms for t in file_tags):
            other_pythons += 1
            python_tags.update(f"{t.interpreter}-{t.abi}" for t in file_tags if t not in accepted)
            continue
        minors = [m for m in (_glibc_minor(t.platform, arch) for t in file_tags) if m is not None]
        if minors and glibc:
            needs_glibc.append(min(minors))
        else:
            other_platforms += 1
            families.update(_family(t.platform) for t in file_tags)
    reasons: list[str] = []
    todo: list[str] = []
    if needs_glibc:
        level = f"2.{min(needs_glibc)}"
        reasons.append(f"{len(needs_glibc)} need glibc >= {level}")
        todo.append(f'set glibc = "{level}" (or newer) on pyinstall.lock if the target has it')
    if other_pythons:
        shown = sorted(python_tags)
        listed = ", ".join(shown[:6]) + (", ..." if len(shown) > 6 else "")
        reasons.append(f"{other_pythons} are for other Pythons ({listed})")
        todo.append("pin a version with wheels for this Python, or change python_version")
    if other_platforms:
        reasons.append(f"{other_platforms} are for other platforms ({', '.join(sorted(families))})")
        todo.append("drop the platform from `platforms`, or pin a version with wheels for it")
    return f"has no wheel for {where}: of its {len(wheels)} wheels, {', '.join(reasons)}; {'; or '.join(todo)}"
