"""The Python runtime from pinned Debian packages: reading `.deb` files without dpkg, the base
layer's root file system and its standard library's `.pyc` files.

It imports only `pyinstall.common`.
"""
