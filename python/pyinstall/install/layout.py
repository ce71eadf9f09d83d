"""Where each entry of a checked wheel goes: its scheme's directory, or nowhere.

This is installer's `install()` loop with our rules: the `.data` directory is the one the
archive has (see CheckedWheel.data_dir), launchers come from the checked entry_points.txt,
and files an installer writes itself are dropped from the archive rather than clashing.
"""

from __future__ import annotations

import io
import stat
from collections.abc import Iterator

from installer.records import RecordEntry
from installer.utils import Scheme

from pyinstall.install import parallel
from pyinstall.install.destination import TreeDestination
from pyinstall.install.wheel_source import CheckedWheel

INSTALLER = b"rules_pyinstall\n"
# Written by the installer, not the build backend: a wheel's own copy is stale at best, and
# direct_url.json would claim an origin this tree does not have (PEP 610 is for direct URLs).
_INSTALLER_FILES = ("INSTALLER", "RECORD", "direct_url.json")


def is_dropped(path: str, dist_info_dir: str) -> bool:
    """Bytecode caches (compiled afresh for the target Python) and installer-written metadata.

    A `.pyc` outside `__pycache__` is kept: without a `.py` beside it, it is the module itself.
    """
    if "__pycache__" in path.split("/"):
        return True
    return any(path == f"{dist_info_dir}/{name}" for name in _INSTALLER_FILES)


def _planned(wheel: CheckedWheel, dist_info_dir: str, root_scheme: Scheme) -> Iterator[parallel.Planned]:
    """The archive's entries to write, in archive order, with their scheme and path."""
    data_prefix = wheel.data_dir + "/"
    for info in wheel.members():
        name = info.filename
        if info.is_dir() or is_dropped(name, dist_info_dir):
            continue
        scheme, path = root_scheme, name
        if name.startswith(data_prefix):
            scheme_name, _, path = name[len(data_prefix) :].partition("/")
            scheme = Scheme(scheme_name)
        mode = info.external_attr >> 16
        executable = bool(mode and stat.S_ISREG(mode) and mode & 0o111)  # installer's rule
        yield parallel.Planned(name, scheme, path, executable)


def install(wheel: CheckedWheel, destination: TreeDestination) -> None:
    """Writes the launchers, every kept entry and INSTALLER, then RECORD and the `.pyc` files."""
    dist_info_dir = wheel.dist_info_dir
    root_scheme = Scheme("purelib" if wheel.root_is_purelib else "platlib")
    written: list[tuple[Scheme, RecordEntry]] = []
    for launcher in wheel.launchers:
        record = destination.write_launcher(launcher)
        written.append((Scheme("scripts"), record))
    entries = list(_planned(wheel, dist_info_dir, root_scheme))
    if destination.forked_writes and destination.jobs > 1 and len(entries) >= parallel.MIN_ENTRIES:
        records = parallel.write_all(wheel, destination, entries)
        written += [(entry.scheme, record) for entry, record in zip(entries, records)]
    else:
        for entry in entries:
            written.append((entry.scheme, parallel.write_one(wheel, destination, entry, wheel.open_entry)))
    installer_path = f"{dist_info_dir}/INSTALLER"
    written.append((root_scheme, destination.write_entry(root_scheme, installer_path, io.BytesIO(INSTALLER), False, origin="INSTALLER")))
    record_path = f"{dist_info_dir}/RECORD"
    written.append((root_scheme, RecordEntry(record_path, None, None)))
    destination.finalize_installation(root_scheme, record_path, written)
