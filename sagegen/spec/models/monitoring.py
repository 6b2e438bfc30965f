"""Application monitoring: Sentry, as the document configures it."""

from __future__ import annotations

from pydantic import Field

from .base import Model


class Monitoring(Model):
    """Sentry error and performance monitoring (the document: 10% of transactions traced)."""

    sentry_dsn_secret: str | None = Field(
        "sentry_dsn",
        description="Label (under `secrets`) of the secret holding the Sentry DSN; the container "
        "gets it as that secret's env var. null: no Sentry.",
    )
    sentry_traces_sample_rate: float = Field(
        0.1,
        ge=0,
        le=1,
        description="Share of transactions Sentry traces, given to the container as "
        "SENTRY_TRACES_SAMPLE_RATE (the document: 0.1).",
    )
