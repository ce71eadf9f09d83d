#!/usr/bin/env bash
# tools/repro/selftest.sh: shows that the two proof checks can fail. It commits two broken
# variants of HEAD in throw-away clones and expects:
#   1. tools/repro/check.sh to fail when the install helper writes the current date into the
#      tree (the faked clock of build B must reach the action and show up in diffoscope);
#   2. tools/remote_cache/check.sh to fail when the install action inherits HOME
#      (`use_default_shell_env` + `--action_env=HOME`): machine B's HOME differs, so its key.
# Each variant builds //tests/wheels:six only (about 30 s each). Exits 0 when both checks fail
# as they should.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(git -C "$here" rev-parse --show-toplevel)
# shellcheck source=tools/repro/lib.sh
. "$here/lib.sh"
work=$(mktemp -d /tmp/pyinstall-selftest.XXXXXX)
trap 'rm -rf "$work"' EXIT
say() { printf 'selftest: %s\n' "$*" >&2; }

broken() {  # broken NAME MESSAGE PYTHON_EDIT: a clone of HEAD with one committed breakage
    clone_head "$repo" "$work/$1"
    (cd "$work/$1" && python3 -c "$3" &&
        git -c user.name=selftest -c user.email=selftest@invalid commit -qam "$2")
}

broken clock "helper writes the date" '
import pathlib
p = pathlib.Path("python/pyinstall/install/main.py")
s = p.read_text()
anchor = "    normalize.normalize_tree(opts.output, opts.source_date_epoch)\n"
assert anchor in s
p.write_text(s.replace(anchor, "    import time\n    open(os.path.join(opts.output, \"site-packages\", \"BUILT_AT\"), \"w\").write(time.strftime(\"%Y-%m-%d\"))\n" + anchor))
'
broken home "install action inherits HOME" '
import pathlib
p = pathlib.Path("rules/private/common/helper.bzl")
s = p.read_text()
anchor = "        mnemonic = mnemonic,\n"
assert anchor in s
p.write_text(s.replace(anchor, "        use_default_shell_env = True,\n" + anchor))
rc = pathlib.Path(".bazelrc")
rc.write_text(rc.read_text() + "build --action_env=HOME\n")
'

status=0
if "$work/clock/tools/repro/check.sh" //tests/wheels:six >"$work/clock.log" 2>&1; then
    say "FAILED: tools/repro/check.sh passed although the helper writes the date"; status=1
elif grep -q 'BUILT_AT: contents differ' "$work/clock.log"; then
    say "ok: tools/repro/check.sh caught the date: $(grep -m1 '^+20' "$work/clock.log" || true)"
else
    tail -n 20 "$work/clock.log" >&2; say "FAILED: tools/repro/check.sh failed for another reason"; status=1
fi
if "$work/home/tools/remote_cache/check.sh" //tests/wheels:six >"$work/home.log" 2>&1; then
    say "FAILED: tools/remote_cache/check.sh passed although HOME reaches the action key"; status=1
elif grep -q "MISSED: PyinstallWheel.*env HOME" "$work/home.log"; then
    say "ok: tools/remote_cache/check.sh caught HOME: $(grep -o 'env HOME[^;]*' "$work/home.log" | head -n 1)"
else
    tail -n 20 "$work/home.log" >&2; say "FAILED: tools/remote_cache/check.sh failed for another reason"; status=1
fi
# The failing checks keep their work directories for a human; this script's are not needed.
grep -ho "kept /tmp/pyinstall-[a-z-]*\.[A-Za-z0-9]*" "$work"/*.log | cut -d' ' -f2 | xargs -r rm -rf
exit "$status"
