"""The target platforms a hub serves, by name: `linux_x86_64`, `macos_aarch64`, ... (pure)."""

_OSES = ["linux", "macos", "windows"]

# The glibc of the Debian runtime rules_pyinstall ships for each Python (libc6 in
# runtime/python<version>-*.lock.json): wheels a hub of that Python picks must load there.
# //tests/lock/python:runtime_glibc_test keeps the two in step when the runtime locks move.
RUNTIME_GLIBC = {
    "3.11": "2.36",  # bookworm
    "3.13": "2.41",  # trixie
    "3.14": "2.43",  # forky
}

# Other Pythons: the glibc of the runtime registered by default (3.13, trixie).
_DEFAULT_GLIBC = RUNTIME_GLIBC["3.13"]
_CPUS = ["x86_64", "aarch64"]

def _is_version(text, parts):
    pieces = text.split(".")
    return len(pieces) == parts and all([p.isdigit() for p in pieces])

def target_platform(name, glibc = "", musl = "", macos = "11.0", python_version = ""):
    """Parses a platform name into what `pyinstall.tag_select.TargetPlatform` takes.

    Args:
      name: `<os>_<cpu>`, os one of linux, macos, windows; cpu x86_64 or aarch64.
      glibc: the manylinux glibc level of linux platforms, "2.41"; empty means that of the
        Debian runtime of `python_version`.
      musl: the musllinux level of linux platforms ("1.2"); set, it replaces glibc.
      macos: the oldest macOS version macos platforms run, "11.0".
      python_version: the hub's major.minor, which picks the default glibc.

    Returns:
      (dict, None) or (None, error).
    """
    glibc = glibc or RUNTIME_GLIBC.get(python_version, _DEFAULT_GLIBC)
    os, _, cpu = name.partition("_")
    if os not in _OSES or cpu not in _CPUS:
        return None, "unknown platform %r: use <os>_<cpu> with os in %s and cpu in %s" % (name, _OSES, _CPUS)
    if musl and not _is_version(musl, 2):
        return None, "musl = %r: expected a version like \"1.2\"" % musl
    if not _is_version(glibc, 2) or not glibc.startswith("2."):
        return None, "glibc = %r: expected a version like \"2.28\"" % glibc
    if not _is_version(macos, 2):
        return None, "macos = %r: expected a version like \"11.0\"" % macos
    return {"name": name, "os": os, "cpu": cpu, "glibc": glibc, "musl": musl, "macos": macos}, None
