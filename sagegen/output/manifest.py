"""The ownership manifest: which files sagegen wrote, and what they held."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from .. import __version__
from ..errors import Problem, UserError

MANIFEST_NAME = ".sagegen-manifest.json"
# 2 records the phase and whether the output is a preview; 3 adds an unfinished render (`pending`), and is
# written only while one is: an older sagegen then refuses the manifest instead of misreading it.
FORMAT = 2
PENDING_FORMAT = 3
KNOWN_FORMATS = (1, 2, 3)
MAX_DEPTH = 32  # directories below the output directory; sagegen writes 4 at most
MAX_NAME_BYTES = 255  # a file name, as most file systems allow
MAX_PATH_BYTES = 1024
# Terraform's own files in a root module: sagegen never writes them, so a manifest never owns them.
TERRAFORM_OWN = (".terraform", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup")


def digest(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Manifest:
    spec_sha256: str
    files: dict[str, str]  # relative path -> sha256 of the content sagegen wrote
    version: str = __version__
    phase: str | None = None  # the phase rendered here
    preview: bool = False  # a phase other than the spec's live one (`render --phase`), never the live stack
    # A render that started and has not finished: path -> the digest it writes there (None: it deletes it).
    # While it is set, a file holding that content is sagegen's as surely as one holding `files`' content.
    pending: dict[str, str | None] = field(default_factory=dict)

    def owned(self, path: str) -> set[str]:
        """The digests of what sagegen may have left at `path` (empty: sagegen does not own it)."""
        return {d for d in (self.files.get(path), self.pending.get(path)) if d is not None}

    def paths(self) -> set[str]:
        return {p for p in [*self.files, *self.pending] if self.owned(p)}

    def dumps(self) -> str:
        body = {
            "format": PENDING_FORMAT if self.pending else FORMAT,
            "generator": "sagegen",
            "version": self.version,
            "spec_sha256": self.spec_sha256,
            "files": dict(sorted(self.files.items())),
            "phase": self.phase,
            "preview": self.preview,
        }
        if self.pending:
            body["pending"] = dict(sorted(self.pending.items()))
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
            pending = body.get("pending", {})
            if not isinstance(pending, dict) or not all(
                isinstance(k, str) and (v is None or (isinstance(v, str) and len(v) == 64)) for k, v in pending.items()
            ):
                raise ValueError("'pending' must map paths to sha256 digests or null")
            for path in [*files, *pending]:
                check_relative(path)
                if any(part in TERRAFORM_OWN for part in path.split("/")):
                    raise ValueError(f"{path!r} is Terraform's own file, never sagegen's")
            phase, preview = body.get("phase"), body.get("preview", False)
            if not (phase is None or isinstance(phase, str)) or not isinstance(preview, bool):
                raise ValueError("'phase' must be a name and 'preview' true or false")
            return cls(str(body["spec_sha256"]), files, str(body["version"]), phase, preview, pending)
        except RecursionError:  # JSON nested deeper than Python's parser goes
            raise UserError([Problem("corrupt manifest: nested too deeply", file=source)], hint=hint) from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UserError([Problem(f"corrupt manifest: {exc}", file=source)], hint=hint) from None


def check_relative(path: str) -> None:
    """A path sagegen reads from disk must be relative and normalised (raises ValueError)."""
    if not isinstance(path, str) or any(ord(c) < 0x20 or c == "\x7f" for c in path):
        raise ValueError(f"{path!r} is not a path")
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):  # an absolute path starts with an empty part
        raise ValueError(f"path {path!r} is not inside the output directory")
    if len(parts) > MAX_DEPTH or len(path.encode()) > MAX_PATH_BYTES:
        raise ValueError(f"path {path[:80]!r}... is deeper or longer than any sagegen writes")
    if any(len(p.encode()) > MAX_NAME_BYTES for p in parts):
        raise ValueError(f"path {path[:80]!r}... has a name longer than {MAX_NAME_BYTES} bytes")
