"""Telling the user something when a lock is read: warnings and skipped entries.

`print()` is the only channel fetch time has; Bazel shows it once, when the extension or the hub
runs again, which is when the message is news.
"""

def notice(message):
    """Shows `message` (prefixed "rules_pyinstall: ") once, when the lock is read.

    Args:
      message: one or more lines.
    """

    # buildifier: disable=print
    print("rules_pyinstall: " + message)
