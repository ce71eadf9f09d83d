"""The main job, timed: the benchmark lock's wheels as an app image, against `podman build` + uv.

Called by bench.py after the tree scenarios. One module holds a `py_binary` over every locked
wheel, its `py_image_layers` and a `py_image` on the Debian runtime's base layer (`image`), and
a second app over half of the wheels (`image_b`). Timed, each in the same run:
- `bazel build //:image`, cold (a new output base with no disk cache, whose repositories are
  fetched and whose base layer is built first, untimed, as podman's base image is imported
  first), a no-op, and a one-pin bump (one wheel swapped for another version);
- `bazel build //:image_b` after it: its wheels' install and layer actions must all be cache
  hits of the first image's (counted from the execution log);
- `podman build --network=none` of a Dockerfile FROM the same base layer, installing the same
  wheel files with `uv pip install --compile-bytecode` into /opt/venv.
The built image is loaded into podman and must import numpy, pandas and scipy read-only, from
unchecked-hash `.pyc` files (examples/app/pyc_check.py's check).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tools.benchmark.locks import BUMP, Pin
from tools.benchmark.measure import Bazel, Sample, run_timed
from tools.remote_cache.count_hits import is_hit, spawns

# As tests/image/e2e.sh runs podman here: runc, cgroupfs, and limits a container may set.
PODMAN = ["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs", "--events-backend=file"]
_LIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]

_MODULE = """module(name = "pyinstall_benchmark_image")

bazel_dep(name = "rules_pyinstall", version = "0.1.0")
local_path_override(module_name = "rules_pyinstall", path = "{repo}")
bazel_dep(name = "rules_python", version = "0.22.1")

python = use_extension("@rules_pyinstall//rules:extensions.bzl", "python")
python.debian(
    name = "bench_python",
    locks = ["@rules_pyinstall//runtime:python3.13-trixie-amd64.lock.json"],
    python_version = "3.13",
)
use_repo(python, "bench_python")
register_toolchains("@bench_python//:all")
"""

_CHECK = '''"""Imports the app's packages; fails unless every module came from an unchecked-hash .pyc."""
import importlib
import sys

import pyc_check

for name in {imports!r}:
    importlib.import_module(name)
checked, wrong = pyc_check.problems(["/opt/venv"])
print(f"imported {imports}: {{checked}} modules checked, {{len(wrong)}} problems", *wrong[:5])
sys.exit(1 if wrong or not checked else 0)
'''

# What the image must import (those of them the lock has): the heavy three.
_IMPORTS = ("numpy", "pandas", "scipy", "scipy.linalg")


def _build_file(pins: list[Pin], wheel_names: dict[str, str]) -> str:
    lines = ['load("@rules_pyinstall//rules:defs.bzl", "py_image", "py_image_layers", "py_image_load", "wheel_install")',
             'load("@rules_python//python:defs.bzl", "py_binary")', ""]
    for pin in pins:
        lines.append(f'wheel_install(name = "{pin.name}", wheel = "wheels/{wheel_names[pin.name]}")')
    half = [p.name for p in pins][: len(pins) // 2]
    for app, names in (("", [p.name for p in pins]), ("_b", half)):
        deps = ", ".join(f'":{n}"' for n in names)
        lines += [
            f'py_binary(name = "app{app}", srcs = ["app.py", "pyc_check.py"], main = "app.py", deps = [{deps}])',
            f'py_image_layers(name = "layers{app}", binary = ":app{app}")',
            f'py_image(name = "image{app}", base = "@bench_python//:rootfs", layers = [":layers{app}"], '
            f'tag = "localhost/pyinstall-bench{app}:latest")',
        ]
    lines.append('py_image_load(name = "image.load", image = ":image")')
    return "\n".join(lines) + "\n"


def write_module(module: Path, repo: Path, pins: list[Pin], bump: Pin) -> None:
    (module / "wheels").mkdir(parents=True, exist_ok=True)
    for pin in pins + [bump]:
        shutil.copy(pin.path, module / "wheels" / pin.path.name)
    (module / "MODULE.bazel").write_text(_MODULE.format(repo=repo))
    shutil.copy(repo / ".bazelrc", module / ".bazelrc")
    shutil.copy(repo / "examples" / "app" / "pyc_check.py", module / "pyc_check.py")
    names = {p.name for p in pins}
    (module / "app.py").write_text(_CHECK.format(imports=[i for i in _IMPORTS if i.split(".")[0] in names] or ["rich"]))
    set_pins(module, pins)


def set_pins(module: Path, pins: list[Pin]) -> None:
    (module / "BUILD.bazel").write_text(_build_file(pins, {p.name: p.path.name for p in pins}))


def _executed(mnemonics: set[str], log: Path) -> int:
    """How many spawns of these mnemonics ran (an action cache hit logs no spawn at all)."""
    return sum(1 for spawn in spawns(log.read_text()) if spawn.get("mnemonic") in mnemonics and not is_hit(spawn))


def podman_build(work: Path, module: Path, rootfs: Path, pins: list[Pin], uv: Path, log: Path, rep: int) -> Sample:
    context = work / "podman-context"
    if not (context / "Dockerfile").exists():
        context.mkdir(parents=True, exist_ok=True)
        subprocess.run([*PODMAN, "import", str(rootfs), "localhost/pyinstall-bench-base:latest"],
                       check=True, stdout=subprocess.DEVNULL)
        (context / "wheels").mkdir(exist_ok=True)
        for pin in pins:
            shutil.copy(pin.path, context / "wheels" / pin.path.name)
        shutil.copy(uv, context / "uv")
        # Exec-form RUN: the Debian runtime has no shell (two steps, as our venv is a layer too).
        mount = "--mount=type=bind,source=.,target=/ctx"
        venv = ["/ctx/uv", "venv", "--no-config", "/opt/venv", "--python", "/usr/bin/python3.13"]
        install = ["/ctx/uv", "pip", "install", "--no-config", "--no-cache", "--no-deps", "--no-index",
                   "--compile-bytecode", "--link-mode=copy", "--python", "/opt/venv/bin/python",
                   *(f"/ctx/wheels/{pin.path.name}" for pin in pins)]
        (context / "Dockerfile").write_text(
            "FROM localhost/pyinstall-bench-base:latest\n"
            f"RUN {mount} {json.dumps(venv)}\nRUN {mount} {json.dumps(install)}\n")
    command = [*PODMAN, "build", *_LIMITS, "--network=none", "--no-cache", "--timestamp", "0", "--format", "oci",
               "-t", f"localhost/pyinstall-bench-podman:{rep}", str(context)]
    return Sample("podman build + uv", *run_timed(command, log))


def check_image(module: Path, log: Path) -> str:
    """Loads the image into podman and runs the import check read-only with no network."""
    tarball = module / "bazel-bin" / "image.tar"
    run_timed([*PODMAN, "load", "--input", str(tarball)], log)
    result = subprocess.run([*PODMAN, "run", *_LIMITS, "--rm", "--read-only", "--network=none", "localhost/pyinstall-bench:latest"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench: error: the image failed its import check:\n{result.stdout}{result.stderr}")
    return result.stdout.strip()


def run(work: Path, repo: Path, pins: list[Pin], bump: Pin, flags: list[str], log: Path, uv: Path,
        reps: int) -> tuple[list[Sample], dict[str, object]]:
    """Every image scenario; returns the samples and the facts checked on the way."""
    module = work / "image-module"
    write_module(module, repo, pins, bump)
    samples: list[Sample] = []
    facts: dict[str, object] = {}
    for rep in range(reps):
        bazel = Bazel(repo, module, work / f"ob-image-{rep}", flags, log)
        # As podman's base image is imported before its build: repositories fetched (the base
        # layer's, and the C++ toolchain's autoconfiguration), base built.
        bazel.build("image: fetch and base layer", targets=["@bench_python//:rootfs"])
        bazel.fetch_configure()
        # A profile (Bazel writes one anyway), not an execution log: writing the JSON log of
        # every spawn's inputs is the benchmark's work, not the build's.
        samples.append(bazel.build("image: bazel cold", [f"--profile={work}/image-{rep}.profile.gz"], targets=["//:image"]))
        facts["digest"] = (module / "bazel-bin" / "image.digest").read_text()
        # Right after, not at the end: this machine's speed drifts over minutes (the same
        # compile took 6 s, then 10 s, in one session), and a ratio should compare like with like.
        if shutil.which("podman"):
            rootfs = next((module / "bazel-bin" / "external").glob("*bench_python/rootfs_amd64.tar.gz"))
            samples.append(podman_build(work, module, rootfs, pins, uv, log, rep))
        if rep < reps - 1:
            bazel.shutdown()
            shutil.rmtree(bazel.output_base, ignore_errors=True)
    # Once each: layers as podman keeps them in its local storage, uncompressed; and workers
    # unsandboxed, as Bazel runs them unless told otherwise (this repository's .bazelrc, copied
    # into the module, sandboxes them to prove the helpers read only their declared inputs).
    for scenario, flag in (("uncompressed layers", "--@rules_pyinstall//rules:gzip_level=0"),
                           ("workers unsandboxed (Bazel's default)", "--noworker_sandboxing")):
        variant = Bazel(repo, module, work / "ob-image-variant", [*flags, flag], log)
        variant.build("image: fetch and base layer", targets=["@bench_python//:rootfs"])
        variant.fetch_configure()
        samples.append(variant.build(f"image: bazel cold, {scenario}", targets=["//:image"]))
        variant.shutdown()
        subprocess.run(["chmod", "-R", "u+w", str(variant.output_base)], check=False)
        shutil.rmtree(variant.output_base, ignore_errors=True)
    for _ in range(3):
        samples.append(bazel.build("image: bazel no-op", targets=["//:image"]))
    original = next(p for p in pins if p.name == BUMP)
    for pin in [bump, original, bump]:
        set_pins(module, [pin if p.name == BUMP else p for p in pins])
        samples.append(bazel.build("image: bazel one-pin bump", targets=["//:image"]))
    set_pins(module, pins)
    samples.append(bazel.build("image: back to the lock", targets=["//:image"]))
    exec_log = work / "image-b.exec.json"
    samples.append(bazel.build("image: a second app sharing its wheels", [f"--execution_log_json_file={exec_log}"],
                               targets=["//:image_b"]))
    facts["second app: install and wheel layer actions run"] = _executed({"PyinstallWheel", "PyinstallWheelLayer"}, exec_log)
    if shutil.which("podman"):
        bazel.build("image: tarball for podman", ["--output_groups=tarball"], targets=["//:image"])
        facts["import check in podman"] = check_image(module, log)
    else:
        facts["podman"] = "not installed: no podman build to compare with"
    bazel.shutdown()
    return samples, facts
