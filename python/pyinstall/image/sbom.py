"""The SPDX 2.3 document of an image, and the OCI 1.1 referrer that attaches it to the image.

SPDX rather than CycloneDX: it is an ISO standard (5962), the format BuildKit's attestations
and Debian's tooling use, `application/spdx+json` is the artifact type registries and
scanners (Trivy, Grype, `oras discover`) look for, and its reference validator (spdx-tools)
is on PyPI. The document is a function of the image: no wall-clock time (`created` is the
build's epoch) and a namespace derived from the manifest digest.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from typing import Any

from pyinstall.image import oci

MEDIA_SPDX = "application/spdx+json"
MEDIA_EMPTY = "application/vnd.oci.empty.v1+json"
# What `oras attach` and the OCI spec's examples name the file of an artifact's layer.
_TITLE = "org.opencontainers.image.title"
_NOASSERTION = "NOASSERTION"


def _id(kind: str, *parts: str) -> str:
    return "SPDXRef-" + "-".join([kind] + [re.sub(r"[^A-Za-z0-9.-]+", ".", p) for p in parts])


def _sha256(digest: str) -> list[dict[str, str]]:
    return [{"algorithm": "SHA256", "checksumValue": digest.split(":", 1)[-1]}]


def _purl(kind: str, namespace: str, name: str, version: str, qualifiers: str = "", safe: str = ".+-_~:") -> dict[str, str]:
    # The purl spec leaves ":" unencoded (a Debian epoch, "1:1.3"), but its pkg:oci examples
    # encode the digest's ("sha256%3A..."), which scanners match.
    quote = urllib.parse.quote
    locator = f"pkg:{kind}/{namespace + '/' if namespace else ''}{quote(name)}@{quote(version, safe=safe)}{qualifiers}"
    return {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": locator}


def _package(spdx_id: str, name: str, version: str, **fields: Any) -> dict[str, Any]:
    package = {
        "SPDXID": spdx_id,
        "name": name,
        "versionInfo": version,
        "downloadLocation": _NOASSERTION,
        "filesAnalyzed": False,
        "licenseConcluded": _NOASSERTION,
        "licenseDeclared": _NOASSERTION,
        "copyrightText": _NOASSERTION,
    }
    package.update(fields)
    return package


def wheel_package(wheel: dict[str, Any], licenses: list[dict[str, str]]) -> dict[str, Any]:
    spdx_id = _id("Wheel", wheel["distribution"], wheel["version"])
    license = wheel["license"]
    declared = license.get("expression") or _NOASSERTION
    if "text" in license:
        declared = "LicenseRef-" + spdx_id[len("SPDXRef-"):]
        licenses.append({"licenseId": declared, "name": f"{wheel['name']}'s license as its METADATA states it", "extractedText": license["text"]})
    source = f"pinned in {wheel['lock']}, installed by {wheel['label']}" if wheel["lock"] else f"installed by {wheel['label']}"
    return _package(
        spdx_id,
        wheel["name"],
        wheel["version"],
        packageFileName=wheel["filename"],
        checksums=_sha256(wheel["sha256"]),
        externalRefs=[_purl("pypi", "", wheel["distribution"], wheel["version"])],
        licenseDeclared=declared,
        primaryPackagePurpose="LIBRARY",
        sourceInfo=source,
    )


def deb_package(deb: dict[str, Any], lock: str) -> dict[str, Any]:
    return _package(
        _id("Deb", deb["name"], deb["architecture"]),
        deb["name"],
        deb["version"],
        packageFileName=deb["filename"].rsplit("/", 1)[-1],
        downloadLocation=deb.get("url") or _NOASSERTION,
        checksums=_sha256(deb["sha256"]),
        externalRefs=[_purl("deb", "debian", deb["name"], deb["version"], "?arch=" + deb["architecture"])],
        primaryPackagePurpose="OPERATING-SYSTEM",
        sourceInfo=f"pinned in {lock}",
    )


def debian_packages(lock_path: str, lock_label: str, only: list[str]) -> list[dict[str, Any]]:
    """The packages of a Debian runtime lock that its base layer holds (`only`, or all)."""
    with open(lock_path, encoding="utf-8") as f:
        packages: list[dict[str, Any]] = json.load(f)["packages"]
    return [deb_package(p, lock_label) for p in packages if not only or p["name"] in only]


def document(image: dict[str, Any], wheels: list[dict[str, Any]], debs: list[dict[str, Any]], first_party: dict[str, Any] | None, created: str) -> dict[str, Any]:
    """The SPDX document: the image CONTAINS its wheels, its Debian packages and its own code.

    `image` holds name (the tag), digest (of the manifest), os and architecture; `first_party`
    the first-party layer's descriptor (digest, diff_id) and what it holds.
    """
    hex_digest = image["digest"].split(":", 1)[-1]
    repository, _, _ = image["name"].rpartition(":") if ":" in image["name"].rsplit("/", 1)[-1] else (image["name"], "", "")
    image_package = _package(
        "SPDXRef-Image",
        image["name"],
        image["digest"],
        checksums=_sha256(image["digest"]),
        externalRefs=[_purl("oci", "", repository.rsplit("/", 1)[-1], image["digest"],
                            "?arch=" + image["architecture"] + "&repository_url=" + urllib.parse.quote(repository, safe=""), safe="")],
        primaryPackagePurpose="CONTAINER",
        comment=f"the image manifest, {image['os']}/{image['architecture']}",
    )
    licenses: list[dict[str, str]] = []
    packages = [image_package]
    packages += sorted((wheel_package(w, licenses) for w in wheels), key=lambda p: p["SPDXID"])
    packages += sorted(debs, key=lambda p: p["SPDXID"])
    if first_party:
        packages.append(_package(
            "SPDXRef-FirstParty",
            "first-party code",
            first_party["digest"],
            checksums=_sha256(first_party["digest"]),
            primaryPackagePurpose="SOURCE",
            comment=f"the image layer {first_party['digest']} (diff_id {first_party['diff_id']}): {first_party['what']}",
        ))
    relationships = [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-Image"}]
    relationships += [
        {"spdxElementId": "SPDXRef-Image", "relationshipType": "CONTAINS", "relatedSpdxElement": p["SPDXID"]}
        for p in packages[1:]
    ]
    doc: dict[str, Any] = {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": image["name"],
        # Unique per image as SPDX asks, and the same on every build of it.
        "documentNamespace": f"https://rules-pyinstall.invalid/spdx/{urllib.parse.quote(image['name'], safe='')}/{hex_digest}",
        "creationInfo": {"created": created, "creators": ["Tool: rules_pyinstall"]},
        "packages": packages,
        "relationships": relationships,
    }
    if licenses:
        doc["hasExtractedLicensingInfos"] = sorted(licenses, key=lambda license: license["licenseId"])
    return doc


def index_document(index: dict[str, Any], images: list[tuple[str, bytes]], created: str) -> dict[str, Any]:
    """The SPDX document of an image index: the index CONTAINS each image, as described by the
    image's own document (`images`: platform, e.g. "linux/arm64/v8", and the document's
    bytes), which it refers to by namespace and SHA1 as SPDX's external references are."""
    doc = document(dict(index, os="", architecture=""), [], [], None, created)
    package = doc["packages"][0]
    package["SPDXID"] = "SPDXRef-Index"
    package["comment"] = "the image index"
    package["externalRefs"][0]["referenceLocator"] = package["externalRefs"][0]["referenceLocator"].replace("?arch=&", "?")
    doc["relationships"][0]["relatedSpdxElement"] = "SPDXRef-Index"
    doc["externalDocumentRefs"] = []
    for platform, image_sbom in images:
        ref = "DocumentRef-" + re.sub(r"[^A-Za-z0-9.-]+", "-", platform)
        doc["externalDocumentRefs"].append({
            "externalDocumentId": ref,
            "spdxDocument": json.loads(image_sbom)["documentNamespace"],
            "checksum": {"algorithm": "SHA1", "checksumValue": hashlib.sha1(image_sbom).hexdigest()},
        })
        doc["relationships"].append({"spdxElementId": "SPDXRef-Index", "relationshipType": "CONTAINS", "relatedSpdxElement": ref + ":SPDXRef-Image"})
    return doc


def attached(layout: str, index: dict[str, Any]) -> list[tuple[dict[str, Any], bytes]]:
    """The SBOM referrers of a layout's index.json: each descriptor, and its document."""
    found = []
    for descriptor in index.get("manifests") or []:
        if descriptor.get("artifactType") == MEDIA_SPDX:
            with open(oci.blob_path(layout, descriptor["digest"]), "rb") as f:
                layer = json.load(f)["layers"][0]
            with open(oci.blob_path(layout, layer["digest"]), "rb") as f:
                found.append((descriptor, f.read()))
    return found


def encode(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"


def referrer(sbom: bytes, subject: oci.Blob, filename: str, artifact_type: str = MEDIA_SPDX) -> tuple[list[oci.Blob], dict[str, Any]]:
    """An OCI 1.1 artifact manifest of `sbom` whose subject is `subject`: its blobs (the empty
    config, the document, the manifest) and its descriptor for index.json. It is a manifest of
    its own, so the image's digest does not change, and registries list it under the
    image's referrers (`GET /v2/<name>/referrers/<digest>`)."""
    empty = oci.Blob.of_bytes(MEDIA_EMPTY, b"{}")
    layer = oci.Blob.of_bytes(artifact_type, sbom)
    config = empty.descriptor()
    config["data"] = "e30="  # the empty config inline, as the image spec recommends
    layer_descriptor = layer.descriptor()
    layer_descriptor["annotations"] = {_TITLE: filename}
    manifest = oci.Blob.of_bytes(oci.MEDIA_MANIFEST, oci.canonical_json({
        "schemaVersion": 2,
        "mediaType": oci.MEDIA_MANIFEST,
        "artifactType": artifact_type,
        "config": config,
        "layers": [layer_descriptor],
        "subject": subject.descriptor(),
    }))
    descriptor = manifest.descriptor()
    descriptor["artifactType"] = artifact_type
    return [empty, layer, manifest], descriptor
