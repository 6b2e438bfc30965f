"""Files of the user's own inside the output directory, which `sagegen check` accepts."""

from __future__ import annotations

from pydantic import Field, field_validator

from .base import Model

# What a path below the output directory may be: relative, '/'-separated, no empty, '.' or '..' part.
MAX_PATTERN_LENGTH = 200


class UserFile(Model):
    """A file sagegen does not write but may find in a root module: an override, a tfvars file."""

    path: str = Field(
        max_length=MAX_PATTERN_LENGTH,
        description="Its path below the output directory, e.g. `terraform/backend_override.tf`; `*` matches "
        "within one name (`terraform/*_override.tf`). `sagegen check` fails on any other file it does not own "
        "in a root module: a gate that cannot see an override file is not a gate.",
        examples=["terraform/backend_override.tf"],
    )
    reason: str = Field(
        min_length=3,
        max_length=300,
        description="Why the file is there; `sagegen check` prints it beside the file, for review.",
        examples=["the state backend of our account"],
    )

    @field_validator("path")
    @classmethod
    def _relative(cls, path: str) -> str:
        parts = path.split("/")
        if path.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise ValueError("must be a relative path below the output directory, without '.' or '..' parts")
        if any(c in path for c in "?[]\\"):
            raise ValueError("only `*` is a wildcard here; name the file")
        return path
