"""A multi-platform OCI image index from several image layouts: behind `py_image_index`.

    python3.13 -S -s -B -m pyinstall.image.index @params

with, in the param file: --image DIR OS ARCHITECTURE VARIANT (repeatable; VARIANT may be
empty), --tag localhost/app:latest, --source-date-epoch N, --layout DIR, --digest F.

The output layout holds every image's blobs and an image index blob listing each image's
manifest with its platform; `index.json` points at that index (as rules_oci's
`oci_image_index` writes it), and the digest file holds the index's digest. With --sbom F,
the index's SPDX document (which refers to each image's) is written to F and attached to the
index as an OCI 1.1 referrer, beside the images' own, which stay attached to them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from pyinstall.image import oci, sbom
from pyinstall.common import params
from pyinstall.common.errors import PyinstallError
from pyinstall.image.assemble import split_tag, timestamp


def _index(layout: str) -> dict[str, Any]:
    with open(os.path.join(layout, "index.json"), "rb") as f:
        index: dict[str, Any] = json.load(f)
    return index


def _manifest(index: dict[str, Any], layout: str) -> dict[str, Any]:
    manifests: list[dict[str, Any]] = [m for m in oci.images(index) if m.get("mediaType") == oci.MEDIA_MANIFEST]
    if len(manifests) != 1:
        raise PyinstallError(layout, f"holds {len(manifests)} image manifests, not one", "give py_image targets")
    return manifests[0]


def _blobs(layout: str) -> list[oci.Blob]:
    root = os.path.join(layout, "blobs", "sha256")
    return [
        oci.Blob("", "sha256:" + name, os.path.getsize(os.path.join(root, name)), path=os.path.join(root, name))
        for name in sorted(os.listdir(root))
    ]


def build(images: list[list[str]], tag: str, layout: str, sbom_path: str | None = None, epoch: int = 315532800) -> oci.Blob:
    entries = []
    referrers: list[dict[str, Any]] = []
    image_sboms: list[tuple[str, bytes]] = []
    seen: dict[str, str] = {}
    blobs: dict[str, oci.Blob] = {}
    for image_layout, os_name, architecture, variant in images:
        platform = {"os": os_name, "architecture": architecture}
        if variant:
            platform["variant"] = variant
        key = "/".join(platform[k] for k in ("os", "architecture", "variant") if k in platform)
        if key in seen:
            raise PyinstallError(image_layout, f"is a second image for {key} (the first: {seen[key]})")
        seen[key] = image_layout
        image_index = _index(image_layout)
        manifest = _manifest(image_index, image_layout)
        # Each image's SBOM stays attached to it: its referrer's subject is in the index too.
        for descriptor, document in sbom.attached(image_layout, image_index):
            referrers.append(descriptor)
            image_sboms.append((key, document))
        entries.append({"mediaType": oci.MEDIA_MANIFEST, "digest": manifest["digest"], "size": manifest["size"], "platform": platform})
        for blob in _blobs(image_layout):
            blobs.setdefault(blob.digest, blob)
    entries.sort(key=lambda entry: sorted(entry["platform"].items()))
    index = oci.Blob.of_bytes(oci.MEDIA_INDEX, oci.canonical_json({"schemaVersion": 2, "mediaType": oci.MEDIA_INDEX, "manifests": entries}))
    descriptor = index.descriptor()
    descriptor["annotations"] = {"io.containerd.image.name": tag, oci.REF_NAME: split_tag(tag)}
    top: dict[str, Any] = {"schemaVersion": 2, "mediaType": oci.MEDIA_INDEX, "manifests": [descriptor]}
    ours = [index]
    if sbom_path:
        document = sbom.encode(sbom.index_document({"name": tag, "digest": index.digest}, sorted(image_sboms), timestamp(epoch)))
        with open(sbom_path, "wb") as f:
            f.write(document)
        sbom_blobs, referrer = sbom.referrer(document, index, os.path.basename(sbom_path))
        ours += sbom_blobs
        referrers.append(referrer)
    top["manifests"] += sorted(referrers, key=lambda d: str(d["digest"]))
    oci.write_layout(layout, [blobs[d] for d in sorted(blobs)] + ours, top)
    return index


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyinstall.image.index",
        description="Combine image layouts of several platforms into one image index.",
    )
    parser.add_argument("--image", nargs=4, action="append", default=[], metavar=("LAYOUT", "OS", "ARCHITECTURE", "VARIANT"))
    parser.add_argument("--tag", required=True)
    parser.add_argument("--source-date-epoch", type=int, default=315532800)
    parser.add_argument("--layout", required=True)
    parser.add_argument("--digest", required=True)
    parser.add_argument("--sbom", help="the index's SPDX document to write, and attach to the layout")
    return parser


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    try:
        index = build(ns.image, ns.tag, ns.layout, ns.sbom, ns.source_date_epoch)
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    with open(ns.digest, "w", encoding="utf-8") as f:
        f.write(index.digest)
    print(f"image index {index.digest} ({ns.tag}): {len(ns.image)} platforms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
