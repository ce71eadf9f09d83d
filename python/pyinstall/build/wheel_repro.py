"""Rewriting a freshly built wheel so that its bytes depend only on the sdist and the build.

Backends differ in what they leave to chance: member order, zip times (the clock, or
SOURCE_DATE_EPOCH when they honour it), modes from the umask, RECORD's order. The rewrite
fixes all of them: members sorted (the `.dist-info` directory last, RECORD at the very end),
every time the build's epoch, modes 0644 or 0755, deflated at one level, RECORD regenerated
from the bytes written. A wheel that holds a path of the build directory (a compiler's debug
info, a generated module) would differ on every machine and is refused.
"""

from __future__ import annotations

import base64
import csv
import io
import hashlib
import time
import zipfile

from packaging.utils import canonicalize_name, parse_wheel_filename

from pyinstall.common.errors import PyinstallError

_ZIP_EPOCH = 315532800  # 1980-01-01: zip times start there


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def check_name(filename: str, name: str, version: str, subject: str) -> None:
    """The backend built the pinned distribution and version, not another."""
    built_name, built_version, _, _ = parse_wheel_filename(filename)
    if canonicalize_name(built_name) != canonicalize_name(name) or str(built_version) != str(parse_wheel_filename(f"x-{version}-py3-none-any.whl")[1]):
        raise PyinstallError(subject, f"the backend built {filename}, not {name} {version}", "check the lock's pin against the sdist")


def rewrite(source: str, output: str, source_date_epoch: int, build_paths: list[str], subject: str) -> int:
    """Writes `source` to `output` deterministically; returns the number of files in it."""
    with zipfile.ZipFile(source) as archive:
        members = {}
        for info in archive.infolist():
            if info.is_dir():
                continue
            data = archive.read(info)
            for path in build_paths:
                if path.encode() in data:
                    raise PyinstallError(
                        subject,
                        f"the built wheel's {info.filename} holds a path of the build directory ({path}), "
                        "which differs on every machine",
                        "use a wheel of this package; a build that records its directory cannot be reproducible",
                    )
            executable = (info.external_attr >> 16) & 0o111
            members[info.filename] = (data, 0o755 if executable else 0o644)
    records = [n for n in members if n.count("/") == 1 and n.endswith(".dist-info/RECORD")]
    if len(records) != 1:
        raise PyinstallError(subject, "the built wheel has no single .dist-info/RECORD", "use a wheel of this package")
    record = records[0]
    dist_info = record.rsplit("/", 1)[0] + "/"
    del members[record]
    order = sorted(members, key=lambda n: (n.startswith(dist_info), n))
    date_time = time.gmtime(max(source_date_epoch, _ZIP_EPOCH))[:6]
    rows: list[tuple[str, str, str]] = []
    with zipfile.ZipFile(output, "w") as archive:
        for name in order + [record]:
            if name == record:
                rows.append((record, "", ""))
                text = io.StringIO()
                csv.writer(text, lineterminator="\n").writerows(rows)
                data, mode = text.getvalue().encode("utf-8"), 0o644
            else:
                data, mode = members[name]
                rows.append((name, _record_hash(data), str(len(data))))
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return len(order)
