# shellcheck shell=bash
# tools/repro/lib.sh: shared by tools/repro/check.sh and tools/remote_cache/check.sh (sourced).
#
# The checks build clean clones of HEAD, never the working tree, so that they test what is
# committed and so that each build starts from a path of its own.

# The rule kinds every check covers by default: sdist builds, wheel installs, layers, images,
# extension modules built by the Debian C toolchain (tests/runtime/cc; the regex matches
# whatever rules of those kinds the repository defines, now and later).
PYINSTALL_CHECK_KINDS=${PYINSTALL_CHECK_KINDS:-sdist_build|wheel_install|layer|image|cc_extension}

clone_head() {  # clone_head REPO DEST: a fresh checkout of REPO's HEAD at DEST
    git clone -q --no-checkout --no-hardlinks "$1" "$2"
    git -C "$2" -c advice.detachedHead=false checkout -q "$(git -C "$1" rev-parse HEAD)"
}

warn_if_dirty() {  # warn_if_dirty REPO PREFIX
    if [ -n "$(git -C "$1" status --porcelain --untracked-files=no)" ]; then
        printf '%s: warning: uncommitted changes in %s are not checked; this checks HEAD %s\n' \
            "$2" "$1" "$(git -C "$1" rev-parse --short HEAD)" >&2
    fi
}

# Hubs whose own targets are checked too: the sdist builds and installs of tests/build live in
# the hub repository, not under //..., and are reached by no other default target.
PYINSTALL_CHECK_HUBS=${PYINSTALL_CHECK_HUBS:-@pypi_sdists}

default_targets() {  # default_targets BAZEL OUTPUT_BASE LOG: prints the targets to check
    local query="kind(\"$PYINSTALL_CHECK_KINDS\", //...) except kind(\".*_test\", //...)"
    local hub
    for hub in $PYINSTALL_CHECK_HUBS; do
        query+=" + kind(\"sdist_build|wheel_install\", $hub//...)"
    done
    query+=" except attr(tags, \"\\bmanual\\b\", //...)"
    "$1" --batch "--output_base=$2" query --noshow_progress "$query" 2>"$3"
}
