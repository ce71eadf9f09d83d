"""The layers' gzip: members cut at fixed offsets, bytes fixed by the pinned libdeflate."""

from __future__ import annotations

import gzip
import hashlib
import io
import random
import tarfile
import tempfile
import unittest
import zlib
from pathlib import Path

from pyinstall.common import gzip_members, tarball

# Made by the pinned `deflate` 0.9.0 wheel; a different libdeflate (a new wheel, or zlib by
# mistake) changes every layer's digest, and must be a deliberate change of this test.
_DATA = b"".join(b"%d rules_pyinstall\n" % i for i in range(20000))
_KNOWN = {
    (1, 100000): "fde6e65eb80b921b7dc363a69f2a89a53ba3dc6aadae0c4039c51c7e22328e7a",
    (6, gzip_members.MEMBER_SIZE): "d298eccd26af5deff624ac039c3f58ae658c20741433477c73ea53d148da9880",
}


def _compress(data: bytes, level: int, member_size: int, pieces: list[int] | None = None) -> bytes:
    out = io.BytesIO()
    stream = gzip_members.GzipMembers(out, level, member_size)
    offset = 0
    for size in pieces or [len(data)]:
        stream.write(data[offset : offset + size])
        offset += size
    stream.write(data[offset:])
    stream.close()
    return out.getvalue()


def _members(compressed: bytes) -> list[bytes]:
    """Each member's uncompressed bytes, read one member at a time."""
    members = []
    while compressed:
        reader = zlib.decompressobj(31)
        members.append(reader.decompress(compressed) + reader.flush())
        if not reader.eof:
            raise AssertionError("a truncated member")
        compressed = reader.unused_data
    return members


class GzipMembersTest(unittest.TestCase):
    def test_known_bytes_of_the_pinned_libdeflate(self) -> None:
        for (level, member_size), digest in _KNOWN.items():
            with self.subTest(level=level):
                compressed = _compress(_DATA, level, member_size)
                self.assertEqual(hashlib.sha256(compressed).hexdigest(), digest)
                self.assertEqual(gzip.decompress(compressed), _DATA)

    def test_members_are_cut_by_offset_not_by_writes(self) -> None:
        whole = _compress(_DATA, 1, 100000)
        rng = random.Random(7)
        pieces = [rng.randrange(1, 70000) for _ in range(12)]
        self.assertEqual(_compress(_DATA, 1, 100000, pieces), whole)
        self.assertEqual(_compress(_DATA, 1, 100000, [1] * 500 + [99999, 100000, 1]), whole)
        members = _members(whole)
        self.assertEqual([len(m) for m in members], [100000] * 4 + [len(_DATA) - 400000])
        self.assertEqual(b"".join(members), _DATA)

    def test_a_layer_under_the_member_size_is_one_plain_member(self) -> None:
        compressed = _compress(_DATA, 1, gzip_members.MEMBER_SIZE)
        self.assertEqual(len(_members(compressed)), 1)
        # No file name, no time: FLG 0 and MTIME 0 in the header (RFC 1952).
        self.assertEqual(compressed[:3], b"\x1f\x8b\x08")
        self.assertEqual(compressed[3:8], b"\x00\x00\x00\x00\x00")

    def test_an_exact_multiple_and_an_empty_stream(self) -> None:
        self.assertEqual([len(m) for m in _members(_compress(_DATA[:300000], 1, 100000))], [100000] * 3)
        empty = _compress(b"", 1, 100000)
        self.assertEqual(gzip.decompress(empty), b"")
        self.assertEqual(len(_members(empty)), 1)

    def test_levels(self) -> None:
        with self.assertRaises(ValueError):
            gzip_members.GzipMembers(io.BytesIO(), 13)
        stored = _compress(_DATA, 0, gzip_members.MEMBER_SIZE)
        self.assertGreater(len(stored), len(_DATA))
        self.assertEqual(gzip.decompress(stored), _DATA)

    def test_no_write_after_close(self) -> None:
        stream = gzip_members.GzipMembers(io.BytesIO(), 1)
        stream.close()
        stream.close()
        with self.assertRaises(ValueError):
            stream.write(b"x")

    def test_a_gzipped_layer_is_the_plain_layer_compressed(self) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch, "data.bin")
            source.write_bytes(_DATA * 3)
            entries = [tarball.Entry("a/data.bin", source=str(source)), tarball.Entry("b/empty/")]
            plain = tarball.write_layer(entries, f"{scratch}/layer.tar", 315532800, compress=False)
            packed = tarball.write_layer(entries, f"{scratch}/layer.tar.gz", 315532800, level=1)
            self.assertEqual(packed.diff_id, plain.diff_id)
            self.assertEqual(gzip.decompress(Path(scratch, "layer.tar.gz").read_bytes()),
                             Path(scratch, "layer.tar").read_bytes())
            with tarfile.open(f"{scratch}/layer.tar.gz") as tar:
                self.assertEqual(tar.getnames(), ["a", "a/data.bin", "b", "b/empty"])


if __name__ == "__main__":
    unittest.main()
