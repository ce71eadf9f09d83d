"""Module extensions of rules_pyinstall.

```starlark
python = use_extension("@rules_pyinstall//rules:extensions.bzl", "python")
python.system(name = "system_python", version = "3.13")
use_repo(python, "system_python")
register_toolchains("@system_python//:all")
```

CPython from pinned Debian packages (issue 4; locks written by tools/debian_lock.py):

```starlark
python.debian(
    name = "debian_python",
    locks = ["//runtime:python3.13-trixie-amd64.lock.json"],
    python_version = "3.13",
)
use_repo(python, "debian_python")
register_toolchains("@debian_python//:all")
```
"""

load("//rules/private:python_extension.bzl", _python = "python")

python = _python
