"""moto's server, with narrow fixes for the calls the rendered stack makes, and strict rules.

Run as `python e2e/moto_extended.py -H 127.0.0.1 -p PORT`. Each fix below
makes moto behave as AWS does for one call; none changes what sagegen
renders. docs/e2e.md lists them with the evidence.

The rules (`rule_*`) teach moto what AWS refuses or answers differently and moto
accepts: each guards a production failure an earlier render had. docs/aws-rules.md
lists them with their sources and the tests that show them failing on that render.

e2e/UPSTREAM.md holds each fix as an issue for moto, with the moto release that should carry it;
e2e/moto_checked.py names a fix whose moto code a release changed.
"""

from __future__ import annotations

import inspect
import sys
import threading

import moto_retries  # beside this file, which runs as a script
from moto_checked import MotoChanged, check, relies_on


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
    "moto.applicationautoscaling.responses:ApplicationAutoScalingResponse.register_scalable_target",
    "moto.applicationautoscaling.responses:ApplicationAutoScalingResponse.list_tags_for_resource",
    "moto.applicationautoscaling.responses:ApplicationAutoScalingResponse.tag_resource",
    "moto.applicationautoscaling.responses:ApplicationAutoScalingResponse.untag_resource",
)
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


@relies_on(
    "moto.cloudfront.models:Origin.__init__",
    "moto.cloudfront.models:ViewerCertificate.__init__",
)
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


@relies_on(
    "moto.ecs.responses:EC2ContainerServiceResponse.create_service",
    "moto.ecs.responses:EC2ContainerServiceResponse.update_service",
    "moto.ecs.models:EC2ContainerServiceBackend.describe_services",
)
def fix_ecs_availability_zone_rebalancing() -> None:
    """AWS returns a service's availabilityZoneRebalancing, deploymentConfiguration (the circuit breaker)
    and healthCheckGracePeriodSeconds as created; moto drops all three (UpdateService keeps what it is given),
    and keeps a task definition given as `family:revision` as text where AWS reports its ARN."""
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
            # AWS resolves a `family:revision` (RUNBOOK: roll back) to the revision's ARN; moto kept the text.
            if service.task_definition and not service.task_definition.startswith("arn:"):
                service.task_definition = self.ecs_backend.describe_task_definition(service.task_definition).arn
        return result

    EC2ContainerServiceResponse.create_service = create_service
    EC2ContainerServiceResponse.update_service = update_service


@relies_on(
    "moto.ec2.models.flow_logs:FlowLogsBackend.create_flow_logs",
)
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


@relies_on(
    "moto.ec2.models.security_groups:SecurityGroupRule.__init__",
    "moto.ec2.models.security_groups:SecurityGroupRule.description",
)
def fix_security_group_rule_references() -> None:
    """AWS returns the description of a rule that references another group, and that
    group in ReferencedGroupInfo; moto keeps the description only for CIDR rules."""
    from moto.ec2.models.security_groups import SecurityGroupRule

    SecurityGroupRule.description = property(
        lambda self: self.ip_range.get("Description") or self.source_group.get("Description")
    )


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
    "moto.rds.models:RDSBackend.create_db_instance_read_replica",
    "moto.rds.models:RDSBackend.find_db_from_id",
)
def rule_rds_replica_of_managed_password_source() -> None:
    """AWS refuses a read replica of an instance whose master password RDS manages in Secrets Manager
    (RDS User Guide, "Password management with Amazon RDS and AWS Secrets Manager", limitations)."""
    from moto.rds.exceptions import InvalidParameterValue
    from moto.rds.models import RDSBackend

    replicate = RDSBackend.create_db_instance_read_replica

    def create_db_instance_read_replica(self, db_kwargs):
        source = self.find_db_from_id(db_kwargs["source_db_instance_identifier"])
        if getattr(source, "manage_master_user_password", False):
            raise InvalidParameterValue(
                f"Creating read replicas for source instance {source.db_instance_identifier} where "
                "ManageMasterUserPassword is enabled is not supported."
            )
        return replicate(self, db_kwargs)

    RDSBackend.create_db_instance_read_replica = create_db_instance_read_replica


def _route53_names(account_id: str) -> set[str]:
    """Every record name of every hosted zone of the account, lowercase and without the final dot."""
    from moto.route53.models import route53_backends

    names = set()
    for zone in route53_backends[account_id]["aws"].zones.values():
        names |= {r.name.lower().rstrip(".") for r in zone.rrsets if r.type == "CNAME"}
    return names


@relies_on(
    "moto.acm.models:CertBundle.check",
    "moto.acm.models:CertBundle.describe",
)
def rule_acm_pending_until_validation_record() -> None:
    """AWS issues a DNS-validated certificate only once each domain's validation CNAME resolves (ACM User
    Guide, "DNS validation"); moto issues it after a fixed wait. Here the emulator's Route 53 stands in
    for the public DNS: a certificate stays PENDING_VALIDATION until every record is in a hosted zone."""
    from moto.acm.models import CertBundle

    def check(self) -> None:
        if self.type != "AMAZON_ISSUED" or self.status != "PENDING_VALIDATION":
            return
        wanted = {
            o["ResourceRecord"]["Name"].lower().rstrip(".")
            for o in self.describe()["Certificate"].get("DomainValidationOptions", [])
        }
        if wanted and wanted <= _route53_names(self.arn.split(":")[4]):
            self.status = "ISSUED"

    CertBundle.check = check


@relies_on(
    "moto.rds.models:RDSBackend.create_db_instance",
    "moto.rds.models:RDSBackend.create_db_instance_read_replica",
    "moto.rds.models:RDSBackend.restore_db_instance_from_db_snapshot",
    "moto.rds.models:RDSBackend.restore_db_instance_to_point_in_time",
    "moto.logs.models:LogsBackend.create_log_group",
)
def rule_rds_creates_export_log_groups() -> None:
    """RDS creates the log group of each log an instance exports (/aws/rds/instance/<id>/<log>), without
    a retention, and leaves it after the instance is gone (RDS User Guide, "Publishing database logs to
    Amazon CloudWatch Logs"); moto creates none, so a render that manages them never met the ones AWS made."""
    from moto.logs.models import logs_backends
    from moto.rds.models import RDSBackend

    def with_log_groups(create):
        def wrapper(self, *args, **kwargs):
            database = create(self, *args, **kwargs)
            logs = logs_backends[self.account_id][self.region_name]
            for export in database.enabled_cloudwatch_logs_exports or []:
                name = f"/aws/rds/instance/{database.db_instance_identifier}/{export}"
                if name not in logs.groups:
                    logs.create_log_group(name, tags={})
            return database

        return wrapper

    for method in (
        "create_db_instance",
        "create_db_instance_read_replica",
        "restore_db_instance_from_db_snapshot",
        "restore_db_instance_to_point_in_time",
    ):
        setattr(RDSBackend, method, with_log_groups(getattr(RDSBackend, method)))


CLOUDFRONT_VIEWER = "/_sagegen/cloudfront/"


def _bucket_policy_allows(bucket, action: str, distribution_arn: str) -> bool:
    """Whether the bucket policy allows the CloudFront service `action`, for this distribution."""
    import json

    policy = json.loads(bucket.policy) if bucket.policy else {"Statement": []}
    for statement in policy["Statement"]:
        principal = statement.get("Principal", {})
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        source = statement.get("Condition", {}).get("StringEquals", {}).get("AWS:SourceArn", distribution_arn)
        if (
            statement.get("Effect") == "Allow"
            and principal.get("Service") == "cloudfront.amazonaws.com"
            and (action in actions or "s3:*" in actions)
            and distribution_arn in ([source] if isinstance(source, str) else source)
        ):
            return True
    return False


def cloudfront_viewer_request(account_id: str, distribution_id: str, path: str) -> tuple[int, bytes]:
    """A viewer's GET through a distribution with an S3 origin behind origin access control, as CloudFront
    and S3 answer it: S3 says 404 for a missing key only if the policy lets CloudFront list the bucket, and
    403 otherwise (S3 API Reference, GetObject, "Permissions"); CloudFront then applies the distribution's
    custom error responses (CloudFront Developer Guide, "Generating custom error responses")."""
    from moto.cloudfront.models import cloudfront_backends
    from moto.s3.models import s3_backends

    distribution = cloudfront_backends[account_id]["aws"].distributions[distribution_id]
    config = distribution.distribution_config
    bucket_name = config.Origins["Items"][0].domain_name.split(".s3.")[0]
    bucket = s3_backends[account_id]["aws"].buckets[bucket_name]

    def origin_get(key: str) -> tuple[int, bytes]:
        if not _bucket_policy_allows(bucket, "s3:GetObject", distribution.arn):
            return 403, b"AccessDenied"
        found = bucket.keys.get(key)
        if found is not None:
            return 200, found.value
        return (
            (404, b"NoSuchKey")
            if _bucket_policy_allows(bucket, "s3:ListBucket", distribution.arn)
            else (
                403,
                b"<Error><Code>AccessDenied</Code></Error>",
            )
        )

    key = path.lstrip("/") or config.DefaultRootObject
    status, body = origin_get(key)
    if status >= 400:
        for response in config.CustomErrorResponses.get("Items", []) or []:
            if int(response["ErrorCode"]) == status and response.get("ResponsePagePath"):
                page_status, page = origin_get(response["ResponsePagePath"].lstrip("/"))
                return (int(response.get("ResponseCode") or page_status) if page_status == 200 else page_status), page
    return status, body


@relies_on(
    "moto.moto_server.werkzeug_app:DomainDispatcherApplication.__call__",
    "moto.cloudfront.models:DistributionConfig.__init__",
    "moto.s3.models:FakeBucket.__init__",
)
def rule_cloudfront_viewer_requests() -> None:
    """Serve `GET /_sagegen/cloudfront/<distribution id>/<path>` as a viewer of the distribution would be
    served (cloudfront_viewer_request): the emulator has no edge, so the test asks it this way."""
    import json

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    dispatch = DomainDispatcherApplication.__call__

    def call(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(CLOUDFRONT_VIEWER):
            return dispatch(self, environ, start_response)
        distribution_id, _, rest = path[len(CLOUDFRONT_VIEWER) :].partition("/")
        status, body = cloudfront_viewer_request(DEFAULT_ACCOUNT_ID, distribution_id, "/" + rest)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"status": status, "body": body.decode(errors="replace")}).encode()]

    DomainDispatcherApplication.__call__ = call


# Seconds until a rename takes effect here; "about 10 minutes" on AWS (RDS User Guide, "Renaming a DB
# instance"). Long enough that a command issued right after the rename meets the pending state.
RENAME_SECONDS = 3.0


@relies_on(
    "moto.rds.models:RDSBackend.modify_db_instance",
    "moto.rds.models:RDSBackend.describe_db_instances",
    "moto.rds.exceptions:DBInstanceAlreadyExists",
)
def rule_rds_rename_takes_effect_later() -> None:
    """AWS gives a renamed instance its new name minutes after ModifyDBInstance: until then the new name is
    not found (DBInstanceNotFound, which botocore's DBInstanceAvailable waiter takes for a failure) and the
    old one stays taken, so a second rename onto it is refused (RDS User Guide, "Renaming a DB instance").
    moto renamed at once, so a RUNBOOK that waited on the new name right away passed here."""
    import time

    from moto.rds.exceptions import DBInstanceAlreadyExists, DBInstanceNotFoundError
    from moto.rds.models import RDSBackend

    modify, describe = RDSBackend.modify_db_instance, RDSBackend.describe_db_instances

    def pending(self) -> dict:
        """{new name: (old name, when it takes effect)} of this backend, the ones in effect dropped."""
        renames = self.__dict__.setdefault("_sagegen_renames", {})
        for new, (_, at) in list(renames.items()):
            if time.monotonic() >= at:
                del renames[new]
                if new in self.databases:
                    self.databases[new].status = "available"
        return renames

    def modify_db_instance(self, db_instance_identifier, db_kwargs):
        renames, new = pending(self), db_kwargs.get("new_db_instance_identifier")
        if new and any(old == new for old, _ in renames.values()):
            raise DBInstanceAlreadyExists()  # the first rename still holds the name
        database = modify(self, db_instance_identifier, db_kwargs)
        if new:
            renames[new] = (db_instance_identifier, time.monotonic() + RENAME_SECONDS)
            database.status = "renaming"
        return database

    def describe_db_instances(self, db_instance_identifier=None, filters=None):
        if db_instance_identifier in pending(self):
            raise DBInstanceNotFoundError(db_instance_identifier)
        return describe(self, db_instance_identifier, filters)

    RDSBackend.modify_db_instance = modify_db_instance
    RDSBackend.describe_db_instances = describe_db_instances


# AWS names the snapshots it takes in a group's daily window `automatic.<cluster>-<date>`; the emulator
# takes none, so a snapshot created under such a name stands in for one (SnapshotSource "automated").
AUTOMATIC_SNAPSHOT = "automatic."


@relies_on(
    "moto.elasticache.models:ElastiCacheBackend.create_snapshot",
    "moto.elasticache.models:ElastiCacheBackend.delete_replication_group",
    "moto.elasticache.models:Snapshot.__init__",
    "moto.elasticache.models:ElastiCacheBackend.create_replication_group",
    "moto.elasticache.responses:ElastiCacheResponse.create_replication_group",
)
def rule_elasticache_automatic_snapshots_go_with_their_group() -> None:
    """AWS deletes a replication group's automatic snapshots with the group; manual ones (a copy
    included) outlive it (ElastiCache User Guide, "Deleting a backup"). moto kept every snapshot, so a
    restore that deleted the group before re-creating it from the daily snapshot passed here and lost
    both cache and backup on AWS."""
    from moto.elasticache.exceptions import SnapshotNotFound
    from moto.elasticache.models import ElastiCacheBackend

    create, delete = ElastiCacheBackend.create_snapshot, ElastiCacheBackend.delete_replication_group
    create_group = ElastiCacheBackend.create_replication_group

    def create_replication_group(self, *args, **kwargs):
        # AWS: SnapshotNotFoundFault when the snapshot to seed from is gone; moto seeded from nothing.
        if kwargs.get("snapshot_name") and kwargs["snapshot_name"] not in self.snapshots:
            raise SnapshotNotFound(kwargs["snapshot_name"])
        return create_group(self, *args, **kwargs)

    def create_snapshot(self, snapshot_name, *args, **kwargs):
        snapshot = create(self, snapshot_name, *args, **kwargs)
        if snapshot_name.startswith(AUTOMATIC_SNAPSHOT):
            snapshot.snapshot_source = "automated"
        return snapshot

    def delete_replication_group(self, replication_group_id, *args, **kwargs):
        group = delete(self, replication_group_id, *args, **kwargs)
        for name, snapshot in list(self.snapshots.items()):
            if snapshot.replication_group_id == replication_group_id and snapshot.snapshot_source == "automated":
                del self.snapshots[name]
        return group

    ElastiCacheBackend.create_snapshot = create_snapshot
    ElastiCacheBackend.delete_replication_group = delete_replication_group
    ElastiCacheBackend.create_replication_group = create_replication_group


CLIENT_LOGIN = "/_sagegen/login/"


@relies_on(
    "moto.moto_server.werkzeug_app:DomainDispatcherApplication.__call__",
    "moto.rds.models:DBInstance.update",
    "moto.rds.models:DBInstance.__init__",
    "moto.rds.models:DBInstance.master_user_password",
)
def rule_clients_log_in() -> None:
    """Answer `POST /_sagegen/login/<rds|elasticache>/<region>/<identifier>` (the body a password or token)
    with {"ok": ...}: would PostgreSQL or Redis let a client in with it, as the instance's master password
    and the group's AUTH tokens stand now. The emulator runs no engine, so the tests ask it this way what a
    task's connection would meet."""
    import json

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.elasticache.models import elasticache_backends
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication
    from moto.rds.models import rds_backends

    dispatch = DomainDispatcherApplication.__call__

    def accepted(service: str, region: str, identifier: str, secret: str) -> bool:
        if service == "rds":
            database = rds_backends[DEFAULT_ACCOUNT_ID][region].databases.get(identifier)
            # moto keeps the password it was given and refuses to read it back through its property
            return database is not None and database.__dict__.get("_master_user_password") == secret
        group = elasticache_backends[DEFAULT_ACCOUNT_ID][region].replication_groups.get(identifier)
        return group is not None and secret in _tokens(group)

    def call(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(CLIENT_LOGIN):
            return dispatch(self, environ, start_response)
        service, region, identifier = path[len(CLIENT_LOGIN) :].split("/", 2)
        size = int(environ.get("CONTENT_LENGTH") or 0)
        secret = environ["wsgi.input"].read(size).decode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"ok": accepted(service, region, identifier, secret)}).encode()]

    DomainDispatcherApplication.__call__ = call


# The environment knob of the password-split drill: the first CreateDBInstance of the server fails.
FAIL_FIRST_DB_CREATE = "SAGEGEN_DRILL_FAIL_FIRST_DB_CREATE"


@relies_on("moto.rds.models:RDSBackend.create_db_instance", "moto.rds.exceptions:RDSClientError")
def drill_rds_first_create_fails() -> None:
    """With SAGEGEN_DRILL_FAIL_FIRST_DB_CREATE set, refuse the first CreateDBInstance as AWS does when a zone
    has no capacity for the class (InsufficientDBInstanceCapacity, RDS API reference): an apply that
    fails half-way, after the password's secret version was written. Off unless the knob is set."""
    import os

    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import RDSBackend

    if not os.environ.get(FAIL_FIRST_DB_CREATE):
        return
    create, failed = RDSBackend.create_db_instance, []

    def create_db_instance(self, db_kwargs):
        if not failed:
            failed.append(db_kwargs.get("db_instance_identifier"))
            raise RDSClientError("InsufficientDBInstanceCapacity", "drill: no capacity for this class here")
        return create(self, db_kwargs)

    RDSBackend.create_db_instance = create_db_instance


RULES = (
    rule_clients_log_in,
    rule_rds_rename_takes_effect_later,
    rule_elasticache_automatic_snapshots_go_with_their_group,
    rule_rds_replica_of_managed_password_source,
    rule_rds_creates_export_log_groups,
    rule_acm_pending_until_validation_record,
    rule_cloudfront_viewer_requests,
)


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


TRANSITION_DEFAULT = "x-amz-transition-default-minimum-object-size"


@relies_on(
    "moto.s3.responses:S3Response._bucket_response_put",
    "moto.s3.responses:S3Response.get_bucket_lifecycle",
)
def fix_s3_lifecycle_transition_default() -> None:
    """AWS keeps a lifecycle configuration's transition_default_minimum_object_size (a request header of
    PutBucketLifecycleConfiguration, returned by the Get); moto always answers all_storage_classes_128K, so
    the provider waited 3 minutes for the value it had set and failed."""
    from moto.s3.responses import S3Response

    chosen: dict[str, str] = {}
    put, get = S3Response._bucket_response_put, S3Response.get_bucket_lifecycle

    def bucket_response_put(self, request, bucket_name, querystring):
        if "lifecycle" in querystring:
            chosen[bucket_name] = request.headers.get(TRANSITION_DEFAULT) or "all_storage_classes_128K"
            self.response_headers[TRANSITION_DEFAULT] = chosen[bucket_name]
        return put(self, request, bucket_name, querystring)

    def get_bucket_lifecycle(self):
        status, headers, body = get(self)
        headers = {**headers, TRANSITION_DEFAULT: chosen.get(self.bucket_name, "all_storage_classes_128K")}
        return status, headers, body

    S3Response._bucket_response_put = bucket_response_put
    S3Response.get_bucket_lifecycle = get_bucket_lifecycle


@relies_on(
    "moto.s3.models:FakeBucket.get_permission",
    "moto.iam.access_control:IAMPolicy.is_action_permitted",
)
def fix_s3_policy_secure_transport() -> None:
    """AWS is reached over TLS, the emulator over plain HTTP: a bucket policy statement that denies
    requests without TLS (`Bool aws:SecureTransport false`) matches no request of the provider or the CLI
    on AWS, while moto, which ignores conditions, let it deny every object operation."""
    import json

    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    def insecure_only(statement: dict) -> bool:
        return str(statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport", "")).lower() == "false"

    def get_permission(self, action, resource):
        if self.policy is None:
            return PermissionResult.NEUTRAL
        policy = json.loads(self.policy)
        policy["Statement"] = [s for s in policy.get("Statement", []) if not insecure_only(s)]
        return IAMPolicy(json.dumps(policy)).is_action_permitted(action, resource)

    FakeBucket.get_permission = get_permission


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


def _tokens(group) -> list[str]:
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
        _tokens(group)[:] = [kwargs["auth_token"]] if kwargs.get("auth_token") else []
        return group

    def modify_replication_group(self):
        token, strategy = self._get_param("AuthToken"), self._get_param("AuthTokenUpdateStrategy") or "ROTATE"
        group_id = self._get_param("ReplicationGroupId")
        if token:
            group = self.elasticache_backend.replication_groups.get(group_id)
            accepted = _tokens(group) if group else []
            if strategy == "SET" and len(accepted) < 2:
                raise InvalidParameterCombinationException("The SET strategy is allowed only after ROTATE.")
        result = modify(self)
        if token:
            accepted[:] = [token] if strategy == "SET" else [*accepted[-1:], token]
        return result

    ElastiCacheBackend.create_replication_group = create_replication_group
    ElastiCacheResponse.modify_replication_group = modify_replication_group


FIXES = (
    fix_elasticache_auth_token_updates,
    fix_elasticache_copy_snapshot,
    fix_rds_resource_ids,
    fix_security_group_rule_references,
    fix_rds_performance_insights_and_parameters,
    fix_rds_adjacent_windows,
    fix_elasticache_replication_group_members,
    fix_elasticache_endpoint_names,
    fix_application_autoscaling_tags,
    fix_cloudfront_origin_access_control_and_certificate,
    fix_ecs_availability_zone_rebalancing,
    fix_flow_log_s3_folder,
    fix_rds_restores_and_modifications,
    fix_s3_lifecycle_transition_default,
    fix_s3_policy_secure_transport,
)


DRILLS = (drill_rds_first_create_fails,)

# Every patch into moto, in the order applied: the retry replay last, outermost, so a retried call is
# answered before any rule sees it again.
PATCHES = (*FIXES, *RULES, *DRILLS, moto_retries.install)


def main() -> None:
    try:
        check(PATCHES)  # before any patch: each must meet the moto code it was checked against
    except MotoChanged as refused:
        sys.exit(f"moto_extended: {refused}")
    for patch in PATCHES:
        patch()
    from moto.server import main as server_main

    server_main(sys.argv[1:])


if __name__ == "__main__":
    main()
