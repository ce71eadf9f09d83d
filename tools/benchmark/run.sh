#!/usr/bin/env bash
# tools/benchmark/run.sh [--short] [--reps N] [--json FILE] [--keep]: times installing the lock
# in requirements.lock (55 real wheels; --short: 10 of them, once) with rules_pyinstall, pip
# and uv, all with .pyc files, and prints wall time, CPU time, peak memory and ratios (see
# bench.py). Wheels, uv and pip are downloaded once into $PYINSTALL_BENCH_CACHE
# (default ~/.cache/rules_pyinstall/bench) and reused.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
cache=${PYINSTALL_BENCH_CACHE:-$HOME/.cache/rules_pyinstall/bench}
uv_version=0.13.9
pip_version=26.3

mkdir -p "$cache"
venv="$cache/tools-venv"
if [ ! -x "$venv/bin/uv" ] || [ "$("$venv/bin/uv" --version | cut -d' ' -f2)" != "$uv_version" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "uv==$uv_version"
fi
if ! ls "$cache/pip/pip-$pip_version-"*.whl >/dev/null 2>&1; then
    "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps "pip==$pip_version" -d "$cache/pip"
fi
# The Bazel root (tools/bazel installs it) holds the Python 3.13 that pip and uv run with too.
"$repo/tools/bazel" --version >/dev/null
cd "$repo"
exec python3 -m tools.benchmark.bench --repo "$repo" --cache "$cache" "$@"
