"""A reader for the protobuf text format, enough for Bazel's `starlark_doc_extract` output.

Messages become dicts whose values are lists (every field may repeat); scalars are str, int
or enum names (str). No protobuf runtime or generated code is needed.
"""

from __future__ import annotations

import ast
import re
from typing import Union

Value = Union[str, int, "Message"]
Message = dict[str, list[Value]]

_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<open>\{)|(?P<close>\})|(?P<colon>:)'
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_.]*)|(?P<number>-?[0-9]+))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"unexpected text at offset {pos}: {text[pos:pos + 30]!r}")
        kind = match.lastgroup
        assert kind is not None
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


def parse(text: str) -> Message:
    tokens = _tokens(text)
    message, end = _message(tokens, 0)
    if end != len(tokens):
        raise ValueError("unbalanced braces")
    return message


def _message(tokens: list[tuple[str, str]], i: int) -> tuple[Message, int]:
    message: Message = {}
    while i < len(tokens) and tokens[i][0] != "close":
        kind, name = tokens[i]
        if kind != "word":
            raise ValueError(f"expected a field name, got {name!r}")
        i += 1
        if tokens[i][0] == "colon":
            i += 1
        kind, text = tokens[i]
        value: Value
        if kind == "open":
            value, i = _message(tokens, i + 1)
            i += 1  # the closing brace
        elif kind == "string":
            value = ast.literal_eval(text)
            i += 1
        elif kind == "number":
            value = int(text)
            i += 1
        else:
            value = text
            i += 1
        message.setdefault(name, []).append(value)
    return message, i
