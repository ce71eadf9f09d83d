"""`wheel_unavailable`: what a hub selects where a package has no wheel.

The hub is generated for all of a lock's platforms at once; a package missing on one of them
must not break the others. The hub makes these targets incompatible there (a constraint value
named after the reason), so they are skipped by `@hub//...` and never analyzed; `message`
keeps the reason in full for `bazel query --output=build`, and failing is the last resort.
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
