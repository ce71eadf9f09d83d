"""Each image holds its own Python: the base layer's CPython and the wheels compiled for it.

    images_test.py <image_313 files> -- <image_314 files>
"""

import json
import os
import sys
import tarfile
import unittest

ARGS = sys.argv[1:]
del sys.argv[1:]


def _names(files: list[str]) -> set[str]:
    layout = next(path for path in files if os.path.isdir(path))
    with open(next(path for path in files if path.endswith(".digest")), encoding="utf-8") as f:
        digest = f.read().strip()

    def blob(d: str) -> str:
        return os.path.join(layout, "blobs", *d.split(":"))

    with open(blob(digest), encoding="utf-8") as f:
        manifest = json.load(f)
    names = set()
    for layer in manifest["layers"]:
        with tarfile.open(blob(layer["digest"])) as tar:
            names.update(name.lstrip("./") for name in tar.getnames())
    return names


class ImagesTest(unittest.TestCase):
    def test_each_image_on_its_python(self) -> None:
        split = ARGS.index("--")
        for files, version, other in ((ARGS[:split], "3.13", "3.14"), (ARGS[split + 1:], "3.14", "3.13")):
            tag = version.replace(".", "")
            with self.subTest(version=version):
                names = _names(files)
                self.assertIn(f"usr/bin/python{version}", names)
                self.assertNotIn(f"usr/bin/python{other}", names)
                site = f"opt/venv/lib/python{version}/site-packages"
                self.assertIn(f"{site}/six.py", names)
                self.assertIn(f"{site}/__pycache__/six.cpython-{tag}.pyc", names)
                self.assertTrue([n for n in names if n.startswith(f"{site}/markupsafe/_speedups.cpython-{tag}-")])
                # The standard library's .pyc files were compiled by the same Python.
                self.assertIn(f"usr/lib/python{version}/__pycache__/os.cpython-{tag}.pyc", names)


if __name__ == "__main__":
    unittest.main()
