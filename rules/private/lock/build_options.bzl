"""What a hub needs to know to build sdists: the lock's switches, in one JSON-able dict."""

_SDIST_SUFFIXES = (".tar.gz", ".zip", ".tgz")

def is_sdist(filename):
    """Whether a lock's file is an sdist (which a hub may build), not a wheel."""
    return filename.endswith(_SDIST_SUFFIXES)

def _update_command(build_lock):
    # requirements_lock(name = N, lock = "N.txt") updates with `bazel run //pkg:N.update`:
    # the command that adds a missing build requirement, named in the build's error.
    if not build_lock:
        return "give pyinstall.lock a build_lock (docs/sdists.md) that pins it"
    package, _, filename = build_lock.rpartition(":")
    stem = filename[:-len(".txt")] if filename.endswith(".txt") else filename
    return "bazel run %s:%s.update" % (package, stem)

def build_options(tag, build_lock, lock):
    """The `build` dict of a hub's description (read by pyinstall.lock.sdists).

    Args:
      tag: the pyinstall.lock tag.
      build_lock: the build lock's label as messages show it, or "".
      lock: the lock's label as messages show it.

    Returns:
      A dict: enabled, no_build, no_binary, lock, update_hint.
    """
    return {
        "enabled": tag.build_sdists,
        "lock": build_lock or lock,
        "no_binary": tag.no_binary,
        "no_build": tag.no_build,
        "update_hint": _update_command(build_lock),
    }
