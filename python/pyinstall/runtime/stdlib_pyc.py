"""The standard library's `.pyc` files of a runtime layer, as Debian's postinst would write them.

Debian compiles the standard library when a package is installed (py3compile); a layer built
without dpkg must do it itself, or every process of the image compiles the modules it imports
again (a read-only or non-root file system keeps nothing). They are compiled by the build's
interpreter, which must be the runtime's very CPython version, as PEP 552 unchecked-hash files
named by their path in the image, so the same lock gives the same bytes everywhere.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import py_compile
import sys
from collections.abc import Mapping

from pyinstall.common import tarball
from pyinstall.common.errors import PyinstallError


def upstream_version(debian_version: str) -> str:
    """The CPython version of a Debian package version: "3.13.5-2+deb13u5" -> "3.13.5"."""
    version = debian_version.split(":", 1)[-1].rsplit("-", 1)[0]
    return version.replace("~", "")  # 3.14.0~rc1 is CPython's 3.14.0rc1


def compile_stdlib(
    entries: Mapping[str, tarball.Entry],
    python_version: str,
    runtime_version: str,
    scratch: str,
) -> list[tarball.Entry]:
    """`.pyc` entries for every module under `usr/lib/python<python_version>/` of the layer.

    `runtime_version` is the layer's full CPython version: the compiling interpreter must be
    that very version, since two patch releases may compile a module to different bytes.
    """
    running = platform.python_version()
    if running != runtime_version:
        raise PyinstallError(
            sys.executable,
            f"is CPython {running}, but the layer's standard library is CPython {runtime_version}: "
            "its .pyc files would not be those the runtime itself writes",
            "build the layer with the Debian interpreter toolchain of the same lock (python.debian "
            "registers it), or set pyc = \"none\"",
        )
    prefix = f"usr/lib/python{python_version}/"
    if not any(path.startswith(prefix) for path in entries):
        raise PyinstallError(f"/{prefix}", "the layer has no such standard library",
                             f"lock libpython{python_version}-minimal and libpython{python_version}-stdlib")
    compiled: list[tarball.Entry] = []
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
