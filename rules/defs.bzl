"""Public API of rules_pyinstall: rules and providers.

```starlark
load("@rules_pyinstall//rules:defs.bzl", "wheel_install")
```
"""

load("//rules/private:console_scripts.bzl", _console_scripts = "console_scripts")
load("//rules/private:interpreter.bzl", _pyinstall_interpreter = "pyinstall_interpreter")
load("//rules/private:lock_update.bzl", _requirements_lock = "requirements_lock")
load("//rules/private:providers.bzl", _PyInterpreterInfo = "PyInterpreterInfo", _WheelTreeInfo = "WheelTreeInfo")
load("//rules/private:wheel_group.bzl", _wheel_group = "wheel_group")
load("//rules/private:wheel_install.bzl", _wheel_install = "wheel_install")

PyInterpreterInfo = _PyInterpreterInfo
WheelTreeInfo = _WheelTreeInfo
pyinstall_interpreter = _pyinstall_interpreter
wheel_install = _wheel_install

# --- issue 3: a package with its dependency closure (what `@pypi//<name>` targets are), and
# the targets that keep a requirements lock in step with its .in ---

console_scripts = _console_scripts
requirements_lock = _requirements_lock
wheel_group = _wheel_group
