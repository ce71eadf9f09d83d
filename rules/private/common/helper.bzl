"""Running a `python/pyinstall` helper as a build action, the same way for every rule."""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("@rules_python//python:defs.bzl", "PyInfo")

INTERPRETER_TOOLCHAIN = Label("//rules:interpreter_toolchain_type")

# The stages whose rules run helpers that write gzip layers (an image rule's own, and
# `install.layer`), with libdeflate's C extension (a directory on the helper's PYTHONPATH: an
# extension module cannot load from the precompiled zip).
_NATIVE = {
    "image": Label("//python/third_party:deflate_files"),
    "runtime": Label("//python/third_party:deflate_files"),
}

def helper_attrs(stage, also = []):
    """The private attributes a rule needs to run the helpers of pipeline stages.

    Args:
      stage: the sub-package of `python/pyinstall` whose helpers the rule runs: "install",
        "image" or "runtime".
      also: other stages whose helpers the rule runs too (e.g. an image rule that installs
        wheels straight into layers: ["install"]).

    Returns:
      A dict of attributes to merge into the rule's.
    """
    attrs = {
        "_helper": attr.label(
            default = Label("//python/pyinstall/" + stage),
            cfg = "exec",
            providers = [PyInfo],
        ),
    }
    for other in also:
        attrs["_helper_" + other] = attr.label(
            default = Label("//python/pyinstall/" + other),
            cfg = "exec",
            providers = [PyInfo],
        )
    if stage in _NATIVE:
        attrs["_helper_native"] = attr.label(default = _NATIVE[stage], cfg = "exec")
    return attrs

def helper_env(pythonpath):
    """The fixed environment of every action that runs a helper: nothing from the machine.

    Args:
      pythonpath: execroot-relative directories to import from, in order.

    Returns:
      The env dict: C.UTF-8 and UTC, hash seed 0, no user site, no cwd on sys.path, no
      bytecode written for the helper itself.
    """
    return {
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "PYTHONNOUSERSITE": "1",
        "PYTHONPATH": ":".join(pythonpath),
        "PYTHONSAFEPATH": "1",
        "PYTHONUTF8": "1",
        "TZ": "UTC",
    }

def execroot_path(ctx, runfiles_path):
    # PyInfo.imports are runfiles paths, "<repository>/<directory>"; actions need the same
    # directory relative to the execroot.
    repository, _, directory = runfiles_path.partition("/")
    if repository == ctx.workspace_name:
        return directory or "."
    return "external/" + runfiles_path

def interpreter(ctx):
    """The PyInterpreterInfo of the resolved interpreter toolchain."""
    return ctx.toolchains[INTERPRETER_TOOLCHAIN].pyinstall_interpreter

# Bazel's local scheduler reserves this many cores for an action that compiles with that
# many processes; a callback must be a top-level function, hence one per count.
def _cores_1(_os, _inputs):
    return {"cpu": 1}

def _cores_2(_os, _inputs):
    return {"cpu": 2}

def _cores_3(_os, _inputs):
    return {"cpu": 3}

def _cores_4(_os, _inputs):
    return {"cpu": 4}

def _cores_6(_os, _inputs):
    return {"cpu": 6}

def _cores_8(_os, _inputs):
    return {"cpu": 8}

CORES = {1: _cores_1, 2: _cores_2, 3: _cores_3, 4: _cores_4, 6: _cores_6, 8: _cores_8}

def install_jobs(ctx):
    """How an install runs: the helper's `--jobs` and the cores the action reserves.

    `//rules:install_jobs` at 0 (the default) reserves one core and lets the helper use as
    many processes as the machine has, up to 4 (see `pyinstall.install.options.processes`);
    N reserves N cores (rounded down to one of CORES' keys) and uses that many processes.

    Args:
      ctx: a rule or aspect context with the `_install_jobs` attribute.

    Returns:
      (the `--jobs` value, the cores to reserve).
    """
    wanted = ctx.attr._install_jobs[BuildSettingInfo].value
    if wanted <= 0:
        return 0, 1
    cores = max([n for n in CORES if n <= wanted] or [1])
    return cores, cores

# A helper that runs as a persistent worker (pyinstall.common.worker) where Bazel allows it:
# it pays for starting Python and importing its libraries once, not once per wheel.
_WORKER = {
    "requires-worker-protocol": "json",
    "supports-workers": "1",
}

def run_helper(ctx, module, args, inputs, outputs, mnemonic, progress_message, cores = 1, worker = False):
    """Runs `python -m pyinstall.<module> @params` in a fixed environment.

    The action's inputs are `inputs`, the interpreter and the helper: the toolchain's
    precompiled zip of the module's stage (one file), or else that stage's sources
    (with what it imports: `common`, third-party libraries), and the stage's C extensions.

    Args:
      ctx: the rule context (with `helper_attrs(...)` of the module's stage and the
        interpreter toolchain).
      module: the helper module under `pyinstall`, e.g. "image.layers"; its first part is
        its stage.
      args: an Args object of the helper's flags (written to a param file).
      inputs: depset or list of the files the helper reads.
      outputs: the files and directories it writes.
      mnemonic: the action's mnemonic.
      progress_message: the action's progress message.
      cores: how many cores the action uses (one of CORES' keys), reserved from Bazel's
        local scheduler so that concurrent actions do not oversubscribe the machine.
      worker: the helper may run as a persistent worker (its module calls `worker.run`);
        each request still runs in a fresh fork, so its outputs are those of a new process.
    """
    python = interpreter(ctx)
    stage = module.split(".")[0]
    helper_target = ctx.attr._helper if ctx.attr._helper.label.name == stage else getattr(ctx.attr, "_helper_" + stage)
    helper_zip = (getattr(python, "helpers", None) or {}).get(stage)
    if helper_zip:
        helper_files = depset([helper_zip])
        pythonpath = [helper_zip.path]
        if python.stdlib_zip:
            pythonpath.append(python.stdlib_zip.path)
        interpreter_files = python.helper_files
    else:
        interpreter_files = python.files
        helper = helper_target[PyInfo]
        helper_files = helper.transitive_sources
        pythonpath = [execroot_path(ctx, path) for path in helper.imports.to_list()]
    native = getattr(ctx.files, "_helper_native", [])
    for root in sorted({f.owner.workspace_root: None for f in native}):
        pythonpath.append(root)
    args.use_param_file("@%s", use_always = True)
    args.set_param_file_format("multiline")
    requirements = dict(_WORKER) if worker else {}
    if python.interpreter_path:
        # An interpreter named by its path on the client cannot be sent to a remote worker,
        # whatever exec platform was chosen: with remote execution, such an action stays local.
        requirements["no-remote-exec"] = "1"
    ctx.actions.run(
        executable = python.interpreter or python.interpreter_path,
        arguments = ["-S", "-s", "-B", "-m", "pyinstall." + module, args],
        inputs = inputs if type(inputs) == "list" else depset(transitive = [inputs]),
        # As tools, the helper and the interpreter are part of a persistent worker's key: a
        # changed helper starts new workers instead of reaching ones running the old code.
        tools = depset(native, transitive = [helper_files, interpreter_files]),
        outputs = outputs,
        env = helper_env(pythonpath),
        mnemonic = mnemonic,
        progress_message = progress_message,
        resource_set = CORES[cores] if cores > 1 else None,
        toolchain = INTERPRETER_TOOLCHAIN,
        execution_requirements = requirements or None,
    )
