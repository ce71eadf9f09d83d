"""`cc_object`: compiles one C file with the registered cc_build toolchain, as an sdist would."""

_CC_BUILD = "@rules_pyinstall//rules:cc_build_toolchain_type"

# {toolchain_root} is replaced at run time, never on the command line (bash's ${var//a/b}).
_COMPILE = """\
top="$PWD/${1%/*}"
export PATH="$top/bin"
cc=${CC//\\{toolchain_root\\}/$top}
flags=${CPPFLAGS//\\{toolchain_root\\}/$top}
$cc $flags -fPIC -c "$2" -o "$3"
"""

def _cc_object_impl(ctx):
    toolchain = ctx.toolchains[_CC_BUILD].cc_build
    out = ctx.actions.declare_file(ctx.label.name + ".o")
    ctx.actions.run_shell(
        command = _COMPILE,
        arguments = [toolchain.root.path, ctx.file.src.path, out.path],
        inputs = depset([ctx.file.src, toolchain.root], transitive = [toolchain.files]),
        outputs = [out],
        env = {key: toolchain.env[key] for key in ("CC", "CPPFLAGS")},
        mnemonic = "CcObject",
        progress_message = "Compiling %{input} with the Debian GCC toolchain",
        toolchain = _CC_BUILD,
    )
    return [DefaultInfo(files = depset([out]))]

cc_object = rule(
    implementation = _cc_object_impl,
    doc = "Compiles `src` into an object file with the registered cc_build toolchain.",
    attrs = {"src": attr.label(doc = "A C source.", mandatory = True, allow_single_file = [".c"])},
    toolchains = [_CC_BUILD],
)
