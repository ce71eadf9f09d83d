"""rules_pyinstall's helpers, one sub-package per pipeline stage, run by Bazel actions and
repository rules:

- `lock`: lockfiles into hub repositories (fetch time);
- `install`: one wheel into one reproducible tree;
- `image`: trees and first-party code into layers, layers into OCI images;
- `runtime`: the Python runtime's base layer from Debian packages;
- `common`: what they share (errors, param files, tars, `.pyc` files).

A stage imports only itself and `common`; `tests/layout_test.py` checks it.
"""
