"""protobuf: an abi3 wheel whose zip entries all say mode 0777 without file type bits."""

import os
import stat
import sys
import tempfile
import unittest
import zipfile

from google.protobuf import descriptor_pb2, struct_pb2
from pyinstall.install import main as install

WHEEL = ""


class ProtobufTest(unittest.TestCase):
    def test_messages(self) -> None:
        value = struct_pb2.Struct()
        value.update({"a": 1, "b": "two"})
        again = struct_pb2.Struct.FromString(value.SerializeToString())
        self.assertEqual(dict(again), {"a": 1.0, "b": "two"})
        self.assertTrue(descriptor_pb2.FileDescriptorProto.DESCRIPTOR.full_name)

    def test_modes_normalized(self) -> None:
        # Bazel makes every output read-only and executable, so the modes the helper writes
        # are checked on a fresh install of the same wheel, before Bazel touches them.
        with zipfile.ZipFile(WHEEL) as wheel:
            modes = {info.external_attr >> 16 for info in wheel.infolist()}
        self.assertEqual(modes, {0o777}, "the wheel no longer has the property under test")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "tree")
            old = os.umask(0o077)
            try:
                argv = ["--wheel", WHEEL, "--output", out, "--python-version", "3.13"]
                self.assertEqual(install.main(argv), 0)
            finally:
                os.umask(old)
            found = {}
            for directory, dirnames, filenames in os.walk(out):
                for name in dirnames + filenames:
                    st = os.lstat(os.path.join(directory, name))
                    found[os.path.relpath(os.path.join(directory, name), out)] = st.st_mode
        files = {p: m for p, m in found.items() if stat.S_ISREG(m)}
        dirs = {p: m for p, m in found.items() if stat.S_ISDIR(m)}
        self.assertEqual(len(files) + len(dirs), len(found))
        self.assertEqual({stat.S_IMODE(m) for m in files.values()}, {0o644})
        self.assertEqual({stat.S_IMODE(m) for m in dirs.values()}, {0o755})


if __name__ == "__main__":
    WHEEL = os.path.abspath(sys.argv.pop(1))
    unittest.main()
