"""Running a `python/pyinstall` helper module as a build action (shared by the image rules)."""

INTERPRETER_TOOLCHAIN = Label("//rules:interpreter_toolchain_type")

# Private attributes every rule that runs a helper needs.
HELPER_ATTRS = {
    "_helper": attr.label(
        default = Label("//python/pyinstall:image_srcs"),
        cfg = "exec",
    ),
    "_helper_main": attr.label(
        default = Label("//python/pyinstall:image.py"),
        allow_single_file = True,
        cfg = "exec",
    ),
}

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

def interpreter(ctx):
    """The PyInterpreterInfo of the resolved interpreter toolchain."""
    return ctx.toolchains[INTERPRETER_TOOLCHAIN].pyinstall_interpreter

def run_helper(ctx, module, args, inputs, outputs, mnemonic, progress_message):
    """Runs `python -m pyinstall.<module> @params` in a fixed environment.

    Args:
      ctx: the rule context (with HELPER_ATTRS and the interpreter toolchain).
      module: the helper module's name, e.g. "layers".
      args: an Args object of the helper's flags (written to a param file).
      inputs: depset or list of the files the helper reads.
      outputs: the files and directories it writes.
      mnemonic: the action's mnemonic.
      progress_message: the action's progress message.
    """
    python = interpreter(ctx)
    args.use_param_file("@%s", use_always = True)
    args.set_param_file_format("multiline")
    ctx.actions.run(
        executable = python.interpreter or python.interpreter_path,
        arguments = ["-S", "-s", "-B", "-m", "pyinstall." + module, args],
        inputs = depset(
            inputs if type(inputs) == "list" else [],
            transitive = [ctx.attr._helper[DefaultInfo].files, python.files] +
                         ([inputs] if type(inputs) != "list" else []),
        ),
        outputs = outputs,
        env = helper_env([ctx.file._helper_main.dirname.rsplit("/", 1)[0]]),
        mnemonic = mnemonic,
        progress_message = progress_message,
        toolchain = INTERPRETER_TOOLCHAIN,
    )
