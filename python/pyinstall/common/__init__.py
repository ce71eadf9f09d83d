"""What every stage shares: the error users read, Bazel's param files, deterministic tars,
reproducible `.pyc` files and the wheel tags a target platform accepts.

It imports nothing else of `pyinstall`; every other sub-package may import it.
"""
