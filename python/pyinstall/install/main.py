"""Installs one wheel into a reproducible tree: the action behind the `wheel_install` rule.

    python3.13 -S -s -B -m pyinstall.install.main @params

with, in the param file, one flag or value a line:
    --wheel six-1.17.0-py2.py3-none-any.whl  --output bazel-out/.../six
    --python-version 3.13  --pyc unchecked-hash  --optimize 0
    --script-interpreter '/usr/bin/env python3'  --source-date-epoch 315532800  --jobs 2
    --platform linux_x86_64  --glibc 2.28  (the target's, which a wheel's tags must fit)

On success it prints one line (what was installed); on bad input it prints one error naming the wheel and the
entry, removes whatever it wrote, and exits 1.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from collections.abc import Sequence

from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from pyinstall.common import platform_tags
from pyinstall.install import layout
from pyinstall.install import normalize
from pyinstall.install import options
from pyinstall.install import scripts
from pyinstall.install.destination import TreeDestination
from pyinstall.install.held import HeldDestination
from pyinstall.common.errors import PyinstallError
from pyinstall.common import worker
from pyinstall.install.wheel_source import open_wheel


def check_interpreter(label: str, python_version: str) -> None:
    running = "%d.%d" % sys.version_info[:2]
    if running != python_version:
        raise PyinstallError(
            label,
            f"the interpreter running the install is Python {running}, but the .pyc files must "
            f"be compiled for Python {python_version}",
            f"register an interpreter toolchain of Python {python_version} "
            "(see @rules_pyinstall//rules:interpreter_toolchain_type)",
        )


def check_wheel_tags(label: str, opts: options.InstallOptions) -> str:
    """Returns the PEP 503 normalized distribution name; refuses a wheel whose tags (interpreter,
    ABI and platform) fit neither the target Python nor the target platform."""
    try:
        name, _, _, tags = parse_wheel_filename(label)
    except InvalidWheelFilename as exc:
        raise PyinstallError(label, f"not a valid wheel file name: {exc}") from exc
    os_name, _, cpu = opts.platform.partition("_")
    platforms = [] if opts.platform == "any" else platform_tags.platform_names(os_name, cpu, opts.glibc, opts.musl, opts.macos)
    if opts.built and os_name == "linux" and not opts.musl:
        # Built by sdist_build with the target's own runtime and C toolchain: its backend tags
        # it linux_<cpu> (no auditwheel), and it is for exactly this glibc.
        platforms.append(f"linux_{cpu}")
    if tags & set(platform_tags.supported_tags(opts.python_version, platforms)):
        return name
    major, minor = opts.python_version.split(".")
    raise PyinstallError(
        label,
        f"no tag of the wheel ({', '.join(sorted(str(t) for t in tags))}) fits CPython "
        f"{opts.python_version} on {opts.describe_platform()}",
        f"use a wheel tagged cp{major}{minor}, abi3 or py3 for {(platforms or ['any'])[0]} or an older level, or a pure "
        "one (any); a lock's hub picks such a wheel itself, and its glibc, musl or macos sets the level",
    )


def _checked(opts: options.InstallOptions) -> tuple[str, str, bytes]:
    """The wheel's file name, normalized distribution name and interpreter line, checked."""
    label = os.path.basename(opts.wheel)
    check_interpreter(label, opts.python_version)
    return label, check_wheel_tags(label, opts), scripts.check_interpreter_line(label, opts.script_interpreter)


def install_wheel(opts: options.InstallOptions) -> int:
    """Installs `opts.wheel` into `opts.output`; returns the number of .pyc files written."""
    label, distribution, shebang = _checked(opts)
    with open_wheel(opts.wheel) as wheel:
        destination = TreeDestination(
            root=opts.output,
            label=label,
            # include/<name> uses the normalized name, as WheelTreeInfo.distribution does.
            distribution=distribution,
            shebang=shebang,
            pyc=opts.pyc,
            optimize=opts.optimize,
            jobs=options.processes(opts.jobs),
        )
        layout.install(wheel, destination)
    normalize.normalize_tree(opts.output, opts.source_date_epoch)
    return len(destination.compiled)


def install_held(opts: options.InstallOptions) -> HeldDestination:
    """Installs `opts.wheel` into memory (`opts.output` is not used): the tree `install_wheel`
    writes, in the returned destination's `files`."""
    label, distribution, shebang = _checked(opts)
    with open_wheel(opts.wheel) as wheel:
        destination = HeldDestination(label, distribution, shebang, opts.pyc, opts.optimize, options.processes(opts.jobs))
        layout.install(wheel, destination)
    return destination


def _empty(directory: str) -> None:
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


def printable(text: str) -> str:
    """`text` on one line: a wheel's names may hold line breaks and control characters."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def built_wheel(opts: options.InstallOptions) -> options.InstallOptions:
    """`opts` with the wheel in the directory an sdist_build wrote, where it is one."""
    if not os.path.isdir(opts.wheel):
        return opts
    found = sorted(n for n in os.listdir(opts.wheel) if n.endswith(".whl"))
    if len(found) != 1:
        raise PyinstallError(opts.wheel, f"holds {len(found)} wheels, not one", "build it with sdist_build")
    return dataclasses.replace(opts, wheel=os.path.join(opts.wheel, found[0]))


def report(exc: PyinstallError) -> str:
    """The error as the helpers print it: one line (and a hint), whatever the wheel's names hold."""
    text = f"rules_pyinstall: error: {printable(exc.subject)}: {printable(exc.problem)}"
    return text + (f"\n  hint: {printable(exc.hint)}" if exc.hint else "")


def internal_error(wheel: str, exc: Exception) -> PyinstallError:
    """A bug of ours met installing `wheel`, as one error rather than a traceback."""
    return PyinstallError(
        os.path.basename(wheel),
        f"internal error of the install helper ({type(exc).__name__}: {exc})",
        "please report it to rules_pyinstall with the wheel",
    )


def main(argv: Sequence[str]) -> int:
    opts = options.parse(argv)
    os.makedirs(opts.output, exist_ok=True)
    try:
        opts = built_wheel(opts)
        compiled = install_wheel(opts)
    except PyinstallError as exc:
        _empty(opts.output)
        print(report(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug of ours: still one line, and nothing half written
        _empty(opts.output)
        print(report(internal_error(opts.wheel, exc)), file=sys.stderr)
        return 1
    except BaseException:
        _empty(opts.output)
        raise
    print(f"installed {printable(os.path.basename(opts.wheel))}: {compiled} .pyc files for Python {opts.python_version}")
    return 0


if __name__ == "__main__":
    worker.run(main)
