#!/usr/bin/env bash
# tests/image/reproducible.sh: the example image is the same bytes when built from two clones
# at different paths, with different output bases, umask, TZ and locale (outside Bazel: it
# runs Bazel twice). Prints both manifest digests; any differing output is named.
#
#   tests/image/reproducible.sh [TARGET]     (default //examples/app:image)
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
target=${1:-//examples/app:image}
package=${target#//}; package=${package%%:*}; name=${target##*:}
work=$(mktemp -d /tmp/pyinstall-repro.XXXXXX)
cleanup() {
    for side in a b; do
        [ -d "$work/$side/clone" ] && (cd "$work/$side/clone" && ./tools/bazel --output_base="$work/$side/base" shutdown >/dev/null 2>&1 || true)
    done
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

build() {  # build SIDE UMASK TZ LOCALE: clone the committed tree, build, copy the outputs out
    local side=$1
    mkdir -p "$work/$side"
    git clone --quiet "$src" "$work/$side/clone"
    (
        cd "$work/$side/clone"
        umask "$2"
        export TZ=$3 LANG=$4 LC_ALL=$4
        ./tools/bazel --output_base="$work/$side/base" build --jobs=2 "$target" >"$work/$side/build.log" 2>&1 \
            || { tail -30 "$work/$side/build.log" >&2; exit 1; }
        bin=$(./tools/bazel --output_base="$work/$side/base" info bazel-bin 2>/dev/null)/$package
        mkdir -p "$work/$side/out"
        cp -r "$bin/$name" "$bin/$name.tar" "$bin/$name.digest" "$work/$side/out/"
        ./tools/bazel --output_base="$work/$side/base" shutdown >/dev/null 2>&1
    )
}

echo "reproducible: building $target in two clones under $work"
build a 022 UTC C.UTF-8
build b 077 Pacific/Kiritimati POSIX
a=$(cat "$work/a/out/$name.digest")
b=$(cat "$work/b/out/$name.digest")
echo "reproducible: a ($work/a/clone, umask 022, TZ=UTC):                $a"
echo "reproducible: b ($work/b/clone, umask 077, TZ=Pacific/Kiritimati): $b"
if [ "$a" != "$b" ]; then
    echo "reproducible: FAIL: the manifest digests differ; differing files:" >&2
    diff -r "$work/a/out" "$work/b/out" >&2 || true
    exit 1
fi
cmp "$work/a/out/$name.tar" "$work/b/out/$name.tar" || { echo "reproducible: FAIL: the tarballs differ" >&2; exit 1; }
diff -r "$work/a/out/$name" "$work/b/out/$name" >/dev/null || { echo "reproducible: FAIL: the layouts differ" >&2; exit 1; }
echo "reproducible: OK: same manifest digest, same layout, same tarball"
