"""Wheel file names and distribution names (PEP 427, PEP 503), in Starlark."""

def normalize_name(name):
    """Normalizes a distribution name the PEP 503 way: `Foo.Bar_baz` -> `foo-bar-baz`.

    Args:
      name: a distribution name.

    Returns:
      The normalized name.
    """
    out = []
    previous_sep = False
    for c in name.lower().elems():
        if c in "-_.":
            if not previous_sep:
                out.append("-")
            previous_sep = True
        else:
            out.append(c)
            previous_sep = False
    return "".join(out)

def parse_wheel_filename(filename):
    """Splits a wheel file name into its parts.

    Args:
      filename: the base name of a `.whl` file.

    Returns:
      struct(distribution, version, build, tags) with `distribution` normalized and
      `tags` a list of "python-abi-platform" strings (compressed tag sets expanded),
      or None when the name is not a valid wheel file name.
    """
    if not filename.endswith(".whl"):
        return None
    parts = filename[:-len(".whl")].split("-")
    if len(parts) not in (5, 6):
        return None
    distribution, version = parts[0], parts[1]
    build = parts[2] if len(parts) == 6 else ""
    python_tags, abi_tags, platform_tags = parts[-3], parts[-2], parts[-1]
    if not distribution or not version:
        return None
    tags = []
    for py in python_tags.split("."):
        for abi in abi_tags.split("."):
            for plat in platform_tags.split("."):
                tags.append("%s-%s-%s" % (py, abi, plat))
    return struct(
        distribution = normalize_name(distribution),
        version = version,
        build = build,
        tags = tags,
    )
