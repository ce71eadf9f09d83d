#!/usr/bin/env bash
# tools/install-proof-deps.sh: the Debian packages that tools/repro, tools/remote_cache and
# tools/benchmark need, installed only when missing (a second run changes nothing).
#   diffoscope-minimal  explains a reproducibility difference
#   disorderfs          shuffles directory order under the second checkout (FUSE)
#   faketime            runs the second build at a clock far from now
#   nginx               a WebDAV (GET/PUT, http_dav is built in) HTTP remote cache on loopback
#   time                peak memory and CPU time of pip and uv
#   git                 the clones every check builds from
set -euo pipefail

packages=(diffoscope-minimal disorderfs faketime nginx time git)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-proof-deps: all present (${packages[*]})"
    exit 0
fi

sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
echo "install-proof-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
# The packages' own services are not wanted (the checks start nginx themselves on loopback):
# a policy-rc.d that says 101 keeps apt from starting them.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    made_policy=1
fi
trap '[ "$made_policy" = 1 ] && "${sudo[@]}" rm -f "$policy"' EXIT
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
echo "install-proof-deps: installed ${missing[*]}"
