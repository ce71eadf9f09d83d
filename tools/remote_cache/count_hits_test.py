import json
import re
import tempfile
import unittest
from pathlib import Path

from tools.remote_cache import count_hits


def _spawn(mnemonic: str, hit: bool, args: list[str], output: str = "out/x") -> dict[str, object]:
    return {
        "commandArgs": args,
        "environmentVariables": [{"name": "TZ", "value": "UTC"}],
        "inputs": [{"path": "in/a", "digest": {"hash": "11"}}],
        "listedOutputs": [output],
        "mnemonic": mnemonic,
        "runner": "remote cache hit" if hit else "linux-sandbox",
        "cacheHit": hit,
        "targetLabel": "//p:" + output,
    }


def _log(spawns: list[dict[str, object]]) -> str:
    # Bazel 7 pretty-prints one object after another.
    return "".join(json.dumps(s, indent=2) + "\n" for s in spawns)


class CountHitsTest(unittest.TestCase):
    def test_counts_by_mnemonic(self) -> None:
        log = _log([_spawn("PyinstallWheel", True, ["py"]), _spawn("PyinstallWheel", False, ["py"], "out/y"),
                    _spawn("Genrule", False, ["sh"], "out/z")])
        total, hits, misses = count_hits.count(log, re.compile("Pyinstall"))
        self.assertEqual(total, {"PyinstallWheel": 2, "Genrule": 1})
        self.assertEqual(hits, {"PyinstallWheel": 1})
        self.assertEqual([m["listedOutputs"] for m in misses], [["out/y"]])

    def test_old_field_name(self) -> None:
        self.assertTrue(count_hits.is_hit({"remoteCacheHit": True}))
        self.assertFalse(count_hits.is_hit({"runner": "linux-sandbox"}))

    def test_explains_a_leaked_path(self) -> None:
        ref = _spawn("PyinstallWheel", False, ["py", "--out=/home/a/x"])
        mine = _spawn("PyinstallWheel", False, ["py", "--out=/home/b/x"])
        reference = {("//p:out/x", "out/x"): ref}
        self.assertEqual(count_hits.explain(mine, reference), "argument 1: '--out=/home/a/x' -> '--out=/home/b/x'")
        mine["environmentVariables"] = [{"name": "TZ", "value": "UTC"}, {"name": "HOME", "value": "/b"}]
        self.assertIn("env HOME: None -> '/b'", count_hits.explain(mine, reference))

    def test_main_fails_on_miss_and_on_nothing_checked(self) -> None:
        root = Path(tempfile.mkdtemp())
        log = root / "log.json"
        log.write_text(_log([_spawn("PyinstallWheel", True, ["py"])]))
        self.assertEqual(count_hits.main(["--log", str(log), "--require", "Pyinstall"]), 0)
        self.assertEqual(count_hits.main(["--log", str(log), "--require", "OciImage"]), 1)
        log.write_text(_log([_spawn("PyinstallWheel", False, ["py"])]))
        self.assertEqual(count_hits.main(["--log", str(log), "--reference", str(log)]), 1)


if __name__ == "__main__":
    unittest.main()
