"""The layer tars of py_image_layers: sorted, dated, owned by 0, normalized, plain gzip."""

from __future__ import annotations

import sys
import tarfile
import unittest

EPOCH = 315532800  # the default of //rules:source_date_epoch


class LayerTarTest(unittest.TestCase):
    def layers(self) -> list[str]:
        paths = [path for path in sys.argv[1:] if path.endswith(".tar.gz")]
        self.assertEqual(
            sorted(path.rsplit("/", 1)[1] for path in paths),
            ["app.tar.gz", "six_1_17.layer.tar.gz", "venv.tar.gz", "waitress.layer.tar.gz"],
        )
        return paths

    def test_gzip_header(self) -> None:
        for path in self.layers():
            with open(path, "rb") as f:
                header = f.read(10)
            self.assertEqual(header[:3], b"\x1f\x8b\x08", path)
            self.assertEqual(header[3], 0, f"{path}: FLG must be 0 (no file name, no comment)")
            self.assertEqual(header[4:8], b"\0\0\0\0", f"{path}: MTIME must be 0")
            self.assertEqual(header[9], 255, f"{path}: OS must be 'unknown'")

    def test_members(self) -> None:
        for path in self.layers():
            with tarfile.open(path) as tar:
                members = tar.getmembers()
            names = [m.name for m in members]
            self.assertEqual(names, sorted(names, key=lambda n: n.split("/")), path)
            seen = set()
            for m in members:
                parent = m.name.rsplit("/", 1)[0] if "/" in m.name else None
                self.assertTrue(parent is None or parent in seen, f"{path}: {m.name} before its directory")
                seen.add(m.name)
                self.assertEqual((m.uid, m.gid, m.uname, m.gname), (0, 0, "", ""), m.name)
                self.assertEqual(m.mtime, EPOCH, m.name)
                self.assertEqual(m.pax_headers, {}, f"{m.name}: no PAX header (no atime, ctime)")
                if m.isdir():
                    self.assertEqual(m.mode, 0o755, m.name)
                elif m.issym():
                    self.assertEqual(m.mode, 0o777, m.name)
                else:
                    self.assertTrue(m.isfile(), m.name)
                    self.assertIn(m.mode, (0o644, 0o755), m.name)
                    if "/bin/" in m.name:
                        self.assertEqual(m.mode, 0o755, m.name)
                    if m.name.endswith((".pyc", ".py", "RECORD", "METADATA")) and "/bin/" not in m.name:
                        self.assertEqual(m.mode, 0o644, m.name)

    def test_pyc_files_are_unchecked_hash(self) -> None:
        checked = 0
        for path in self.layers():
            with tarfile.open(path) as tar:
                for m in tar.getmembers():
                    if m.name.endswith(".pyc"):
                        data = tar.extractfile(m).read(8)  # type: ignore[union-attr]
                        self.assertEqual(int.from_bytes(data[4:8], "little"), 0b01, m.name)
                        checked += 1
        self.assertGreater(checked, 10)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
