#!/usr/bin/env bash
# tools/repro/faketime-bazel.sh OFFSET WORKDIR BAZEL_ARGS...: runs the bootstrapped Bazel
# (Debian sid's, in $BAZEL_SID_ROOT, as tools/bootstrap-bazel.sh's wrapper does) with its
# clock moved by OFFSET (libfaketime syntax, e.g. +4000d) for every action.
# Bazel itself (client and server) keeps the real clock: FAKETIME=+0 in its environment
# overrides /etc/faketimerc, and actions, which get only the environment their rule declares,
# read the offset from /etc/faketimerc. The server fetches from PyPI over TLS, whose
# certificates a clock years ahead would find expired, and Debian's Bazel keeps no lockfile
# of extension results that would spare it the fetch. Outputs come from actions.
#
# Why not `faketime bazel ...`: Bazel's client clears LD_PRELOAD before it starts the server,
# and actions get only the environment their rule gives them. So this preloads libfaketime
# through the root's /etc/ld.so.preload and sets the offset in /etc/faketimerc, both in a copy
# of the root's /etc under WORKDIR mounted over /etc: the shared root is not touched.
# Exits 3 when there is no such root (another Bazel is in use): the caller then says so.
set -euo pipefail
offset=$1 workdir=$2
shift 2
ROOT=${BAZEL_SID_ROOT:-/opt/bazel-sid}
[ -x "$ROOT/usr/bin/bazel" ] || exit 3
libfaketime=$(find /usr/lib -name libfaketime.so.1 -path '*faketime*' -print -quit)
[ -n "$libfaketime" ] || { echo "faketime-bazel: libfaketime missing: run tools/install-test-deps.sh" >&2; exit 1; }

etc="$workdir/etc"
if [ ! -e "$etc/ld.so.preload" ]; then
    rm -rf "$etc"
    cp -a "$ROOT/etc" "$etc"
    mkdir -p "$etc/faketime"
    # /etc, not /tmp: Bazel gives each sandboxed action an empty /tmp.
    cp "$libfaketime" "$etc/faketime/libfaketime.so.1"
    echo /etc/faketime/libfaketime.so.1 >"$etc/ld.so.preload"
    echo "$offset" >"$etc/faketimerc"
fi

ws=$(pwd -P)
HOME=${HOME:-/root}
mkdir -p "$HOME/.cache/bazel"
args=(--bind "$ROOT" / --bind "$etc" /etc --bind /proc /proc --dev-bind /dev /dev --ro-bind /sys /sys)
for f in /etc/resolv.conf /etc/hosts; do
    if [ -e "$f" ]; then args+=(--ro-bind "$f" "$f"); fi
done
IFS=: read -r -a extra <<< "${BAZEL_SID_EXTRA_BINDS:-}"
for p in /tmp "$HOME/.cache/bazel" "$ws" "${extra[@]}"; do
    if [ -n "$p" ] && [ "$p" != / ] && [ -d "$p" ]; then args+=(--bind "$p" "$p"); fi
done
args+=(--chdir "$ws"
       --setenv PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
       --setenv FAKETIME +0
       --unsetenv JAVA_HOME --unsetenv PYTHONPATH --unsetenv PYTHONHOME --unsetenv VIRTUAL_ENV)
exec bwrap "${args[@]}" -- /usr/bin/bazel "$@"
