#!/usr/bin/env bash
# tools/install-test-deps.sh: the Debian tools the image tests outside Bazel use (podman cannot
# run inside Bazel's sandbox): podman with runc to run the image, skopeo and umoci to read it.
set -euo pipefail
packages=(podman runc skopeo umoci)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_=()
[ "$(id -u)" = 0 ] || sudo_=(sudo)
"${sudo_[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
