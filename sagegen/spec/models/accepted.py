"""Warnings a spec accepts: each warning of sagegen/spec/risks.py has a stable id, and a team that has
weighed it writes the id under `accepted_risks` with its reason. `validate` lists it as accepted; it is
no longer a warning, nor an error under --strict."""

from __future__ import annotations

import difflib
from typing import Annotated

from pydantic import AfterValidator, Field

# Every warning sagegen gives, by id: what it is about. The ids are part of the spec format: never reuse
# one for another warning.
RISKS = {
    "no-alarm-subscriber": "alarms.email_endpoints is empty: every alarm notifies nobody",
    "single-az-database": "database.multi_az is false: an outage of one zone stops the database",
    "routing-not-managed": "secondary regions without dns.zone: your DNS provider must route users",
    "logs-bucket-name-not-unique": "logs.bucket_name has no part unique to your account",
    "frontend-bucket-name-not-unique": "frontend.bucket_name has no part unique to your account",
    "database-deletion-protection-off": "database.deletion_protection is false in a production environment",
    "load-balancer-deletion-protection-off": "edge.deletion_protection is false in a production environment",
}


def known_risk(value: str) -> str:
    if value not in RISKS:
        close = difflib.get_close_matches(value, sorted(RISKS))  # best first
        hint = f"did you mean {close[0]}? " if close else ""
        raise ValueError(f"{value!r} is not the id of a sagegen warning; {hint}(ids: {', '.join(sorted(RISKS))})")
    return value


RiskId = Annotated[str, AfterValidator(known_risk)]
Reason = Annotated[
    str,
    Field(
        min_length=3,
        max_length=500,
        pattern=r"\S",
        description="Why the team accepts this risk, for the reviewer of the spec.",
    ),
]
