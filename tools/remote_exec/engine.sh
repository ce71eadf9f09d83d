# shellcheck shell=bash
# tools/remote_exec/engine.sh: a real REAPI engine on loopback, for check.sh (sourced).
#
#   PostgreSQL (Debian sid)     127.0.0.1:PG_PORT   BuildGrid's scheduler database
#   BuildGrid 0.9.1 (PyPI)      127.0.0.1:BG_PORT   Execution, CAS, ActionCache, ByteStream, Bots
#   buildbox-casd (Debian sid)  unix socket         the worker's CAS cache, in front of BuildGrid
#   buildbox-worker             -> BuildGrid        runs each action with buildbox-run-bubblewrap
#
# Everything runs inside the Debian unstable root that runs Bazel (tools/bootstrap-bazel.sh,
# $BAZEL_SID_ROOT), entered with bubblewrap: Debian 12 has neither buildbox nor a Python new
# enough for BuildGrid 0.9 (>= 3.13; pip on an older one silently picks 0.4.4), and BuildGrid
# >= 0.5 refuses SQLite for its scheduler. Each service is this shell's child; its pid is
# recorded in STATE/run/<name>.pid (the service itself, whose bwrap parent exits with it).

ENGINE_ROOT=${BAZEL_SID_ROOT:-/opt/bazel-sid}
ENGINE_VENV=${REMOTE_EXEC_VENV:-$HOME/.cache/rules_pyinstall/buildgrid-venv}
ENGINE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

engine_say() { printf 'remote-exec: %s\n' "$*" >&2; }

_engine_root() {  # _engine_root [BWRAP OPTION...] -- COMMAND...: run COMMAND in the root
    bwrap --bind "$ENGINE_ROOT" / --bind /proc /proc --dev-bind /dev /dev --ro-bind /sys /sys \
        --setenv PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

_engine_pgbin() {
    local bin
    bin=$(ls -d "$ENGINE_ROOT"/usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    echo "${bin#"$ENGINE_ROOT"}"
}

# engine_install: buildbox and PostgreSQL in the root (apt, once), BuildGrid in a venv (pip,
# every file checked against buildgrid.requirements.txt's sha256; redone when it changes).
engine_install() {
    [ -x "$ENGINE_ROOT/usr/bin/bazel" ] || { engine_say "no Bazel root at $ENGINE_ROOT (tools/bootstrap-bazel.sh)"; return 1; }
    if [ ! -x "$ENGINE_ROOT/usr/bin/buildbox-worker" ] || [ -z "$(_engine_pgbin)" ] \
            || [ ! -x "$ENGINE_ROOT/usr/bin/python3.13" ]; then
        engine_say "installing buildbox, postgresql and python3.13-venv in $ENGINE_ROOT (apt)"
        # Clusters are made per run by engine_start, never by the package.
        mkdir -p "$ENGINE_ROOT/etc/postgresql-common"
        [ -e "$ENGINE_ROOT/etc/postgresql-common/createcluster.conf" ] \
            || echo 'create_main_cluster = false' >"$ENGINE_ROOT/etc/postgresql-common/createcluster.conf"
        _engine_root --ro-bind /etc/resolv.conf /etc/resolv.conf -- sh -c \
            'apt-get -o DPkg::Lock::Timeout=600 update -q &&
             DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
                 --no-install-recommends buildbox postgresql python3.13-venv' >&2
    fi
    local requirements="$ENGINE_DIR/buildgrid.requirements.txt"
    if ! cmp -s "$requirements" "$ENGINE_VENV/requirements.txt" 2>/dev/null; then
        engine_say "installing BuildGrid in $ENGINE_VENV (pip --require-hashes)"
        rm -rf "$ENGINE_VENV"
        mkdir -p "$ENGINE_VENV"
        _engine_root --ro-bind /etc/resolv.conf /etc/resolv.conf --bind "$ENGINE_VENV" "$ENGINE_VENV" \
            --ro-bind "$requirements" /run/requirements.txt -- sh -c \
            'python3.13 -m venv "$0" &&
             "$0/bin/pip" install -q --disable-pip-version-check --require-hashes --only-binary=:all: \
                 -r /run/requirements.txt' "$ENGINE_VENV" >&2
        cp "$requirements" "$ENGINE_VENV/requirements.txt"
    fi
}

# _engine_service STATE NAME [BWRAP OPTION...] -- COMMAND...: start a service in the background.
_engine_service() {
    local state=$1 name=$2
    shift 2
    local options=()
    while [ "$1" != -- ]; do options+=("$1"); shift; done
    shift
    # The inner shell writes the service's own pid, then becomes it.
    _engine_root --tmpfs /run --bind "$state" "$state" --bind "$ENGINE_VENV" "$ENGINE_VENV" \
        --setenv TMPDIR "$state/tmp" "${options[@]}" \
        -- /bin/sh -c 'echo $$ >"$0"; exec "$@"' "$state/run/$name.pid" "$@" \
        </dev/null >"$state/log/$name.log" 2>&1 &
}

_engine_wait_port() {  # _engine_wait_port STATE NAME PORT SECONDS
    local i
    for i in $(seq $(($4 * 5))); do
        if python3 -c "import socket; socket.create_connection(('127.0.0.1', $3), 1)" 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    tail -n 30 "$1/log/$2.log" >&2
    engine_say "error: $2 did not open port $3 in $4 s"
    return 1
}

# engine_start STATE BG_PORT PG_PORT: start every service, with empty stores, under STATE.
engine_start() {
    local state=$1 bg_port=$2 pg_port=$3 pgbin postgres_ids
    pgbin=$(_engine_pgbin)
    postgres_ids=$(awk -F: '$1 == "postgres" { print $3 ":" $4 }' "$ENGINE_ROOT/etc/passwd")
    mkdir -p "$state/cas" "$state/casd" "$state/tmp" "$state/pg" "$state/run" "$state/log"
    # PostgreSQL refuses to run as root: it runs as the root's postgres user, its data at /run/pg.
    chown "$postgres_ids" "$state/pg"
    chmod 700 "$state/pg"
    local as_postgres=(setpriv "--reuid=${postgres_ids%:*}" "--regid=${postgres_ids#*:}" --clear-groups --)
    local pg=(--bind "$state/pg" /run/pg --setenv HOME /run/pg)
    _engine_root --tmpfs /run "${pg[@]}" -- "${as_postgres[@]}" "$pgbin/initdb" -D /run/pg/data \
        -U bgd --auth=trust -E UTF8 --locale=C.UTF-8 >"$state/log/initdb.log" 2>&1 \
        || { cat "$state/log/initdb.log" >&2; return 1; }
    _engine_service "$state" postgres "${pg[@]}" -- "${as_postgres[@]}" "$pgbin/postgres" \
        -D /run/pg/data -c listen_addresses=127.0.0.1 -p "$pg_port" -c unix_socket_directories= \
        -c max_connections=200 -c fsync=off -c synchronous_commit=off
    _engine_wait_port "$state" postgres "$pg_port" 30 || return 1
    _engine_root -- "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U bgd bgd
    _engine_root --bind "$ENGINE_VENV" "$ENGINE_VENV" -- "$ENGINE_VENV/bin/bgd" migrate apply \
        "postgresql://bgd@127.0.0.1:$pg_port/bgd" >"$state/log/migrate.log" 2>&1 \
        || { cat "$state/log/migrate.log" >&2; return 1; }

    sed -e "s|@BG_PORT@|$bg_port|g" -e "s|@PG_PORT@|$pg_port|g" -e "s|@STATE@|$state|g" \
        "$ENGINE_DIR/buildgrid.yml.in" >"$state/buildgrid.yml"
    _engine_service "$state" buildgrid -- "$ENGINE_VENV/bin/bgd" server start -v "$state/buildgrid.yml"
    _engine_wait_port "$state" buildgrid "$bg_port" 120 || return 1

    _engine_service "$state" casd -- buildbox-casd "--cas-remote=http://127.0.0.1:$bg_port" \
        "--bind=unix:$state/run/casd.sock" --quota-high=10G --log-level=warning "$state/casd"
    for _ in $(seq 100); do [ -S "$state/run/casd.sock" ] && break; sleep 0.2; done
    [ -S "$state/run/casd.sock" ] || { tail "$state/log/casd.log" >&2; engine_say "error: no casd socket"; return 1; }

    # The worker sandboxes each action in an input root of its own, as a real pool does; the
    # system directories of the root stand for the worker image (docs/remote-execution.md).
    local runner_args=(--runner-arg=--staging-mode=copy-or-link)
    local dir
    for dir in /usr:/usr /usr/bin:/bin /usr/sbin:/sbin /usr/lib:/lib /usr/lib64:/lib64 /etc:/etc; do
        runner_args+=("--runner-arg=--ro-bind-mount=$dir")
    done
    _engine_service "$state" worker -- buildbox-worker "--bots-remote=http://127.0.0.1:$bg_port" \
        "--cas-remote=unix:$state/run/casd.sock" --buildbox-run=/usr/bin/buildbox-run-bubblewrap \
        "${runner_args[@]}" --concurrent-jobs="${REMOTE_EXEC_WORKER_JOBS:-2}" --request-timeout=120 \
        --platform OSFamily=Linux --platform ISA=x86-64 --log-level=info "pyinstall-worker-0"
    sleep 3
    local pid
    pid=$(cat "$state/run/worker.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null \
        || { tail "$state/log/worker.log" >&2; engine_say "error: the worker died"; return 1; }
    engine_say "engine up: grpc://127.0.0.1:$bg_port (logs in $state/log)"
}

# engine_stop STATE: stop what engine_start started, by the pids it recorded, newest first.
engine_stop() {
    local state=$1 name pid signal
    for name in worker casd buildgrid postgres; do
        pid=$(cat "$state/run/$name.pid" 2>/dev/null) || continue
        signal=TERM
        [ "$name" = postgres ] && signal=INT  # PostgreSQL's fast shutdown
        kill -"$signal" "$pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then
            engine_say "$name ($pid) still running after 20 s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$state/run/$name.pid"
    done
    wait 2>/dev/null || true  # the bwrap parents, which exit with their service
}
