"""Strict rules: what AWS refuses or answers differently where moto accepted, each guarding a production
failure an earlier render had (docs/aws-rules.md lists them with their sources and the tests that show
them failing on that render); and the drills a lane turns on by an environment knob.
e2e/moto_extended.py applies them.
"""

from __future__ import annotations

from moto_checked import relies_on
from moto_fixes_data import auth_tokens


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


@relies_on(
    "moto.rds.models:RDSBackend.create_db_instance_read_replica",
    "moto.rds.models:RDSBackend.find_db_from_id",
)
def rule_rds_cross_region_replica_needs_a_key_of_its_region() -> None:
    """AWS refuses an encrypted cross-region read replica without a KMS key of the destination region:
    "you must specify a KMS key identifier for the destination AWS Region. KMS keys are specific to the
    AWS Region that they are created in" (RDS API Reference, CreateDBInstanceReadReplica, KmsKeyId)."""
    from moto.rds.exceptions import InvalidParameterCombination
    from moto.rds.models import RDSBackend

    replicate = RDSBackend.create_db_instance_read_replica

    def create_db_instance_read_replica(self, db_kwargs):
        source_id = db_kwargs["source_db_instance_identifier"]
        source = self.find_db_from_id(source_id)
        key = str(db_kwargs.get("kms_key_id") or "")
        elsewhere = source_id.startswith("arn:") and source_id.split(":")[3] != self.region_name
        foreign = not key or (key.startswith("arn:") and key.split(":")[3] != self.region_name)
        if elsewhere and source.storage_encrypted and foreign:
            raise InvalidParameterCombination(
                f"An encrypted read replica in {self.region_name} of {source_id} needs a KMS key of "
                f"{self.region_name} (KmsKeyId), not {key or 'none'}"
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
        return group is not None and secret in auth_tokens(group)

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
    rule_rds_cross_region_replica_needs_a_key_of_its_region,
    rule_rds_rename_takes_effect_later,
    rule_elasticache_automatic_snapshots_go_with_their_group,
    rule_rds_replica_of_managed_password_source,
    rule_rds_creates_export_log_groups,
    rule_acm_pending_until_validation_record,
    rule_cloudfront_viewer_requests,
)


DRILLS = (drill_rds_first_create_fails,)
