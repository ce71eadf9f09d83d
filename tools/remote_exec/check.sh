#!/usr/bin/env bash
# tools/remote_exec/check.sh: the example image and a few tests built with remote execution on
# a real REAPI engine on loopback (BuildGrid + buildbox + PostgreSQL, see engine.sh), on the
# example exec platform //examples/remote:linux_x86_64_pool less its image (the engine has no
# Remote Asset server to fetch one); every spawn must run remotely, and the image must have
# the digest of a local build.
#
# A clone of HEAD is built twice from empty output bases (the repository cache is shared):
# locally, then with --remote_executor, --spawn_strategy=remote and no local fallback,
# against an engine whose stores start empty, so every action really runs on the worker.
# The remote build's execution logs are counted (count_spawns.py: any spawn that is not
# remote fails the check), the image digests compared, and both build times printed. Every
# service is stopped by its pid on exit, failure included; Bazel runs with --batch.
#
# Environment: REMOTE_EXEC_KEEP=1 keeps the work directory; REMOTE_EXEC_TESTS overrides the
# tests; REMOTE_EXEC_VENV is where BuildGrid is installed (kept between runs).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(git -C "$here" rev-parse --show-toplevel)
bazel="$repo/tools/bazel"
# shellcheck source=tools/repro/lib.sh
. "$repo/tools/repro/lib.sh"
# shellcheck source=tools/remote_exec/engine.sh
. "$here/engine.sh"
repository_cache=${REMOTE_EXEC_REPOSITORY_CACHE:-$HOME/.cache/bazel/_bazel_$(id -un)/cache/repos/v1}
image=//examples/app:image
# The tests: a py_test on the hermetic interpreter through its stub, the base layer's (whose
# user-namespace case must skip in the worker's sandbox), and the app's own.
read -r -a tests <<< "${REMOTE_EXEC_TESTS:-//tests/runtime:installed_wheels_test //tests/runtime:rootfs_amd64_test //examples/app:server_test}"
say() { engine_say "$@"; }

warn_if_dirty "$repo" remote-exec
engine_install

work=$(mktemp -d /tmp/pyinstall-remote-exec.XXXXXX)
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
    engine_stop "$work/engine"
    if [ "${REMOTE_EXEC_KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT  # a cancelled run stops the services too
trap 'exit 143' TERM
mkdir -p "$work/engine" "$repository_cache"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
bg_port=$(free_port)
pg_port=$(free_port)
start=$SECONDS
engine_start "$work/engine" "$bg_port" "$pg_port"
say "engine started in $((SECONDS - start)) s"

clone_head "$repo" "$work/src"
cd "$work/src"
common=(--color=no --curses=no --disk_cache= "--repository_cache=$repository_cache")
remote=(--remote_executor="grpc://127.0.0.1:$bg_port" --spawn_strategy=remote
        --remote_local_fallback=false --extra_execution_platforms=//examples/remote:linux_x86_64_no_image
        --remote_max_connections=2 --remote_timeout=600 --jobs=8)

build() {  # build NAME LOG BAZEL-ARGUMENTS...: fails with the log's tail
    local name=$1 log=$2
    shift 2
    if ! "$bazel" --batch "--output_base=$work/$name" "$@" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        say "error: the $name build failed (log above)"
        return 1
    fi
}

start=$SECONDS
build local "$work/local.log" build "${common[@]}" "$image"
local_time=$((SECONDS - start))
local_digest=$(cat bazel-bin/examples/app/image.digest)
say "local build: ${local_time} s, $(grep -o '[0-9]* processes.*' "$work/local.log" | tail -n 1)"

start=$SECONDS
build remote "$work/remote.log" build "${common[@]}" "${remote[@]}" \
    "--execution_log_json_file=$work/build.exec.json" "$image"
remote_time=$((SECONDS - start))
remote_digest=$(cat bazel-bin/examples/app/image.digest)
say "remote build: ${remote_time} s, $(grep -o '[0-9]* processes.*' "$work/remote.log" | tail -n 1)"

start=$SECONDS
build remote "$work/test.log" test "${common[@]}" "${remote[@]}" --test_output=errors \
    "--execution_log_json_file=$work/test.exec.json" -- "${tests[@]}"
say "remote tests: $((SECONDS - start)) s, $(grep -o '[0-9]* processes.*' "$work/test.log" | tail -n 1)"
grep -E '^//.* (PASSED|FAILED|NO STATUS)' "$work/test.log" | sed 's/^/remote-exec:   /' >&2 || true
skipped=$(grep -h 'skipped' bazel-testlogs/tests/runtime/rootfs_amd64_test/test.log 2>/dev/null || true)
[ -z "$skipped" ] || say "on the worker: $skipped"

status=0
(cd "$repo" && python3 -m tools.remote_exec.count_spawns "$work/build.exec.json" "$work/test.exec.json") || status=1
say "image digest: local  $local_digest"
say "image digest: remote $remote_digest"
if [ "$local_digest" != "$remote_digest" ]; then
    say "error: the remote build's image differs from the local build's"
    status=1
fi
say "time: local build ${local_time} s, remote build ${remote_time} s (both from an empty output base)"
if [ "$status" != 0 ]; then
    REMOTE_EXEC_KEEP=1
    say "FAILED (above): execution logs in $work, engine logs in $work/engine/log"
fi
exit "$status"
