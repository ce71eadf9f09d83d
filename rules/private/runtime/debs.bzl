"""Downloading the `.deb` files of a lock, and unpacking their data into one directory."""

load("//rules/private/common:host_python.bzl", "execute_helper", "host_python")

def workspace_path(label):
    """Where a lock is in its repository, as tools/debian_lock.py wants it.

    Args:
      label: the lock's Label.

    Returns:
      Its path, e.g. "runtime/python3.13-trixie-amd64.lock.json".
    """
    return (label.package + "/" + label.name) if label.package else label.name

def _deb_name(package):
    # The pool file name, e.g. libc6_2.41-12_amd64.deb (epochs are not part of it).
    return package["filename"].rsplit("/", 1)[-1]

def download_all(rctx, lock, data, directory):
    """Starts every download, then waits for all: parallel fetches, sha256 checked by Bazel.

    Args:
      rctx: the repository context.
      lock: Label of the lock (for error messages).
      data: the decoded lock.
      directory: where the files go, relative to the repository.

    Returns:
      The files' paths, in the lock's order.
    """
    pending = []
    for package in data["packages"]:
        output = "%s/%s" % (directory, _deb_name(package))
        pending.append((package, output, rctx.download(
            url = [package["url"]],
            output = output,
            sha256 = package["sha256"],
            allow_fail = True,
            block = False,
        )))
    failed = [package for package, _, token in pending if not token.wait().success]
    if failed:
        fail(("rules_pyinstall: %s: cannot download %s: not found, or not the sha256 the lock " +
              "pins (the warnings above say which). Debian's mirror drops superseded versions: " +
              "refresh the lock with `python3 tools/debian_lock.py %s`, or point Bazel's " +
              "downloader at a mirror keeping them (--downloader_config).") % (
            lock,
            ", ".join(["%s %s (%s)" % (p["name"], p["version"], p["url"]) for p in failed]),
            workspace_path(lock),
        ))
    return [output for _, output, _ in pending]

def unpack_debs(rctx, lock, data, output):
    """Downloads the `.deb` files of a lock and unpacks their data into one directory.

    With a Python >= 3.11 on the machine (hubs need one anyway), all packages are unpacked
    at once in several processes (pyinstall.runtime.unpack); otherwise, or for a package
    compressed in a way that Python cannot read, one after another by Bazel. Either way the
    tree is the same but for absolute symbolic links: made relative by the helper, pointed
    into the repository by Bazel.

    Args:
      rctx: the repository context.
      lock: Label of the lock (for error messages).
      data: the decoded lock.
      output: the directory to unpack into, relative to the repository.
    """
    debs = download_all(rctx, lock, data, "debs")
    python = host_python(rctx)
    if python:
        rctx.report_progress("Unpacking %d Debian packages" % len(debs))
        result = execute_helper(
            rctx,
            python,
            "pyinstall.runtime.unpack",
            ["--output", output] + debs,
            ["common", "runtime"],
        )
        if result.return_code == 0:
            rctx.delete("debs")
            return
        if result.return_code != 3:  # 3: a compression this Python cannot read
            fail("%s\n  (unpacking the packages of %s)" % (result.stderr.strip() or result.stdout.strip(), lock))
        rctx.delete(output)

    # Debian's data.tar members are unpacked as they are: a .deb is an ar archive of
    # debian-binary, control.tar.* and data.tar.*; only the data goes in the output.
    for deb in debs:
        unpacked = deb[:-len(".deb")]
        rctx.extract(deb, output = unpacked)
        members = [p.basename for p in rctx.path(unpacked).readdir() if p.basename.startswith("data.tar")]
        if len(members) != 1:
            fail("rules_pyinstall: %s has no single data.tar member (found %s)" % (deb, members))
        rctx.extract("%s/%s" % (unpacked, members[0]), output = output)
        rctx.delete(unpacked)
        rctx.delete(deb)
