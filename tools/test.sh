#!/usr/bin/env bash
# tools/test.sh: every test of the project, from a bare machine (the README's test command).
#
#   1. bazel test //...: unit, analysis, golden-file and real-wheel tests, docs freshness,
#      the stages' import directions, reproducibility inside one build; then mypy --strict and
#      buildifier (tools/lint.sh), and `bazel build @hub//...` of the test hubs;
#   2. e2e/: modules that consume rules_pyinstall from outside (local_path_override);
#   3. the image read by skopeo and umoci and run by podman;
#   4. reproducibility under variation (path, output base, umask, TZ, locale, clock, order,
#      jobs, HOME) and remote cache hits across two "machines" (nginx WebDAV on loopback);
#   5. remote execution on a real REAPI engine on loopback (BuildGrid, buildbox);
#   6. the benchmark against pip and uv, short form.
# Steps 2-6 need more than one Bazel build or tools outside Bazel's sandbox. Debian packages
# they need are installed when missing. PYINSTALL_QUICK=1 runs only step 1.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

passed=0
failed=0
failures=()
step() {
    local name=$1 start=$SECONDS
    shift
    printf '\n=== %s\n' "$name"
    if "$@"; then
        passed=$((passed + 1))
        printf '=== %s: ok (%ds)\n' "$name" $((SECONDS - start))
    else
        failed=$((failed + 1))
        failures+=("$name")
        printf '=== %s: FAILED (%ds)\n' "$name" $((SECONDS - start))
    fi
}

step "bazel test //..." ./tools/bazel test //...
step "lint (mypy --strict, buildifier)" ./tools/lint.sh
# Hubs of real locks build with wildcards: what linux x86_64 cannot use is skipped as incompatible.
step "bazel build @hub//..." ./tools/bazel build @pypi_multi//... @pypi_uvlock//... @pypi_uvexport//... @pypi_pontoon//... @pypi_warehouse//...
if [ "${PYINSTALL_QUICK:-0}" != 1 ]; then
    step "e2e modules" e2e/run.sh
    step "image under skopeo, umoci and podman" tests/image/e2e.sh
    step "reproducibility under variation" tools/repro/check.sh
    step "remote cache across machines" tools/remote_cache/check.sh
    step "remote execution on BuildGrid" tools/remote_exec/check.sh
    step "benchmark (short)" tools/benchmark/run.sh --short
fi

echo
for name in "${failures[@]}"; do echo "failed: $name"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
