"""The SBOM of //examples/app:image: valid SPDX 2.3 for spdx-tools, complete, and attached.

    sbom_test.py <image outputs...> -- <debian lock> -- <wheel files...> -- <index outputs...>
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import unittest
import urllib.parse
from typing import Any

from spdx_tools.spdx.parser.json import json_parser
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from tests.image.outputs import Layout

ARGS: list[str] = []


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def purl(package: dict[str, Any]) -> str:
    refs = [r["referenceLocator"] for r in package.get("externalRefs", []) if r["referenceType"] == "purl"]
    assert len(refs) == 1, package
    return str(refs[0])


class SbomTest(unittest.TestCase):
    def setUp(self) -> None:
        image, lock, wheels, _ = " ".join(ARGS).split(" -- ")
        outputs = image.split()
        self.sbom_path = next(p for p in outputs if p.endswith(".spdx.json"))
        directory = next(p for p in outputs if os.path.isdir(p))
        with open(next(p for p in outputs if p.endswith(".digest"))) as f:
            self.layout = Layout(directory, f.read())
        with open(self.sbom_path, "rb") as f:
            self.sbom_bytes = f.read()
        self.sbom = json.loads(self.sbom_bytes)
        self.packages = {p["SPDXID"]: p for p in self.sbom["packages"]}
        with open(lock.strip()) as f:
            self.debs = json.load(f)["packages"]
        self.wheels = {os.path.basename(p): p for p in wheels.split()}

    def test_spdx_tools_finds_it_valid(self) -> None:
        document = json_parser.parse_from_file(self.sbom_path)
        self.assertEqual(validate_full_spdx_document(document), [])
        self.assertEqual(document.creation_info.spdx_version, "SPDX-2.3")

    def test_deterministic_header(self) -> None:
        # The build's epoch (the default, 1980-01-01), never the time of the build.
        self.assertEqual(self.sbom["creationInfo"]["created"], "1980-01-01T00:00:00Z")
        self.assertTrue(self.sbom["documentNamespace"].endswith(self.layout.digest.split(":")[1]))

    def test_wheels(self) -> None:
        wheels = {p["name"]: p for p in self.sbom["packages"] if p["SPDXID"].startswith("SPDXRef-Wheel-")}
        self.assertEqual(sorted(wheels), ["falcon", "waitress"])
        for name, version in (("falcon", "4.4.0"), ("waitress", "3.0.2")):
            package = wheels[name]
            self.assertEqual(package["versionInfo"], version)
            self.assertEqual(purl(package), f"pkg:pypi/{name}@{version}")
            self.assertEqual(package["checksums"], [{"algorithm": "SHA256", "checksumValue": sha256(self.wheels[package["packageFileName"]])}])
            self.assertIn("pinned in //examples/app:requirements.txt", package["sourceInfo"])
        # falcon states Apache-2.0 by its classifier; waitress only "ZPL 2.1" and a versionless classifier.
        self.assertEqual(wheels["falcon"]["licenseDeclared"], "Apache-2.0")
        extracted = {e["licenseId"]: e["extractedText"] for e in self.sbom["hasExtractedLicensingInfos"]}
        self.assertEqual(extracted[wheels["waitress"]["licenseDeclared"]], "Zope Public License")

    def test_debian_packages(self) -> None:
        debs = {p["name"]: p for p in self.sbom["packages"] if p["SPDXID"].startswith("SPDXRef-Deb-")}
        self.assertEqual(sorted(debs), sorted(d["name"] for d in self.debs))
        for deb in self.debs:
            package = debs[deb["name"]]
            self.assertEqual(package["versionInfo"], deb["version"])
            self.assertEqual(package["checksums"][0]["checksumValue"], deb["sha256"])
            name = urllib.parse.quote(deb["name"])  # the purl spec percent-encodes libstdc++6's "+"
            self.assertEqual(purl(package), f"pkg:deb/debian/{name}@{deb['version']}?arch={deb['architecture']}")
        self.assertEqual(purl(debs["libstdc++6"]).split("@")[0], "pkg:deb/debian/libstdc%2B%2B6")

    def test_image_and_first_party(self) -> None:
        image = self.packages["SPDXRef-Image"]
        self.assertEqual(image["versionInfo"], self.layout.digest)
        self.assertEqual(image["checksums"][0]["checksumValue"], self.layout.digest.split(":")[1])
        manifest = self.layout.blob(self.layout.digest)
        first_party = self.packages["SPDXRef-FirstParty"]
        self.assertEqual(first_party["versionInfo"], manifest["layers"][-1]["digest"])
        contained = {r["relatedSpdxElement"] for r in self.sbom["relationships"] if r["relationshipType"] == "CONTAINS"}
        self.assertEqual(contained, set(self.packages) - {"SPDXRef-Image"})

    def test_attached_as_referrer(self) -> None:
        index = self.layout.index()["manifests"]
        self.assertEqual([m["digest"] for m in index if "artifactType" not in m], [self.layout.digest])
        (referrer,) = [m for m in index if m.get("artifactType") == "application/spdx+json"]
        manifest = self.layout.blob(referrer["digest"])
        self.assertEqual(manifest["artifactType"], "application/spdx+json")
        self.assertEqual(manifest["subject"]["digest"], self.layout.digest)
        self.assertEqual(manifest["config"]["mediaType"], "application/vnd.oci.empty.v1+json")
        (layer,) = manifest["layers"]
        self.assertEqual(layer["digest"], "sha256:" + hashlib.sha256(self.sbom_bytes).hexdigest())
        with open(os.path.join(self.layout.path, "blobs", "sha256", layer["digest"].split(":")[1]), "rb") as f:
            self.assertEqual(f.read(), self.sbom_bytes)
        self.assertEqual(self.layout.blob(manifest["config"]["digest"]), {})


class IndexSbomTest(unittest.TestCase):
    """//tests/image:debian_index: the index's document refers to each image's, all attached."""

    def test_index_sbom(self) -> None:
        outputs = " ".join(ARGS).split(" -- ")[3].split()
        path = next(p for p in outputs if p.endswith(".spdx.json"))
        directory = next(p for p in outputs if os.path.isdir(p))
        with open(next(p for p in outputs if p.endswith(".digest"))) as f:
            layout = Layout(directory, f.read())
        document = json_parser.parse_from_file(path)
        self.assertEqual(validate_full_spdx_document(document), [])
        with open(path, "rb") as f:
            sbom = json.load(f)
        self.assertEqual(sbom["packages"][0]["checksums"][0]["checksumValue"], layout.digest.split(":")[1])
        refs = {r["externalDocumentId"]: r for r in sbom["externalDocumentRefs"]}
        self.assertEqual(sorted(refs), ["DocumentRef-linux-amd64", "DocumentRef-linux-arm64"])
        top = layout.index()["manifests"]
        self.assertEqual([m["digest"] for m in top if "artifactType" not in m], [layout.digest])
        subjects = {}
        for descriptor in top:
            if "artifactType" in descriptor:
                manifest = layout.blob(descriptor["digest"])
                with open(os.path.join(layout.path, "blobs", "sha256", manifest["layers"][0]["digest"].split(":")[1]), "rb") as f:
                    attached = f.read()
                subjects[manifest["subject"]["digest"]] = hashlib.sha1(attached).hexdigest()
        images = [m["digest"] for m in layout.blob(layout.digest)["manifests"]]
        self.assertEqual(sorted(subjects), sorted(images + [layout.digest]))
        # Each image's attached document is the one the index's document refers to.
        self.assertEqual(sorted(subjects[d] for d in images), sorted(r["checksum"]["checksumValue"] for r in refs.values()))


if __name__ == "__main__":
    ARGS = sys.argv[1:]
    unittest.main(argv=sys.argv[:1])
