"""What a change does to a resource that holds data or serves traffic, in words, and when it takes effect.

Sources (AWS documentation): RDS "Modifying an Amazon RDS DB instance" and "Settings for DB instances"
(which settings wait for the maintenance window unless ApplyImmediately, and which cause an outage);
RDS "Multi-AZ DB instance deployments" (a failover takes 60-120 s); ElastiCache "Scaling node types for
Redis OSS (cluster mode disabled)" (online: writes pause briefly at the switch) and "Modifying an
ElastiCache cluster" (ApplyImmediately).
"""

from __future__ import annotations

from ..spec import registry as a
from ..spec.models import Spec

# Arguments RDS holds for the maintenance window unless apply_immediately (RDS User Guide, "Settings for DB
# instances": the ones marked "during the next maintenance window"), with what applying them does.
RDS_DEFERRED = {
    "engine_version": "PostgreSQL is upgraded: downtime of several minutes (both instances of a Multi-AZ pair)",
    "allocated_storage": "storage grows without downtime; it cannot change again for 6 hours",
    "storage_type": "storage is converted without downtime, with degraded performance until it completes",
    "multi_az": "a standby is created in a second zone without downtime; I/O latency rises while it syncs",
}
# A class change, by whether the instance is Multi-AZ when it is applied: RDS modifies the standby first and
# fails over to it, or restarts the one instance.
RDS_CLASS_CHANGE = {
    True: "the standby takes the new class first, then RDS fails over to it: 1-2 min of interruption",
    False: "the instance restarts in the new class: ~5-10 min of downtime (one zone, no standby to fail over to)",
}
# RDS applies a new master password at once, whatever ApplyImmediately says; ECS reads secrets at task start.
PASSWORD_CHANGE = (
    "password_wo_version: a new master password is written to the instance and its secret during the apply; "
    "running tasks keep their open connections but new ones fail until new tasks start: deploy right after "
    "(RUNBOOK.md: rotate the database password)"
)
# The provider sends a new AUTH token at once with the ROTATE strategy (elasticache.tf); ECS reads secrets
# at task start; SET is allowed only after ROTATE (ModifyReplicationGroup API reference).
TOKEN_ROTATION = (
    "a new Redis AUTH token is drawn into the secret and added to the cache beside the old one (ROTATE): "
    "running tasks keep working; deploy, then drop the old token (RUNBOOK.md: rotate the Redis AUTH token)"
)
# Turning deploy.create_oidc_provider off makes a data source look up the provider this stack created;
# the apply would still delete it, and every deploy role's trust names it (IAM User Guide, "Create an
# OpenID Connect (OIDC) identity provider in IAM").
OIDC_HANDOVER = (
    "the apply deletes GitHub's OIDC provider; if the stack now looks it up instead (deploy.create_oidc_provider: "
    f"false), every deploy fails after it: hand it over with `terraform state rm {a.github_oidc_provider(True)}` "
    "before the apply"
)
CACHE_DEFERRED = {
    "node_type": "nodes are replaced online: writes pause for a few seconds at the switch",
    "engine_version": "the engine is upgraded online, node by node, with a failover",
    "num_cache_clusters": "replicas are added or removed online",
}


def of(change, spec: Spec, running: Spec | None = None) -> list[str]:
    """Sentences about `change` (an impact Change) on the stack of `spec` (the side that has the resource);
    `running` is the stack as it runs now (the base), where it has the resource's region."""
    rtype = change.address.split(".")[0]
    if change.moved_from and change.loses_data:
        return [
            f"LOSES DATA: created empty in {spec.region}; the one in {change.moved_from} keeps running with its "
            "data, no longer managed (Terraform's refresh does not find it in the new region and drops it from "
            "the state)"
        ]
    if change.loses_data:
        return [_loss(change.address, rtype, spec, running)]
    if change.address == str(a.REDIS_AUTH_SECRET_VERSION) and change.action.value == "replace":
        return [TOKEN_ROTATION]
    if change.address == str(a.github_oidc_provider(created=True)) and change.action.value == "destroy":
        return [OIDC_HANDOVER]
    if change.action.value != "update in place":
        return []
    if rtype == a.DATABASE.type and not change.address.startswith(str(a.DATABASE_REPLICA)):
        if "password_wo_version" in change.arguments and set(change.arguments) <= {"password_wo_version"}:
            return [PASSWORD_CHANGE]
        password = [PASSWORD_CHANGE] if "password_wo_version" in change.arguments else []
        if "replicate_source_db" in change.arguments:  # its secret holds the writer's password already
            password = [PROMOTION] + [PROMOTED_PASSWORD] * bool(password)
        multi_az = (running or spec).database.multi_az and spec.database.multi_az
        effects = {**RDS_DEFERRED, "instance_class": RDS_CLASS_CHANGE[multi_az]}
        return password + _deferred(change, effects, spec.database.apply_immediately,
                                    spec.database.maintenance_window, "database.apply_immediately")  # fmt: skip
    if rtype == a.CACHE.type:
        return _deferred(change, CACHE_DEFERRED, spec.cache.apply_immediately, spec.cache.maintenance_window,
                         "cache.apply_immediately")  # fmt: skip
    if rtype == a.SERVICE.type and "desired_count" in change.arguments:
        return ["tasks start or stop; requests keep being served"]
    return []


# A writer cannot become a replica in place (the provider: "cannot elect new source database for
# replication"): its region's instance is replaced by a cross-region replica of the new writer (rds.tf).
DEMOTION = (
    "LOSES DATA: the writer of {old} is deleted and replaced by a cross-region read replica of {writer}'s "
    "instance. What it holds that {writer} never received (the writes after the last replication before the "
    "failover) is kept only in its final snapshot {snapshot}-<6 characters>. Deletion protection stops the "
    "delete: turn it off on this instance first (RUNBOOK.md: lose the primary region, when {old} returns)"
)
# Removing replicate_source_db makes the provider call PromoteReadReplica (asynchronous, no way back).
PROMOTION = (
    "replicate_source_db: the replica becomes a standalone writer (PromoteReadReplica), unless the RUNBOOK's "
    "failover promoted it already; it never replicates again"
)

PROMOTED_PASSWORD = (
    "password_wo_version: the password this region's secret holds, the writer's it copied, is set on the "
    "instance again: the same one, nothing changes for the tasks"
)


# "The database can't be deleted when deletion protection is enabled" (RDS API Reference,
# ModifyDBInstance, DeletionProtection), and a replacement deletes the instance the state holds, with
# the protection it has now: the apply stops at the delete.
PROTECTED = (
    "The apply stops at the delete while deletion protection is on (RDS refuses it): turn "
    "database.deletion_protection off in a change of its own, apply it, then apply this one"
)


def _loss(address: str, rtype: str, spec: Spec, running: Spec | None = None) -> str:
    if rtype == a.DATABASE.type and address == str(a.DATABASE) and spec.replicates_from:
        return DEMOTION.format(old=spec.region, writer=spec.replicates_from, snapshot=spec.names.db_final_snapshot)
    if rtype == a.DATABASE.type:
        snapshot = f"{spec.names.db_final_snapshot}-<6 characters>"
        said = (f"LOSES DATA: the database is deleted, its final snapshot {snapshot} kept, and a new, empty "
                "one is created; restore it from the snapshot")  # fmt: skip
        protected = (running or spec).database.deletion_protection
        return f"{said}. {PROTECTED}" if protected else said
    if rtype == a.CACHE.type:
        return "LOSES DATA: every key in the cache is gone; a new, empty cache is created"
    if rtype == a.FRONTEND_BUCKET.type:
        return "LOSES DATA: the bucket and every object (and version) in it are deleted"
    return "LOSES DATA: the secret's value is deleted with it; set the new one before the tasks restart"


def _deferred(change, effects: dict[str, str], immediately: bool, window: str, setting: str) -> list[str]:
    said = [f"{argument}: {effects[argument]}" for argument in change.arguments if argument in effects]
    if not said:
        return ["changes in place without interruption"] if change.arguments else []
    when = (f"takes effect during `terraform apply` ({setting} is true)" if immediately else
            f"takes effect in the next maintenance window ({window} UTC); until then every plan shows this change "
            f"again (set {setting} to apply at once)")  # fmt: skip
    return [*said, when]
