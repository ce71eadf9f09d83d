"""What an image's SBOM says about one wheel: its file's sha256 and its license, as a record.

It hashes the wheel file (the artifact a scanner can match against PyPI's hashes, not the
installed tree) and reads the license from the wheel's METADATA: `License-Expression` (PEP
639), else a `License ::` classifier with an unambiguous SPDX identifier, else the free text
of `License` or the classifiers, which the SBOM keeps as a `LicenseRef-`. Written by the
action that writes the wheel's layer from the wheel (`pyinstall.install.layer`), else by one of
its own (`pyinstall.image.sbom_wheel`); read by `pyinstall.image.sbom`.
"""

from __future__ import annotations

import email.parser
import hashlib
import json
import os
import re
import zipfile
from typing import Any

from pyinstall.common.errors import PyinstallError

# Classifiers whose SPDX identifier is certain; "BSD License" or "Apache Software License"
# name no version, so they stay text rather than a guess.
_CLASSIFIERS = {
    "License :: OSI Approved :: MIT License": "MIT",
    "License :: OSI Approved :: MIT No Attribution License (MIT-0)": "MIT-0",
    "License :: OSI Approved :: ISC License (ISCL)": "ISC",
    "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "License :: OSI Approved :: The Unlicense (Unlicense)": "Unlicense",
    "License :: OSI Approved :: Apache Software License 2.0": "Apache-2.0",
    "License :: OSI Approved :: Python Software Foundation License": "PSF-2.0",
    "License :: OSI Approved :: Zope Public License 2.1": "ZPL-2.1",
}
# A `License` field that is already one of these identifiers is taken as it is.
_IDENTIFIERS = {"0BSD", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MIT", "MIT-0", "MPL-2.0", "PSF-2.0", "Unlicense"}
_CHUNK = 1 << 20


def read_metadata(wheel: str) -> email.message.Message:
    """The METADATA of the wheel's `.dist-info` directory (the one at the top of the archive)."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = [n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)]
            if len(names) != 1:
                raise PyinstallError(wheel, f"has {len(names)} .dist-info/METADATA files, not one")
            text = archive.read(names[0]).decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile) as exc:
        raise PyinstallError(wheel, f"cannot be read as a wheel ({exc})") from exc
    return email.parser.Parser().parsestr(text, headersonly=True)


def license_of(metadata: email.message.Message) -> dict[str, str]:
    """{"expression": SPDX expression} or {"text": what METADATA says}, or {} if it says nothing."""
    expression = (metadata.get("License-Expression") or "").strip()
    if expression:
        return {"expression": expression}
    classifiers = [c.strip() for c in metadata.get_all("Classifier") or [] if c.strip().startswith("License ::")]
    known = sorted({_CLASSIFIERS[c] for c in classifiers if c in _CLASSIFIERS})
    if len(known) == 1 and len(classifiers) == 1:
        return {"expression": known[0]}
    declared = (metadata.get("License") or "").strip()
    if declared in _IDENTIFIERS:
        return {"expression": declared}
    # A `License` field is often the whole license text; its first line names it well enough.
    text = "; ".join(c.rsplit(" :: ", 1)[-1] for c in classifiers) or declared
    return {"text": text} if text and text.upper() != "UNKNOWN" else {}


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe(wheel: str, distribution: str, version: str, label: str, lock: str) -> dict[str, Any]:
    """The record of `wheel`, the `distribution` `version` of target `label` pinned in `lock`."""
    metadata = read_metadata(wheel)
    return {
        "distribution": distribution,
        "version": version,
        "name": metadata.get("Name") or distribution,
        "filename": os.path.basename(wheel),
        "sha256": sha256_of(wheel),
        "license": license_of(metadata),
        "label": label,
        "lock": lock,
    }


def write(path: str, data: dict[str, Any]) -> None:
    with open(path, "wb") as f:
        f.write(json.dumps(data, sort_keys=True, indent=1).encode("utf-8"))
