"""Prints the Python it runs on and the markupsafe extension it loaded."""

import sys

import markupsafe
import six


def main() -> None:
    speedups = sys.modules.get("markupsafe._speedups")
    print("%d.%d" % sys.version_info[:2], six.__version__, markupsafe.escape("<b>"),
          getattr(speedups, "__file__", "no extension").rsplit("/", 1)[-1])


if __name__ == "__main__":
    main()
