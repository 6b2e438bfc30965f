"""Where sagegen keeps what it can compute again: compiled templates and parsed HCL.

$SAGEGEN_CACHE_DIR (empty turns caching off), else $XDG_CACHE_HOME/sagegen/<version>,
else ~/.cache/sagegen/<version>. Every entry is keyed by the content it was made
from, so a stale entry is never served; any I/O failure means "compute it again".
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from . import __version__


def root() -> Path | None:
    configured = os.environ.get("SAGEGEN_CACHE_DIR")
    if configured == "":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "sagegen", __version__)


class ParsedFiles:
    """The flattened leaves of HCL texts parsed before, by the text's hash.

    `check` renders the same files run after run; parsing them back with
    python-hcl2 costs far more than rendering, so only changed files are parsed.
    """

    def __init__(self) -> None:
        base = root()
        self.directory = base / "parsed" if base else None
        self._salt = b""

    def _path(self, text: str) -> Path | None:
        if self.directory is None:
            return None
        if not self._salt:
            from importlib.metadata import version

            # A new python-hcl2 may read the same text into another shape.
            self._salt = f"{__version__}/python-hcl2 {version('python-hcl2')}\n".encode()
        return self.directory / (hashlib.sha256(self._salt + text.encode()).hexdigest() + ".pickle")

    def get(self, text: str) -> dict | None:
        path = self._path(text)
        if path is None:
            return None
        try:
            return pickle.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            return None

    def put(self, text: str, leaves: dict) -> None:
        path = self._path(text)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(leaves, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, path)  # readers see the whole entry or none
        except OSError:
            pass
