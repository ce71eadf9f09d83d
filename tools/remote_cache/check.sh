#!/usr/bin/env bash
# tools/remote_cache/check.sh [TARGET...]: two "machines" share an nginx WebDAV HTTP remote
# cache on loopback; the second must get every action from the cache, and the same outputs.
#
# nginx runs as this script's child (daemon off, its own config in a temp dir) on 127.0.0.1 at
# a free port, with PUT enabled (Bazel's HTTP cache protocol is GET and PUT of /ac/<hash> and
# /cas/<hash>). Machine A builds a clone of HEAD with --remote_cache and uploads. Machine B
# builds another clone at another path, with another output base, HOME and user, no disk
# cache: a remote cache hit needs an identical action key, so a single machine path in a
# command line, an environment or an input digest shows up here as a miss.
#
# Fails when a spawn whose mnemonic matches $REMOTE_CACHE_REQUIRE (default: every spawn) was
# not a remote cache hit in B, or when B's outputs differ from A's (OCI image digests printed).
# Targets: the arguments, else every rule of a kind matching $PYINSTALL_CHECK_KINDS.
# Environment: REMOTE_CACHE_KEEP=1 keeps the work directory.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(git -C "$here" rev-parse --show-toplevel)
bazel="$repo/tools/bazel"
# shellcheck source=tools/repro/lib.sh
. "$repo/tools/repro/lib.sh"
require=${REMOTE_CACHE_REQUIRE:-.}
repository_cache=${REMOTE_CACHE_REPOSITORY_CACHE:-$HOME/.cache/bazel/_bazel_$(id -un)/cache/repos/v1}

say() { printf 'remote-cache: %s\n' "$*" >&2; }

"$repo/tools/install-test-deps.sh" >/dev/null
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
warn_if_dirty "$repo" remote-cache

work=$(mktemp -d /tmp/pyinstall-remote-cache.XXXXXX)
nginx_pid=
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
    if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    if [ "${REMOTE_CACHE_KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
mkdir -p "$work/cache" "$work/nginx/tmp" "$work/b/home" "$repository_cache"

# --- nginx ---------------------------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user_line=
[ "$(id -u)" = 0 ] && user_line="user root;"  # workers write the cache as the caller, not nobody
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
$user_line
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        location / {
            root $work/cache;
            dav_methods PUT;
            create_full_put_path on;
            client_max_body_size 0;
        }
    }
}
EOF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 50); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then break; fi
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/error.log" >&2; say "error: nginx did not start"; exit 1; }
    sleep 0.1
done
say "nginx $nginx_pid serves a WebDAV cache at $url"

flags=(--disk_cache= "--remote_cache=$url" --remote_upload_local_results
       "--repository_cache=$repository_cache" --color=no --curses=no)

# --- Machine A -----------------------------------------------------------------------------
clone_head "$repo" "$work/a/src"
cd "$work/a/src"
if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(default_targets "$bazel" "$work/a/base" "$work/a.query.log")
    if [ ${#targets[@]} -eq 0 ]; then
        cat "$work/a.query.log" >&2
        say "error: no target of a kind matching '$PYINSTALL_CHECK_KINDS'; pass targets as arguments"
        exit 1
    fi
fi
say "targets (${#targets[@]}): ${targets[*]}"
if ! "$bazel" --batch "--output_base=$work/a/base" build "${flags[@]}" \
        "--execution_log_json_file=$work/a.exec.json" "--build_event_json_file=$work/a.bep.json" \
        -- "${targets[@]}" >"$work/a.log" 2>&1; then
    tail -n 40 "$work/a.log" >&2
    say "error: build A failed (log above)"
    exit 1
fi
say "A ($work/a/src): $(grep -o '[0-9]* processes.*' "$work/a.log" | tail -n 1)"
say "cache now holds $(find "$work/cache" -type f | wc -l) entries, $(du -sh "$work/cache" | cut -f1)"

# --- Machine B -----------------------------------------------------------------------------
b_src="$work/b/another/machine/checkout"
clone_head "$repo" "$b_src"
cd "$b_src"
if ! env HOME="$work/b/home" USER=otheruser LOGNAME=otheruser \
        BAZEL_SID_EXTRA_BINDS="$(dirname "$repository_cache")" \
        "$bazel" --batch "--output_user_root=$work/b/root" "--output_base=$work/b/root/base" \
        build "${flags[@]}" "--execution_log_json_file=$work/b.exec.json" \
        "--build_event_json_file=$work/b.bep.json" -- "${targets[@]}" >"$work/b.log" 2>&1; then
    tail -n 40 "$work/b.log" >&2
    say "error: build B failed (log above)"
    exit 1
fi
say "B ($b_src): $(grep -o '[0-9]* processes.*' "$work/b.log" | tail -n 1)"

status=0
python3 "$here/count_hits.py" --log "$work/b.exec.json" --require "$require" \
    --reference "$work/a.exec.json" || status=1
python3 "$repo/tools/repro/compare.py" --a "$work/a.bep.json" --b "$work/b.bep.json" \
    --pairs "$work/pairs.tsv" || status=1
if [ "$status" != 0 ]; then
    REMOTE_CACHE_KEEP=1
    say "FAILED (above): the execution logs are $work/a.exec.json and $work/b.exec.json"
fi
exit "$status"
