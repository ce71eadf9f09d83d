"""`requirements_lock`: keeps a hashed requirements lock in step with its `.in` file."""

load("@rules_python//python:defs.bzl", "py_binary", "py_test")

def requirements_lock(name, src = "requirements.in", lock = "requirements.txt", **kwargs):
    """Targets to recompile a lock and to test that it is not stale.

    `bazel run :<name>.update` runs pip-compile (pip-tools, fetched by hash through
    rules_pyinstall) on `src` with `--generate-hashes` and rewrites `lock`; extra arguments go to
    pip-compile (`-- --upgrade-package requests`). `bazel test :<name>_test` fails, offline, when
    `lock` is stale: a requirement of `src` has no pin or a refused one, a direct pin is no
    longer in `src`, or `lock` was not compiled from `src`.

    ```starlark
    load("@rules_pyinstall//rules:defs.bzl", "requirements_lock")

    requirements_lock(name = "requirements")  # :requirements.update, :requirements_test
    ```

    Args:
      name: prefix of the targets.
      src: the requirements.in file (in this package).
      lock: the lock file (in this package).
      **kwargs: `tags`, `visibility`, `testonly`... for both targets.
    """
    package = native.package_name()
    workspace_path = lambda f: (package + "/" + f) if package else f
    command = "bazel run //%s:%s.update" % (package, name)
    py_binary(
        name = name + ".update",
        srcs = [Label("//python/pyinstall/lock:lock_update.py")],
        main = Label("//python/pyinstall/lock:lock_update.py"),
        args = ["--in", workspace_path(src), "--lock", workspace_path(lock), "--command", "'%s'" % command],
        deps = [Label("@pyinstall_pip_tools//pip-tools")],
        **kwargs
    )
    py_test(
        name = name + "_test",
        size = "small",
        srcs = [Label("//python/pyinstall/lock:lock_check.py")],
        main = Label("//python/pyinstall/lock:lock_check.py"),
        args = ["--in", "$(rootpath %s)" % src, "--lock", "$(rootpath %s)" % lock, "--update-command", "'%s'" % command],
        data = [src, lock],
        deps = [Label("//python/pyinstall/lock")],
        **kwargs
    )
