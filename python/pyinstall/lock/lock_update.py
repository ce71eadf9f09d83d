"""Recompiles a requirements lock with pip-tools: the program behind `bazel run //:requirements.update`.

    lock_update.py --in requirements.in --lock requirements.txt --command 'bazel run //:requirements.update' [-- pip-compile flags]

Run by `bazel run` (it needs the network, so it is no build action): it writes the lock into the
workspace, with `--generate-hashes`, on the Python that runs it (the target Python version).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="requirements.update")
    parser.add_argument("--in", dest="in_file", required=True, help="the requirements.in, workspace-relative")
    parser.add_argument("--lock", required=True, help="the lock to write, workspace-relative")
    parser.add_argument("--command", required=True, help="how users run this, for the lock's header")
    args, extra = parser.parse_known_args(list(argv))
    workspace = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if not workspace:
        print("rules_pyinstall: error: run this with `bazel run`, which says where the workspace is", file=sys.stderr)
        return 1
    os.chdir(workspace)
    command = [sys.executable, "-m", "piptools", "compile", "--quiet", "--generate-hashes", "--allow-unsafe"]
    command += ["--strip-extras", "--no-emit-find-links", "--output-file", args.lock, *[e for e in extra if e != "--"], args.in_file]
    env = dict(os.environ, CUSTOM_COMPILE_COMMAND=args.command)
    result = subprocess.run(command, env=env, check=False)
    if result.returncode != 0:
        print(f"rules_pyinstall: error: pip-compile failed on {args.in_file} (exit {result.returncode})", file=sys.stderr)
        return 1
    print(f"wrote {args.lock} from {args.in_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
