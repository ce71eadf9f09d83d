#!/usr/bin/env bash
# tools/lint.sh: mypy --strict over the helpers (python/pyinstall, with the pinned installer,
# packaging, pyproject_hooks and deflate's typed stub on MYPYPATH) and buildifier's format and
# lint check over every Starlark file.
# mypy comes from tools/lint/requirements.txt (hashes checked) in a venv under ~/.cache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A bare Debian machine may lack what the two tools run on: install it only then.
need() {  # need COMMAND-TEST DEBIAN-PACKAGE
    eval "$1" >/dev/null 2>&1 && return 0
    echo "tools/lint.sh: installing $2" >&2
    local sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$2" >&2
}
need "python3 -m venv --help" python3-venv
need "command -v npx" npm

venv=${PYINSTALL_LINT_VENV:-$HOME/.cache/rules_pyinstall/lint-venv}
stamp="$venv/requirements.txt"
if ! cmp -s tools/lint/requirements.txt "$stamp" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --only-binary=:all: \
        -r tools/lint/requirements.txt
    cp tools/lint/requirements.txt "$stamp"
fi

# The same installer and packaging wheels the actions use, unpacked by Bazel.
./tools/bazel build --noshow_progress @pyinstall_installer//:lib @pyinstall_packaging//:lib @pyinstall_pyproject_hooks//:lib \
    @pyinstall_deflate_linux_x86_64//:lib >/dev/null 2>&1
external="$(./tools/bazel info output_base 2>/dev/null)/external"
mypypath=python
for name in pyinstall_installer pyinstall_packaging pyinstall_pyproject_hooks pyinstall_deflate_linux_x86_64; do
    dir=$(ls -d "$external"/*"~$name" 2>/dev/null | head -n 1)
    [ -n "$dir" ] || { echo "tools/lint.sh: no $name repository under $external" >&2; exit 1; }
    mypypath="$mypypath:$dir"
done
echo "mypy --strict python/pyinstall"
MYPYPATH=$mypypath "$venv/bin/mypy" --config-file mypy.ini -p pyinstall

echo "buildifier -lint=warn"
npx --yes @bazel/buildifier@8.2.1 -lint=warn -mode=check -r .
