"""Renders `starlark_doc_extract` output (text format) as Markdown for docs/.

    python3 -m tools.docgen.render --title T --input defs.textproto --output defs.md
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tools.docgen import textproto
from tools.docgen.textproto import Message


def _one(message: Message, field: str, default: str = "") -> str:
    values = message.get(field)
    return str(values[0]) if values else default


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _attributes(attrs: list[Message]) -> list[str]:
    lines = ["| Attribute | Description | Type | Default |", "| --- | --- | --- | --- |"]
    for attr in attrs:
        mandatory = _one(attr, "mandatory") == "true"
        default = "required" if mandatory else f"`{_cell(_one(attr, 'default_value'))}`"
        doc = _cell(_one(attr, "doc_string"))
        kind = _one(attr, "type", "").lower().replace("_", " ")
        lines.append(f"| `{_one(attr, 'name')}` | {doc} | {kind} | {default} |")
    return lines


def render(module: Message, title: str) -> str:
    out = [
        f"# {title}",
        "",
        "<!-- Generated from the Starlark docstrings by //docs:update. Do not edit. -->",
        "",
    ]
    if _one(module, "module_docstring"):
        out += [_one(module, "module_docstring"), ""]
    for rule in module.get("rule_info", []):
        assert isinstance(rule, dict)
        out += [f"## {_one(rule, 'rule_name')}", "", _one(rule, "doc_string"), ""]
        out += _attributes([a for a in rule.get("attribute", []) if isinstance(a, dict)]) + [""]
    for provider in module.get("provider_info", []):
        assert isinstance(provider, dict)
        out += [f"## {_one(provider, 'provider_name')}", "", _one(provider, "doc_string"), ""]
        fields = [f for f in provider.get("field_info", []) if isinstance(f, dict)]
        if fields:
            out += ["| Field | Description |", "| --- | --- |"]
            out += [f"| `{_one(f, 'name')}` | {_cell(_one(f, 'doc_string'))} |" for f in fields]
            out.append("")
    for ext in module.get("module_extension_info", []):
        assert isinstance(ext, dict)
        out += [f"## {_one(ext, 'extension_name')}", "", _one(ext, "doc_string"), ""]
        for tag in ext.get("tag_class", []):
            assert isinstance(tag, dict)
            out += [f"### {_one(ext, 'extension_name')}.{_one(tag, 'tag_name')}", "", _one(tag, "doc_string"), ""]
            out += _attributes([a for a in tag.get("attribute", []) if isinstance(a, dict)]) + [""]
    for repo_rule in module.get("repository_rule_info", []):
        assert isinstance(repo_rule, dict)
        out += [f"## {_one(repo_rule, 'rule_name')}", "", _one(repo_rule, "doc_string"), ""]
        out += _attributes([a for a in repo_rule.get("attribute", []) if isinstance(a, dict)]) + [""]
    for function in module.get("func_info", []):
        assert isinstance(function, dict)
        out += [f"## {_one(function, 'function_name')}", "", _one(function, "doc_string"), ""]
    return "\n".join(out).rstrip() + "\n"


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--title", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    with open(args.input, encoding="utf-8") as f:
        module = textproto.parse(f.read())
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(render(module, args.title))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
