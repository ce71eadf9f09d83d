"""From outside the ruleset: tests run on @my_python's CPython, its base layer is built, and
@my_cc compiles against its headers."""

from __future__ import annotations

import importlib.util
import sys
import tarfile
import unittest


class RuntimeTest(unittest.TestCase):
    def test_interpreter_is_the_hubs(self) -> None:
        self.assertIn("my_python_amd64_runtime", sys.prefix)

    def test_six_from_its_pyc(self) -> None:
        import six  # type: ignore[import-untyped]

        with open(six.__cached__, "rb") as f:
            self.assertEqual(f.read(4), importlib.util.MAGIC_NUMBER)

    def test_base_layer(self) -> None:
        layers = [arg for arg in sys.argv[1:] if arg.endswith(".tar.gz")]
        self.assertEqual(len(layers), 1)
        with tarfile.open(layers[0]) as tar:
            names = set(tar.getnames())
        self.assertIn("usr/bin/python3.13", names)
        self.assertIn("etc/ssl/certs/ca-certificates.crt", names)

    def test_cc_toolchain(self) -> None:
        (obj,) = [arg for arg in sys.argv[1:] if arg.endswith(".o")]
        with open(obj, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"\x7fELF"))
        self.assertIn(b"PyInit_module", data)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
