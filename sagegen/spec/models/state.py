"""Where Terraform keeps each root module's state: an S3 backend with S3's own lock file."""

from __future__ import annotations

from pydantic import Field

from .base import BucketName, Model, Name


class State(Model):
    """Remote state for a team: one S3 object per phase, encrypted, locked with a lock file (Terraform 1.10+)."""

    bucket: BucketName = Field(description="Existing S3 bucket for the state (create it once; see the README).")
    region: str | None = Field(
        None,
        pattern=r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$",
        description="Region of the state bucket (default: the stack's region).",
    )
    key_prefix: Name | None = Field(
        None,
        description="First part of each state key, `<key_prefix>/<phase>/terraform.tfstate` "
        "(`<key_prefix>/<phase>/<region>/terraform.tfstate` in a secondary region; default: the project).",
    )

    def key(self, project: str, phase: str | None, secondary_region: str | None = None) -> str:
        """The state object of one root module: a phase's, in a secondary region `<phase>/<region>`."""
        parts = [
            self.key_prefix or project,
            *([phase] if phase else []),
            *([secondary_region] if secondary_region else []),
        ]
        return "/".join([*parts, "terraform.tfstate"])
