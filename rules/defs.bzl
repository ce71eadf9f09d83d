"""Public API of rules_pyinstall: rules and providers.

```starlark
load("@rules_pyinstall//rules:defs.bzl", "wheel_install")
```
"""

load("//rules/private:debian_rootfs.bzl", _DebianRootfsInfo = "DebianRootfsInfo", _debian_rootfs = "debian_rootfs")  # issue 4
load("//rules/private:image.bzl", _PyImageInfo = "PyImageInfo", _py_image = "py_image")  # issue 5
load("//rules/private:image_index.bzl", _py_image_index = "py_image_index")  # issue 5
load("//rules/private:interpreter.bzl", _pyinstall_interpreter = "pyinstall_interpreter")
load("//rules/private:layers.bzl", _PyImageLayersInfo = "PyImageLayersInfo", _py_image_layers = "py_image_layers")  # issue 5
load("//rules/private:load.bzl", _py_image_load = "py_image_load")  # issue 5
load("//rules/private:providers.bzl", _PyInterpreterInfo = "PyInterpreterInfo", _WheelTreeInfo = "WheelTreeInfo")
load("//rules/private:wheel_install.bzl", _wheel_install = "wheel_install")

PyInterpreterInfo = _PyInterpreterInfo
WheelTreeInfo = _WheelTreeInfo
pyinstall_interpreter = _pyinstall_interpreter
wheel_install = _wheel_install

# Issue 4: the base layer of a Python runtime from locked Debian packages.
DebianRootfsInfo = _DebianRootfsInfo
debian_rootfs = _debian_rootfs

# --- issue 5: image layers, OCI images, loading them. ---
PyImageInfo = _PyImageInfo
PyImageLayersInfo = _PyImageLayersInfo
py_image = _py_image
py_image_index = _py_image_index
py_image_layers = _py_image_layers
py_image_load = _py_image_load
# --- end issue 5 ---
