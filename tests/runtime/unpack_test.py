"""pyinstall.runtime.unpack: several packages at once give the tree of one after another."""

from __future__ import annotations

import io
import os
import stat
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

from fake_deb import Member, deb

from pyinstall.runtime import unpack


def snapshot(root: str) -> dict[str, tuple[str, int, bytes]]:
    found = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                found[os.path.relpath(path, root)] = ("link", 0, os.readlink(path).encode())
            elif stat.S_ISDIR(mode):
                found[os.path.relpath(path, root)] = ("dir", 0, b"")
            else:
                with open(path, "rb") as f:
                    found[os.path.relpath(path, root)] = ("file", stat.S_IMODE(mode), f.read())
    return found


class UnpackTest(unittest.TestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = tmp.name

    def write(self, name: str, members: list[Member], data_name: str = "data.tar.xz") -> str:
        path = os.path.join(self.tmp, name + ".deb")
        with open(path, "wb") as f:
            f.write(deb(name, members, data_name))
        return path

    def run_main(self, *argv: str) -> tuple[int, str]:
        err = io.StringIO()
        with redirect_stdout(io.StringIO()), redirect_stderr(err):
            status = unpack.main(list(argv))
        return status, err.getvalue()

    def packages(self) -> list[str]:
        return [
            self.write("libc", [Member("./"), Member("./usr/"), Member("./usr/lib/"), Member("./usr/lib/libc.so.6", b"libc" * 1000, mode=0o755),
                                Member("./usr/lib/libc.so", link="libc.so.6")]),
            self.write("python", [Member("./usr/"), Member("./usr/bin/"), Member("./usr/bin/python3.13", b"python", mode=0o4755),
                                  Member("./usr/bin/python3", link="python3.13"),
                                  Member("./usr/lib/"), Member("./usr/lib/python3.13/"),
                                  Member("./usr/lib/python3.13/sitecustomize.py", link="/etc/python3.13/sitecustomize.py"),
                                  Member("./usr/share/"), Member("./usr/share/doc/"), Member("./usr/share/doc/copyright", b"python's"),
                                  Member("./usr/bin/pydoc", hardlink="./usr/bin/python3.13", mode=0o4755)], "data.tar.gz"),
            self.write("etc", [Member("./etc/"), Member("./etc/python3.13/"), Member("./etc/python3.13/sitecustomize.py", b"# site\n"),
                               Member("./usr/"), Member("./usr/share/"), Member("./usr/share/doc/"), Member("./usr/share/doc/copyright", b"etc's")],
                       "data.tar"),
        ]

    def test_parallel_is_the_sequential_tree(self) -> None:
        debs = self.packages()
        parallel, serial = os.path.join(self.tmp, "parallel"), os.path.join(self.tmp, "serial")
        self.assertEqual(self.run_main("--output", parallel, "--jobs", "3", *debs), (0, ""))
        self.assertEqual(self.run_main("--output", serial, "--jobs", "1", *debs), (0, ""))
        tree = snapshot(parallel)
        self.assertEqual(tree, snapshot(serial))
        # A path two packages ship: the later package's copy, as unpacking in order would leave.
        self.assertEqual(tree["usr/share/doc/copyright"], ("file", 0o644, b"etc's"))
        # An absolute link points into the tree, not at the machine's own file.
        self.assertEqual(tree["usr/lib/python3.13/sitecustomize.py"][2], b"../../../etc/python3.13/sitecustomize.py")
        with open(os.path.join(parallel, "usr/lib/python3.13/sitecustomize.py"), "rb") as f:
            self.assertEqual(f.read(), b"# site\n")
        self.assertEqual(tree["usr/bin/python3.13"][:2], ("file", 0o755))  # set-uid cleared
        self.assertEqual(tree["usr/bin/pydoc"], tree["usr/bin/python3.13"])
        self.assertEqual(tree["usr/lib/libc.so"], ("link", 0, b"libc.so.6"))

    def test_a_link_over_a_directory_unpacks_in_order(self) -> None:
        # merged /usr: one package links lib -> usr/lib, another ships files under lib/.
        debs = [
            self.write("base", [Member("./"), Member("./lib", link="usr/lib"), Member("./usr/"), Member("./usr/lib/")]),
            self.write("old", [Member("./lib/"), Member("./lib/libold.so", b"old")]),
        ]
        output = os.path.join(self.tmp, "out")
        self.assertEqual(self.run_main("--output", output, "--jobs", "2", *debs), (0, ""))
        with open(os.path.join(output, "usr/lib/libold.so"), "rb") as f:
            self.assertEqual(f.read(), b"old")
        self.assertTrue(os.path.islink(os.path.join(output, "lib")))

    def test_a_corrupt_package_is_one_error(self) -> None:
        path = os.path.join(self.tmp, "bad.deb")
        with open(path, "wb") as f:
            f.write(b"!<arch>\nnot really")
        status, err = self.run_main("--output", os.path.join(self.tmp, "out"), path)
        self.assertEqual(status, 1)
        self.assertTrue(err.startswith("rules_pyinstall: error: "), err)
        self.assertIn("bad.deb", err)
        self.assertNotIn("Traceback", err)

    def test_damaged_data_names_the_package(self) -> None:
        data = deb("cut", [Member("./"), Member("./big", os.urandom(50_000))])
        path = os.path.join(self.tmp, "cut.deb")
        with open(path, "wb") as f:  # the ar member's size still says the whole data.tar.xz
            f.write(data[: len(data) - 20_000] + b"\0" * 20_000)
        debs = self.packages() + [path]
        status, err = self.run_main("--output", os.path.join(self.tmp, "out"), "--jobs", "2", *debs)
        self.assertEqual(status, 1, err)
        self.assertTrue(err.startswith("rules_pyinstall: error: "), err)
        self.assertIn("cut.deb: its data cannot be unpacked", err)
        self.assertIn("fetch it again", err)
        self.assertNotIn("Traceback", err)

    def test_unreadable_compression_asks_for_bazel(self) -> None:
        path = self.write("zst", [Member("./x", b"x")], "data.tar.zst")
        status, err = self.run_main("--output", os.path.join(self.tmp, "out"), path)
        if unpack.deb._has_zstd():
            self.skipTest("this Python reads zstd")
        self.assertEqual(status, unpack.UNREADABLE, err)


if __name__ == "__main__":
    unittest.main()
