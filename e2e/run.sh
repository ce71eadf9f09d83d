#!/usr/bin/env bash
# Builds and tests the e2e modules, which consume rules_pyinstall from outside (local_path_override).
# Usage: e2e/run.sh   (from anywhere; uses the project's tools/bazel)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bazel="$here/../tools/bazel"
# The Debian-sid Bazel of tools/bazel sees only the workspace: let it see the ruleset too.
root=$(cd "$here/.." && pwd -P)
export BAZEL_SID_EXTRA_BINDS="$root${BAZEL_SID_EXTRA_BINDS:+:$BAZEL_SID_EXTRA_BINDS}"

# Each module's Bazel server is shut down on the way out, after a failure too. The server of
# e2e/errors is found through its MODULE.bazel, which is generated: it goes only after the
# server (without it, `bazel shutdown` there would reach the ruleset's own server instead).
# shellcheck disable=SC2317  # run by the EXIT trap
shutdown_all() {
    local dir
    for dir in smoke debian_runtime two_pythons errors; do
        if [ -f "$here/$dir/MODULE.bazel" ]; then
            (cd "$here/$dir" && "$bazel" shutdown) || true
        fi
    done
    rm -f "$here/errors/MODULE.bazel"
}
trap shutdown_all EXIT

cd "$here/smoke"
status=0
"$bazel" test //... || status=$?
# A hub builds with a wildcard: what the platform cannot use is skipped as incompatible.
"$bazel" build @pypi//... || { echo "e2e/smoke: bazel build @pypi//... failed" >&2; status=1; }
# A console script through the hub: `bazel run @pypi//black -- --version`.
if [ "$status" = 0 ]; then
    version=$("$bazel" run @pypi//black -- --version 2>/dev/null) || status=$?
    case "$version" in
        "black, 24.10.0"*) echo "e2e/smoke: bazel run @pypi//black: $version" | head -1 ;;
        *) echo "e2e/smoke: bazel run @pypi//black printed: $version" >&2; status=1 ;;
    esac
fi
"$bazel" shutdown  # one server at a time: each holds ~400 MB

# The Debian runtime, its toolchains and base layer, used from outside the ruleset.
cd "$here/debian_runtime"
if "$bazel" test //...; then
    # On a machine whose own Python is another version than the ruleset's system toolchain
    # (python3.13 not on PATH; python3, which the hubs need, still there), that toolchain is
    # only a message: builds on the Debian runtime work. Repository rules see this PATH (the
    # C toolchain's, fetched above, does not watch it).
    nopy=$(mktemp -d)
    ln -s /usr/bin/python3 "$nopy/python3"
    if ! "$bazel" test --repo_env=PATH="$nopy" //...; then
        echo "e2e/debian_runtime: the build fails without python3.13 on PATH" >&2; status=1
    fi
    grep -q "missing_python" "$("$bazel" info output_base 2>/dev/null)/external/rules_pyinstall~~python~pyinstall_system_python/BUILD.bazel" ||
        { echo "e2e/debian_runtime: the system toolchain did not miss python3.13" >&2; status=1; }
    rm -rf "$nopy"
else
    status=1
fi
"$bazel" shutdown

# Two Pythons in one build: each app, test and image on its own (3.13 and 3.14).
cd "$here/two_pythons"
"$bazel" test //... || status=$?
for version in 3.13 3.14; do
    target="//:app_${version/./}"
    printed=$("$bazel" run "$target" 2>/dev/null) || status=$?
    case "$printed" in
        "$version 1.17.0 &lt;b&gt; _speedups.cpython-${version/./}-"*) echo "e2e/two_pythons: $target: $printed" ;;
        *) echo "e2e/two_pythons: bazel run $target printed: $printed" >&2; status=1 ;;
    esac
done
# The 3.14 hub's editor environment runs on Python 3.14.
venv=$(mktemp -d)
"$bazel" run @pypi_314//:venv -- "$venv/env" >/dev/null 2>&1 || status=$?
printed=$("$venv/env/bin/python3" -c 'import sys, markupsafe; print("%d.%d" % sys.version_info[:2])' 2>&1) || true
[ "$printed" = 3.14 ] || { echo "e2e/two_pythons: @pypi_314//:venv runs: $printed" >&2; status=1; }
rm -rf "$venv"
"$bazel" shutdown

# Bad locks: each case must fail with its message (lockfile, line, package, what to do).
cd "$here/errors"
# Each case fails (or, with `# passes: yes`, builds) and prints its message.
for case in cases/*.txt cases/*.toml cases/*uv.lock; do
    name=${case#cases/}
    expect=$(sed -n 's/^# expect: //p' "$case")
    target=$(sed -n 's/^# target: //p' "$case")
    flags=$(sed -n 's/^# flags: //p' "$case")
    sed "s|@CASE@|$name|" MODULE.bazel.in > MODULE.bazel
    passes=$(sed -n 's/^# passes: //p' "$case")
    # shellcheck disable=SC2086  # flags is a list of words
    if output=$("$bazel" build $flags "$target" 2>&1); then
        if [ "$passes" != yes ]; then
            echo "e2e/errors: $name: the build passed, but it must fail" >&2; status=1; continue
        fi
    elif [ "$passes" = yes ]; then
        echo "e2e/errors: $name: the build failed, but it must pass" >&2
        echo "$output" | grep -i error >&2; status=1; continue
    fi
    said=ok
    while IFS= read -r line; do
        if ! grep -qF -- "$line" <<< "$output"; then
            echo "e2e/errors: $name: the output does not say: $line" >&2
            echo "$output" | grep -iE "error|warning|DEBUG" >&2; status=1; said=no
        fi
    done <<< "$expect"
    [ "$said" = ok ] && echo "e2e/errors: $name: ok"
done
exit "$status"
