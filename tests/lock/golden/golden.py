"""Compares generated files with their golden copies, or (--update) rewrites the copies.

    golden.py [--update] <generated> <golden's workspace path> ...
"""

import difflib
import os
import shutil
import sys


def main(argv: list[str]) -> int:
    update = argv[:1] == ["--update"]
    stale = []
    paths = argv[1:] if update else argv
    for generated, source in zip(paths[::2], paths[1::2]):
        if update:
            target = os.path.join(os.environ["BUILD_WORKSPACE_DIRECTORY"], source)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(generated, target)
            continue
        with open(generated, encoding="utf-8") as f:
            new = f.readlines()
        with open(source, encoding="utf-8") as f:
            old = f.readlines()
        if new != old:
            stale.append(source)
            sys.stdout.writelines(difflib.unified_diff(old, new, source, generated))
    if stale:
        print(f"\n{len(stale)} golden files differ; if the change is intended: bazel run //tests/lock/golden:update")
        return 1
    print("updated" if update else "golden files match")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
