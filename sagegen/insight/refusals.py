"""What AWS will refuse of a planned change, said before the apply that would fail half-way.

Terraform plans these changes without complaint; AWS refuses them during the apply, after some of the
plan has already been applied. Each refusal names the spec key, what AWS does and its public source, and
what to do instead. `sagegen impact` lists them and exits 1 (the same gate as data loss).
"""

from __future__ import annotations

from ..spec import registry as a
from ..spec.models import Spec


def _major(version: str) -> int:
    return int(version.split(".")[0])


def database_version(before: Spec, after: Spec) -> list[str]:
    old, new = _major(before.database.engine_version), _major(after.database.engine_version)
    if new < old:
        return [
            f"database.engine_version: RDS cannot move PostgreSQL {old} down to {new}: no downgrade exists "
            "(RDS User Guide, 'Upgrades of the RDS for PostgreSQL DB engine'); restore a snapshot into a new "
            "instance of the older version instead"
        ]
    if new > old and not after.database.allow_major_version_upgrade:
        return [
            f"database.engine_version: RDS refuses the move from PostgreSQL {old} to {new} unless "
            "AllowMajorVersionUpgrade is set (RDS API Reference, ModifyDBInstance); set "
            "database.allow_major_version_upgrade: true in the same change"
        ]
    return []


def vpc_move(changes, before: Spec) -> list[str]:
    """A new VPC under a running database and cache: Terraform plans new subnets and updates the subnet
    groups onto them; AWS refuses both halves."""
    moved = sorted({c.region or before.region for c in changes if c.address == str(a.VPC) and c.action.value in
                    ("replace", "destroy")})  # fmt: skip
    return [
        f"network.vpc_cidr ({region}): AWS refuses to delete a subnet while the database's, the cache's or "
        "the tasks' network interfaces are in it (EC2 API Reference, DeleteSubnet: DependencyViolation), and "
        "a DB subnet group's subnets must share one VPC (RDS API Reference, ModifyDBSubnetGroup: "
        "InvalidSubnet). A database moves to another VPC only through a new DB subnet group, single-AZ and "
        "without read replicas (RDS User Guide, 'Updating the VPC for a DB instance'); the cache only by "
        "being re-created from a backup. Keep the range, or build the new VPC beside this stack and move "
        "the data by the RUNBOOK's restore procedures"
        for region in moved
    ]


def region_move(before: Spec, after: Spec) -> list[str]:
    """The buckets stay where they are (their names are global): a load balancer created in the new region
    cannot write its access logs to the log bucket left in the old one."""
    if before.region == after.region or not after.edge.access_logs or after.logs.bucket_name != before.logs.bucket_name:
        return []
    return [
        f"region: the load balancer created in {after.region} logs to bucket {after.logs.bucket_name!r}, which "
        f"stays in {before.region}; ELB refuses a log bucket in another region (ELB User Guide, 'Access logs "
        "for your Application Load Balancer': the bucket must be in the load balancer's region). Give "
        "logs.bucket_name a new name with the move"
    ]


def refusals(before: Spec, after: Spec, changes) -> list[str]:
    """Each change of `changes` (impact's, from `before` to `after`) AWS would refuse, in words."""
    return database_version(before, after) + vpc_move(changes, before) + region_move(before, after)
