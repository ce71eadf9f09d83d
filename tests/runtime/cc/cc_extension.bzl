"""`cc_extension`: a test rule that builds an extension module with the cc_build toolchain.

Its action's inputs are the toolchain's files, the source, the helper and the Debian runtime
that runs it, nothing else; it builds the module twice (see build_extension.py) and writes
`<name>/<module>.so` and `<name>/again/<module>.so`.
"""

_CC_BUILD = "//rules:cc_build_toolchain_type"

def _cc_extension_impl(ctx):
    toolchain = ctx.toolchains[_CC_BUILD].cc_build
    module = ctx.file.src.basename.rsplit(".", 1)[0]
    out = ctx.actions.declare_file("%s/%s.so" % (ctx.label.name, module))
    again = ctx.actions.declare_file("%s/again/%s.so" % (ctx.label.name, module))
    env = ctx.actions.declare_file(ctx.label.name + "/env.json")
    ctx.actions.write(env, json.encode(toolchain.env))
    args = ctx.actions.args()
    args.add(ctx.file._helper)
    args.add("--root", toolchain.root)
    args.add("--env", env)
    args.add("--source", ctx.file.src)
    args.add("--mode", ctx.attr.mode)
    args.add("--out", out)
    args.add("--again", again)
    setuptools = []
    if ctx.attr.mode == "setuptools":
        setuptools = ctx.files._setuptools
        init = [f for f in setuptools if f.short_path.endswith("/setuptools/__init__.py")]
        args.add("--setuptools", init[0].dirname.rsplit("/", 1)[0])
    ctx.actions.run(
        executable = ctx.executable._python,
        arguments = [args],
        inputs = depset(
            [ctx.file.src, ctx.file._helper, env, toolchain.root] + setuptools,
            transitive = [toolchain.files, depset(ctx.files._python_files)],
        ),
        outputs = [out, again],
        env = {"SOURCE_DATE_EPOCH": "315532800"},
        mnemonic = "CcExtension",
        progress_message = "Building the extension module %s with the Debian GCC toolchain (%s)" % (
            ctx.file.src.basename,
            ctx.attr.mode,
        ),
        toolchain = _CC_BUILD,
    )
    return [DefaultInfo(files = depset([out, again]))]

cc_extension = rule(
    implementation = _cc_extension_impl,
    doc = "Builds `src` into an extension module with the cc_build toolchain, twice.",
    attrs = {
        "mode": attr.string(doc = "`gcc`: CC/CXX and LDSHARED/LDCXXSHARED; `setuptools`: build_ext.", default = "gcc", values = ["gcc", "setuptools"]),
        "src": attr.label(doc = "The module's C or C++ source.", mandatory = True, allow_single_file = [".c", ".cpp"]),
        "_helper": attr.label(default = ":build_extension.py", allow_single_file = True),
        "_python": attr.label(default = "@debian_python_amd64_runtime//:bin/python3", executable = True, cfg = "exec", allow_single_file = True),
        "_python_files": attr.label(default = "@debian_python_amd64_runtime//:files", cfg = "exec"),
        "_setuptools": attr.label(default = "@pyinstall_test_setuptools//:files"),
    },
    toolchains = [_CC_BUILD],
)
