"""Times installing one lock of real wheels with rules_pyinstall, pip and uv, with `.pyc` files.

    python3 -m tools.benchmark.bench --repo . --cache ~/.cache/rules_pyinstall/bench [--short]

Run by tools/benchmark/run.sh, which installs uv and fetches pip first. Every way installs the
same local wheel files (downloaded once, by hash, from requirements.lock) into an empty place:
- rules_pyinstall: `bazel build` of one `wheel_install` per wheel in a generated module that
  uses this repository through `local_path_override`, with a fresh output base and no disk
  cache; then a no-op rebuild, a one-pin bump (one wheel swapped for another version, see
  bump.lock) and a build in a new output base from a warmed `--disk_cache`;
- `pip install --no-deps --target` (pip compiles `.pyc` files by default);
- `uv pip install --no-deps --compile-bytecode --target` with an empty uv cache.
pip and uv run under Python 3.13 in the same Debian root Bazel's actions use.

CPU time is user + system time of the process tree; for Bazel it adds the server's own and
its reaped children's (the actions') time from /proc/<server pid>/stat. Peak memory is the
largest resident set of one process (for Bazel, the larger of the client tree's and the
server's VmHWM, reset before each build).
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Sequence

from tools.benchmark import image, profile
from tools.benchmark.locks import BUMP, SHORT_COUNT, Pin, locked_wheels, short_lock
from tools.benchmark.measure import Bazel, Sample, count_pyc, run_timed, sid

PYTHON = "/usr/bin/python3.13"


def write_module(module: Path, repo: Path, pins: list[Pin]) -> None:
    """A module with one wheel_install per pin, its wheels local files in wheels/."""
    (module / "wheels").mkdir(parents=True, exist_ok=True)
    (module / "MODULE.bazel").write_text(
        'module(name = "pyinstall_benchmark")\n\n'
        'bazel_dep(name = "rules_pyinstall", version = "0.1.0")\n'
        f'local_path_override(module_name = "rules_pyinstall", path = "{repo}")\n')
    shutil.copy(repo / ".bazelrc", module / ".bazelrc")
    write_build(module, pins)


def write_build(module: Path, pins: list[Pin]) -> None:
    lines = ['load("@rules_pyinstall//rules:defs.bzl", "wheel_install")\n']
    for pin in pins:
        lines.append(f'wheel_install(\n    name = "{pin.name}",\n    wheel = "wheels/{pin.path.name}",\n)\n')
    (module / "BUILD.bazel").write_text("\n".join(lines))


def median(samples: list[Sample], scenario: str) -> Sample:
    chosen = [s for s in samples if s.scenario == scenario]
    actions = [s.actions_cpu_s for s in chosen if s.actions_cpu_s is not None]
    installs = [s.installs_cpu_s for s in chosen if s.installs_cpu_s]
    return Sample(scenario, statistics.median(s.wall_s for s in chosen), statistics.median(s.cpu_s for s in chosen),
                  max(s.peak_rss_mib for s in chosen), statistics.median(actions) if actions else None,
                  statistics.median(installs) if installs else None)


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    return (f"{os.cpu_count()} CPUs ({cpu.group(1) if cpu else '?'}), "
            f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB RAM" if mem else "?")


def _s(seconds: float | None) -> str:
    return "?" if seconds is None else f"{seconds:.2f} s"


def _tree_verdicts(results: dict[str, Sample], biggest: Pin, cold_profiles: list[profile.Profile],
                   alone: dict[str, float | None]) -> dict[str, bool]:
    """Prints what the tree scenarios showed and returns their targets, met or not."""
    cold, uv, uv_cpu = results["bazel cold"], results["uv"].wall_s, results["uv"].cpu_s
    in_cold = [profile.install_time(p, biggest.name) for p in cold_profiles]
    serial, parallel = alone.get("1 job"), alone.get("2 jobs")
    print(f"biggest wheel: {biggest.path.name} ({biggest.path.stat().st_size / 2**20:.0f} MiB): its action took "
          + ", ".join("?" if t is None else f"{t:.2f} s" for t in in_cold) + " in the cold build(s); alone "
          + f"{_s(serial)} with 1 job, {_s(parallel)} with 2 (install_jobs=2)"
          + (f" ({parallel / serial:.2f}x)" if serial and parallel else ""))
    print(f"install actions' CPU (cold build, median; the workers' requests, from their logs): "
          f"{cold.installs_cpu_s or 0:.1f} s; all of Bazel's child processes (the installs, the "
          f"interpreter's zips, fetch-time unpacking): {cold.actions_cpu_s or 0:.1f} s; uv's CPU: {uv_cpu:.1f} s")
    for rep, p in enumerate(cold_profiles):
        installs = sum(1 for name in p.actions if name.startswith("Installing "))
        print(f"cold build {rep + 1}: {len(p.actions)} actions ({installs} installs), Bazel's sandbox set-up and "
              f"clean-up {p.sandbox_s:.2f} s in {p.sandbox_spans} spans ({p.sandbox_s / max(1, installs) * 1000:.0f} ms "
              "per install action)")
    return {
        "cold build no slower than uv": results["bazel cold"].wall_s <= uv,
        "cold build <= 1.5x uv": results["bazel cold"].wall_s <= 1.5 * uv,
        "install actions' CPU <= uv's CPU": bool(cold.installs_cpu_s) and (cold.installs_cpu_s or 0) <= uv_cpu,
        "biggest wheel's action <= 0.6x its serial time": bool(serial and parallel and parallel <= 0.6 * serial),
        "no-op rebuild < 1 s": results["bazel no-op"].wall_s < 1.0,
        "one-pin bump < 5 s": results["bazel one-pin bump"].wall_s < 5.0,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True, help="holds tools-venv/, pip/ and wheels/")
    parser.add_argument("--short", action="store_true", help=f"{SHORT_COUNT + 1} wheels, one repetition")
    parser.add_argument("--reps", type=int, help="repetitions of the cold installs (default 3, 1 with --short)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--image-only", action="store_true", help="only the image scenarios and podman build + uv")
    parser.add_argument("--bazel-flag", action="append", default=[],
                        help="a flag for every Bazel build, e.g. --@rules_pyinstall//rules:install_jobs=1")
    return parser


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    repo, cache = args.repo.resolve(), args.cache.resolve()
    reps = args.reps or (1 if args.short else 3)
    here = Path(__file__).resolve().parent
    lock = here / "requirements.lock"
    if args.short:  # only these are downloaded on a machine that has none yet
        cache.mkdir(parents=True, exist_ok=True)
        lock = short_lock(lock, cache / "short.lock")
    pins = locked_wheels(cache, lock)
    bump = locked_wheels(cache, here / "bump.lock")[0]
    size_mib = sum(p.path.stat().st_size for p in pins) / 2**20
    print(f"bench: {len(pins)} wheels ({size_mib:.0f} MiB), {reps} repetition(s), on {machine()}, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)

    work = Path(tempfile.mkdtemp(prefix="pyinstall-bench.", dir="/tmp"))
    log = work / "bench.log"
    samples: list[Sample] = []
    pycs: dict[str, int] = {}
    biggest = max(pins, key=lambda p: p.path.stat().st_size)
    cold_profiles: list[profile.Profile] = []
    alone: dict[str, float | None] = {}
    try:
        module = work / "module"
        write_module(module, repo, pins)
        local = [module / "wheels" / p.path.name for p in pins]
        for pin, dest in zip(pins + [bump], local + [module / "wheels" / bump.path.name]):
            shutil.copy(pin.path, dest)
        pip_wheel = next((cache / "pip").glob("pip-*.whl"))
        shutil.copy(pip_wheel, work / pip_wheel.name)
        shutil.copy(cache / "tools-venv" / "bin" / "uv", work / "uv")
        user = pwd.getpwuid(os.getuid()).pw_name
        repository_cache = Path.home() / ".cache" / "bazel" / f"_bazel_{user}" / "cache" / "repos" / "v1"
        flags = ["--disk_cache=", "--remote_cache=", f"--repository_cache={repository_cache}",
                 "--color=no", "--curses=no", *args.bazel_flag]
        if repo.is_relative_to("/tmp"):
            # Bazel's sandbox gives actions a private /tmp, which hides the sources of a
            # local_path_override repository there: mount the ruleset's checkout back in.
            flags.append(f"--sandbox_add_mount_pair={repo}")

        if not args.image_only:  # the tree scenarios, against pip and uv
            for rep in range(reps):
                target = work / f"pip-{rep}"
                samples.append(Sample("pip", *run_timed(sid(
                    [PYTHON, str(work / pip_wheel.name / "pip"), "install", "--no-deps", "--no-index", "--no-cache-dir",
                     "--disable-pip-version-check", "--no-warn-script-location", "--target", str(target),
                     *map(str, local)], work), log)))
                pycs["pip"] = count_pyc(target)
                target = work / f"uv-{rep}"
                samples.append(Sample("uv", *run_timed(sid(
                    [str(work / "uv"), "pip", "install", "--no-config", "--no-deps", "--no-index", "--compile-bytecode",
                     "--link-mode=copy", "--cache-dir", str(work / f"uv-cache-{rep}"), "--python", PYTHON,
                     "--target", str(target), *map(str, local)], work), log)))
                pycs["uv"] = count_pyc(target)
                shutil.rmtree(target, ignore_errors=True)
                shutil.rmtree(work / f"pip-{rep}", ignore_errors=True)
                bazel = Bazel(repo, module, work / f"ob-cold-{rep}", flags, log)
                samples.append(bazel.build("bazel cold", [f"--profile={work}/cold-{rep}.profile.gz"]))
                cold_profiles.append(profile.read(work / f"cold-{rep}.profile.gz"))
                pycs["bazel"] = count_pyc(module / "bazel-bin")
                if rep < reps - 1:
                    bazel.shutdown()
                    shutil.rmtree(bazel.output_base, ignore_errors=True)
                print(f"bench: repetition {rep + 1}: " + ", ".join(
                    f"{s.scenario} {s.wall_s:.1f} s" for s in samples[-3:]) +
                    f" (load average {os.getloadavg()[0]:.1f})", flush=True)

            for _ in range(3):
                samples.append(bazel.build("bazel no-op"))
            original = next(p for p in pins if p.name == BUMP)
            for pin in [bump, original, bump]:  # each build changes one pin
                write_build(module, [pin if p.name == BUMP else p for p in pins])
                samples.append(bazel.build("bazel one-pin bump"))
            write_build(module, pins)
            # The biggest wheel's action alone on the warm server, after a clean: serially (1 job),
            # then with 2 processes.
            for jobs, extra in (("1 job", ["--@rules_pyinstall//rules:install_jobs=1"]),
                                ("2 jobs", ["--@rules_pyinstall//rules:install_jobs=2"])):
                bazel.clean()
                trace = work / f"alone-{len(alone)}.profile.gz"
                samples.append(bazel.build(f"bazel {biggest.name} alone, {jobs}", [*extra, f"--profile={trace}"],
                                           [f"//:{biggest.name}"]))
                alone[jobs] = profile.install_time(profile.read(trace), biggest.name)
            bazel.shutdown()
            shutil.rmtree(bazel.output_base, ignore_errors=True)

            disk_cache = work / "disk-cache"
            warm = Bazel(repo, module, work / "ob-warm", [*flags, f"--disk_cache={disk_cache}"], log)
            samples.append(warm.build("bazel cold, filling a disk cache"))
            warm.shutdown()
            cached = Bazel(repo, module, work / "ob-cached", [*flags, f"--disk_cache={disk_cache}"], log)
            samples.append(cached.build("bazel from a warm disk cache"))
            cached.shutdown()

        image_samples, facts = image.run(work, repo, pins, bump, flags, log, work / "uv", reps)
        samples += image_samples
    finally:
        if args.keep:
            print(f"bench: kept {work}")
        else:
            subprocess.run(["chmod", "-R", "u+w", str(work)], check=False)
            shutil.rmtree(work, ignore_errors=True)

    scenarios = list(dict.fromkeys(s.scenario for s in samples))
    results = {s: median(samples, s) for s in scenarios}
    pip = results["pip"].wall_s if "pip" in results else None
    uv = results["uv"].wall_s if "uv" in results else None
    print(f"\n| scenario ({len(pins)} wheels) | wall s | CPU s | of which child processes | of which installs "
          "| peak RSS MiB | / pip | / uv |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for s in results.values():
        actions = "" if s.actions_cpu_s is None else f"{s.actions_cpu_s:.1f}"
        installs = "" if not s.installs_cpu_s else f"{s.installs_cpu_s:.1f}"
        ratios = " | ".join("" if anchor is None else f"{s.wall_s / anchor:.2f}" for anchor in (pip, uv))
        print(f"| {s.scenario} | {s.wall_s:.2f} | {s.cpu_s:.1f} | {actions} | {installs} | {s.peak_rss_mib:.0f} "
              f"| {ratios} |")
    print(f"\n.pyc files written: {pycs}")
    for fact, value in facts.items():
        print(f"bench: {fact}: {value}")
    verdicts = _tree_verdicts(results, biggest, cold_profiles, alone) if uv is not None else {}
    verdicts.update({
        "image: one-pin bump <= 3 s": results["image: bazel one-pin bump"].wall_s <= 3.0,
        "image: no-op <= 1 s": results["image: bazel no-op"].wall_s <= 1.0,
        "image: a second app runs no install or layer action of a shared wheel":
            facts["second app: install and wheel layer actions run"] == 0,
    })
    if "podman build + uv" in results:
        podman = results["podman build + uv"].wall_s
        print(f"bench: image: cold bazel / podman build + uv = {results['image: bazel cold'].wall_s / podman:.2f}")
        # Each repetition's podman build ran right after its cold image build: their ratios too.
        pairs = zip([x for x in samples if x.scenario == "image: bazel cold"],
                    [x for x in samples if x.scenario == "podman build + uv"])
        print("bench: image: the same, per repetition: " + ", ".join(f"{b.wall_s / p.wall_s:.2f}" for b, p in pairs))
        plain = results["image: bazel cold, uncompressed layers"].wall_s
        print(f"bench: image: cold bazel with uncompressed layers (as podman stores them) / podman build + uv = "
              f"{plain / podman:.2f}")
        unsandboxed = results["image: bazel cold, workers unsandboxed (Bazel's default)"].wall_s
        print(f"bench: image: cold bazel with workers unsandboxed / podman build + uv = {unsandboxed / podman:.2f}")
        verdicts["image: cold build <= 0.7 x podman build + uv"] = results["image: bazel cold"].wall_s <= 0.7 * podman
    for goal, met in verdicts.items():
        print(f"bench: target {'met' if met else 'MISSED'}: {goal}")
    if args.json:
        report = {
            "machine": machine(),
            "load_average_at_end": os.getloadavg(),
            "wheels": len(pins),
            "reps": reps,
            "pyc": pycs,
            "biggest_wheel": {"file": biggest.path.name, "alone_s": alone,
                              "in_cold_builds_s": [profile.install_time(p, biggest.name) for p in cold_profiles]},
            "sandbox_s": [p.sandbox_s for p in cold_profiles],
            "samples": [asdict(s) for s in samples],
            "medians": {k: asdict(v) for k, v in results.items()},
            "facts": facts,
        }
        args.json.write_text(json.dumps(report, indent=2))
    # Times are reported, never asserted; this is a property of the build, so it fails the run.
    if facts["second app: install and wheel layer actions run"] != 0:
        print("bench: error: building a second app ran install or layer actions of wheels the first had built")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
