"""Tests of pyinstall.lock.dep_graph: markers, extras and cycles in a lock's graph."""

import io
import unittest
import zipfile

from pyinstall.lock import dep_graph
from pyinstall.common.errors import PyinstallError
from pyinstall.lock.tag_select import TargetPlatform

LINUX = TargetPlatform("linux_x86_64", "linux", "x86_64").marker_environment("3.13")
WINDOWS = TargetPlatform("windows_x86_64", "windows", "x86_64").marker_environment("3.13")


def reqs(*lines: str) -> list:
    return dep_graph.requires_dist("Metadata-Version: 2.1\nName: x\n" + "".join(f"Requires-Dist: {l}\n" for l in lines), "x")


GRAPH = {
    "requests": reqs("urllib3<3", "idna", 'PySocks!=1.5.7; extra == "socks"', 'win-inet-pton; sys_platform == "win32" and extra == "socks"'),
    "urllib3": reqs('brotli; extra == "brotli"'),
    "idna": reqs(),
    "pysocks": reqs(),
    "sphinx": reqs("sphinxcontrib-applehelp", "Jinja2>=3"),
    "sphinxcontrib-applehelp": reqs("Sphinx>=5"),
    "jinja2": reqs("MarkupSafe>=2.0", 'Babel>=2.7; extra == "i18n"'),
    "markupsafe": reqs(),
    "colorama-user": reqs('colorama; platform_system == "Windows"'),
}


class ClosureTest(unittest.TestCase):
    def test_plain_closure(self) -> None:
        self.assertEqual(dep_graph.closure("requests", [], GRAPH, LINUX).names, ("idna", "requests", "urllib3"))

    def test_extras_of_the_root_are_honoured(self) -> None:
        self.assertEqual(dep_graph.closure("requests", ["socks"], GRAPH, LINUX).names, ("idna", "pysocks", "requests", "urllib3"))

    def test_a_cycle_gives_each_member_the_whole_closure(self) -> None:
        expected = ("jinja2", "markupsafe", "sphinx", "sphinxcontrib-applehelp")
        self.assertEqual(dep_graph.closure("sphinx", [], GRAPH, LINUX).names, expected)
        self.assertEqual(dep_graph.closure("sphinxcontrib-applehelp", [], GRAPH, LINUX).names, expected)

    def test_markers_are_evaluated_per_platform(self) -> None:
        self.assertEqual(dep_graph.closure("colorama-user", [], GRAPH, LINUX).names, ("colorama-user",))
        missing = dep_graph.closure("colorama-user", [], GRAPH, WINDOWS)
        self.assertEqual(missing.names, ())
        self.assertIn("colorama", missing.problem)
        self.assertIn("colorama-user -> colorama", missing.problem)
        self.assertIn("does not pin", dep_graph.closure("requests", ["socks"], GRAPH, WINDOWS).problem)


class MetadataTest(unittest.TestCase):
    def test_marker_holds(self) -> None:
        self.assertTrue(dep_graph.marker_holds("", LINUX))
        self.assertTrue(dep_graph.marker_holds('python_version >= "3.13"', LINUX))
        self.assertFalse(dep_graph.marker_holds('sys_platform == "win32"', LINUX))
        with self.assertRaises(PyinstallError):
            dep_graph.marker_holds("python_version >>> 3", LINUX)

    def test_bad_requires_dist(self) -> None:
        with self.assertRaisesRegex(PyinstallError, "bad Requires-Dist"):
            reqs("not a requirement !!")

    def test_metadata_from_wheel(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as wheel:
            wheel.writestr("p/__init__.py", "")
            wheel.writestr("p-1.dist-info/METADATA", "Name: p\nRequires-Dist: six\n")
        path = self.id() + ".whl"
        with open(path, "wb") as f:
            f.write(buffer.getvalue())
        text = dep_graph.metadata_from_wheel(path)
        self.assertEqual([str(r) for r in dep_graph.requires_dist(text, path)], ["six"])


if __name__ == "__main__":
    unittest.main()
