"""OCI image layouts: blobs, descriptors, reading a base image and writing one.

The JSON of every blob is written with sorted keys and no spaces, so the same image is always
the same bytes and the same digests.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import shutil
from typing import Any

from pyinstall.common.errors import PyinstallError
from pyinstall.common.layer_file import MEDIA_LAYER_GZIP as MEDIA_LAYER_GZIP, MEDIA_LAYER_TAR as MEDIA_LAYER_TAR

MEDIA_INDEX = "application/vnd.oci.image.index.v1+json"
MEDIA_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MEDIA_CONFIG = "application/vnd.oci.image.config.v1+json"
# Docker's names for the same things (rules_oci's oci_pull keeps whichever the registry had).
_DOCKER_EQUIVALENTS = {
    "application/vnd.docker.distribution.manifest.list.v2+json": MEDIA_INDEX,
    "application/vnd.docker.distribution.manifest.v2+json": MEDIA_MANIFEST,
    "application/vnd.docker.container.image.v1+json": MEDIA_CONFIG,
    "application/vnd.docker.image.rootfs.diff.tar.gzip": MEDIA_LAYER_GZIP,
}
REF_NAME = "org.opencontainers.image.ref.name"
_CHUNK = 1 << 20


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def oci_media_type(media_type: str) -> str:
    return _DOCKER_EQUIVALENTS.get(media_type, media_type)


@dataclasses.dataclass(frozen=True)
class Blob:
    """Content for the layout: a file on disk or bytes in memory, with its descriptor."""

    media_type: str
    digest: str  # "sha256:<hex>"
    size: int
    path: str | None = None
    data: bytes | None = None

    @staticmethod
    def of_bytes(media_type: str, data: bytes) -> Blob:
        return Blob(media_type, "sha256:" + hashlib.sha256(data).hexdigest(), len(data), data=data)

    def descriptor(self) -> dict[str, Any]:
        return {"mediaType": self.media_type, "digest": self.digest, "size": self.size}


@dataclasses.dataclass(frozen=True)
class Layer:
    blob: Blob
    diff_id: str  # sha256 of the uncompressed tar


def _hash_stream(stream: Any) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return "sha256:" + digest.hexdigest(), size


def layer_from_file(path: str) -> Layer:
    """A layer tar, gzipped or not; its diff_id is computed from its uncompressed bytes."""
    with open(path, "rb") as f:
        digest, size = _hash_stream(f)
        f.seek(0)
        gzipped = f.read(2) == b"\x1f\x8b"
    if gzipped:
        try:
            with gzip.open(path, "rb") as g:
                diff_id, _ = _hash_stream(g)
        except (OSError, EOFError) as exc:
            raise PyinstallError(path, f"is not a valid gzip file: {exc}") from exc
    else:
        diff_id = digest
    media_type = MEDIA_LAYER_GZIP if gzipped else MEDIA_LAYER_TAR
    return Layer(Blob(media_type, digest, size, path=path), diff_id)


def read_descriptor(descriptor: str, path: str) -> Layer:
    """The layer at `path` as its descriptor file says (`write_descriptor`'s, or the digests
    file of a Debian runtime layer, which spells the media type `media_type`)."""
    try:
        with open(descriptor, "rb") as f:
            data = json.load(f)
        media_type = data["mediaType"] if "mediaType" in data else data["media_type"]
        blob = Blob(str(media_type), str(data["digest"]), int(data["size"]), path=path)
        layer = Layer(blob, str(data["diff_id"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PyinstallError(descriptor, f"is not a layer descriptor ({exc})", "rebuild the layers") from exc
    if os.path.getsize(path) != layer.blob.size:
        raise PyinstallError(path, f"has {os.path.getsize(path)} bytes, its descriptor says {layer.blob.size}")
    return layer


def blob_path(layout: str, digest: str) -> str:
    algorithm, _, hex_digest = digest.partition(":")
    return os.path.join(layout, "blobs", algorithm, hex_digest)


def _read_json(layout: str, what: str, path: str) -> Any:
    try:
        with open(path, "rb") as f:
            return json.load(f)
    except (OSError, ValueError) as exc:
        raise PyinstallError(layout, f"cannot read the {what} ({path}): {exc}", "is it an OCI image layout?") from exc


def images(index: dict[str, Any]) -> list[dict[str, Any]]:
    """The descriptors of an index that are images, not artifacts attached to one (an SBOM's
    referrer manifest is listed beside its image, with an `artifactType`)."""
    return [d for d in index.get("manifests") or [] if "artifactType" not in d]


def _pick(layout: str, index: dict[str, Any], architecture: str, os_name: str) -> dict[str, Any]:
    manifests = images(index)
    for descriptor in manifests:
        media_type = oci_media_type(descriptor.get("mediaType", ""))
        if media_type == MEDIA_INDEX:
            nested = _read_json(layout, "image index", blob_path(layout, descriptor["digest"]))
            return _pick(layout, nested, architecture, os_name)
    if len(manifests) == 1 and "platform" not in manifests[0]:
        return manifests[0]
    for descriptor in manifests:
        platform = descriptor.get("platform", {})
        if platform.get("architecture") == architecture and platform.get("os") == os_name:
            return descriptor
    found = sorted(f"{d.get('platform', {}).get('os')}/{d.get('platform', {}).get('architecture')}" for d in manifests)
    raise PyinstallError(
        layout,
        f"the base image has no manifest for {os_name}/{architecture} (it has: {', '.join(found) or 'none'})",
        "pull a base image for this platform, or set the image's architecture to one it has",
    )


@dataclasses.dataclass(frozen=True)
class Image:
    config: dict[str, Any]
    layers: list[Layer]


def read_layout(layout: str, architecture: str, os_name: str) -> Image:
    """The image of `layout` (e.g. from rules_oci's oci_pull) for this platform."""
    index = _read_json(layout, "index", os.path.join(layout, "index.json"))
    descriptor = _pick(layout, index, architecture, os_name)
    manifest = _read_json(layout, "manifest", blob_path(layout, descriptor["digest"]))
    config = _read_json(layout, "config", blob_path(layout, manifest["config"]["digest"]))
    diff_ids = config.get("rootfs", {}).get("diff_ids", [])
    if len(diff_ids) != len(manifest.get("layers", [])):
        raise PyinstallError(layout, "the base image's config and manifest disagree on its layers")
    layers = []
    for layer, diff_id in zip(manifest.get("layers", []), diff_ids):
        path = blob_path(layout, layer["digest"])
        if not os.path.isfile(path):
            raise PyinstallError(layout, f"the layer {layer['digest']} of the base image is missing")
        layers.append(Layer(Blob(oci_media_type(layer["mediaType"]), layer["digest"], layer["size"], path=path), diff_id))
    return Image(config, layers)


def write_blob(layout: str, blob: Blob) -> None:
    path = blob_path(layout, blob.digest)
    if os.path.lexists(path):  # the same content twice (an empty layer, a base's layer)
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if blob.data is not None:
        with open(path, "wb") as f:
            f.write(blob.data)
        return
    assert blob.path is not None
    link_or_copy(blob.path, path)


def link_or_copy(source: str, target: str) -> None:
    """A hard link to the file behind `source` (Bazel stages inputs as symbolic links), so that
    a layout costs no copy of its layers; a copy where the file system refuses links."""
    try:
        os.link(os.path.realpath(source), target)
    except OSError:
        shutil.copyfile(source, target)


def write_layout(layout: str, blobs: list[Blob], index: dict[str, Any]) -> Blob:
    """Writes `oci-layout`, the blobs and `index.json`; returns the index as a blob."""
    os.makedirs(layout, exist_ok=True)
    with open(os.path.join(layout, "oci-layout"), "wb") as f:
        f.write(canonical_json({"imageLayoutVersion": "1.0.0"}))
    for blob in blobs:
        write_blob(layout, blob)
    index_blob = Blob.of_bytes(MEDIA_INDEX, canonical_json(index))
    assert index_blob.data is not None
    with open(os.path.join(layout, "index.json"), "wb") as f:
        f.write(index_blob.data)
    return index_blob
