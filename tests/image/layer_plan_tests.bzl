"""Unit tests of plan_layers: a layer per wheel while they fit, then stable groups."""

load("@bazel_skylib//lib:unittest.bzl", "asserts", "unittest")

# Our own private helper, tested where it is not re-exported.
# buildifier: disable=bzl-visibility
load("//rules/private/image:layer_plan.bzl", "plan_layers")

def _wheels(names, bumped = None):
    return [struct(distribution = name, version = "2" if name == bumped else "1") for name in sorted(names)]

def _names(groups):
    return [[w.distribution for w in group] for group in groups]

_NAMES = ["attrs", "certifi", "click", "idna", "jinja2", "markupsafe", "numpy", "pandas", "rich", "six", "urllib3"]

def _fits_impl(ctx):
    env = unittest.begin(ctx)
    asserts.equals(env, [[n] for n in _NAMES], _names(plan_layers(_wheels(_NAMES), [], len(_NAMES))))
    return unittest.end(env)

fits_test = unittest.make(_fits_impl)

def _grouped_impl(ctx):
    env = unittest.begin(ctx)
    groups = plan_layers(_wheels(_NAMES), ["numpy"], 4)
    asserts.equals(env, 4, len(groups))
    asserts.true(env, ["numpy"] in _names(groups), "numpy keeps its own layer")
    asserts.equals(env, sorted(_NAMES), sorted([n for g in _names(groups) for n in g]))

    # The same plan again, and after a bump: one group differs, the one holding rich.
    asserts.equals(env, groups, plan_layers(_wheels(_NAMES), ["numpy"], 4))
    bumped = plan_layers(_wheels(_NAMES, bumped = "rich"), ["numpy"], 4)
    changed = [_names([a])[0] for a, b in zip(groups, bumped) if a != b]
    asserts.equals(env, 1, len(changed))
    asserts.true(env, "rich" in changed[0])

    # A new wheel joins one group; the other groups keep their members.
    added = _names(plan_layers(_wheels(_NAMES + ["zope-interface"]), ["numpy"], 4))
    moved = [g for g in _names(groups) if g not in added]
    asserts.equals(env, 1, len(moved), "only the group the new wheel joins changes")
    return unittest.end(env)

grouped_test = unittest.make(_grouped_impl)

def layer_plan_test_suite(name):
    unittest.suite(name, fits_test, grouped_test)
