"""One wheel installed into one reproducible tree: the action behind `wheel_install`
(`python -m pyinstall.install.main`). It opens and checks the wheel, routes its files with pypa
`installer`, writes entry points, compiles `.pyc` files and normalizes modes and times.

It imports only `pyinstall.common` (and `installer`, `packaging`).
"""
