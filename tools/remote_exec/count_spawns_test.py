import contextlib
import io
import json
import tempfile
import unittest
from pathlib import Path

from tools.remote_exec import count_spawns


def _log(directory: str, name: str, runners: list[str], exit_code: int = 0) -> str:
    path = Path(directory, name)
    # Bazel 7 pretty-prints one object after another.
    path.write_text("".join(json.dumps({"mnemonic": "PyinstallWheel", "runner": r, "exitCode": exit_code,
                                        "targetLabel": "//p:t"}, indent=2) + "\n" for r in runners))
    return str(path)


class CountSpawnsTest(unittest.TestCase):
    def _main(self, *logs: str) -> tuple[int, str]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = count_spawns.main(list(logs))
        return status, out.getvalue()

    def test_all_remote_passes(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            status, out = self._main(_log(d, "a", ["remote", "remote"]), _log(d, "b", ["remote cache hit"]))
        self.assertEqual(status, 0, out)
        self.assertIn("spawns: 3, remote: 3", out)

    def test_a_local_spawn_fails(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            status, out = self._main(_log(d, "a", ["remote", "linux-sandbox"]))
        self.assertEqual(status, 1)
        self.assertIn("NOT REMOTE OR FAILED: PyinstallWheel //p:t ran in linux-sandbox", out)

    def test_a_failed_remote_spawn_fails(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            status, out = self._main(_log(d, "a", ["remote"], exit_code=1))
        self.assertEqual(status, 1, out)

    def test_no_spawn_fails(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            status, out = self._main(_log(d, "a", []))
        self.assertEqual(status, 1)
        self.assertIn("nothing was checked", out)


if __name__ == "__main__":
    unittest.main()
