"""Tests of pyinstall.lock.lock_check: when is a lock stale against its .in?"""

import unittest

from pyinstall.lock.lock_check import problems

IN = """\
# what the app needs
--index-url https://pypi.org/simple
requests>=2.30  # http
Click[extra]
"""

LOCK = """\
#    bazel run //:requirements.update
certifi==2024.8.30 \\
    --hash=sha256:aa
    # via requests
click==8.1.7 \\
    --hash=sha256:bb
    # via -r app/requirements.in
requests==2.32.3 \\
    --hash=sha256:cc
    # via
    #   -r app/requirements.in
    #   other
"""


class LockCheckTest(unittest.TestCase):
    def test_up_to_date(self) -> None:
        self.assertEqual(problems(IN, LOCK + "# from requirements.in\n", "requirements.in"), [])

    def test_stale(self) -> None:
        found = problems(IN.replace(">=2.30", ">=3") + "idna\n", LOCK, "requirements.in")
        self.assertEqual(
            found,
            ["requests>=3 does not accept the pinned requests==2.32.3", "idna is not pinned"],
        )

    def test_removed_requirement_and_foreign_lock(self) -> None:
        found = problems("requests\n", LOCK, "requirements.in")
        self.assertEqual(found, ["click is pinned as a requirement of requirements.in, which no longer has it"])
        self.assertIn("the lock does not name other.in", problems("requests\n", LOCK, "other.in")[0])


if __name__ == "__main__":
    unittest.main()
