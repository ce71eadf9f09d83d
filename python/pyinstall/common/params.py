"""Bazel's param files: `@path` as the only argument stands for the lines of that file.

The helpers expand it themselves rather than through argparse's `fromfile_prefix_chars`,
which would also read any other value starting with `@`, such as the label `@repo//:pkg`.
"""

from __future__ import annotations

from collections.abc import Sequence


def expand(argv: Sequence[str]) -> list[str]:
    if len(argv) == 1 and argv[0].startswith("@"):
        with open(argv[0][1:], encoding="utf-8") as f:
            return f.read().splitlines()
    return list(argv)
