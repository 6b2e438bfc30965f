"""Recovery objectives: how much data may be lost (RPO) and how long a restore may take (RTO)."""

from __future__ import annotations

from pydantic import Field

from .base import Model


class Objective(Model):
    """One row of the document's backup table."""

    rpo_minutes: int = Field(
        ge=0, le=525_600, description="Recovery point objective: minutes of data a restore may lose."
    )
    rto_minutes: int = Field(ge=0, le=525_600, description="Recovery time objective: minutes a restore may take.")


class Recovery(Model):
    """The document's backup strategy as targets; the backups themselves are the database's, cache's and
    frontend's settings, and RUNBOOK.md (beside each phase's Terraform) says how to restore from them."""

    database: Objective = Field(
        default_factory=lambda: Objective(rpo_minutes=1440, rto_minutes=60),
        description="The document: daily backups, 7 days, RPO 24 h, RTO 1 h.",
    )
    cache: Objective = Field(
        default_factory=lambda: Objective(rpo_minutes=1440, rto_minutes=30),
        description="The document: daily snapshot, 5 days, RPO 24 h, RTO 30 min.",
    )
    frontend: Objective = Field(
        default_factory=lambda: Objective(rpo_minutes=0, rto_minutes=0),
        description="The document: S3 versioning, RPO and RTO immediate.",
    )
