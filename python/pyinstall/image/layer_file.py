"""The flags and outputs every layer-writing helper shares: compression, and the descriptor
that spares the image action from reading the layer again."""

from __future__ import annotations

import argparse
from collections.abc import Iterable

from pyinstall.common import gzip_members, tarball
from pyinstall.image import oci


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source-date-epoch", type=int, default=315532800)
    parser.add_argument("--gzip-level", type=int, default=tarball.GZIP_LEVEL, choices=gzip_members.LEVELS)
    parser.add_argument("--output", required=True, help="the layer to write (.tar.gz; .tar: not compressed)")
    parser.add_argument("--descriptor", help="where to write the layer's OCI descriptor and diff_id (JSON)")


def write(ns: argparse.Namespace, entries: Iterable[tarball.Entry]) -> tarball.LayerDigests:
    """Writes the layer `ns.output` (gzipped when it ends in .gz) and its descriptor."""
    compress = str(ns.output).endswith(".gz")
    digests = tarball.write_layer(entries, ns.output, ns.source_date_epoch, compress=compress, level=ns.gzip_level)
    if ns.descriptor:
        oci.write_descriptor(ns.descriptor, digests, compress)
    return digests
