"""pyinstall.install.options: the flags of the param file Bazel writes."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import unittest

from pyinstall.install import options


class ParseTest(unittest.TestCase):
    def test_defaults(self) -> None:
        opts = options.parse(["--wheel", "a.whl", "--output", "out", "--python-version", "3.13"])
        self.assertEqual(opts.pyc, "unchecked-hash")
        self.assertEqual(opts.optimize, (0,))
        self.assertEqual(opts.script_interpreter, "/usr/bin/env python3")
        self.assertEqual(opts.source_date_epoch, 315532800)

    def test_param_file(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            params = os.path.join(tmp, "params")
            with open(params, "w", encoding="utf-8") as f:
                f.write("--wheel\na.whl\n--output\nout\n--python-version\n3.13\n--pyc\nnone\n"
                        "--optimize\n\n--script-interpreter\n/usr/bin/env python3 -E\n--source-date-epoch\n0\n")
            opts = options.parse(["@" + params])
        self.assertEqual(opts.pyc, "none")
        self.assertEqual(opts.optimize, ())
        self.assertEqual(opts.script_interpreter, "/usr/bin/env python3 -E")
        self.assertEqual(opts.source_date_epoch, 0)

    def test_target_platform(self) -> None:
        base = ["--wheel", "a.whl", "--output", "o", "--python-version", "3.13"]
        opts = options.parse(base + ["--platform", "linux_aarch64", "--musl", "1.2"])
        self.assertEqual((opts.platform, opts.musl), ("linux_aarch64", "1.2"))
        self.assertEqual(opts.describe_platform(), "linux_aarch64 (musl 1.2)")
        self.assertEqual(options.parse(base).describe_platform(), "linux_x86_64 (glibc 2.28)")
        self.assertEqual(options.parse(base + ["--platform", "macos_aarch64"]).describe_platform(), "macos_aarch64 (macOS 11.0)")

    def test_levels_sorted_and_unique(self) -> None:
        opts = options.parse(["--wheel", "a.whl", "--output", "o", "--python-version", "3.13", "--optimize", "2,0,2"])
        self.assertEqual(opts.optimize, (0, 2))

    def test_bad_values(self) -> None:
        for flags in (["--optimize", "3"], ["--optimize", "x"], ["--pyc", "timestamp"], ["--platform", "linux_sparc64"],
                      ["--platform", "x86_64"], ["--glibc", "2"], ["--musl", "latest"]):
            with self.subTest(flags=flags), contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit):
                options.parse(["--wheel", "a.whl", "--output", "o", "--python-version", "3.13", *flags])



class ProcessesTest(unittest.TestCase):
    def test_a_number_of_jobs_is_taken_as_it_is(self) -> None:
        for jobs in (1, 2, 3, 8):
            self.assertEqual(options.processes(jobs), jobs)

    def test_zero_is_the_cores_this_process_may_use_up_to_four(self) -> None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        self.assertEqual(options.processes(0), max(1, min(cores, options.MAX_PROCESSES)))
        if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1:
            before = os.sched_getaffinity(0)
            try:
                os.sched_setaffinity(0, {min(before)})
                self.assertEqual(options.processes(0), 1)
            finally:
                os.sched_setaffinity(0, before)

    def test_jobs_zero_parses(self) -> None:
        argv = ["--wheel", "w.whl", "--output", "out", "--python-version", "3.13", "--jobs", "0"]
        self.assertEqual(options.parse(argv).jobs, 0)


if __name__ == "__main__":
    unittest.main()
