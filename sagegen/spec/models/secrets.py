"""Application secrets kept in Secrets Manager and handed to the container."""

from __future__ import annotations

from pydantic import Field, field_validator

from .base import Model
from .service import RESERVED_ENV


class Secret(Model):
    """One secret: its value comes from a sensitive Terraform variable, never from the spec."""

    env: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="Environment variable the container sees.")
    name: str = Field(pattern=r"^[A-Za-z0-9/_+=.@-]+$", description="Secrets Manager name, after `<project>/`.")

    @field_validator("env")
    @classmethod
    def _not_reserved(cls, env: str) -> str:
        if env in RESERVED_ENV:  # the task definition would set it twice
            raise ValueError(
                f"{env} is set by sagegen (from the database and cache); name the secret's variable otherwise"
            )
        return env
