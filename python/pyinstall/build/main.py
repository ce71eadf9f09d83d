"""Builds one sdist into one reproducible wheel: the action behind the `sdist_build` rule.

    python -B -m pyinstall.build.main @params

with, in the param file: `--sdist docopt-0.6.2.tar.gz --name docopt --version 0.6.2
--lock //:requirements.txt --update-hint 'bazel run //:build-requirements.update'
--output bazel-out/.../docopt_build --source-date-epoch 315532800`, a `--candidate` per build
requirement wheel it may install, and `--cc-root`/`--cc-env KEY=VALUE` for a C toolchain.
On success it prints one line; on bad input one `rules_pyinstall: error:` naming the lock,
the package and what to do, and the output directory is left empty.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence

from pyinstall.build import backend, build_env, requires, sdist, wheel_repro
from pyinstall.common import params
from pyinstall.common.errors import PyinstallError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pyinstall.build.main")
    parser.add_argument("--sdist", required=True)
    parser.add_argument("--name", required=True, help="the pinned distribution")
    parser.add_argument("--version", required=True, help="the pinned version")
    parser.add_argument("--lock", default="", help="the lock that pins it, for messages")
    parser.add_argument("--update-hint", default="recompile the build lock", help="how the user adds a build requirement")
    parser.add_argument("--candidate", action="append", default=[], help="a build requirement wheel it may install")
    parser.add_argument("--output", required=True, help="the directory to write the wheel into")
    parser.add_argument("--source-date-epoch", type=int, default=315532800)
    parser.add_argument("--cc-root", default="", help="a file at the root of the C toolchain")
    parser.add_argument("--cc-env", action="append", default=[], metavar="KEY=VALUE")
    return parser


def build(ns: argparse.Namespace, subject: str, work: str) -> str:
    """Builds the wheel into `ns.output`; returns its file name."""
    project = sdist.unpack(ns.sdist, subject, os.path.join(work, "src"))
    system = sdist.build_system(project, subject)
    requires.refuse_rust(system.requires, subject)
    candidates = requires.Candidates(ns.candidate)
    installed = requires.closure(system.requires, candidates, subject, ns.update_hint, source=system.source)
    build_env.install_requirements(installed, os.path.join(work, "site"), os.path.join(work, "bin"))
    cc = None
    if ns.cc_root:
        cc = build_env.CcToolchain(ns.cc_root, dict(kv.partition("=")[::2] for kv in ns.cc_env))
    env = build_env.environment(work, ns.source_date_epoch, cc, project)
    markers, log = os.path.join(work, "markers"), os.path.join(work, "backend.log")
    dynamic, _ = backend.run(project, system.backend, system.backend_path, env, markers, log, subject, "", True)
    requires.refuse_rust(dynamic, subject)
    more = [w for w in requires.closure(system.requires, candidates, subject, ns.update_hint, dynamic, system.source) if w not in installed]
    build_env.install_requirements(more, os.path.join(work, "site"), os.path.join(work, "bin"))
    dist = os.path.join(work, "dist")
    os.makedirs(dist)
    _, filename = backend.run(project, system.backend, system.backend_path, env, markers, log, subject, dist, False)
    wheel_repro.check_name(filename, ns.name, ns.version, subject)
    # Where the build ran, as the sandbox shows it and as it really is: the interpreter's and
    # the toolchain's files are symlinks into Bazel's output base, which compilers may resolve.
    where = [work, os.getcwd()]
    if os.path.abspath(sys.executable).startswith(os.getcwd() + os.sep):  # not a system Python's /usr
        where.append(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    if ns.cc_root:
        where.append(os.path.dirname(os.path.realpath(ns.cc_root)))
    build_paths = sorted({p for d in where for p in (os.path.abspath(d), os.path.realpath(d))}, key=len, reverse=True)
    wheel_repro.rewrite(os.path.join(dist, filename), os.path.join(ns.output, filename), ns.source_date_epoch, build_paths, subject)
    return filename


def _empty(directory: str) -> None:
    for name in os.listdir(directory):
        os.unlink(os.path.join(directory, name))


def main(argv: Sequence[str]) -> int:
    ns = _parser().parse_args(params.expand(argv))
    subject = f"{ns.lock + ': ' if ns.lock else ''}{ns.name}=={ns.version} ({os.path.basename(ns.sdist)})"
    os.makedirs(ns.output, exist_ok=True)
    work = tempfile.mkdtemp(prefix="pyinstall-build-")
    tempfile.tempdir = os.path.join(work, "tmp")  # pyproject_hooks' hook files, inside the build
    os.makedirs(tempfile.tempdir)
    try:
        filename = build(ns, subject, work)
    except PyinstallError as exc:
        _empty(ns.output)
        print(f"rules_pyinstall: error: {exc}", file=sys.stderr)  # subject: problem, then the hint
        return 1
    except Exception as exc:  # a bug of ours: still one line, and nothing half written
        _empty(ns.output)
        print(f"rules_pyinstall: error: {subject}: internal error of the build helper ({type(exc).__name__}: {exc})\n"
              "  hint: please report it to rules_pyinstall with the sdist", file=sys.stderr)
        return 1
    finally:
        tempfile.tempdir = None
        shutil.rmtree(work, ignore_errors=True)
    print(f"built {filename} from {os.path.basename(ns.sdist)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
