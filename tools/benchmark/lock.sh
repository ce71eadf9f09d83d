#!/usr/bin/env bash
# tools/benchmark/lock.sh: regenerates requirements.lock (the benchmark's wheels) and bump.lock
# (another version of one of them, for the one-pin bump) with uv, for CPython 3.13 on
# manylinux_2_28 x86_64. The benchmark then downloads exactly these files, by hash.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
uv=${UV:-${PYINSTALL_BENCH_CACHE:-$HOME/.cache/rules_pyinstall/bench}/tools-venv/bin/uv}  # run.sh installs it
flags=(--python-version 3.13 --python-platform x86_64-manylinux_2_28 --generate-hashes
       --no-header --only-binary :all:)
"$uv" pip compile "${flags[@]}" "$here/requirements.in" -o "$here/requirements.lock"
echo "rich==14.3.4" | "$uv" pip compile "${flags[@]}" --no-deps - -o "$here/bump.lock"
