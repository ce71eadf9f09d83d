"""greenlet: a compiled extension and `.data/headers/greenlet.h` routed to include/greenlet/."""

import os
import unittest

import greenlet

from tests.wheels import installed


class GreenletTest(unittest.TestCase):
    def test_header_routed(self) -> None:
        include = os.path.join(installed.tree_of(greenlet), "include")
        self.assertEqual(os.listdir(include), ["greenlet"])
        with open(os.path.join(include, "greenlet", "greenlet.h"), encoding="utf-8") as f:
            self.assertIn("PyGreenlet", f.read())

    def test_switch(self) -> None:
        seen = []

        def child(value: int) -> int:
            seen.append(value)
            result: int = greenlet.getcurrent().parent.switch(value + 1)
            return result

        self.assertEqual(greenlet.greenlet(child).switch(41), 42)
        self.assertEqual(seen, [41])


if __name__ == "__main__":
    unittest.main()
