import json
import tempfile
import unittest
from pathlib import Path

from tools.repro import compare


def _bep(path: Path, outputs: dict[str, Path]) -> Path:
    files = [
        {"name": key.split("/", 3)[3], "uri": f"file://{value}", "pathPrefix": key.split("/")[:3]}
        for key, value in outputs.items()
    ]
    path.write_text(
        json.dumps({"id": {"progress": {}}}) + "\n" + json.dumps({"namedSetOfFiles": {"files": files}}) + "\n"
    )
    return path


class CompareTest(unittest.TestCase):
    def setUp(self) -> None:
        self.root = Path(tempfile.mkdtemp())
        for build in ("a", "b"):
            tree = self.root / build / "bin" / "pkg" / "six"
            (tree / "site-packages").mkdir(parents=True)
            (tree / "site-packages" / "six.py").write_text("x = 1\n")
            (tree / "bin").mkdir()
            (tree / "bin" / "tool").write_text("#!/bin/sh\n")
            (tree / "bin" / "tool").chmod(0o755)

    def _compare(self) -> tuple[int, list[compare.Difference]]:
        key = "bazel-out/k8-fastbuild/bin/pkg/six"
        a = compare.outputs_from_bep(_bep(self.root / "a.json", {key: self.root / "a/bin/pkg/six"}))
        b = compare.outputs_from_bep(_bep(self.root / "b.json", {key: self.root / "b/bin/pkg/six"}))
        self.assertEqual(list(a), [key])
        return compare.compare_builds(a, b)

    def test_identical_trees(self) -> None:
        count, differences = self._compare()
        self.assertEqual(differences, [])
        self.assertEqual(count, 5)  # the tree, two directories, two files

    def test_one_byte_differs(self) -> None:
        (self.root / "b/bin/pkg/six/site-packages/six.py").write_text("x = 2\n")
        _, differences = self._compare()
        self.assertEqual([(d.key, d.problem) for d in differences],
                         [("bazel-out/k8-fastbuild/bin/pkg/six/site-packages/six.py", "contents differ")])

    def test_mode_symlink_and_missing_entries(self) -> None:
        (self.root / "b/bin/pkg/six/bin/tool").chmod(0o644)
        (self.root / "a/bin/pkg/six/link").symlink_to("bin/tool")
        (self.root / "b/bin/pkg/six/link").symlink_to("/abs/tool")
        (self.root / "b/bin/pkg/six/extra").write_text("")
        problems = {d.key.rsplit("/", 1)[1]: d.problem for d in self._compare()[1]}
        self.assertEqual(problems["tool"], "executable bit True vs False")
        self.assertEqual(problems["link"], "symlink to 'bin/tool' vs '/abs/tool'")
        self.assertEqual(problems["extra"], "only in build B")

    def test_tree_artifact_kept_whole(self) -> None:
        (self.root / "a/bin/pkg/six/empty").mkdir()
        (self.root / "a/bin/pkg/other.txt").write_text("")
        files = [
            {"name": "pkg/six/site-packages/six.py", "pathPrefix": ["bazel-out", "k8", "bin"],
             "uri": f"file://{self.root}/a/bin/pkg/six/site-packages/six.py"},
            {"name": "pkg/other.txt", "pathPrefix": ["bazel-out", "k8", "bin"],
             "uri": f"file://{self.root}/a/bin/pkg/other.txt"},
        ]
        bep = self.root / "tree.json"
        bep.write_text(json.dumps({"id": {"targetCompleted": {"label": "//pkg:six"}}}) + "\n" +
                       json.dumps({"namedSetOfFiles": {"files": files}}) + "\n")
        for build in ("a", "b"):
            (self.root / build / "bin/pkg/six").chmod(0o555)  # as Bazel leaves a tree artifact
        self.addCleanup((self.root / "a/bin/pkg/six").chmod, 0o755)
        self.addCleanup((self.root / "b/bin/pkg/six").chmod, 0o755)
        outputs = compare.outputs_from_bep(bep)
        self.assertEqual(outputs, {"bazel-out/k8/bin/pkg/six": self.root / "a/bin/pkg/six",
                                   "bazel-out/k8/bin/pkg/other.txt": self.root / "a/bin/pkg/other.txt"})
        build_b = {"bazel-out/k8/bin/pkg/six": self.root / "b/bin/pkg/six",
                   "bazel-out/k8/bin/pkg/other.txt": self.root / "a/bin/pkg/other.txt"}
        _, differences = compare.compare_builds(outputs, build_b)
        self.assertEqual([(d.key, d.problem) for d in differences],
                         [("bazel-out/k8/bin/pkg/six/empty", "only in build A")])

    def test_directory_of_declared_files_is_not_a_tree(self) -> None:
        # py_image_layers declares <name>/app.tar.gz; Bazel keeps <name>/app.tar.gz-0.params beside it.
        layers = self.root / "a/bin/pkg/layers"
        layers.mkdir(parents=True)
        (layers / "app.tar.gz").write_text("tar")
        (layers / "app.tar.gz-0.params").write_text("--flags")
        files = [{"name": "pkg/layers/app.tar.gz", "pathPrefix": ["bazel-out", "k8", "bin"],
                  "uri": f"file://{layers}/app.tar.gz"}]
        bep = self.root / "layers.json"
        bep.write_text(json.dumps({"id": {"targetCompleted": {"label": "//pkg:layers"}}}) + "\n" +
                       json.dumps({"namedSetOfFiles": {"files": files}}) + "\n")
        self.assertEqual(compare.outputs_from_bep(bep), {"bazel-out/k8/bin/pkg/layers/app.tar.gz": layers / "app.tar.gz"})

    def test_image_digests(self) -> None:
        layout = self.root / "a/bin/pkg/image"
        layout.mkdir(parents=True)
        (layout / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}')
        (layout / "index.json").write_text(json.dumps({"manifests": [{"digest": "sha256:ab"}]}))
        self.assertEqual(compare.image_digests({"k": layout}), {"k/index.json": ["sha256:ab"]})

    def test_main_exit_codes(self) -> None:
        key = "bazel-out/k8-fastbuild/bin/pkg/six"
        a = _bep(self.root / "a.json", {key: self.root / "a/bin/pkg/six"})
        b = _bep(self.root / "b.json", {key: self.root / "b/bin/pkg/six"})
        pairs = self.root / "pairs.tsv"
        self.assertEqual(compare.main(["--a", str(a), "--b", str(b), "--pairs", str(pairs)]), 0)
        (self.root / "b/bin/pkg/six/site-packages/six.py").write_text("changed\n")
        self.assertEqual(compare.main(["--a", str(a), "--b", str(b), "--pairs", str(pairs)]), 1)
        self.assertEqual(len(pairs.read_text().splitlines()), 1)


if __name__ == "__main__":
    unittest.main()
