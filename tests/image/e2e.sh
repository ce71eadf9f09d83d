#!/usr/bin/env bash
# tests/image/e2e.sh: the example image read by real tools and run by podman (outside Bazel:
# podman cannot run in Bazel's sandbox). Installs what it needs with tools/install-test-deps.sh.
#
#   skopeo inspects the OCI layout and the tarball; umoci unpacks the layout; podman loads
#   the tarball and runs the app with a read-only root: it answers over HTTP (inside the
#   container, --network=none), every module it imports from /opt/venv and /app comes with an
#   unchecked-hash .pyc that Python loads, and no file is written (no .pyc recompiled).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tools/install-test-deps.sh >/dev/null
bazel=${BAZEL:-./tools/bazel}
podman=(podman --runtime runc --cgroup-manager=cgroupfs --events-backend=file)
run=(run --network=none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
tag=localhost/rules-pyinstall-example:latest
work=$(mktemp -d)
container=
cleanup() {
    [ -z "$container" ] || "${podman[@]}" rm -f "$container" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "e2e: FAIL: $*" >&2; exit 1; }

"$bazel" build //examples/app:image //examples/app:image.load
bin=$("$bazel" info bazel-bin 2>/dev/null)/examples/app
digest=$(cat "$bin/image.digest")
echo "e2e: image $digest"

# skopeo reads the layout and the docker-archive tarball.
skopeo inspect "oci:$bin/image:latest" > "$work/oci.json"
[ "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Digest"])' < "$work/oci.json")" = "$digest" ] \
    || fail "skopeo's digest of the layout is not $digest"
skopeo inspect --config "oci:$bin/image:latest" > "$work/config.json"
python3 - "$work/config.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
assert config["created"] == "1980-01-01T00:00:00Z", config["created"]
env = config["config"]["Env"]
assert any(e.startswith("PATH=/opt/venv/bin:") for e in env), env
assert config["config"]["Entrypoint"] == ["/opt/venv/bin/python3", "/app/examples/app/main.py"], config["config"]
assert config["config"]["Cmd"] == ["serve"], config["config"]
assert len(config["history"]) == len(config["rootfs"]["diff_ids"]), config["history"]
print("e2e: config ok:", config["config"]["Entrypoint"], config["config"]["Cmd"])
PY
skopeo inspect "docker-archive:$bin/image.tar" > /dev/null
echo "e2e: skopeo reads oci:$bin/image and docker-archive:$bin/image.tar"

# skopeo reads the two-platform index of tests/image (one py_image built for amd64 and arm64).
"$bazel" build //tests/image:debian_index
index=$("$bazel" info bazel-bin 2>/dev/null)/tests/image/debian_index
for arch in amd64 arm64; do
    got=$(skopeo inspect --override-arch "$arch" "oci:$index:latest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Architecture"])')
    [ "$got" = "$arch" ] || fail "skopeo found $got for $arch in the index"
done
echo "e2e: skopeo reads the amd64 and arm64 images of oci:$index:latest"

# umoci unpacks the layout into a runtime bundle with the whole file system.
cp -r "$bin/image" "$work/layout" && chmod -R u+w "$work/layout"
umoci unpack --rootless --image "$work/layout:latest" "$work/bundle" > /dev/null
rootfs=$work/bundle/rootfs
for f in opt/venv/pyvenv.cfg opt/venv/bin/python3 opt/venv/lib/python3.13/site-packages/falcon/__pycache__/app.cpython-313.pyc \
         app/examples/app/__pycache__/service.cpython-313.pyc usr/bin/python3.13; do
    [ -e "$rootfs/$f" ] || [ -L "$rootfs/$f" ] || fail "umoci's rootfs has no /$f"
done
[ "$(readlink "$rootfs/opt/venv/bin/python3")" = /usr/bin/python3.13 ] || fail "bin/python3 does not link to /usr/bin/python3.13"
echo "e2e: umoci unpacked the layout"

# podman loads the tarball; its image is the one we built. (An image of the same config that
# an earlier run left behind would keep the digest it was first stored under: drop it first.)
# The load script finds the tarball in its runfiles tree, or, built with
# --nobuild_runfile_links (this repository's .bazelrc), through its runfiles manifest alone:
# run from elsewhere, once each way.
"$bazel" build --build_runfile_links //examples/app:image.load
cp "$bin/image.load" "$bin/image.load.runfiles_manifest" "$work/"
for load in "$bin/image.load" "$work/image.load"; do
    "${podman[@]}" rmi -f "$tag" >/dev/null 2>&1 || true
    (cd / && env -u RUNFILES_DIR "$load") || fail "$load did not load the image"
    loaded=$("${podman[@]}" image inspect --format '{{.Digest}}' "$tag")
    [ "$loaded" = "$digest" ] || fail "$load: podman has $tag at $loaded, not $digest"
done

# The app answers over HTTP, with a read-only root file system, from its .pyc files.
out=$("${podman[@]}" "${run[@]}" --rm --read-only "$tag" self-check --require-pyc /opt/venv --require-pyc /app)
echo "e2e: self-check: $out"
python3 - "$out" <<'PY'
import json, sys
report = json.loads(sys.argv[1])
assert report["answers"]["/health"] == {"status": "ok"}, report
assert report["answers"]["/greet?name=image"] == {"greeting": "Hello, image!"}, report
assert report["pyc_checked"] >= 50 and not report["pyc_problems"], report
PY

# Python's own account (-v): each module of /opt/venv and /app comes from its .pyc ("code
# object from"), none is compiled from source, nothing tries to write a .pyc.
"${podman[@]}" "${run[@]}" --rm --read-only --entrypoint /opt/venv/bin/python3 "$tag" \
    -v -c 'import examples.app.service, waitress; print("imported")' > "$work/v.out" 2> "$work/v.err"
grep -q imported "$work/v.out" || fail "the imports failed: $(tail -5 "$work/v.err")"
from_pyc=$(grep -c "^# code object from '/\(opt/venv\|app\)/.*\.pyc'" "$work/v.err" || true)
[ "$from_pyc" -ge 50 ] || fail "only $from_pyc modules of /opt/venv and /app came from .pyc files"
# (The base's standard library is the base's business: only our two trees are checked.)
if grep -E "^# (could not|wrote|can't).*'/(opt/venv|app)/|bad magic|invalid hash" "$work/v.err"; then
    fail "Python tried to (re)compile a module of /opt/venv or /app"
fi
grep -q "PYTHONDONTWRITEBYTECODE" <<< "$("${podman[@]}" image inspect --format '{{.Config.Env}}' "$tag")" \
    && fail "the image sets PYTHONDONTWRITEBYTECODE"
echo "e2e: $from_pyc modules of /opt/venv and /app loaded from their .pyc files, none compiled"

# With a writable root and bytecode writing on, running the app still writes no file.
container=$("${podman[@]}" create --network=none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "$tag" self-check)
"${podman[@]}" start --attach "$container" > /dev/null
changes=$("${podman[@]}" diff "$container" | grep " /\(opt/venv\|app\)\b" || true)
[ -z "$changes" ] || fail "running the app changed /opt/venv or /app: $changes"
echo "e2e: running the app wrote nothing under /opt/venv and /app (podman diff)"

# An entry point script of a wheel (#!/usr/bin/env python3) runs in the environment.
"${podman[@]}" "${run[@]}" --rm --read-only --entrypoint waitress-serve "$tag" --help > "$work/help.out" 2>&1 || true
grep -q "Usage:" "$work/help.out" || fail "waitress-serve did not run: $(head -5 "$work/help.out")"
# Uncompressed layers (gzip_level=0): media type tar in the manifest, and podman runs them.
"$bazel" build --@rules_pyinstall//rules:gzip_level=0 //examples/app:image //examples/app:image.load
plain=$(cat "$bin/image.digest")
[ "$plain" != "$digest" ] || fail "the image with uncompressed layers has the gzipped image's digest"
skopeo inspect --raw "oci:$bin/image:latest" | python3 -c '
import json, sys
types = [l["mediaType"] for l in json.load(sys.stdin)["layers"]]
wanted = "application/vnd.oci.image.layer.v1.tar"
assert types[0].endswith("tar+gzip") and all(t == wanted for t in types[1:]), types
print("e2e: %d uncompressed layers on the gzipped base" % (len(types) - 1))'
"${podman[@]}" rmi -f "$tag" >/dev/null 2>&1 || true
"$bin/image.load"
[ "$("${podman[@]}" image inspect --format '{{.Digest}}' "$tag")" = "$plain" ] || fail "podman did not load $plain"
out=$("${podman[@]}" "${run[@]}" --rm --read-only "$tag" self-check --require-pyc /opt/venv --require-pyc /app)
grep -q '"pyc_problems": \[\]' <<< "$out" || fail "the image with uncompressed layers: $out"
"$bazel" build //examples/app:image  # leave the default image in bazel-bin
echo "e2e: OK ($digest; uncompressed layers: $plain)"
