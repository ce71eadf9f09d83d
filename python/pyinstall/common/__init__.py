"""What every stage shares: the error users read, Bazel's param files, deterministic tars and
reproducible `.pyc` files.

It imports nothing else of `pyinstall`; every other sub-package may import it.
"""
