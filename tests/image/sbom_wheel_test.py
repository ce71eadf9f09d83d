"""Where an SBOM's wheel license comes from: License-Expression, classifiers, License."""

from __future__ import annotations

import email.message
import os
import tempfile
import unittest
import zipfile

from pyinstall.common import sbom_record as sbom_wheel


def metadata(*headers: tuple[str, str]) -> email.message.Message:
    message = email.message.Message()
    for key, value in headers:
        message[key] = value
    return message


class LicenseTest(unittest.TestCase):
    def test_expression_wins(self) -> None:
        found = sbom_wheel.license_of(metadata(("License-Expression", "MIT OR Apache-2.0"), ("License", "BSD"), ("Classifier", "License :: OSI Approved :: MIT License")))
        self.assertEqual(found, {"expression": "MIT OR Apache-2.0"})

    def test_unambiguous_classifier(self) -> None:
        self.assertEqual(sbom_wheel.license_of(metadata(("Classifier", "License :: OSI Approved :: MIT License"))), {"expression": "MIT"})

    def test_versionless_classifier_stays_text(self) -> None:
        found = sbom_wheel.license_of(metadata(("License", "Apache 2.0"), ("Classifier", "License :: OSI Approved :: Apache Software License")))
        self.assertEqual(found, {"text": "Apache Software License"})

    def test_license_field(self) -> None:
        self.assertEqual(sbom_wheel.license_of(metadata(("License", "BSD-3-Clause"))), {"expression": "BSD-3-Clause"})
        self.assertEqual(sbom_wheel.license_of(metadata(("License", "Some license"))), {"text": "Some license"})
        self.assertEqual(sbom_wheel.license_of(metadata(("License", "UNKNOWN"))), {})

    def test_reads_the_wheels_metadata(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            wheel = os.path.join(tmp, "demo-1.0-py3-none-any.whl")
            with zipfile.ZipFile(wheel, "w") as archive:
                archive.writestr("demo/__init__.py", "")
                archive.writestr("demo-1.0.dist-info/METADATA", "Metadata-Version: 2.4\nName: Demo\nVersion: 1.0\nLicense-Expression: ISC\n")
            self.assertEqual(sbom_wheel.license_of(sbom_wheel.read_metadata(wheel)), {"expression": "ISC"})


if __name__ == "__main__":
    unittest.main()
