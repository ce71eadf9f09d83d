"""The standard library's `.pyc` files of a runtime layer, as Debian's postinst would write them.

Debian compiles the standard library when a package is installed (py3compile); a layer built
without dpkg must do it itself, or every process of the image compiles the modules it imports
again (a read-only or non-root file system keeps nothing). They are compiled by the build's
interpreter, which must be the runtime's major.minor version, as PEP 552 unchecked-hash files
named by their path in the image, so the same sources give the same bytes everywhere.
"""

from __future__ import annotations

import importlib.util
import os
import py_compile
import sys
from collections.abc import Mapping

from pyinstall import tarball
from pyinstall.errors import PyinstallError


def compile_stdlib(
    entries: Mapping[str, tarball.Entry],
    python_version: str,
    scratch: str,
) -> list[tarball.Entry]:
    """`.pyc` entries for every module under `usr/lib/python<version>/` of the layer."""
    running = "%d.%d" % sys.version_info[:2]
    if running != python_version:
        raise PyinstallError(
            sys.executable,
            f"is Python {running}, but the layer's standard library is Python {python_version}",
            f"register a Python {python_version} interpreter toolchain, or set pyc = \"none\"",
        )
    prefix = f"usr/lib/python{python_version}/"
    if not any(path.startswith(prefix) for path in entries):
        raise PyinstallError(f"/{prefix}", "the layer has no such standard library",
                             f"lock libpython{python_version}-minimal and libpython{python_version}-stdlib")
    compiled = []
    for path in sorted(entries):
        entry = entries[path]
        if not (path.startswith(prefix) and path.endswith(".py") and entry.source is not None):
            continue
        cache = importlib.util.cache_from_source("/" + path).lstrip("/")
        if cache in entries:
            continue
        output = os.path.join(scratch, f"pyc-{len(compiled)}")
        if _compile(entry.source, output, "/" + path):
            compiled.append(tarball.Entry(cache, source=output))
    return compiled


def _compile(source: str, output: str, dfile: str) -> bool:
    try:
        py_compile.compile(
            source,
            cfile=output,
            dfile=dfile,
            doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
    except (py_compile.PyCompileError, SyntaxError, ValueError, UnicodeDecodeError):
        return False  # test data in Python 2 syntax, templates: no .pyc, as py3compile does
    return True
