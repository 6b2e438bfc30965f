"""The files a clone of this repository has: tracked, or new and not ignored (nothing else of the
working tree: no virtualenv, no .terraform, no caches). Shared by the CI-workflow test and the
planted-defect benchmark, which both need a clean copy of the tree as it stands."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def copy_as_cloned(root: Path, destination: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = root / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination
