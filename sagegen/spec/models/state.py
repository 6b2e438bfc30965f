"""Where Terraform keeps each root module's state: an S3 backend with S3's own lock file."""

from __future__ import annotations

from pydantic import Field

from .base import BucketName, Model, Name


class State(Model):
    """Remote state for a team: one S3 object per root module, encrypted, locked with a lock file (Terraform 1.10+).

    The key names no phase: moving to the next phase changes the stack in place, under the same state.
    Each secondary region keeps its state in a bucket of its own region (`secondary_regions[].state_bucket`),
    so an outage of the primary region never blocks Terraform in another.
    """

    bucket: BucketName = Field(description="Existing S3 bucket for the state (create it once; see the README).")
    region: str | None = Field(
        None,
        pattern=r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$",
        description="Region of the state bucket (default: the stack's region).",
    )
    key_prefix: Name | None = Field(
        None,
        description="First part of each state key, `<key_prefix>/terraform.tfstate` "
        "(`<key_prefix>/<region>/terraform.tfstate` in a secondary region; default: the project).",
    )

    def key(self, project: str, secondary_region: str | None = None) -> str:
        """The state object of one root module: the primary region's, or a secondary region's."""
        parts = [self.key_prefix or project, *([secondary_region] if secondary_region else [])]
        return "/".join([*parts, "terraform.tfstate"])
