"""Writes the generated reference into docs/ of the workspace (`bazel run //docs:update`)."""

import os
import pathlib
import shutil

here = pathlib.Path(__file__).parent
target = pathlib.Path(os.environ["BUILD_WORKSPACE_DIRECTORY"]) / "docs"
for generated in sorted(here.glob("*.md.generated")):
    destination = target / generated.name.removesuffix(".generated")
    shutil.copyfile(generated, destination)
    destination.chmod(0o644)
    print(f"wrote {destination.relative_to(target.parent)}")
