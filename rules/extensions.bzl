"""Module extensions of rules_pyinstall.

```starlark
# Hubs of installed wheels from a lockfile: @pypi//requests, @pypi//black:bin, ...
pyinstall = use_extension("@rules_pyinstall//rules:extensions.bzl", "pyinstall")
pyinstall.lock(name = "pypi", src = "//:requirements.txt", python_version = "3.13")
use_repo(pyinstall, "pypi")

# Interpreters: CPython from pinned Debian packages (locks written by tools/debian_lock.py),
# the same one for install actions, py_binary/py_test and the image's base layer.
python = use_extension("@rules_pyinstall//rules:extensions.bzl", "python")
python.debian(
    name = "debian_python",
    locks = ["//runtime:python3.13-trixie-amd64.lock.json"],
    python_version = "3.13",
)
use_repo(python, "debian_python")
register_toolchains("@debian_python//:all")

# A C/C++ compiler for sdist builds: GCC and the runtime's CPython headers from pinned Debian
# packages (locks written by `tools/debian_lock.py --roots gcc14`).
python.debian_cc(
    name = "debian_cc",
    locks = ["//runtime:gcc14-trixie-amd64.lock.json"],
    python_version = "3.13",
)
use_repo(python, "debian_cc")
register_toolchains("@debian_cc//:all")

# Or an interpreter installed on the machine.
python.system(name = "system_python", version = "3.13")
use_repo(python, "system_python")
register_toolchains("@system_python//:all")
```
"""

load("//rules/private/lock:lock_extension.bzl", _pyinstall = "pyinstall")
load("//rules/private/runtime:python_extension.bzl", _python = "python")

pyinstall = _pyinstall
python = _python
