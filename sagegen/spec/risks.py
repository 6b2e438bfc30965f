"""Choices a spec may make that are legal but risky in production: said as located warnings.

`validate` and `render` print them and keep their exit code; with `--strict` they are errors.
They concern the live phase, the stack that runs. Each says why it matters and what to change, and
has a stable id (sagegen/spec/models/accepted.py): a spec accepts a warning by listing its id under
`accepted_risks` with a reason, and it is then reported as accepted instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import Problem
from .load import Stack
from .models import Spec
from .models.accepted import RISKS
from .yaml_reader import LocatedYaml

# A part of a bucket name only its owner is likely to have: an account ID, or 8+ characters of hex.
UNIQUE_PART = re.compile(r"(?<![0-9])\d{12}(?![0-9])|[0-9a-f]{8,}")
# Environments whose stack users depend on: deletion protection off there is a warning.
PRODUCTION = re.compile(r"^prod(uction)?(-|$)")
STALE = "stale-acceptance"  # the id of the warning about an acceptance that applies to no phase; not acceptable


@dataclass(frozen=True)
class Risk:
    id: str  # a key of RISKS
    problem: Problem


@dataclass(frozen=True)
class Risks:
    """The live phase's warnings, split by what the spec says of them."""

    warnings: list[Risk]  # each message ends with its id, `[id]`
    accepted: list[Risk]  # located at the accepted_risks entry, with the team's reason


def risks(stack: Stack) -> Risks:
    """Warnings about the live phase of `stack`, located in its spec file, less those it accepts."""
    spec, located = stack.live_spec, stack.located[stack.live]
    by_phase = {phase: _found(other, stack.located[phase]) for phase, other in stack.phases.items()}
    found = by_phase[stack.live]
    fired = {risk.id for risk in found}
    # An acceptance is stale when its warning fires in no phase: one for Scale may sit there from the MVP on.
    anywhere = {risk.id for risks_of_phase in by_phase.values() for risk in risks_of_phase}
    accepted = [
        Risk(risk_id, located.problem(("accepted_risks", risk_id), f"accepted: {reason}"))
        for risk_id, reason in spec.accepted_risks.items()
        if risk_id in fired
    ]
    warnings = [
        Risk(r.id, replace(r.problem, message=f"{r.problem.message} [{r.id}]"))
        for r in found
        if r.id not in spec.accepted_risks
    ]
    warnings += [
        Risk(
            STALE,
            located.problem(
                ("accepted_risks", risk_id),
                f"accepted, but it applies to no phase ({RISKS[risk_id]}); remove the entry [{STALE}]",
            ),
        )
        for risk_id in spec.accepted_risks
        if risk_id not in anywhere
    ]
    order = lambda r: (r.problem.line or 0, r.problem.column or 0)  # noqa: E731
    return Risks(sorted(warnings, key=order), sorted(accepted, key=order))


def _found(spec: Spec, located: LocatedYaml) -> list[Risk]:
    found = []

    def warn(risk_id: str, path: tuple, message: str) -> None:
        found.append(Risk(risk_id, located.problem(path, message)))

    if not spec.alarms.email_endpoints:
        warn("no-alarm-subscriber", ("alarms", "email_endpoints"),
             "no address: the alerts topic has no subscriber, so every alarm notifies nobody; add the on-call "
             "address")  # fmt: skip
    if not spec.database.multi_az:
        warn("single-az-database", ("database", "multi_az"),
             "false: the database runs in one availability zone, and an outage of that zone stops it until "
             "a restore (the recovery objectives in RUNBOOK.md); set it true before production depends on "
             "it")  # fmt: skip
    if spec.secondary_regions and not spec.dns:
        regions = ", ".join(r.region for r in spec.secondary_regions)
        warn("routing-not-managed", ("secondary_regions",),
             f"no dns.zone: nothing routes users to {regions}. At your DNS provider, give {spec.edge.domain_name} "
             "one latency record per region, each an alias of that region's load balancer (`terraform output "
             "alb_dns_name` of its root module) with its health evaluated; or set dns.zone and sagegen makes "
             "them")  # fmt: skip
    buckets = [("logs", spec.logs.bucket_name)]
    if spec.frontend:
        buckets.append(("frontend", spec.frontend.bucket_name))
    for section, name in buckets:
        if not UNIQUE_PART.search(name):
            warn(f"{section}-bucket-name-not-unique", (section, "bucket_name"),
                 f"{name!r} has no part unique to your account: S3 bucket names are global, and if another "
                 "account owns it the first apply fails; add e.g. your account ID")  # fmt: skip
    if PRODUCTION.match(spec.environment):
        _deletion_protection(spec, warn)
    return found


def _deletion_protection(spec, warn) -> None:
    """Deletion protection off where users depend on the stack: one `terraform destroy`, or a plan that
    replaces the resource, deletes it (RDS: DeletionProtection; ELB: deletion_protection.enabled)."""
    if not spec.database.deletion_protection:
        warn("database-deletion-protection-off", ("database", "deletion_protection"),
             f"false in environment {spec.environment!r}: a destroy or a replacing plan deletes the database "
             "without a stop; turn it on, and off only in the change that must delete it")  # fmt: skip
    if not spec.edge.deletion_protection:
        warn("load-balancer-deletion-protection-off", ("edge", "deletion_protection"),
             f"false in environment {spec.environment!r}: a destroy or a replacing plan deletes the load "
             "balancer, and its DNS name with it; turn it on")  # fmt: skip
