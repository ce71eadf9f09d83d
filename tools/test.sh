#!/usr/bin/env bash
# tools/test.sh: every test of the project, from a bare machine (the README's test command).
#   1. Bazel's tests (unit, analysis, real wheels, docs, reproducibility inside one build);
#   2. the end-to-end module that consumes rules_pyinstall from outside;
#   3. checks that need more than one Bazel build or tools outside Bazel's sandbox.
# Set PYINSTALL_QUICK=1 to run only step 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bazel=./tools/bazel

step() { printf '\n=== %s\n' "$*"; }

step "bazel test //..."
$bazel test //...

if [ "${PYINSTALL_QUICK:-0}" = 1 ]; then exit 0; fi
