"""Public API of rules_pyinstall: rules and providers.

```starlark
load("@rules_pyinstall//rules:defs.bzl", "wheel_install")
```
"""

load("//rules/private:debian_rootfs.bzl", _DebianRootfsInfo = "DebianRootfsInfo", _debian_rootfs = "debian_rootfs")  # issue 4
load("//rules/private:interpreter.bzl", _pyinstall_interpreter = "pyinstall_interpreter")
load("//rules/private:providers.bzl", _PyInterpreterInfo = "PyInterpreterInfo", _WheelTreeInfo = "WheelTreeInfo")
load("//rules/private:wheel_install.bzl", _wheel_install = "wheel_install")

PyInterpreterInfo = _PyInterpreterInfo
WheelTreeInfo = _WheelTreeInfo
pyinstall_interpreter = _pyinstall_interpreter
wheel_install = _wheel_install

# Issue 4: the base layer of a Python runtime from locked Debian packages.
DebianRootfsInfo = _DebianRootfsInfo
debian_rootfs = _debian_rootfs
