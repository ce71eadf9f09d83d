"""Fails while docs/*.md differ from what the docstrings generate."""

import difflib
import pathlib
import unittest

HERE = pathlib.Path(__file__).parent


class DocsTest(unittest.TestCase):
    def test_docs_are_up_to_date(self) -> None:
        generated = sorted(HERE.glob("*.md.generated"))
        self.assertTrue(generated, "no generated docs in runfiles")
        for path in generated:
            checked_in = HERE / path.name.removesuffix(".generated")
            want = path.read_text().splitlines(keepends=True)
            have = checked_in.read_text().splitlines(keepends=True)
            diff = "".join(difflib.unified_diff(have, want, str(checked_in.name), "generated"))
            self.assertFalse(diff, f"docs/{checked_in.name} is stale; run `bazel run //docs:update`\n{diff}")


if __name__ == "__main__":
    unittest.main()
