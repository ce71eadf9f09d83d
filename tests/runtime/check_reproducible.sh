#!/usr/bin/env bash
# Builds the Debian base layers (amd64, arm64) and numpy installed by the Debian interpreter
# under two fresh output bases, the second with another umask, TZ, locale and --jobs, and
# checks that every output has the same sha256. Not a Bazel test: it runs Bazel itself.
#
#   tests/runtime/check_reproducible.sh          # from the repository root
#
# Prints one "sha256  output" line per output and exits 1 when the two builds differ.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

targets=(@debian_python//:rootfs_amd64 @debian_python//:rootfs_arm64 //tests/runtime:numpy)
work=$(mktemp -d "${TMPDIR:-/tmp}/pyinstall-reproducible.XXXXXX")
trap 'status=$?; ./tools/bazel --output_base="$work/first" shutdown 2>/dev/null; ./tools/bazel --output_base="$work/second" shutdown 2>/dev/null; rm -rf "$work"; exit $status' EXIT

# digest OUTPUT_BASE: "sha256  path" for every output of the targets (trees: every file).
digest() {
    local base=$1 execroot="$1/execroot/_main" path
    local expression
    expression=$(printf ' + %s' "${targets[@]}")
    ./tools/bazel --output_base="$base" cquery --output=files "${expression:3}" 2>/dev/null |
        while read -r path; do
            if [ -d "$execroot/$path" ]; then
                (cd "$execroot/$path" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum |
                    sha256sum | sed "s|-\$|$path/ (tree)|")
            else
                (cd "$execroot" && sha256sum "$path")
            fi
        done
}

build() {  # build NAME BAZEL_FLAGS...: builds in a fresh output base, prints its digests
    local base="$work/$1"
    shift
    ./tools/bazel --output_base="$base" build --symlink_prefix=/ --disk_cache= "$@" "${targets[@]}" >&2
    digest "$base" >"$base.sha256"
    ./tools/bazel --output_base="$base" shutdown >&2
}

build first
(umask 077 && TZ=Asia/Tokyo LC_ALL=C build second --jobs=1)

cat "$work/first.sha256"
if diff -u "$work/first.sha256" "$work/second.sha256"; then
    echo "reproducible: $(wc -l <"$work/first.sha256") outputs identical under two output bases"
else
    echo "NOT reproducible: the outputs above differ" >&2
    exit 1
fi
