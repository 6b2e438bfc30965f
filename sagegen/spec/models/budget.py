"""A ceiling on the stack's monthly estimate, which `check` and `impact` hold a change to."""

from __future__ import annotations

from pydantic import Field

from .base import Model


class Budget(Model):
    """The most the stack may cost a month, as `sagegen cost` estimates it (on-demand list prices of
    sagegen/data/prices.yaml, the document's usage, every region of the phase)."""

    monthly: float = Field(
        gt=0,
        le=10_000_000,
        description="US dollars a month. `sagegen check` fails when the live phase's estimate is above it, "
        "and `sagegen impact` when a change would take the estimate above it (naming what costs more).",
        examples=[400],
    )
