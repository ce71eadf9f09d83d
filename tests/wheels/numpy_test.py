"""numpy: a large wheel with many compiled extensions.

No numpy cp313 wheel on PyPI ships a `.pyc` (2.1.3 to 2.5.5 were checked), so dropping a
shipped stale `.pyc` is covered by a factory-built wheel in //tests/install:destination_test.
"""

import os
import unittest

import numpy

from tests.wheels import installed


class NumpyTest(unittest.TestCase):
    def test_compute(self) -> None:
        a = numpy.arange(12, dtype=numpy.float64).reshape(3, 4)
        self.assertEqual(float(a.sum()), 66.0)
        self.assertEqual(numpy.linalg.matrix_rank(numpy.eye(4)), 4)
        self.assertEqual(numpy.fft.fft(numpy.ones(4)).real.tolist(), [4.0, 0.0, 0.0, 0.0])

    def test_compiled_for_313(self) -> None:
        cache = os.path.join(os.path.dirname(numpy.__file__), "__pycache__")
        self.assertIn("__init__.cpython-313.pyc", os.listdir(cache))
        site = os.path.join(installed.tree_of(numpy), "site-packages")
        shipped = [
            os.path.join(d, n)
            for d, _, names in os.walk(site)
            for n in names
            if n.endswith(".pyc") and os.path.basename(d) != "__pycache__"
        ]
        self.assertEqual(shipped, [])


if __name__ == "__main__":
    unittest.main()
