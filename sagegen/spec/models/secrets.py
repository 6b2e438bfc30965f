"""Application secrets kept in Secrets Manager and handed to the container."""

from __future__ import annotations

from pydantic import Field, field_validator

from .base import Model
from .service import RESERVED_ENV


class Secret(Model):
    """One secret: its value comes from a sensitive Terraform variable, never from the spec."""

    env: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="Environment variable the container sees.")
    name: str = Field(pattern=r"^[A-Za-z0-9/_+=.@-]+$", description="Secrets Manager name, after `<project>/`.")
    version: int = Field(
        1,
        ge=1,
        le=2147483647,
        description="Raise by one to write the variable's current value to the secret. The value is "
        "write-only: Terraform keeps no copy in its state or plans to compare, so a new value reaches AWS "
        "only when this changes.",
    )

    @field_validator("env")
    @classmethod
    def _not_reserved(cls, env: str) -> str:
        if env in RESERVED_ENV:  # the task definition would set it twice
            raise ValueError(
                f"{env} is set by sagegen (from the database and cache); name the secret's variable otherwise"
            )
        return env
