"""Choices a spec may make that are legal but risky in production: said as located warnings.

`validate` and `render` print them and keep their exit code; with `--strict` they are errors.
They concern the live phase, the stack that runs. Each says why it matters and what to change.
"""

from __future__ import annotations

import re

from ..errors import Problem
from .load import Stack

# A part of a bucket name only its owner is likely to have: an account ID, or 8+ characters of hex.
UNIQUE_PART = re.compile(r"(?<![0-9])\d{12}(?![0-9])|[0-9a-f]{8,}")


def risks(stack: Stack) -> list[Problem]:
    """Warnings about the live phase of `stack`, located in its spec file."""
    spec, located = stack.live_spec, stack.located[stack.live]
    found = []
    if not spec.alarms.email_endpoints:
        found.append(located.problem(
            ("alarms", "email_endpoints"),
            "no address: the alerts topic has no subscriber, so every alarm notifies nobody; add the on-call address",
        ))  # fmt: skip
    if not spec.database.multi_az:
        found.append(located.problem(
            ("database", "multi_az"),
            "false: the database runs in one availability zone, and an outage of that zone stops it until a "
            "restore (the recovery objectives in RUNBOOK.md); set it true before production depends on it",
        ))  # fmt: skip
    if spec.secondary_regions and not spec.dns:
        regions = ", ".join(r.region for r in spec.secondary_regions)
        found.append(located.problem(
            ("secondary_regions",),
            f"no dns.zone: nothing routes users to {regions}. At your DNS provider, give {spec.edge.domain_name} "
            "one latency record per region, each an alias of that region's load balancer (`terraform output "
            "alb_dns_name` of its root module) with its health evaluated; or set dns.zone and sagegen makes them",
        ))  # fmt: skip
    buckets = [("logs", "bucket_name", spec.logs.bucket_name)]
    if spec.frontend:
        buckets.append(("frontend", "bucket_name", spec.frontend.bucket_name))
    for section, key, name in buckets:
        if not UNIQUE_PART.search(name):
            found.append(located.problem(
                (section, key),
                f"{name!r} has no part unique to your account: S3 bucket names are global, and if another account "
                "owns it the first apply fails; add e.g. your account ID",
            ))  # fmt: skip
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0))
