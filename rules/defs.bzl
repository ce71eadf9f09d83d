"""Public API of rules_pyinstall: rules and providers.

```starlark
load("@rules_pyinstall//rules:defs.bzl", "py_image", "py_image_layers", "wheel_install")
```
"""

load("//rules/private/build:sdist_build.bzl", _sdist_build = "sdist_build")
load("//rules/private/common:providers.bzl", _BuiltWheelInfo = "BuiltWheelInfo", _DebianRootfsInfo = "DebianRootfsInfo", _PyInterpreterInfo = "PyInterpreterInfo", _WheelTreeInfo = "WheelTreeInfo")
load("//rules/private/image:image.bzl", _PyImageInfo = "PyImageInfo", _py_image = "py_image")
load("//rules/private/image:image_index.bzl", _py_image_index = "py_image_index")
load("//rules/private/image:layers.bzl", _PyImageLayersInfo = "PyImageLayersInfo", _py_image_layers = "py_image_layers")
load("//rules/private/image:load.bzl", _py_image_load = "py_image_load")
load("//rules/private/install:console_scripts.bzl", _console_scripts = "console_scripts")
load("//rules/private/install:editor_venv.bzl", _editor_venv = "editor_venv")
load("//rules/private/install:modules_mapping.bzl", _modules_mapping = "modules_mapping")
load("//rules/private/install:wheel_group.bzl", _wheel_group = "wheel_group")
load("//rules/private/install:wheel_install.bzl", _wheel_install = "wheel_install")
load("//rules/private/lock:lock_update.bzl", _requirements_lock = "requirements_lock")
load("//rules/private/runtime:debian_rootfs.bzl", _debian_rootfs = "debian_rootfs")
load("//rules/private/runtime:interpreter.bzl", _pyinstall_interpreter = "pyinstall_interpreter")
load(
    "//rules/private/runtime:python_version_rules.bzl",
    _python_version_binary = "python_version_binary",
    _python_version_files = "python_version_files",
    _python_version_test = "python_version_test",
)

# Building wheels from sdists.
BuiltWheelInfo = _BuiltWheelInfo
sdist_build = _sdist_build

# Installing wheels.
WheelTreeInfo = _WheelTreeInfo
wheel_install = _wheel_install
wheel_group = _wheel_group
console_scripts = _console_scripts
modules_mapping = _modules_mapping
editor_venv = _editor_venv

# Keeping a requirements lock in step with its .in file.
requirements_lock = _requirements_lock

# Interpreters and the Debian runtime.
PyInterpreterInfo = _PyInterpreterInfo
pyinstall_interpreter = _pyinstall_interpreter
DebianRootfsInfo = _DebianRootfsInfo
debian_rootfs = _debian_rootfs

# An app on a Python other than the default: one build can hold several.
python_version_binary = _python_version_binary
python_version_test = _python_version_test
python_version_files = _python_version_files

# Layers and images.
PyImageInfo = _PyImageInfo
PyImageLayersInfo = _PyImageLayersInfo
py_image = _py_image
py_image_index = _py_image_index
py_image_layers = _py_image_layers
py_image_load = _py_image_load
