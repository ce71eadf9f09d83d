"""One wheel installed into one reproducible tree: the action behind `wheel_install`
(`python -m pyinstall.install.main`). It checks the wheel's tags against the target platform,
opens and checks every entry (wheel_source, entry_points), routes each to its scheme (layout)
with pypa `installer`'s records and launchers, writes them (destination), compiles `.pyc` files
and normalizes modes and times.

It imports only `pyinstall.common` (and `installer`, `packaging`).
"""
