"""rules_pyinstall's build helpers: install wheels reproducibly (run by Bazel actions)."""
