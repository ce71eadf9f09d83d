"""py_image_layers(prefix = "/srv/env"): every layer, the wheels' included, is under that prefix."""

from __future__ import annotations

import sys
import tarfile
import unittest


class PrefixTest(unittest.TestCase):
    def test_wheel_layers_follow_the_prefix(self) -> None:
        srv = sys.argv[1:]
        six = [path for path in srv if path.endswith("six_1_17.layer.tar.gz")]
        self.assertEqual(len(six), 1, srv)
        with tarfile.open(six[0]) as tar:
            names = tar.getnames()
        self.assertIn("srv/env/lib/python3.13/site-packages/six.py", names)
        self.assertFalse([n for n in names if n.startswith("opt/")], names)
        with tarfile.open([p for p in srv if p.endswith("venv.tar.gz")][0]) as tar:
            self.assertIn("srv/env/pyvenv.cfg", tar.getnames())


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
