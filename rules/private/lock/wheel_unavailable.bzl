"""`wheel_unavailable`: what a hub selects where a package has no wheel.

The hub is generated for all of a lock's platforms at once; a package missing on one of them
must not break the others, so the error waits for the analysis of that platform's target.
"""

def _wheel_unavailable_impl(ctx):
    fail("rules_pyinstall: error: " + ctx.attr.message)

wheel_unavailable = rule(
    implementation = _wheel_unavailable_impl,
    doc = "Fails the analysis of any target that depends on it, with `message`.",
    attrs = {
        "message": attr.string(
            doc = "Why there is no wheel: lockfile, line, package, platform and files.",
            mandatory = True,
        ),
    },
)
