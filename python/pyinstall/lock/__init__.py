"""From a lockfile to a hub repository, at fetch time: reading requirements and PEP 751 locks,
choosing each platform's wheel by its tags, the dependency graph from wheel metadata, the hub's
BUILD files, and keeping a lock in step with its `.in` file.

It imports only `pyinstall.common`: these modules run under the machine's Python in repository
rules, and must not pull in the build-time stages.
"""
