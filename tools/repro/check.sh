#!/usr/bin/env bash
# tools/repro/check.sh [TARGET...]: builds the targets twice from clean clones of HEAD, the
# second time varying everything a user's machine may vary at once, and fails unless every
# output is byte-for-byte identical (printing a diffoscope report of what differs).
#
# Build A: clone at /tmp/pyinstall-repro.*/a/src, its own output base, umask 022, TZ=UTC,
#   LANG=C.UTF-8, the real clock, --jobs=auto, the caller's HOME.
# Build B: clone at a longer path seen through disorderfs (shuffled directory order), another
#   output user root and output base, umask 077, TZ=Pacific/Chatham (+13:45), LANG=fr_FR.UTF-8,
#   the clock 4000 days ahead for every action (libfaketime through
#   the root's /etc/ld.so.preload: see faketime-bazel.sh), --jobs=1, another HOME and USER.
#   Under the faked clock Bazel falls back from linux-sandbox to processwrapper-sandbox
#   (libfaketime opens its semaphore in /dev/shm read-write, and linux-sandbox's self-check
#   mounts /dev/shm read-only), so B also varies the sandbox.
# Neither build has a disk or remote cache, so B really runs every action again. Both share
# the repository cache (downloads are pinned by sha256, so sharing them changes no output).
#
# Targets: the arguments, else every rule of a kind matching $PYINSTALL_CHECK_KINDS (wheel installs,
# layers, images) in the repository, not tests, not tagged manual.
# Environment: REPRO_KEEP=1 keeps the work directory; REPRO_REPOSITORY_CACHE overrides the
# shared repository cache; REPRO_NO_FAKETIME=1 / REPRO_NO_DISORDERFS=1 drop those variations.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(git -C "$here" rev-parse --show-toplevel)
bazel="$repo/tools/bazel"
# shellcheck source=tools/repro/lib.sh
. "$here/lib.sh"
user=$(id -un)
repository_cache=${REPRO_REPOSITORY_CACHE:-$HOME/.cache/bazel/_bazel_$user/cache/repos/v1}
faketime_offset=+4000d

say() { printf 'repro: %s\n' "$*" >&2; }

"$repo/tools/install-test-deps.sh" >/dev/null

warn_if_dirty "$repo" repro

work=$(mktemp -d /tmp/pyinstall-repro.XXXXXX)
shm_before=$(ls /dev/shm)
b_dir="$work/b/a/much/longer/checkout/path"
b_real="$work/b/real"
b_src="$b_dir/src"
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
    for _ in 1 2 3 4 5; do  # the batch server may take a moment to let go of the checkout
        mountpoint -q "$b_src" 2>/dev/null || break
        fusermount -u "$b_src" 2>/dev/null || sleep 1
    done
    if mountpoint -q "$b_src" 2>/dev/null; then umount -l "$b_src" || true; fi
    # libfaketime leaves its shared clock in /dev/shm when a process does not exit normally.
    comm -13 <(echo "$shm_before") <(ls /dev/shm) | grep -E '^(sem\.)?faketime_' |
        while read -r f; do rm -f "/dev/shm/$f"; done || true
    if [ "${REPRO_KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
mkdir -p "$work/a" "$b_src" "$b_real" "$work/b/home" "$repository_cache"

# Common flags: no cache of any kind but the repository cache; outputs listed in the BEP file,
# images' loadable tarballs (output group `tarball`) included.
build_flags=(--disk_cache= --remote_cache= "--repository_cache=$repository_cache" --color=no
             --curses=no --show_progress_rate_limit=30 --output_groups=+tarball)

# --- Build A -------------------------------------------------------------------------------
(umask 022 && clone_head "$repo" "$work/a/src")
cd "$work/a/src"
if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(umask 022 && export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 &&
        default_targets "$bazel" "$work/a/base" "$work/a.query.log")
    if [ ${#targets[@]} -eq 0 ]; then
        cat "$work/a.query.log" >&2
        say "error: no target of a kind matching '$PYINSTALL_CHECK_KINDS'; pass targets as arguments"
        exit 1
    fi
fi
say "targets (${#targets[@]}): ${targets[*]}"

say "build A: $work/a/src, umask 022, TZ=UTC, LANG=C.UTF-8, real clock, --jobs=auto"
start=$SECONDS
if ! (umask 022 && env TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        "$bazel" --batch "--output_base=$work/a/base" build "${build_flags[@]}" \
        "--build_event_json_file=$work/a.bep.json" -- "${targets[@]}" >"$work/a.log" 2>&1); then
    tail -n 40 "$work/a.log" >&2
    say "error: build A failed (log above)"
    exit 1
fi
say "build A done in $((SECONDS - start)) s: $(grep -o '[0-9]* processes.*' "$work/a.log" | tail -n 1)"

# --- Build B -------------------------------------------------------------------------------
(umask 077 && clone_head "$repo" "$b_real")
if [ "${REPRO_NO_DISORDERFS:-0}" != 1 ] && [ -e /dev/fuse ] &&
    disorderfs --shuffle-dirents=yes --sort-dirents=no "$b_real" "$b_src" >"$work/disorderfs.log" 2>&1; then
    order="directory order shuffled by disorderfs"
else
    say "warning: disorderfs unavailable (no FUSE?); build B reads its checkout in the file system's order"
    rm -rf "$b_src"
    mv "$b_real" "$b_src"
    order="directory order of the file system"
fi

b_env=(TZ=Pacific/Chatham LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 HOME="$work/b/home"
       USER=reprobuilder LOGNAME=reprobuilder
       BAZEL_SID_EXTRA_BINDS="$(dirname "$repository_cache")")
b_startup=(--batch "--output_user_root=$work/b/root" "--output_base=$work/b/root/base")
cd "$b_src"

b_bazel=("$bazel")
clock="real clock"
if [ "${REPRO_NO_FAKETIME:-0}" != 1 ]; then
    if (env "${b_env[@]}" "$here/faketime-bazel.sh" "$faketime_offset" "$work" --version >/dev/null 2>&1); then
        b_bazel=("$here/faketime-bazel.sh" "$faketime_offset" "$work")
        clock="clock $faketime_offset for every action"
    else
        say "warning: no bootstrapped Bazel root to fake the clock in; build B runs at the real clock"
    fi
fi
say "build B: $b_src, $order, umask 077, TZ=Pacific/Chatham, LANG=fr_FR.UTF-8, $clock, --jobs=1, HOME=$work/b/home"
start=$SECONDS
if ! (umask 077 && env "${b_env[@]}" "${b_bazel[@]}" "${b_startup[@]}" build "${build_flags[@]}" \
        --jobs=1 "--build_event_json_file=$work/b.bep.json" -- "${targets[@]}" >"$work/b.log" 2>&1); then
    tail -n 40 "$work/b.log" >&2
    say "error: build B failed (log above)"
    exit 1
fi
say "build B done in $((SECONDS - start)) s: $(grep -o '[0-9]* processes.*' "$work/b.log" | tail -n 1)"
if [ "$clock" != "real clock" ] &&
    (umask 077 && env "${b_env[@]}" "${b_bazel[@]}" "${b_startup[@]}" build "${build_flags[@]}" \
        //tools/repro:clock_probe >"$work/b.probe.log" 2>&1); then
    say "build B's actions saw the year $(cat "$work/b/root/base/execroot/_main/bazel-out/k8-fastbuild/bin/tools/repro/clock_probe.txt") (today: $(date -u +%Y))"
fi

# --- Compare -------------------------------------------------------------------------------
if python3 "$here/compare.py" --a "$work/a.bep.json" --b "$work/b.bep.json" --pairs "$work/pairs.tsv"; then
    exit 0
fi
shown=0
while IFS=$'\t' read -r path_a path_b; do
    [ "$shown" -lt 5 ] || break
    shown=$((shown + 1))
    say "diffoscope $path_a $path_b"
    diffoscope --no-progress --text - "$path_a" "$path_b" 2>&1 | head -n 200 || true
done <"$work/pairs.tsv"
say "FAILED: the outputs differ (above); both builds are kept for inspection"
REPRO_KEEP=1
exit 1
