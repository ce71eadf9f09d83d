#!/usr/bin/env bash
# tools/install-test-deps.sh: the Debian packages the checks outside Bazel need (tools/test.sh
# steps 3-5), installed only when missing (a second run changes nothing).
#   podman, runc        run the example image (tests/image/e2e.sh)
#   skopeo, umoci       read the OCI layout and the tarball
#   diffoscope-minimal  explains a reproducibility difference
#   disorderfs          shuffles directory order under the second checkout (FUSE)
#   faketime            runs the second build at a clock far from now
#   nginx               a WebDAV (GET/PUT, http_dav is built in) HTTP remote cache on loopback
#   time                peak memory and CPU time of pip and uv
#   git                 the clones every check builds from
set -euo pipefail

packages=(podman runc skopeo umoci diffoscope-minimal disorderfs faketime nginx time git)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-test-deps: all present (${packages[*]})"
    exit 0
fi

sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
echo "install-test-deps: installing ${missing[*]}" >&2
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
echo "install-test-deps: installed ${missing[*]}"
