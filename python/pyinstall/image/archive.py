"""An image layout as the tarball `podman load` and `docker load` read: behind `py_image`'s
`tarball` output group and `py_image_load`.

    python3.13 -S -s -B -m pyinstall.image.archive @params

with, in the param file: --layout DIR (a `py_image` layout of one image), --tag NAME,
--source-date-epoch N, --output image.tar.

The tar holds the layout itself and a Docker `manifest.json` beside it (what `docker save`
writes since Docker 25), sorted and dated like every tar here. It copies every blob once more,
which is why `py_image` makes it only when asked.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence

from pyinstall.common import params, tarball
from pyinstall.common.errors import PyinstallError
from pyinstall.image import oci


def docker_manifest(layout: str, tag: str) -> tuple[bytes, bytes]:
    """`manifest.json` of a docker-archive (the config and layer blobs of the layout's image),
    and the layout's `index.json` with the image alone.

    Referrers (the SBOM) stay out of the archive's index: podman loads an archive whose
    index lists one manifest as that OCI image, with its digest; with more, it falls back to
    manifest.json and converts the image to Docker's format, under another digest.
    """
    try:
        with open(os.path.join(layout, "index.json"), "rb") as f:
            index = json.load(f)
        manifests = oci.images(index)
        if len(manifests) != 1:
            raise ValueError(f"{len(manifests)} manifests in index.json, not one")
        with open(oci.blob_path(layout, manifests[0]["digest"]), "rb") as f:
            manifest = json.load(f)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PyinstallError(layout, f"is not the layout of one image ({exc})", "give a py_image") from exc
    image_index = oci.canonical_json(dict(index, manifests=manifests))

    def blob(descriptor: dict[str, str]) -> str:
        return "blobs/sha256/" + descriptor["digest"].split(":", 1)[1]

    entry = {"Config": blob(manifest["config"]), "RepoTags": [tag], "Layers": [blob(d) for d in manifest["layers"]]}
    return oci.canonical_json([entry]), image_index


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyinstall.image.archive",
        description="Write an image layout as a tarball for podman load and docker load.",
    )
    parser.add_argument("--layout", required=True, help="the OCI layout of one image")
    parser.add_argument("--tag", required=True, help="the name it loads as")
    parser.add_argument("--source-date-epoch", type=int, default=315532800)
    parser.add_argument("--output", required=True, help="the tar to write")
    return parser


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    try:
        content, image_index = docker_manifest(ns.layout, ns.tag)
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        manifest_json = os.path.join(scratch, "manifest.json")
        with open(manifest_json, "wb") as f:
            f.write(content)
        index_json = os.path.join(scratch, "index.json")
        with open(index_json, "wb") as f:
            f.write(image_index)
        entries = [e for e in tarball.entries_from_tree(ns.layout, "") if e.path != "index.json"]
        entries += [tarball.Entry("index.json", source=index_json), tarball.Entry("manifest.json", source=manifest_json)]
        digests = tarball.write_layer(entries, ns.output, ns.source_date_epoch, compress=False)
    print(f"{ns.output}: {ns.tag}, {digests.size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
