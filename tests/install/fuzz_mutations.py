"""Hypothesis strategies of wheels to install: a real or synthetic wheel, then random mutations of
its entry points, names, RECORD, WHEEL, `.data` layout, member sizes, file name and zip bytes.

Every mutation draws its values from open-ended strategies (text, bytes, integers) as well as
from the shapes known to be dangerous, so the campaign explores beyond any fixed list.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import stat
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Sequence

from hypothesis import strategies as st

from tests.install.harness import PYTHON_VERSION
from tests.install.wheel_factory import patch_headers, record_line

CP = "cp" + PYTHON_VERSION.replace(".", "")
SCHEMES = ["purelib", "platlib", "headers", "scripts", "data"]


@dataclasses.dataclass(frozen=True)
class Member:
    name: str
    data: bytes
    mode: int = stat.S_IFREG | 0o644


class Case:
    """A wheel file to install (its name and bytes) and the extra flags of the install."""

    def __init__(self, filename: str, archive: bytes, flags: tuple[str, ...]) -> None:
        self.filename = filename
        self.archive = archive
        self.flags = flags

    def __repr__(self) -> str:  # what hypothesis prints for a failing case
        try:
            with zipfile.ZipFile(io.BytesIO(self.archive)) as archive:
                names = archive.namelist()
        except Exception:  # the damage made it unreadable, which is a case too
            names = ["<unreadable>"]
        return f"Case({self.filename!r}, flags={self.flags}, members={names}, size={len(self.archive)})"


def normalized_distribution(filename: str) -> str:
    return re.sub(r"[-_.]+", "-", filename.split("-", 1)[0]).lower()


Wheel = tuple[str, list[Member]]  # file name and members
Mutation = Callable[[Wheel], Wheel]


def synthetic(name: str, version: str) -> list[Member]:
    dist_info = f"{name}-{version}.dist-info"
    return [
        Member(f"{name}/__init__.py", b"def main():\n    return 0\n"),
        Member(f"{name}/sub/mod.py", b"X = 1\n" * 20),
        Member(f"{name}-{version}.data/scripts/tool", b"#!python\nprint(1)\n", stat.S_IFREG | 0o755),
        Member(f"{name}-{version}.data/headers/{name}.h", b"int x;\n"),
        Member(f"{name}-{version}.data/data/share/{name}.txt", b"data\n"),
        Member(f"{dist_info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()),
        Member(f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        Member(f"{dist_info}/entry_points.txt", f"[console_scripts]\n{name}-cli = {name}:main\n".encode()),
    ]


def real(path: str) -> Wheel:
    with zipfile.ZipFile(path) as archive:
        members = [Member(i.filename, archive.read(i), i.external_attr >> 16) for i in archive.infolist()]
    return os.path.basename(path), members


def dist_info_dir(members: list[Member]) -> str:
    for member in members:
        top = member.name.split("/", 1)[0]
        if top.endswith(".dist-info"):
            return top
    return "missing.dist-info"


def with_record(wheel: Wheel) -> Wheel:
    filename, members = wheel
    record = f"{dist_info_dir(members)}/RECORD"
    kept = [m for m in members if m.name != record]
    lines = [record_line(m.name, m.data) for m in kept if not m.name.endswith("/")]
    return filename, [*kept, Member(record, ("\n".join([*lines, f"{record},,"]) + "\n").encode())]


def replace(wheel: Wheel, name: str, data: bytes | None) -> Wheel:
    filename, members = wheel
    kept = [m for m in members if m.name != name]
    return filename, kept if data is None else [*kept, Member(name, data)]


# Pieces of names: the dangerous shapes, and anything at all.
_PARTS = st.one_of(
    st.sampled_from(["..", ".", "", "sub", "__pycache__", "x" * 300, "bin", "a\\b", "C:", "~", " ", "\0"]),
    st.text(min_size=1, max_size=12),
)
_PATHS = st.lists(_PARTS, min_size=1, max_size=4).map("/".join)


@st.composite
def entry_points_text(draw: st.DrawFn, name: str) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["header", "entry", "entry", "raw"]))
        if kind == "header":
            section = draw(st.one_of(st.sampled_from(["console_scripts", "gui_scripts", "pytest11"]), st.text(max_size=10)))
            lines.append(f"[{section}]")
        elif kind == "entry":
            key = draw(st.one_of(st.sampled_from([f"{name}-cli", "tool", "tool"]), _PATHS))
            value = draw(st.one_of(st.sampled_from([f"{name}:main", name, f"{name}:main [x]", "a.b:c.d", ":"]), st.text(max_size=15)))
            lines.append(f"{key} = {value}")
        else:
            lines.append(draw(st.text(max_size=20)))
    text = "\n".join(lines).encode("utf-8", "surrogatepass")
    return draw(st.one_of(st.just(text), st.just(text), st.binary(max_size=40)))


@st.composite
def mutation(draw: st.DrawFn, name: str) -> Mutation:
    kind = draw(st.sampled_from(["entry_points", "rename", "add", "data", "wheel", "drop", "size", "mode", "dup"]))
    if kind == "entry_points":
        text = draw(entry_points_text(name))
        return lambda w: replace(w, f"{dist_info_dir(w[1])}/entry_points.txt", text)
    if kind == "rename":
        index, how, extra = draw(st.integers(0, 200)), draw(st.sampled_from(["prefix", "suffix", "whole", "case"])), draw(_PATHS)

        def rename(w: Wheel) -> Wheel:
            members = list(w[1])
            m = members[index % len(members)]
            new = {"prefix": f"{extra}/{m.name}", "suffix": f"{m.name}/{extra}", "whole": extra, "case": m.name.swapcase()}[how]
            members[index % len(members)] = dataclasses.replace(m, name=new)
            return w[0], members

        return rename
    if kind == "add":
        path, data = draw(_PATHS), draw(st.binary(max_size=64))
        return lambda w: (w[0], [*w[1], Member(path, data)])
    if kind == "data":
        spelling = draw(st.sampled_from([f"{name}-1.0", f"{name.upper()}-1.0", f"{name.replace('_', '.')}-1.0", "other-1.0", f"{name}-1.0.0"]))
        scheme = draw(st.one_of(st.sampled_from(SCHEMES + ["etc", "", "PURELIB"]), st.text(max_size=8)))
        path, data = draw(st.one_of(st.sampled_from(["x.py", "sub/y.txt", ""]), _PATHS)), draw(st.binary(max_size=32))
        return lambda w: (w[0], [*w[1], Member(f"{spelling}.data/{scheme}/{path}".rstrip("/"), data)])
    if kind == "wheel":
        version = draw(st.one_of(st.sampled_from(["1.0", "2.0", "", "1.9", " 1.0"]), st.text(max_size=5)))
        purelib = draw(st.one_of(st.sampled_from(["true", "false", "TRUE"]), st.text(max_size=5)))
        text = f"Wheel-Version: {version}\nRoot-Is-Purelib: {purelib}\n".encode("utf-8", "surrogatepass")
        data = draw(st.one_of(st.just(text), st.binary(max_size=30), st.none()))
        return lambda w: replace(w, f"{dist_info_dir(w[1])}/WHEEL", data)
    if kind == "drop":
        index = draw(st.integers(0, 200))
        return lambda w: (w[0], [m for i, m in enumerate(w[1]) if i != index % len(w[1])])
    if kind == "size":
        index, size, byte = draw(st.integers(0, 200)), draw(st.sampled_from([0, 1, 65536, 1 << 20])), draw(st.binary(min_size=1, max_size=1))
        return lambda w: (w[0], [dataclasses.replace(m, data=byte * size) if i == index % len(w[1]) else m for i, m in enumerate(w[1])])
    if kind == "mode":
        index, mode = draw(st.integers(0, 200)), draw(st.sampled_from([stat.S_IFLNK | 0o777, stat.S_IFDIR | 0o755, 0o755, 0, 0o7777]))
        return lambda w: (w[0], [dataclasses.replace(m, mode=mode) if i == index % len(w[1]) else m for i, m in enumerate(w[1])])
    index = draw(st.integers(0, 200))
    return lambda w: (w[0], [*w[1], w[1][index % len(w[1])]])


@st.composite
def zip_damage(draw: st.DrawFn) -> Callable[[str], None]:
    kind = draw(st.sampled_from(["none", "none", "truncate", "flip", "append", "flags", "method"]))
    fraction, count = draw(st.floats(0, 1)), draw(st.integers(1, 16))
    junk, index = draw(st.binary(min_size=1, max_size=64)), draw(st.integers(0, 200))
    method = draw(st.sampled_from([1, 6, 9, 14, 99, 0xFFFF]))

    def damage(path: str) -> None:
        with open(path, "rb") as f:
            data = bytearray(f.read())
        where = int(fraction * max(len(data) - 1, 0))
        if kind == "truncate":
            data = data[:where]
        elif kind == "flip":
            data[where : where + count] = bytes(b ^ 0xFF for b in data[where : where + count])
        elif kind == "append":
            data += junk
        elif kind in ("flags", "method"):
            with zipfile.ZipFile(path) as archive:
                members = len(archive.infolist())
            if members:
                patch_headers(path, index % members, flag_bits=1 if kind == "flags" else None, method=method if kind == "method" else None)
            return
        with open(path, "wb") as f:
            f.write(data)

    return damage


def write_zip(path: str, members: list[Member], compression: int) -> None:
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression) as archive:
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        for member in members:
            info = zipfile.ZipInfo(member.name or "empty", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = member.mode << 16
            info.compress_type = compression
            archive.writestr(info, member.data)


@st.composite
def cases(draw: st.DrawFn, real_wheels: Sequence[str]) -> Case:
    sources = ["synthetic", *real_wheels]
    source = draw(st.sampled_from(sources))
    if source == "synthetic":
        name = draw(st.sampled_from(["demo", "demo_pkg", "Demo.Pkg"]))
        wheel: Wheel = (f"{name}-1.0-py3-none-any.whl", synthetic(name, "1.0"))
    else:
        wheel = real(source)
    name = wheel[0].split("-", 1)[0]
    for change in draw(st.lists(mutation(name), max_size=4)):
        wheel = change(wheel)
    if draw(st.integers(0, 9)) > 0:  # mostly a RECORD that matches, so deeper checks are reached
        wheel = with_record(wheel)
    filename = wheel[0]
    if draw(st.integers(0, 4)) == 0:
        tag = draw(st.one_of(
            st.sampled_from(["py3-none-any", f"{CP}-{CP}-manylinux_2_17_x86_64", f"{CP}-{CP}-win_amd64", "py3-none-linux_madeup",
                             "cp38-abi3-manylinux2014_aarch64", f"{CP}-{CP}-musllinux_1_2_x86_64", "py2-none-any"]),
            st.text(max_size=12),
        ))
        filename = f"{name}-1.0-{tag}.whl"
    if not filename or "/" in filename or "\0" in filename or filename in (".", ".."):
        filename = "bad.whl"
    compression = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
    damage = draw(zip_damage())
    flags = draw(st.sampled_from([(), ("--platform", "linux_aarch64"), ("--pyc", "none"), ("--optimize", "0,2")]))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "w.whl")
        write_zip(path, wheel[1], compression)
        damage(path)
        with open(path, "rb") as f:
            archive = f.read()
    return Case(filename, archive, flags)
