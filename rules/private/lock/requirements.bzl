"""Parsing a `pip-compile --generate-hashes` (or `uv pip compile`) lockfile, in Starlark.

Pure functions: they return errors instead of failing, so tests can check every message.
"""

load("//rules/private/common:wheel_name.bzl", "normalize_name")

_NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
_HEX = "0123456789abcdef"

# Options pip accepts in a requirements file that change nothing for a hashed, pinned lock.
_IGNORED_OPTIONS = ["--trusted-host", "--prefer-binary", "--only-binary", "--pre", "--find-links", "-f", "--no-binary"]

def _logical_lines(text):
    """Joins `\\`-continued lines and drops comments; yields struct(number, text)."""
    lines = []
    current = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start = 1):
        line = raw.rstrip("\r")

        # A comment starts at `#` at the line's start or after whitespace (not in a URL's `#frag`).
        for i in range(len(line)):
            if line[i] == "#" and (i == 0 or line[i - 1] in " \t"):
                line = line[:i]
                break
        if not current:
            start = number
        stripped = line.rstrip()
        if stripped.endswith("\\"):
            current.append(stripped[:-1])
            continue
        current.append(line)
        joined = " ".join([part.strip() for part in current]).strip()
        current = []
        if joined:
            lines.append(struct(number = start, text = joined))
    if current:
        joined = " ".join([part.strip() for part in current]).strip()
        if joined:
            lines.append(struct(number = start, text = joined))
    return lines

def _option_value(words, i):
    """Returns (value, next index) of the option at words[i] (`--opt=value` or `--opt value`)."""
    word = words[i]
    if "=" in word and word.startswith("--"):
        return word.split("=", 1)[1], i + 1
    if i + 1 < len(words):
        return words[i + 1], i + 2
    return None, i + 1

def _parse_hash(value):
    """Returns the hex sha256 of a `sha256:<hex>` value, or None."""
    if not value or not value.startswith("sha256:"):
        return None
    digest = value[len("sha256:"):].lower()
    if len(digest) != 64:
        return None
    for c in digest.elems():
        if c not in _HEX:
            return None
    return digest

def _parse_requirement(spec):
    """Parses `name[extras]==version ; marker` into struct(name, extras, version, marker, error)."""
    marker = ""
    if ";" in spec:
        spec, marker = spec.split(";", 1)
        marker = marker.strip()
    spec = spec.strip()
    i = 0
    for i in range(len(spec) + 1):
        if i == len(spec) or spec[i] not in _NAME_CHARS:
            break
    name = spec[:i]
    rest = spec[i:].strip()
    if not name:
        return struct(name = "", extras = [], version = "", marker = marker, error = "not a requirement: %r" % spec)
    extras = []
    if rest.startswith("["):
        if "]" not in rest:
            return struct(name = name, extras = [], version = "", marker = marker, error = "unclosed `[` in extras")
        inside, rest = rest[1:].split("]", 1)
        extras = sorted([normalize_name(e.strip()) for e in inside.split(",") if e.strip()])
        rest = rest.strip()
    if rest.startswith("@"):
        return struct(name = name, extras = extras, version = "", marker = marker, error = "direct URL references (`name @ url`) are not supported yet")
    if not rest.startswith("==") or rest.startswith("==="):
        return struct(name = name, extras = extras, version = "", marker = marker, error = "not pinned: %r" % spec)
    version = rest[2:].strip()
    if not version or "," in version or "*" in version or " " in version:
        return struct(name = name, extras = extras, version = "", marker = marker, error = "not pinned to one version: %r" % spec)
    return struct(name = name, extras = extras, version = version, marker = marker, error = None)

def parse_requirements(text):
    """Parses the text of a hashed requirements lockfile.

    Args:
      text: the file's content.

    Returns:
      struct(requirements, index_url, extra_index_urls, errors): `requirements` is a list of
      struct(name (PEP 503), display_name, version, extras, marker, hashes, line); `index_url`
      is None when the file sets none; `errors` is a list of "line N: ..." strings.
    """
    requirements = []
    errors = []
    index_url = None
    extra_index_urls = []
    seen = {}
    for line in _logical_lines(text):
        words = line.text.split(" ")
        words = [w for w in words if w]
        spec_words = []
        hashes = []
        bad = None
        i = 0
        for _ in range(len(words)):
            if i >= len(words):
                break
            word = words[i]
            if word in ("-i", "--index-url") or word.startswith("--index-url="):
                index_url, i = _option_value(words, i)
            elif word == "--extra-index-url" or word.startswith("--extra-index-url="):
                value, i = _option_value(words, i)
                if value:
                    extra_index_urls.append(value)
            elif word == "--hash" or word.startswith("--hash="):
                value, i = _option_value(words, i)
                digest = _parse_hash(value)
                if not digest:
                    bad = "bad hash %r: expected sha256:<64 hex digits>" % value
                    break
                hashes.append(digest)
            elif word.split("=", 1)[0] in _IGNORED_OPTIONS:
                i += 1 if "=" in word or word in ("--prefer-binary", "--pre") else 2
            elif word.startswith("-"):
                bad = "option %s is not supported in a lockfile" % word
                break
            else:
                spec_words.append(word)
                i += 1
        if bad:
            errors.append("line %d: %s" % (line.number, bad))
            continue
        if not spec_words:
            continue
        req = _parse_requirement(" ".join(spec_words))
        label = req.name or " ".join(spec_words)
        if req.error:
            errors.append("line %d: %s: %s (pin it as `name==version` with pip-compile --generate-hashes)" % (line.number, label, req.error))
            continue
        if not hashes:
            errors.append("line %d: %s==%s has no --hash (compile the lock with --generate-hashes)" % (line.number, req.name, req.version))
            continue
        name = normalize_name(req.name)
        previous = seen.get(name)
        if previous:
            if previous.version == req.version and previous.marker == req.marker:
                errors.append("line %d: %s is listed twice (first on line %d)" % (line.number, req.name, previous.line))
                continue
            if not previous.marker or not req.marker:
                errors.append("line %d: %s==%s conflicts with %s==%s on line %d (two pins need exclusive environment markers)" % (
                    line.number,
                    req.name,
                    req.version,
                    previous.display_name,
                    previous.version,
                    previous.line,
                ))
                continue
        entry = struct(
            name = name,
            display_name = req.name,
            version = req.version,
            extras = req.extras,
            marker = req.marker,
            hashes = sorted(hashes),
            line = line.number,
        )
        seen[name] = entry
        requirements.append(entry)
    return struct(
        requirements = requirements,
        index_url = index_url,
        extra_index_urls = extra_index_urls,
        errors = errors,
    )
