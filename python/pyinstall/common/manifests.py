"""Layer manifests: what each wheel of a layer puts where, and the check that no two disagree.

A manifest file is small JSON, a list with one entry per wheel of the layer:
`{"owner": "six 1.17.0 (@pypi//six)", "files": {path: sha256}}`, with "" for a directory. It
is written once per wheel by the action that writes the wheel's layer (from the wheel or from
its installed tree), so checking an image of many wheels reads neither their trees nor their
layers again. Two wheels may hold the same path only with the same bytes (namespace packages,
`-nspkg.pth`, a shared `__init__.py`); anything else is an error naming both wheels and the path.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable

from pyinstall.common.errors import PyinstallError


@dataclasses.dataclass(frozen=True)
class Manifest:
    """What one wheel puts where: image path (no leading '/') -> sha256, or "" for a directory."""

    owner: str
    files: dict[str, str]

    def to_json(self) -> str:
        return json.dumps({"owner": self.owner, "files": self.files}, sort_keys=True, separators=(",", ":"))


def write(path: str, manifests: Iterable[Manifest]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write("[" + ",".join(m.to_json() for m in manifests) + "]\n")


def read(path: str) -> list[Manifest]:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return [Manifest(str(m["owner"]), {str(k): str(v) for k, v in m["files"].items()}) for m in data]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PyinstallError(path, f"is not a layer manifest ({exc})", "rebuild it: bazel build the py_image_layers again") from exc


def _kind(sha256: str) -> str:
    return "file" if sha256 else "directory"


def check(manifests: Iterable[Manifest]) -> int:
    """Raises PyinstallError at the first path two manifests disagree on; returns how many
    files several wheels share with the same bytes."""
    first: dict[str, tuple[str, Manifest]] = {}
    shared = 0
    for manifest in manifests:
        for path, sha256 in sorted(manifest.files.items()):
            seen = first.get(path)
            if seen is None:
                first[path] = (sha256, manifest)
                continue
            other_sha256, other = seen
            if _kind(other_sha256) != _kind(sha256):
                raise PyinstallError(
                    "/" + path,
                    f"{other.owner} installs a {_kind(other_sha256)} there and {manifest.owner} a {_kind(sha256)}",
                    "these two distributions cannot be installed together; drop one of them",
                )
            if other_sha256 != sha256:
                raise PyinstallError(
                    "/" + path,
                    f"{other.owner} and {manifest.owner} both install this file with different contents",
                    "these two wheels overwrite each other's file; drop one of them or pin "
                    "versions that agree on it",
                )
            shared += 1 if sha256 else 0
    return shared
