"""An OCI image from a base and layer tars: the action behind the `py_image` rule.

    python3.13 -S -s -B -m pyinstall.image.assemble @params

with, in the param file, one flag or value a line:
    --settings settings.json            (config: entrypoint, cmd, env, labels, tag, ...)
    --base-layout DIR | --base-tar F D  (an OCI layout, or base layer tars and their
                                         descriptors or -; optional)
    --layer F 'what it holds' D         (repeatable, bottom first; D: its descriptor, or -)
    --source-date-epoch 315532800
    --layout DIR  --digest F
    --sbom F  --sbom-wheel F ...  --sbom-first-party DESCRIPTOR 'what'
    --sbom-debian-lock F LABEL  --sbom-debian-package NAME ...   (the SBOM; optional)

It writes an OCI image layout directory and the manifest's digest. The layout's blobs are
hard links to the layer files (copies where links are refused), and a layer that comes with
its descriptor is not read at all: assembling an image costs little more than its config.
`pyinstall.image.archive` makes the tarball `podman load` reads, only when it is asked for.
With `--sbom`, the layout also holds the image's SPDX document as an OCI 1.1 referrer
(`pyinstall.image.sbom`), listed in index.json beside the image, whose digest it leaves alone.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from pyinstall.common import params
from pyinstall.common.errors import PyinstallError
from pyinstall.image import oci, sbom

# What Docker and the OCI spec call the name of an image in an archive.
_CONTAINERD_NAME = "io.containerd.image.name"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def timestamp(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _env(base: list[str], settings: dict[str, Any]) -> list[str]:
    env: dict[str, str] = {}
    for item in base:
        key, _, value = item.partition("=")
        env[key] = value
    env.update(settings.get("env") or {})
    prepend = settings.get("path_prepend") or []
    if prepend:
        env["PATH"] = ":".join(prepend + [env.get("PATH") or DEFAULT_PATH])
    return [f"{key}={env[key]}" for key in sorted(env)]


def make_config(base: dict[str, Any], layers: list[tuple[oci.Layer, str]], settings: dict[str, Any], epoch: int) -> dict[str, Any]:
    """The image config: the base's, with our layers, history and settings on top."""
    created = timestamp(epoch)
    inner = dict(base.get("config") or {})
    inner["Env"] = _env(inner.get("Env") or [], settings)
    if settings.get("entrypoint") is not None:
        inner["Entrypoint"] = settings["entrypoint"]
        inner.pop("Cmd", None)  # as in a Dockerfile: a new entrypoint drops the base's command
    if settings.get("cmd") is not None:
        inner["Cmd"] = settings["cmd"]
    for key, setting in (("WorkingDir", "workdir"), ("User", "user")):
        if settings.get(setting):
            inner[key] = settings[setting]
    labels = dict(inner.get("Labels") or {})
    labels.update(settings.get("labels") or {})
    if labels:
        inner["Labels"] = labels
    for key in [key for key, value in inner.items() if value is None]:
        del inner[key]
    history = list(base.get("history") or [])
    history += [{"created": created, "created_by": f"rules_pyinstall: {what}"} for _, what in layers]
    config: dict[str, Any] = {
        "architecture": settings["architecture"],
        "os": settings["os"],
        "created": created,
        "config": inner,
        "rootfs": {"type": "layers", "diff_ids": list((base.get("rootfs") or {}).get("diff_ids") or [])},
        "history": history,
    }
    config["rootfs"]["diff_ids"] += [layer.diff_id for layer, _ in layers]
    if settings.get("variant"):
        config["variant"] = settings["variant"]
    return config


def split_tag(tag: str) -> str:
    """The tag part of `name:tag` (what an OCI layout's ref.name holds)."""
    last = tag.rsplit("/", 1)[-1]
    return last.rsplit(":", 1)[1] if ":" in last else "latest"


def _layer(path: str, descriptor: str) -> oci.Layer:
    return oci.layer_from_file(path) if descriptor == "-" else oci.read_descriptor(descriptor, path)


def build(ns: argparse.Namespace) -> str:
    with open(ns.settings, encoding="utf-8") as f:
        settings = json.load(f)
    if ns.base_layout:
        base = oci.read_layout(ns.base_layout, settings["architecture"], settings["os"])
        base_config, base_layers = base.config, base.layers
        ours = []
    else:
        base_config, base_layers = {}, []
        ours = [(_layer(path, descriptor), f"base layer {os.path.basename(path)}") for path, descriptor in ns.base_tar]
    ours += [(_layer(path, descriptor), what) for path, what, descriptor in ns.layer]
    layers = base_layers + [layer for layer, _ in ours]
    config = oci.Blob.of_bytes(oci.MEDIA_CONFIG, oci.canonical_json(make_config(base_config, ours, settings, ns.source_date_epoch)))
    manifest = oci.Blob.of_bytes(
        oci.MEDIA_MANIFEST,
        oci.canonical_json(
            {
                "schemaVersion": 2,
                "mediaType": oci.MEDIA_MANIFEST,
                "config": config.descriptor(),
                "layers": [layer.blob.descriptor() for layer in layers],
            }
        ),
    )
    tag = settings["tag"]
    descriptor = manifest.descriptor()
    descriptor["annotations"] = {_CONTAINERD_NAME: tag, oci.REF_NAME: split_tag(tag)}
    index: dict[str, Any] = {"schemaVersion": 2, "mediaType": oci.MEDIA_INDEX, "manifests": [descriptor]}
    blobs = [layer.blob for layer in layers] + [config, manifest]
    if ns.sbom:
        document = sbom.encode(_sbom(ns, settings, manifest.digest))
        with open(ns.sbom, "wb") as f:
            f.write(document)
        referrer_blobs, referrer = sbom.referrer(document, manifest, os.path.basename(ns.sbom))
        blobs += referrer_blobs
        index["manifests"].append(referrer)
    oci.write_layout(ns.layout, blobs, index)

    with open(ns.digest, "w", encoding="utf-8") as f:
        f.write(manifest.digest)
    return f"image {manifest.digest} ({tag}): {len(layers)} layers, {len(ours)} of them new"


def _sbom(ns: argparse.Namespace, settings: dict[str, Any], digest: str) -> dict[str, Any]:
    wheels = []
    for path in ns.sbom_wheel:
        with open(path, encoding="utf-8") as f:
            wheels.append(json.load(f))
    debs = []
    if ns.sbom_debian_lock:
        lock, label = ns.sbom_debian_lock
        debs = sbom.debian_packages(lock, label, ns.sbom_debian_package)
    first_party = None
    if ns.sbom_first_party:
        path, what = ns.sbom_first_party
        with open(path, encoding="utf-8") as f:
            first_party = dict(json.load(f), what=what)
    image = {"name": settings["tag"], "digest": digest, "os": settings["os"], "architecture": settings["architecture"]}
    return sbom.document(image, wheels, debs, first_party, timestamp(ns.source_date_epoch))


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyinstall.image.assemble",
        description="Assemble an OCI image layout.",
    )
    parser.add_argument("--settings", required=True, help="JSON: entrypoint, cmd, env, labels, tag, platform")
    parser.add_argument("--base-layout", help="an OCI image layout directory")
    parser.add_argument("--base-tar", nargs=2, action="append", default=[], metavar=("PATH", "DESCRIPTOR"),
                        help="a base layer tar and its descriptor, or - (repeatable)")
    parser.add_argument("--layer", nargs=3, action="append", default=[], metavar=("PATH", "WHAT", "DESCRIPTOR"))
    parser.add_argument("--source-date-epoch", type=int, default=315532800)
    parser.add_argument("--layout", required=True, help="the OCI layout directory to write")
    parser.add_argument("--digest", required=True, help="the file to write the manifest digest to")
    parser.add_argument("--sbom", help="the SPDX document to write, and attach to the layout")
    parser.add_argument("--sbom-wheel", action="append", default=[], help="a wheel's record (pyinstall.image.sbom_wheel)")
    parser.add_argument("--sbom-first-party", nargs=2, metavar=("DESCRIPTOR", "WHAT"), help="the first-party layer")
    parser.add_argument("--sbom-debian-lock", nargs=2, metavar=("LOCK", "LABEL"), help="the base's Debian lock")
    parser.add_argument("--sbom-debian-package", action="append", default=[], help="only these packages of it")
    return parser


def main(argv: Sequence[str]) -> int:
    ns = make_parser().parse_args(params.expand(argv))
    if ns.base_layout and ns.base_tar:
        print("rules_pyinstall: error: give either a base layout or base tars, not both", file=sys.stderr)
        return 2
    try:
        summary = build(ns)
    except PyinstallError as exc:
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
