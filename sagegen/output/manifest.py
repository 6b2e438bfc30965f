"""The ownership manifest: which files sagegen wrote, and what they held."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from .. import __version__
from ..errors import Problem, UserError

MANIFEST_NAME = ".sagegen-manifest.json"
FORMAT = 2  # 2 records the phase and whether the output is a preview; 1 is still read
KNOWN_FORMATS = (1, 2)


def digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Manifest:
    spec_sha256: str
    files: dict[str, str]  # relative path -> sha256 of the content sagegen wrote
    version: str = __version__
    phase: str | None = None  # the phase rendered here
    preview: bool = False  # a phase other than the spec's live one (`render --phase`), never the live stack

    def dumps(self) -> str:
        body = {
            "format": FORMAT,
            "generator": "sagegen",
            "version": self.version,
            "spec_sha256": self.spec_sha256,
            "files": dict(sorted(self.files.items())),
            "phase": self.phase,
            "preview": self.preview,
        }
        return json.dumps(body, indent=2, sort_keys=True) + "\n"

    @classmethod
    def loads(cls, text: str, source: str) -> Manifest:
        hint = f"delete {source} and run `sagegen render --force` to take ownership of the output again"
        try:
            body = json.loads(text)
            if body.get("generator") != "sagegen" or body.get("format") not in KNOWN_FORMATS:
                raise ValueError("not a sagegen manifest of a known format")
            files = body["files"]
            if not isinstance(files, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and len(v) == 64 for k, v in files.items()
            ):
                raise ValueError("'files' must map paths to sha256 digests")
            for path in files:
                check_relative(path)
            phase, preview = body.get("phase"), body.get("preview", False)
            if not (phase is None or isinstance(phase, str)) or not isinstance(preview, bool):
                raise ValueError("'phase' must be a name and 'preview' true or false")
            return cls(str(body["spec_sha256"]), files, str(body["version"]), phase, preview)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UserError([Problem(f"corrupt manifest: {exc}", file=source)], hint=hint) from None


def check_relative(path: str) -> None:
    """A path sagegen reads from disk must be relative and normalised (raises ValueError)."""
    if not isinstance(path, str) or any(ord(c) < 0x20 or c == "\x7f" for c in path):
        raise ValueError(f"{path!r} is not a path")
    parts = path.split("/")
    if path.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"path {path!r} is not inside the output directory")
