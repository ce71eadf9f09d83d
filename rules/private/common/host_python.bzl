"""Running a `pyinstall` helper at fetch time with the machine's Python (>= 3.11, for tomllib)."""

def host_python(ctx):
    """The machine's Python >= 3.11 on PATH, or None.

    Args:
      ctx: a repository_ctx or module_ctx.

    Returns:
      Its path, or None.
    """
    for name in ["python3", "python3.13", "python3.12", "python3.11"]:
        path = ctx.which(name)
        if not path:
            continue
        result = ctx.execute([path, "-S", "-c", "import sys; print(sys.version_info >= (3, 11))"])
        if result.return_code == 0 and result.stdout.strip() == "True":
            return path
    return None

def _python(ctx):
    path = host_python(ctx)
    if path:
        return path
    fail("rules_pyinstall: error: reading a lock needs a Python >= 3.11 on PATH (python3 or " +
         "python3.11..3.13) to run its helpers at fetch time; install one (Debian: apt-get install python3)")

def execute_helper(ctx, python, module, args, packages):
    """Runs `python -m <module> <args>` with the helpers of `packages` on its path.

    Args:
      ctx: a repository_ctx or module_ctx.
      python: the interpreter, from host_python().
      module: the module, e.g. "pyinstall.runtime.unpack".
      args: its arguments (strings or paths).
      packages: the pyinstall packages it imports, e.g. ["common", "runtime"].

    Returns:
      The exec_result.
    """

    # Resolving each source makes Bazel refetch when one changes (a new module too: the
    # directory is listed anew at every fetch).
    init = ctx.path(Label("//python/pyinstall:__init__.py"))
    for package in packages:
        directory = ctx.path(Label("//python/pyinstall/%s:BUILD.bazel" % package)).dirname
        for source in directory.readdir():
            if source.basename.endswith(".py"):
                ctx.path(Label("//python/pyinstall/%s:%s" % (package, source.basename)))
    path = [str(init.dirname.dirname)]
    if "lock" in packages:  # the only stage that parses versions and markers at fetch time
        path.append(str(ctx.path(Label("@pyinstall_packaging//:BUILD.bazel")).dirname))
    return ctx.execute(
        [python, "-B", "-s", "-m", module] + args,
        environment = {
            "PYTHONPATH": ":".join(path),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
            "PYTHONUTF8": "1",
        },
        quiet = True,
    )

def run_helper(ctx, module, args, what):
    """Runs `python3 -m pyinstall.lock.<module> <args>`; fails with the helper's message.

    Args:
      ctx: a repository_ctx or module_ctx.
      module: the helper module, e.g. "hub".
      args: its arguments (strings or paths).
      what: what is being done, for errors.

    Returns:
      The helper's one-line summary.
    """
    result = execute_helper(ctx, _python(ctx), "pyinstall.lock." + module, args, ["common", "lock"])
    if result.return_code != 0:
        message = result.stderr.strip() or result.stdout.strip()
        if not message.startswith("rules_pyinstall: error:"):
            message = "rules_pyinstall: error: %s failed:\n%s" % (what, message)
        fail(message)
    return result.stdout.strip()
