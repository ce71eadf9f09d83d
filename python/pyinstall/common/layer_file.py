"""The flags and outputs every layer-writing helper shares: compression, and the descriptor
that spares the image action from reading the layer again."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable

from pyinstall.common import gzip_members, tarball

MEDIA_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
MEDIA_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source-date-epoch", type=int, default=315532800)
    parser.add_argument("--gzip-level", type=int, default=tarball.GZIP_LEVEL, choices=gzip_members.LEVELS)
    parser.add_argument("--output", required=True, help="the layer to write (.tar.gz; .tar: not compressed)")
    parser.add_argument("--descriptor", help="where to write the layer's OCI descriptor and diff_id (JSON)")


def write_descriptor(path: str, digests: tarball.LayerDigests, compressed: bool) -> None:
    """Writes a layer's descriptor and diff_id (canonical JSON), so that the image action need
    not hash the layer."""
    media_type = MEDIA_LAYER_GZIP if compressed else MEDIA_LAYER_TAR
    data = {"mediaType": media_type, "digest": digests.digest, "size": digests.size, "diff_id": digests.diff_id}
    with open(path, "wb") as f:
        f.write(json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def write(ns: argparse.Namespace, entries: Iterable[tarball.Entry]) -> tarball.LayerDigests:
    """Writes the layer `ns.output` (gzipped when it ends in .gz) and its descriptor."""
    compress = str(ns.output).endswith(".gz")
    digests = tarball.write_layer(entries, ns.output, ns.source_date_epoch, compress=compress, level=ns.gzip_level)
    if ns.descriptor:
        write_descriptor(ns.descriptor, digests, compress)
    return digests
