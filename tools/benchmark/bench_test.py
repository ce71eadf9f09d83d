import gzip
import json
import tempfile
import unittest
from pathlib import Path

from tools.benchmark import bench, image, locks, measure, profile


class BenchTest(unittest.TestCase):
    def test_read_lock_finds_each_wheel(self) -> None:
        root = Path(tempfile.mkdtemp())
        for name in ("typing_extensions-4.16.0-py3-none-any.whl", "numpy-2.5.5-cp313-cp313-manylinux_2_28_x86_64.whl",
                     "numpy-2.5.4-cp313-cp313-manylinux_2_28_x86_64.whl"):
            (root / name).write_bytes(b"")
        lock = root / "requirements.lock"
        lock.write_text("numpy==2.5.5 \\\n    --hash=sha256:00\n    # via x\ntyping-extensions==4.16.0 \\\n"
                        "    --hash=sha256:11\n")
        pins = locks.read_lock(lock, root)
        self.assertEqual([(p.name, p.version, p.path.name) for p in pins], [
            ("numpy", "2.5.5", "numpy-2.5.5-cp313-cp313-manylinux_2_28_x86_64.whl"),
            ("typing_extensions", "4.16.0", "typing_extensions-4.16.0-py3-none-any.whl"),
        ])

    def test_worker_requests_cpu_sums_the_logs_of_one_mnemonic(self) -> None:
        base = Path(tempfile.mkdtemp())
        (base / "bazel-workers").mkdir()
        (base / "bazel-workers" / "worker-1-PyinstallWheel.log").write_text(
            "rules_pyinstall worker: request cpu 1500 ms\nnoise\nrules_pyinstall worker: request cpu 250 ms\n")
        (base / "bazel-workers" / "worker-2-PyinstallWheel.log").write_text("rules_pyinstall worker: request cpu 5 ms\n")
        (base / "bazel-workers" / "worker-3-PyinstallWheelLayer.log").write_text("rules_pyinstall worker: request cpu 900 ms\n")
        bazel = measure.Bazel(base, base, base, [], base / "log")
        self.assertAlmostEqual(bazel.worker_requests_cpu("PyinstallWheel"), 1.755)
        self.assertAlmostEqual(bazel.worker_requests_cpu("PyinstallWheelLayer"), 0.9)

    def test_read_lock_missing_wheel(self) -> None:
        root = Path(tempfile.mkdtemp())
        (root / "requirements.lock").write_text("six==1.17.0 \\\n    --hash=sha256:00\n")
        with self.assertRaises(SystemExit):
            locks.read_lock(root / "requirements.lock", root)

    def test_short_lock_keeps_hashes_and_the_bump(self) -> None:
        root = Path(tempfile.mkdtemp())
        lock = root / "requirements.lock"
        entries = [f"pkg{i}==1.0 \\\n    --hash=sha256:{i:02d}\n    # via x\n" for i in range(12)]
        lock.write_text("".join(entries) + "rich==15.0.0 \\\n    --hash=sha256:ff\n")
        text = locks.short_lock(lock, root / "short.lock").read_text()
        self.assertEqual(text, "".join(entries[: locks.SHORT_COUNT]) + "rich==15.0.0 \\\n    --hash=sha256:ff\n")

    def test_generated_module(self) -> None:
        root = Path(tempfile.mkdtemp())
        repo = root / "repo"
        repo.mkdir()
        (repo / ".bazelrc").write_text("build --nostamp\n")
        pin = locks.Pin("six", "1.17.0", root / "six-1.17.0-py2.py3-none-any.whl")
        bench.write_module(root / "module", repo, [pin])
        self.assertIn(f'path = "{repo}"', (root / "module/MODULE.bazel").read_text())
        self.assertIn('wheel = "wheels/six-1.17.0-py2.py3-none-any.whl"', (root / "module/BUILD.bazel").read_text())

    def test_image_module_has_two_apps_and_the_check(self) -> None:
        root = Path(tempfile.mkdtemp())
        repo = root / "repo"
        (repo / "examples" / "app").mkdir(parents=True)
        (repo / ".bazelrc").write_text("build --nostamp\n")
        (repo / "examples" / "app" / "pyc_check.py").write_text("")
        pins = [locks.Pin(n, "1", root / f"{n}-1-py3-none-any.whl") for n in ("numpy", "rich", "six", "zipp")]
        for pin in pins:
            pin.path.write_bytes(b"")
        image.write_module(root / "module", repo, pins[:3], pins[3])
        build = (root / "module/BUILD.bazel").read_text()
        self.assertIn('py_binary(name = "app", srcs = ["app.py", "pyc_check.py"], main = "app.py", deps = [":numpy", ":rich", ":six"])', build)
        self.assertIn('py_binary(name = "app_b", srcs = ["app.py", "pyc_check.py"], main = "app.py", deps = [":numpy"])', build)
        self.assertIn("['numpy']", (root / "module/app.py").read_text())
        self.assertTrue((root / "module/wheels/zipp-1-py3-none-any.whl").exists())

    def test_profile_install_and_sandbox_times(self) -> None:
        path = Path(tempfile.mkdtemp()) / "cold.profile.gz"
        events = [
            {"ph": "X", "cat": "action processing", "name": "Installing scikit-learn 1.8.0 for Python 3.13 into x",
             "ts": 0, "dur": 9_000_000, "tid": 1},
            {"ph": "X", "name": "subprocess.run", "ts": 5_000_000, "dur": 2_500_000, "tid": 1},
            {"ph": "X", "name": "subprocess.run", "ts": 5_000_000, "dur": 1_000_000, "tid": 2},
            {"ph": "X", "cat": "action processing", "name": "Installing six 1.17.0 for Python 3.13 into y",
             "ts": 0, "dur": 10, "tid": 3},
            {"ph": "X", "cat": "general information", "name": "sandbox.createFileSystem", "ts": 1, "dur": 300_000},
            {"ph": "X", "cat": "general information", "name": "sandbox.createInputs", "ts": 1, "dur": 250_000},
            {"ph": "X", "cat": "general information", "name": "sandbox.delete", "ts": 1, "dur": 200_000},
            {"ph": "i", "name": "sandbox.createFileSystem"},
        ]
        with gzip.open(path, "wt") as f:
            json.dump({"otherData": {}, "traceEvents": events}, f)
        read = profile.read(path)
        self.assertEqual(profile.install_time(read, "scikit_learn"), 2.5)  # its process, not its wait
        self.assertEqual(profile.install_time(read, "six"), 10 / 1e6)  # no spawn: the action's span
        self.assertIsNone(profile.install_time(read, "numpy"))
        self.assertEqual((round(read.sandbox_s, 3), read.sandbox_spans), (0.5, 2))


if __name__ == "__main__":
    unittest.main()
