"""Reading the outputs of the image rules that a test gets as `$(rootpaths ...)` arguments."""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any


@dataclasses.dataclass(frozen=True)
class Layout:
    path: str
    digest: str  # of the manifest (py_image) or of the index (py_image_index)

    def blob(self, digest: str) -> Any:
        with open(os.path.join(self.path, "blobs", *digest.split(":")), "rb") as f:
            return json.load(f)

    def index(self) -> Any:
        with open(os.path.join(self.path, "index.json"), "rb") as f:
            return json.load(f)


def groups(argv: list[str]) -> list[Layout]:
    """The layouts of argument groups separated by `--`: each a directory and a `.digest`."""
    layouts, group = [], []
    for arg in argv + ["--"]:
        if arg != "--":
            group.append(arg)
            continue
        directory = next(path for path in group if os.path.isdir(path))
        with open(next(path for path in group if path.endswith(".digest"))) as f:
            layouts.append(Layout(directory, f.read()))
        group = []
    return layouts
