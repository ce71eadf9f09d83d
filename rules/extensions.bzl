"""Module extensions of rules_pyinstall.

```starlark
python = use_extension("@rules_pyinstall//rules:extensions.bzl", "python")
python.system(name = "system_python", version = "3.13")
use_repo(python, "system_python")
register_toolchains("@system_python//:all")
```
"""

load("//rules/private:lock_extension.bzl", _pyinstall = "pyinstall")
load("//rules/private:python_extension.bzl", _python = "python")

python = _python

# --- issue 3: hubs of installed wheels from lockfiles (`pyinstall.lock`) ---

pyinstall = _pyinstall
