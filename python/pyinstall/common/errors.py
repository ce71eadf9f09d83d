"""The one exception type the helpers raise for bad input."""

from __future__ import annotations


class PyinstallError(Exception):
    """Bad input: the message names the file, the package and what to do about it."""

    def __init__(self, subject: str, problem: str, hint: str = "") -> None:
        self.subject = subject
        self.problem = problem
        self.hint = hint
        message = f"{subject}: {problem}"
        if hint:
            message += f"\n  hint: {hint}"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[PyinstallError], tuple[str, str, str]]:
        # Raised in a process pool's worker, it is pickled to the parent with its parts.
        return (PyinstallError, (self.subject, self.problem, self.hint))
