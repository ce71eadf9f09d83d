"""Checks that the imported modules under some directories come with unchecked-hash `.pyc` files."""

from __future__ import annotations

import importlib.util
import os
import sys

# PEP 552: the flags word after the magic number. Bit 0: hash-based; bit 1: check the source.
_HASH_BASED = 0b01
_CHECK_SOURCE = 0b10


def unchecked(pyc: str) -> bool:
    with open(pyc, "rb") as f:
        header = f.read(8)
    flags = int.from_bytes(header[4:8], "little")
    return header[:4] == importlib.util.MAGIC_NUMBER and flags & _HASH_BASED and not flags & _CHECK_SOURCE


def problems(roots: list[str]) -> tuple[int, list[str]]:
    """How many modules under `roots` were checked, and what is wrong with the others."""
    checked, wrong = 0, []
    for name, module in sorted(sys.modules.items()):
        source = getattr(module, "__file__", None) or ""
        if not source.endswith(".py") or not any(source.startswith(root + "/") for root in roots):
            continue
        if name == "__main__":
            continue  # a script is compiled in memory, never cached
        cached = importlib.util.cache_from_source(source)
        checked += 1
        if not os.path.isfile(cached):
            wrong.append(f"{name}: no {cached}")
        elif not unchecked(cached):
            wrong.append(f"{name}: {cached} is not an unchecked-hash .pyc")
    return checked, wrong
