"""`system_python`: a repository wrapping an interpreter installed on the machine.

It registers the interpreter both for the install actions (`interpreter_toolchain_type`) and
for `py_binary`/`py_test` (`@bazel_tools//tools/python:toolchain_type`), so that the `.pyc`
files an install compiles are those the tests load.
"""

load(":python_versions.bzl", "python_version_settings")

_BUILD = """\
load("@bazel_skylib//lib:selects.bzl", "selects")
load("@rules_pyinstall//rules:defs.bzl", "pyinstall_interpreter")
load("@rules_python//python:defs.bzl", "py_runtime", "py_runtime_pair")

package(default_visibility = ["//visibility:public"])

{python_version}
pyinstall_interpreter(
    name = "interpreter",
    interpreter_path = "{path}",
    python_version = "{version}",
)

# The path above is the client's: never on a remote worker (@rules_pyinstall//platforms:local).
toolchain(
    name = "interpreter_toolchain",
    exec_compatible_with = {exec_constraints},
    target_settings = [":python_version"],
    toolchain = ":interpreter",
    toolchain_type = "@rules_pyinstall//rules:interpreter_toolchain_type",
)

py_runtime(
    name = "runtime",
    interpreter_path = "{path}",
    python_version = "PY3",
)

py_runtime_pair(
    name = "runtime_pair",
    py3_runtime = ":runtime",
)

toolchain(
    name = "py_toolchain",
    exec_compatible_with = {exec_constraints},
    target_compatible_with = {constraints},
    target_settings = [":python_version"],
    toolchain = ":runtime_pair",
    toolchain_type = "@bazel_tools//tools/python:toolchain_type",
)
"""

_CPUS = {"aarch64": "aarch64", "amd64": "x86_64", "arm64": "aarch64", "x86_64": "x86_64"}

def _system_python_impl(rctx):
    name = "python" + rctx.attr.version
    path = rctx.which(name)
    if not path:
        fail(("rules_pyinstall: no `%s` on PATH for the system Python toolchain %r. Install " +
              "Python %s (Debian: apt-get install %s) or use the Debian runtime toolchain.") %
             (name, rctx.attr.name, rctx.attr.version, name))
    result = rctx.execute([path, "-S", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
    if result.return_code != 0 or result.stdout.strip() != rctx.attr.version:
        fail("rules_pyinstall: %s is not a working Python %s: %s%s" %
             (path, rctx.attr.version, result.stdout, result.stderr))
    cpu = _CPUS.get(rctx.os.arch)
    if not cpu or rctx.os.name != "linux":
        fail("rules_pyinstall: the system Python toolchain supports linux x86_64 and aarch64, not %s %s" %
             (rctx.os.name, rctx.os.arch))
    constraints = ["@platforms//os:linux", "@platforms//cpu:%s" % cpu]
    rctx.file("BUILD.bazel", _BUILD.format(
        python_version = python_version_settings(rctx.attr.version),
        path = str(path),
        version = rctx.attr.version,
        constraints = json.encode(constraints),
        exec_constraints = json.encode(constraints + ["@rules_pyinstall//platforms:local"]),
    ))

system_python = repository_rule(
    implementation = _system_python_impl,
    doc = "Wraps the machine's `python<version>` as interpreter and Python toolchains.",
    attrs = {
        "version": attr.string(doc = "major.minor, e.g. \"3.13\".", mandatory = True),
    },
    environ = ["PATH"],
    local = True,
)
