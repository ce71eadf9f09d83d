"""Interpreter lines of installed scripts: never the build machine's interpreter."""

from __future__ import annotations

import re

from installer.scripts import Script

from pyinstall.common.errors import PyinstallError

# `#!python`, `#!pythonw` and `#!python3.13 -u` are the wheel spec's placeholders.
_PLACEHOLDER = re.compile(rb"^#!python[0-9.]*w?(?=[ \t\r\n]|$)")
_MAX_SHEBANG = 127  # Linux reads at most this many bytes of an interpreter line.


def check_interpreter_line(label: str, line: str) -> bytes:
    """Returns `#!<line>` after checking that a kernel can execute it (`label`: the wheel)."""
    shebang = f"#!{line}".encode()
    if not line.startswith("/") or "\n" in line or "\r" in line or len(shebang) > _MAX_SHEBANG:
        raise PyinstallError(
            label,
            f"script_interpreter {line!r} is not a usable interpreter line",
            f"give an absolute path, optionally with one argument, at most {_MAX_SHEBANG - 2} "
            "characters, e.g. '/usr/bin/env python3' or '/usr/bin/python3'",
        )
    return shebang


def entry_point_script(name: str, module: str, attr: str, section: str, shebang: bytes) -> bytes:
    """The launcher of an entry point: installer's template behind our interpreter line.

    installer wraps an interpreter line with a space (`/usr/bin/env python3`) in a `/bin/sh`
    trampoline that quotes it as one word, which cannot work; the line is written as given.
    """
    _, data = Script(name, module, attr, section).generate("/python", "posix")  # type: ignore[arg-type]
    first, _, body = data.partition(b"\n")
    assert first == b"#!/python", first
    return shebang + b"\n" + body


def rewrite_placeholder(content: bytes, shebang: bytes) -> bytes:
    """Replaces a `#!python` first line (keeping its arguments); other content is untouched."""
    match = _PLACEHOLDER.match(content)
    if not match:
        return content
    return shebang + content[match.end() :]
