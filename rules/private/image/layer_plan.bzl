"""Which wheels share an image layer: the plan of `py_image_layers`, as a pure function."""

def plan_layers(wheels, separate, max_layers):
    """Groups wheels into at most `max_layers` layers, deterministically.

    While the wheels fit, each has a layer of its own (the layer its aspect wrote, shared with
    every other image). Past that, the wheels named in `separate` keep their own layers and the
    others go into `max_layers - len(separate)` groups by a hash of their name, which does not
    depend on the other wheels: bumping one pin changes its group's layer and no other.

    Args:
      wheels: structs with a `distribution`, sorted by it.
      separate: normalized names of distributions that always get a layer of their own.
      max_layers: the most layers the wheels may take.

    Returns:
      A list of groups (lists of wheels), in order of their first wheel's name.
    """
    if len(wheels) <= max_layers:
        return [[wheel] for wheel in wheels]
    alone = [wheel for wheel in wheels if wheel.distribution in separate]
    buckets = max_layers - len(alone)
    if buckets < 1:
        fail("`separate` names %d distributions, but `max_layers` is %d; raise `max_layers`" % (len(alone), max_layers))
    groups = {}
    for wheel in wheels:
        key = wheel.distribution if wheel in alone else "bucket %d" % (hash(wheel.distribution) % buckets)
        groups.setdefault(key, []).append(wheel)
    return sorted(groups.values(), key = lambda group: group[0].distribution)
