"""Every file 0644 or 0755 and every mtime the build's epoch, whatever the umask or the zip said."""

from __future__ import annotations

import os
import stat


def normalize_tree(root: str, epoch: int) -> None:
    """Normalizes modes and timestamps under `root`, `root` included.

    A file is executable (0755) when its owner could execute it; anything else is 0644.
    Directories are 0755. Only regular files and directories may exist in the tree.
    """
    for directory, dirnames, filenames in os.walk(root, topdown=False):
        for name in filenames:
            path = os.path.join(directory, name)
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode):
                raise ValueError(f"{path} is not a regular file")
            os.chmod(path, 0o755 if st.st_mode & stat.S_IXUSR else 0o644)
            os.utime(path, (epoch, epoch), follow_symlinks=False)
        for name in dirnames:
            path = os.path.join(directory, name)
            os.chmod(path, 0o755)
            os.utime(path, (epoch, epoch), follow_symlinks=False)
    os.chmod(root, 0o755)
    os.utime(root, (epoch, epoch))
