"""Narrow fixes to moto's RDS and ElastiCache for the calls the rendered stack makes: each makes moto answer
one call as AWS does. The other services' fixes are in e2e/moto_fixes.py, with the same rules: none
changes what sagegen renders; docs/e2e.md and e2e/UPSTREAM.md list them. e2e/moto_extended.py applies them.
"""

from __future__ import annotations

import inspect
import threading

from moto_checked import relies_on


@relies_on(
    "moto.rds.utils:get_overlap_between_two_date_ranges",
    "moto.rds.utils:valid_preferred_maintenance_window",
)
def fix_rds_adjacent_windows() -> None:
    """AWS accepts a backup window that ends when the maintenance window starts
    (03:00-04:00 and mon:04:00-mon:05:00, the document's values); moto counts
    0 s of overlap as overlapping."""
    from moto.rds import utils

    overlap = utils.get_overlap_between_two_date_ranges
    utils.get_overlap_between_two_date_ranges = lambda *args: overlap(*args) - 1


@relies_on(
    "moto.elasticache.models:ReplicationGroup._set_node_members_clusters_disabled",
    "moto.elasticache.models:ElastiCacheBackend.create_replication_group",
    "moto.elasticache.models:ElastiCacheBackend.create_cache_cluster",
    "moto.elasticache.models:ElastiCacheBackend.delete_replication_group",
    "moto.elasticache.responses:ElastiCacheResponse.delete_cache_subnet_group",
)
def fix_elasticache_replication_group_members() -> None:
    """AWS creates a replication group's member clusters (<id>-001, ...) and
    deletes them with it; moto only names them, so DescribeCacheClusters fails
    and deletion never finishes. DeleteCacheSubnetGroup is missing too."""
    from moto.core.responses import ActionResult
    from moto.elasticache.models import ElastiCacheBackend, ReplicationGroup
    from moto.elasticache.responses import ElastiCacheResponse

    # moto replaces NumCacheClusters by 1 unless ReplicasPerNodeGroup is given.
    set_members = ReplicationGroup._set_node_members_clusters_disabled

    def set_members_disabled(self, **kwargs):
        if not kwargs.get("replicas_per_node_group") and (kwargs.get("num_cache_clusters") or 1) > 1:
            kwargs["replicas_per_node_group"] = kwargs["num_cache_clusters"] - 1
        return set_members(self, **kwargs)

    ReplicationGroup._set_node_members_clusters_disabled = set_members_disabled
    create_group = ElastiCacheBackend.create_replication_group
    cluster_params = [p for p in inspect.signature(ElastiCacheBackend.create_cache_cluster).parameters if p != "self"]

    def create_replication_group(self, *args, **kwargs):
        group = create_group(self, *args, **kwargs)
        for cluster_id in group.member_clusters:
            if cluster_id in self.cache_clusters:
                continue
            params = dict.fromkeys(cluster_params)
            params.update(
                cache_cluster_id=cluster_id,
                replication_group_id=group.replication_group_id,
                num_cache_nodes=1,
                cache_node_type=kwargs.get("cache_node_type"),
                engine=kwargs.get("engine") or "redis",
                engine_version=kwargs.get("engine_version"),
                port=kwargs.get("port"),
                cache_subnet_group_name=kwargs.get("cache_subnet_group_name"),
                security_group_ids=kwargs.get("security_group_ids") or [],
                cache_security_group_names=[],
                preferred_availability_zones=[],
                preferred_outpost_arns=[],
                snapshot_arns=[],
                tags=[],
                log_delivery_configurations=[],
                cache_node_ids_to_remove=[],
                cache_node_ids_to_reboot=[],
                transit_encryption_enabled=kwargs.get("transit_encryption_enabled"),
                auth_token=kwargs.get("auth_token"),
                preferred_maintenance_window=kwargs.get("preferred_maintenance_window"),
                snapshot_window=kwargs.get("snapshot_window"),
                snapshot_retention_limit=kwargs.get("snapshot_retention_limit"),
            )
            cluster = self.create_cache_cluster(**params)
            # The provider reads these from the member clusters, in the shapes AWS returns.
            cluster.at_rest_encryption_enabled = bool(kwargs.get("at_rest_encryption_enabled"))
            cluster.security_groups = [
                {"SecurityGroupId": sg, "Status": "active"} for sg in kwargs.get("security_group_ids") or []
            ]
        return group

    def delete_replication_group(self, replication_group_id, retain_primary_cluster=None):
        group = self.describe_replication_groups(replication_group_id)[0]
        for cluster_id in group.member_clusters:
            self.cache_clusters.pop(cluster_id, None)
        group.status = "deleting"
        del self.replication_groups[replication_group_id]
        return group

    def delete_cache_subnet_group(self):
        name = self._get_param("CacheSubnetGroupName")
        self.elasticache_backend.describe_cache_subnet_groups(name)  # raises the AWS error if unknown
        del self.elasticache_backend.cache_subnet_groups[name]
        return ActionResult({})

    ElastiCacheBackend.create_replication_group = create_replication_group
    ElastiCacheBackend.delete_replication_group = delete_replication_group
    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group


@relies_on(
    "moto.elasticache.models:ReplicationGroup.__init__",
)
def fix_elasticache_endpoint_names() -> None:
    """AWS names a replication group's endpoints <kind>.<group id>.<xxxxxx>.<region>.cache.amazonaws.com,
    where xxxxxx belongs to the account and region, so a group re-created with the same id (RUNBOOK.md:
    restore the cache) keeps its endpoint and the tasks' REDIS_URL; moto draws a new xxxxxx each time."""
    from moto.elasticache import models

    class AccountPart:
        """Stands in for the `random` module where moto draws the part: the same one every time."""

        @staticmethod
        def choices(population, k: int = 1) -> list[str]:
            return list("k3v9qx"[:k])

    models.random = AccountPart()


@relies_on(
    "moto.rds.models:RDSBackend.create_db_instance",
    "moto.rds.models:DBInstance.__init__",
    "moto.rds.models:DBParameterGroup.update_parameters",
    "moto.rds.responses:RDSResponse.describe_db_parameters",
)
def fix_rds_performance_insights_and_parameters() -> None:
    """AWS keeps an instance's Performance Insights settings and answers
    DescribeDBParameters(Source=user) with the parameters set on the group; moto
    drops the former and returns parameters without their Source."""
    from moto.core.responses import ActionResult
    from moto.rds.exceptions import DBParameterGroupNotFoundError
    from moto.rds.models import DBParameterGroup, RDSBackend
    from moto.rds.responses import RDSResponse

    create = RDSBackend.create_db_instance

    def create_db_instance(self, db_kwargs):
        database = create(self, db_kwargs)
        database.performance_insights_enabled = bool(db_kwargs.get("enable_performance_insights"))
        if database.performance_insights_enabled:
            database.performance_insights_retention_period = db_kwargs.get("performance_insights_retention_period") or 7
        return database

    update = DBParameterGroup.update_parameters

    def update_parameters(self, new_parameters):
        update(self, [dict(p, Source="user") for p in new_parameters])

    def describe_db_parameters(self):
        name = self.params.get("DBParameterGroupName")
        groups = self.backend.describe_db_parameter_groups({"db_parameter_group_name": name})
        if not groups:
            raise DBParameterGroupNotFoundError(name)
        source = self.params.get("Source")
        parameters = [p for p in groups[0].parameters.values() if source is None or p.get("Source") == source]
        return ActionResult({"Parameters": parameters})

    RDSBackend.create_db_instance = create_db_instance
    DBParameterGroup.update_parameters = update_parameters
    RDSResponse.describe_db_parameters = describe_db_parameters


@relies_on(
    "moto.rds.models:RDSBackend.create_db_instance",
    "moto.rds.models:RDSBackend.create_db_instance_read_replica",
    "moto.rds.models:RDSBackend.restore_db_instance_from_db_snapshot",
    "moto.rds.models:RDSBackend.restore_db_instance_to_point_in_time",
)
def fix_rds_resource_ids() -> None:
    """AWS gives every DB instance its own DbiResourceId, kept through renames; moto gives all of them one
    constant, so the provider's lookup by resource id finds two instances once a replica (or a restored
    instance, RUNBOOK.md) exists beside the first."""
    import base64
    import os

    from moto.rds.models import RDSBackend

    def unique(database):
        database.dbi_resource_id = "db-" + base64.b32encode(os.urandom(20)).decode()[:26]
        return database

    create, replicate = RDSBackend.create_db_instance, RDSBackend.create_db_instance_read_replica
    from_snapshot = RDSBackend.restore_db_instance_from_db_snapshot
    to_point = RDSBackend.restore_db_instance_to_point_in_time
    RDSBackend.create_db_instance = lambda self, db_kwargs: unique(create(self, db_kwargs))
    RDSBackend.create_db_instance_read_replica = lambda self, db_kwargs: unique(replicate(self, db_kwargs))
    RDSBackend.restore_db_instance_from_db_snapshot = lambda self, *args: unique(from_snapshot(self, *args))
    RDSBackend.restore_db_instance_to_point_in_time = lambda self, *args: unique(to_point(self, *args))


@relies_on(
    "moto.rds.models:RDSBackend.restore_db_instance_to_point_in_time",
    "moto.rds.models:RDSBackend.restore_db_instance_from_db_snapshot",
    "moto.rds.models:RDSBackend.modify_db_instance",
    "moto.rds.models:DBInstance.__init__",
)
def fix_rds_restores_and_modifications() -> None:
    """A point-in-time restore makes a standalone instance on AWS; moto copies the source's request into
    it and reports it as a read replica of the source. Neither restore takes Performance Insights settings
    (RestoreDBInstanceToPointInTime and RestoreDBInstanceFromDBSnapshot have no such parameters, RDS API
    Reference): the restored instance starts without them, and the RUNBOOK's hand-over sets them with
    ModifyDBInstance. moto 5.2.6 copies the source's settings without the flag that enables them and
    refuses its own copy (InvalidParameterCombination); 5.2.5 dropped them. And AWS keeps Performance
    Insights as ModifyDBInstance sets it; moto drops the change."""
    from moto.rds.models import RDSBackend

    restoring = threading.local()
    create, modify = RDSBackend.create_db_instance, RDSBackend.modify_db_instance

    def create_db_instance(self, db_kwargs):
        if getattr(restoring, "active", False):
            db_kwargs = {k: v for k, v in db_kwargs.items() if not k.startswith(PERFORMANCE_INSIGHTS)}
        return create(self, db_kwargs)

    def restores(moto_restore, standalone: bool):
        def restore(self, *args):
            restoring.active = True
            try:
                database = moto_restore(self, *args)
            finally:
                restoring.active = False
            if standalone:
                database.source_db_instance_identifier = None
            return database

        return restore

    def modify_db_instance(self, db_instance_identifier, db_kwargs):
        enabled = db_kwargs.get("EnablePerformanceInsights")  # the request's own key (moto passes params as is)
        database = modify(self, db_instance_identifier, db_kwargs)
        if enabled is not None:
            on = str(enabled).lower() == "true"
            database.performance_insights_enabled = on
            retention = db_kwargs.get("PerformanceInsightsRetentionPeriod")
            database.performance_insights_retention_period = int(retention or 7) if on else None
        return database

    RDSBackend.create_db_instance = create_db_instance
    RDSBackend.restore_db_instance_to_point_in_time = restores(RDSBackend.restore_db_instance_to_point_in_time, True)
    RDSBackend.restore_db_instance_from_db_snapshot = restores(RDSBackend.restore_db_instance_from_db_snapshot, False)
    RDSBackend.modify_db_instance = modify_db_instance


# The instance attributes and request keys of Performance Insights, as moto names them.
PERFORMANCE_INSIGHTS = ("performance_insights_", "enable_performance_insights")


@relies_on(
    "moto.elasticache.responses:ElastiCacheResponse.copy_snapshot",
    "moto.elasticache.models:ElastiCacheBackend.describe_snapshots",
)
def fix_elasticache_copy_snapshot() -> None:
    """AWS copies a snapshot, automatic or manual, into a manual one (CopySnapshot; ElastiCache User Guide,
    "Copying backups"); moto does not implement the call."""
    import copy

    from moto.core.responses import ActionResult
    from moto.elasticache.exceptions import SnapshotAlreadyExists
    from moto.elasticache.responses import ElastiCacheResponse

    def copy_snapshot(self):
        backend = self.elasticache_backend
        (source,) = backend.describe_snapshots(snapshot_name=self._get_param("SourceSnapshotName"))
        target = self._get_param("TargetSnapshotName")
        if target in backend.snapshots:
            raise SnapshotAlreadyExists(target)
        made = copy.copy(source)
        made.snapshot_name, made.snapshot_source, made.snapshot_status = target, "manual", "available"
        made.arn = source.arn.rsplit(":", 1)[0] + ":" + target
        made.tags = list(source.tags)
        backend.snapshots[target] = made
        return ActionResult({"Snapshot": made})

    ElastiCacheResponse.copy_snapshot = copy_snapshot


def auth_tokens(group) -> list[str]:
    """The AUTH tokens a replication group accepts now (one, or two between ROTATE and SET)."""
    return group.__dict__.setdefault("_sagegen_tokens", [])


@relies_on(
    "moto.elasticache.responses:ElastiCacheResponse.modify_replication_group",
    "moto.elasticache.responses:ElastiCacheResponse.create_replication_group",
    "moto.elasticache.models:ElastiCacheBackend.create_replication_group",
    "moto.elasticache.models:ReplicationGroup.__init__",
)
def fix_elasticache_auth_token_updates() -> None:
    """ModifyReplicationGroup with AuthToken: ROTATE (the default) adds the token beside the one in use, both
    valid; SET, allowed only after ROTATE, leaves the given token alone (ModifyReplicationGroup API
    reference, AuthTokenUpdateStrategy). moto ignored both parameters, so a rotation could not be seen."""
    from moto.elasticache.exceptions import InvalidParameterCombinationException
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    create, modify = ElastiCacheBackend.create_replication_group, ElastiCacheResponse.modify_replication_group

    def create_replication_group(self, *args, **kwargs):
        group = create(self, *args, **kwargs)  # moto keeps only whether there is a token
        auth_tokens(group)[:] = [kwargs["auth_token"]] if kwargs.get("auth_token") else []
        return group

    def modify_replication_group(self):
        token, strategy = self._get_param("AuthToken"), self._get_param("AuthTokenUpdateStrategy") or "ROTATE"
        group_id = self._get_param("ReplicationGroupId")
        if token:
            group = self.elasticache_backend.replication_groups.get(group_id)
            accepted = auth_tokens(group) if group else []
            if strategy == "SET" and len(accepted) < 2:
                raise InvalidParameterCombinationException("The SET strategy is allowed only after ROTATE.")
        result = modify(self)
        if token:
            accepted[:] = [token] if strategy == "SET" else [*accepted[-1:], token]
        return result

    ElastiCacheBackend.create_replication_group = create_replication_group
    ElastiCacheResponse.modify_replication_group = modify_replication_group


@relies_on(
    "moto.rds.models:RDSBackend.promote_read_replica",
    "moto.rds.models:RDSBackend.create_db_instance_read_replica",
    "moto.rds.models:DBInstance.add_replica",
    "moto.rds.models:DBInstance.remove_replica",
)
def fix_rds_cross_region_replicas() -> None:
    """AWS detaches a promoted replica from its source: it has no ReadReplicaSourceDBInstanceIdentifier,
    and its source no longer lists it (RDS User Guide, "Promoting a read replica to be a standalone DB
    instance"; RDS API Reference, DBInstance). moto 5.2.6 keeps both links. moto also lists a
    cross-region replica on its source by ARN, then removes it by identifier when it is deleted,
    which fails (ValueError) and stops the replica's delete. And a replica is Multi-AZ only when the
    request asks, "independent of whether the source is" (RDS API Reference,
    CreateDBInstanceReadReplica, MultiAZ); moto copies the source's setting."""
    from moto.rds.models import DBInstance, RDSBackend

    promote, create_replica = RDSBackend.promote_read_replica, RDSBackend.create_db_instance_read_replica

    def create_db_instance_read_replica(self, db_kwargs):
        replica = create_replica(self, db_kwargs)
        replica.multi_az = str(db_kwargs.get("multi_az", False)).lower() == "true"
        return replica

    def promote_read_replica(self, db_kwargs):
        database = self.databases[db_kwargs["db_instance_identifier"]]
        source = database.source_db_instance_identifier if database.is_replica else None
        promoted = promote(self, db_kwargs)
        if source:
            self.find_db_from_id(source).remove_replica(promoted)
            promoted.source_db_instance_identifier = None
        return promoted

    def remove_replica(self, replica):
        for name in (replica.db_instance_arn, replica.db_instance_identifier):
            if name in self.replicas:
                self.replicas.remove(name)

    RDSBackend.promote_read_replica = promote_read_replica
    RDSBackend.create_db_instance_read_replica = create_db_instance_read_replica
    DBInstance.remove_replica = remove_replica


FIXES = (
    fix_rds_adjacent_windows,
    fix_elasticache_replication_group_members,
    fix_elasticache_endpoint_names,
    fix_rds_performance_insights_and_parameters,
    fix_rds_resource_ids,
    fix_rds_restores_and_modifications,
    fix_elasticache_copy_snapshot,
    fix_elasticache_auth_token_updates,
    fix_rds_cross_region_replicas,
)
