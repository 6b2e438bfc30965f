"""moto's server, with narrow fixes for the calls the rendered stack makes.

Run as `python tests/moto_extended.py -H 127.0.0.1 -p PORT`. Each fix below
makes moto behave as AWS does for one call; none changes what sagegen
renders. docs/e2e.md lists them with the evidence.
"""

from __future__ import annotations

import inspect
import sys


def fix_rds_adjacent_windows() -> None:
    """AWS accepts a backup window that ends when the maintenance window starts
    (03:00-04:00 and mon:04:00-mon:05:00, the document's values); moto counts
    0 s of overlap as overlapping."""
    from moto.rds import utils

    overlap = utils.get_overlap_between_two_date_ranges
    utils.get_overlap_between_two_date_ranges = lambda *args: overlap(*args) - 1


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


def fix_application_autoscaling_tags() -> None:
    """AWS tags scalable targets (RegisterScalableTarget's Tags, TagResource,
    ListTagsForResource); moto drops the tags and answers ListTagsForResource
    with a 500, which the provider calls after every create."""
    import json

    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    register = ApplicationAutoScalingResponse.register_scalable_target

    def tags_of(response) -> dict:
        backend = response.applicationautoscaling_backend
        if not hasattr(backend, "sagegen_tags"):
            backend.sagegen_tags = {}
        return backend.sagegen_tags

    def register_scalable_target(self):
        body = register(self)
        arn = json.loads(body)["ScalableTargetARN"]
        tags_of(self).setdefault(arn, {}).update(self._get_param("Tags") or {})
        return body

    def list_tags_for_resource(self):
        return json.dumps({"Tags": tags_of(self).get(self._get_param("ResourceARN"), {})})

    def tag_resource(self):
        tags_of(self).setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
        return json.dumps({})

    def untag_resource(self):
        tags = tags_of(self).get(self._get_param("ResourceARN"), {})
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return json.dumps({})

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource


def fix_cloudfront_origin_access_control_and_certificate() -> None:
    """AWS keeps an origin's OriginAccessControlId and, given an ACM certificate,
    reports CloudFrontDefaultCertificate false; moto drops the first and
    always reports true, so every plan would rewrite the distribution."""
    from moto.cloudfront import models

    origin_init = models.Origin.__init__
    certificate_init = models.ViewerCertificate.__init__

    def origin(self, config):
        origin_init(self, config)
        self.origin_access_control_id = config.get("OriginAccessControlId") or ""

    def certificate(self, config):
        certificate_init(self, config)
        if self.acm_certificate_arn or self.iam_certificate_id:
            self.cloud_front_default_certificate = False

    models.Origin.__init__ = origin
    models.ViewerCertificate.__init__ = certificate


# What AWS answers for a service created without these (ECS API Reference, CreateService).
ECS_DEPLOYMENT_DEFAULTS = {
    "maximumPercent": 200,
    "minimumHealthyPercent": 100,
    "deploymentCircuitBreaker": {"enable": False, "rollback": False},
}


def fix_ecs_availability_zone_rebalancing() -> None:
    """AWS returns a service's availabilityZoneRebalancing, deploymentConfiguration (the circuit breaker)
    and healthCheckGracePeriodSeconds as created; moto drops all three (UpdateService keeps what it is given)."""
    from moto.ecs.responses import EC2ContainerServiceResponse

    create = EC2ContainerServiceResponse.create_service

    def create_service(self):
        result = create(self)
        services, _ = self.ecs_backend.describe_services(
            self._get_param("cluster", "default"), [self._get_param("serviceName")]
        )
        for service in services:
            service.availability_zone_rebalancing = self._get_param("availabilityZoneRebalancing") or "DISABLED"
            service.deployment_configuration = {
                **ECS_DEPLOYMENT_DEFAULTS,
                **(self._get_param("deploymentConfiguration") or {}),
            }
            service.health_check_grace_period_seconds = self._get_param("healthCheckGracePeriodSeconds") or 0
        return result

    update = EC2ContainerServiceResponse.update_service

    def update_service(self):
        # UpdateService changes only the deployment settings it is given; moto replaced the whole set.
        services, _ = self.ecs_backend.describe_services(
            self._get_param("cluster", "default"), [self._get_param("service")]
        )
        before = {
            s.name: dict(getattr(s, "deployment_configuration", None) or ECS_DEPLOYMENT_DEFAULTS) for s in services
        }
        result = update(self)
        given = self._get_param("deploymentConfiguration")
        for service in services:
            if given is not None:
                service.deployment_configuration = {**before[service.name], **given}
        return result

    EC2ContainerServiceResponse.create_service = create_service
    EC2ContainerServiceResponse.update_service = update_service


def fix_flow_log_s3_folder() -> None:
    """AWS accepts a folder in a flow log's S3 destination (arn:aws:s3:::bucket/folder/);
    moto looks the whole path up as a bucket name and reports it missing."""
    from moto.ec2.models.flow_logs import FlowLogsBackend

    create = FlowLogsBackend.create_flow_logs

    def create_flow_logs(
        self,
        resource_type,
        resource_ids,
        traffic_type,
        deliver_logs_permission_arn,
        log_destination_type,
        log_destination,
        *args,
        **kwargs,
    ):
        bucket_only = log_destination
        if log_destination_type == "s3" and log_destination and "/" in log_destination.split(":::", 1)[-1]:
            bucket_only = log_destination.split("/", 1)[0]
        flow_logs, unsuccessful = create(
            self,
            resource_type,
            resource_ids,
            traffic_type,
            deliver_logs_permission_arn,
            log_destination_type,
            bucket_only,
            *args,
            **kwargs,
        )
        for flow_log in flow_logs:
            flow_log.log_destination = log_destination
        return flow_logs, unsuccessful

    FlowLogsBackend.create_flow_logs = create_flow_logs


def fix_security_group_rule_references() -> None:
    """AWS returns the description of a rule that references another group, and that
    group in ReferencedGroupInfo; moto keeps the description only for CIDR rules."""
    from moto.ec2.models.security_groups import SecurityGroupRule

    SecurityGroupRule.description = property(
        lambda self: self.ip_range.get("Description") or self.source_group.get("Description")
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


def fix_rds_resource_ids() -> None:
    """AWS gives every DB instance its own DbiResourceId; moto gives all of them one constant,
    so the provider's lookup by resource id finds two instances once a read replica exists."""
    import base64
    import hashlib

    from moto.rds.models import RDSBackend

    def unique(database):
        digest = hashlib.sha256(database.db_instance_identifier.encode()).digest()
        database.dbi_resource_id = "db-" + base64.b32encode(digest).decode()[:26]
        return database

    create, replicate = RDSBackend.create_db_instance, RDSBackend.create_db_instance_read_replica
    RDSBackend.create_db_instance = lambda self, db_kwargs: unique(create(self, db_kwargs))
    RDSBackend.create_db_instance_read_replica = lambda self, db_kwargs: unique(replicate(self, db_kwargs))


FIXES = (
    fix_rds_resource_ids,
    fix_security_group_rule_references,
    fix_rds_performance_insights_and_parameters,
    fix_rds_adjacent_windows,
    fix_elasticache_replication_group_members,
    fix_application_autoscaling_tags,
    fix_cloudfront_origin_access_control_and_certificate,
    fix_ecs_availability_zone_rebalancing,
    fix_flow_log_s3_folder,
)


def main() -> None:
    for fix in FIXES:
        fix()
    from moto.server import main as server_main

    server_main(sys.argv[1:])


if __name__ == "__main__":
    main()
