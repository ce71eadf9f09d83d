"""An sdist built into a reproducible wheel: the action behind `sdist_build`
(`python -m pyinstall.build.main`). It unpacks the sdist safely (sdist), installs the pinned
build requirements it needs (requires, build_env), runs the PEP 517 backend with
`pyproject_hooks` in a fixed environment with no network and no compiler unless one is given
(backend), and rewrites the wheel deterministically (wheel_repro).

It imports only `pyinstall.common` (and `installer`, `packaging`, `pyproject_hooks`).
"""
