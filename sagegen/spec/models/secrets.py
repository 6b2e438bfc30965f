"""Application secrets kept in Secrets Manager and handed to the container."""

from __future__ import annotations

from pydantic import Field

from .base import Model


class Secret(Model):
    """One secret: its value comes from a sensitive Terraform variable, never from the spec."""

    env: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="Environment variable the container sees.")
    name: str = Field(pattern=r"^[A-Za-z0-9/_+=.@-]+$", description="Secrets Manager name, after `<project>/`.")
