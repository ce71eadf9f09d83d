"""The install helper exactly as its actions run it, for tests: interpreter, zips, environment.

Also loaded by e2e/two_pythons, which builds it for each of its Pythons (`python_version_files`):
the toolchain resolved under that version is the one described.
"""

# buildifier: disable=bzl-visibility
load("//rules/private/common:helper.bzl", "INTERPRETER_TOOLCHAIN", "helper_env", "interpreter")

# buildifier: disable=bzl-visibility
load("//rules/private/lock:target_platforms.bzl", "target_platform")

def _helper_runtime_impl(ctx):
    python = interpreter(ctx)
    helper_zip = python.helpers["install"]
    pythonpath = [helper_zip.short_path] + ([python.stdlib_zip.short_path] if python.stdlib_zip else [])

    # The level a hub of this Python targets by default: the wheels under test must fit it.
    platform, _ = target_platform("linux_x86_64", python_version = python.python_version)

    # Runfiles paths, relative to the test's runfiles directory of the main repository.
    description = ctx.actions.declare_file(ctx.label.name + ".json")
    ctx.actions.write(description, json.encode({
        "env": helper_env(pythonpath),
        "glibc": platform["glibc"],
        "interpreter": python.interpreter.short_path,
        "python_version": python.python_version,
    }))
    runfiles = ctx.runfiles(
        files = [description, helper_zip, python.interpreter],
        transitive_files = python.helper_files,
    )
    return [DefaultInfo(files = depset([description]), runfiles = runfiles)]

helper_runtime = rule(
    implementation = _helper_runtime_impl,
    doc = "A JSON file naming the interpreter, and the environment with the helper zips, " +
          "that install actions use (they are its runfiles), with the interpreter's Python " +
          "version and the glibc level its hubs target.",
    toolchains = [INTERPRETER_TOOLCHAIN],
)
