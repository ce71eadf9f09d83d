"""`missing_python`: the toolchain a `python.system(...)` offers when the machine lacks its Python.

Registered like a found interpreter, it is chosen only when no other toolchain fits; analysing
it then fails with a message saying what to install, instead of every build of every user
failing at fetch time because one fallback toolchain's Python is not on PATH.
"""

def _missing_python_impl(ctx):
    fail(ctx.attr.message)

missing_python = rule(
    implementation = _missing_python_impl,
    doc = "Fails when analysed, with `message`: stands for an interpreter that is not there.",
    attrs = {
        "message": attr.string(doc = "What is missing and what to do.", mandatory = True),
    },
)
