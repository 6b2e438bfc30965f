"""The emulator's strict rules (e2e/moto_rules.py `rule_*`): each refuses or answers as AWS does
where moto did not, and each is shown failing on what an earlier render did. docs/aws-rules.md lists them.

The earlier render is e2e/fixtures/render-586e137 (sagegen at 586e137, as production ran it).
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.exceptions import ClientError, WaiterError
from cases import render_every_phase
from emulator import aws_client, logs_in, moto_server
from moto_extended import AUTOMATIC_SNAPSHOT, FAIL_FIRST_DB_CREATE
from support import SAGE_SPEC

OLD_RENDER = Path(__file__).parent / "fixtures" / "render-586e137" / "terraform"
REGION = "us-west-2"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with moto_server(tmp_path_factory.mktemp("moto") / "moto.log") as endpoint:
        yield endpoint


def client(url: str, service: str, region: str = REGION):
    return aws_client(url, service, region)


def db_instance(rds, name: str, **password) -> None:
    rds.create_db_instance(
        DBInstanceIdentifier=name,
        DBInstanceClass="db.t4g.micro",
        Engine="postgres",
        MasterUsername="sage_admin",
        AllocatedStorage=20,
        **password,
    )


def test_a_read_replica_of_a_managed_password_source_is_refused(url: str) -> None:
    """The old render gave RDS the password and Growth adds a replica: AWS refuses that replica."""
    assert "manage_master_user_password = true" in (OLD_RENDER / "rds.tf").read_text()
    rds = client(url, "rds")
    db_instance(rds, "old-render", ManageMasterUserPassword=True)
    with pytest.raises(ClientError) as refused:
        rds.create_db_instance_read_replica(
            DBInstanceIdentifier="old-render-replica-1", SourceDBInstanceIdentifier="old-render"
        )
    assert refused.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert "ManageMasterUserPassword" in refused.value.response["Error"]["Message"]

    # Today's render: a password Terraform writes (password_wo), so replicas are accepted.
    db_instance(rds, "today", MasterUserPassword="e2e-password-0123456789")
    rds.create_db_instance_read_replica(DBInstanceIdentifier="today-replica-1", SourceDBInstanceIdentifier="today")
    rendered = {path: text for path, text in render_every_phase(SAGE_SPEC).items() if path.endswith(".tf")}
    assert any(p.startswith("scale/") for p in rendered) and "count = 2" in rendered["scale/terraform/rds.tf"]
    for path, text in rendered.items():
        assert "manage_master_user_password" not in text, path
        assert "master_user_secret" not in text, path  # no task reads an RDS-managed secret


def certificate_status(acm, arn: str) -> str:
    return acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"]


def test_a_certificate_stays_pending_until_its_validation_record_exists(url: str) -> None:
    """The old render created no DNS record and its README named none: its first apply waited for a
    certificate nobody could validate."""
    assert "aws_route53_record" not in "".join(p.read_text() for p in OLD_RENDER.glob("*.tf"))
    acm, route53 = client(url, "acm"), client(url, "route53")
    arn = acm.request_certificate(DomainName="api.rules.example", ValidationMethod="DNS")["CertificateArn"]
    assert certificate_status(acm, arn) == "PENDING_VALIDATION"
    (option,) = acm.describe_certificate(CertificateArn=arn)["Certificate"]["DomainValidationOptions"]
    record = option["ResourceRecord"]
    zone = route53.create_hosted_zone(Name="rules.example", CallerReference="rules")["HostedZone"]["Id"]
    assert certificate_status(acm, arn) == "PENDING_VALIDATION"  # a zone is not a record
    route53.change_resource_record_sets(
        HostedZoneId=zone,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "UPSERT",
                    "ResourceRecordSet": {
                        "Name": record["Name"],
                        "Type": "CNAME",
                        "TTL": 300,
                        "ResourceRecords": [{"Value": record["Value"]}],
                    },
                }
            ]
        },
    )
    assert certificate_status(acm, arn) == "ISSUED"


def cloudfront_actions(s3_tf: str) -> list[str]:
    """The actions the rendered frontend bucket policy grants the CloudFront service."""
    policy = s3_tf[s3_tf.index('resource "aws_s3_bucket_policy" "frontend"') :]
    return sorted(set(re.findall(r'"(s3:(?:GetObject|ListBucket))"', policy.split("\n}\n")[0])))


def viewer_get(url: str, distribution_id: str, path: str) -> tuple[int, str]:
    with urllib.request.urlopen(f"{url}/_sagegen/cloudfront/{distribution_id}{path}", timeout=10) as response:
        answer = json.loads(response.read())
    return answer["status"], answer["body"]


@pytest.mark.parametrize("render", ["old", "today"])
def test_a_deep_link_serves_the_app_shell_only_with_list_bucket(url: str, render: str, sage_files: dict) -> None:
    """S3 answers 403, not 404, for a missing key to a principal that may not list the bucket, and the
    SPA fallback maps only 404: with the old render's policy `/dashboard` shows S3's AccessDenied."""
    s3_tf = (OLD_RENDER / "s3.tf").read_text() if render == "old" else sage_files["terraform/s3.tf"]
    actions = cloudfront_actions(s3_tf)
    assert "s3:GetObject" in actions
    s3, cloudfront = client(url, "s3"), client(url, "cloudfront", "us-east-1")
    bucket = f"deep-link-{render}"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_object(Bucket=bucket, Key="index.html", Body=b"<html>app shell</html>")
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": bucket,
            "Comment": "",
            "Enabled": True,
            "DefaultRootObject": "index.html",
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "s3",
                        "DomainName": f"{bucket}.s3.{REGION}.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "redirect-to-https"},
            "CustomErrorResponses": {
                "Quantity": 1,
                "Items": [{"ErrorCode": 404, "ResponsePagePath": "/index.html", "ResponseCode": "200"}],
            },
        }
    )["Distribution"]
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": actions,
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution["ARN"]}},
    }
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))

    assert viewer_get(url, distribution["Id"], "/") == (200, "<html>app shell</html>")
    status, body = viewer_get(url, distribution["Id"], "/dashboard")
    if render == "old":
        assert actions == ["s3:GetObject"] and status == 403 and "AccessDenied" in body
    else:
        assert (status, body) == (200, "<html>app shell</html>")


def test_rds_creates_the_log_groups_of_its_exports(url: str) -> None:
    """The old render let RDS make them (no retention, kept after a destroy); today's makes them first."""
    assert 'aws_cloudwatch_log_group" "rds"' not in (OLD_RENDER / "rds.tf").read_text()
    rds, logs = client(url, "rds"), client(url, "logs")
    db_instance(
        rds, "exports", MasterUserPassword="e2e-password-0123456789", EnableCloudwatchLogsExports=["postgresql"]
    )
    groups = logs.describe_log_groups(logGroupNamePrefix="/aws/rds/instance/exports/")["logGroups"]
    assert [(g["logGroupName"], g.get("retentionInDays")) for g in groups] == [
        ("/aws/rds/instance/exports/postgresql", None)
    ]


def test_a_daily_cache_snapshot_goes_with_its_group_and_a_copy_stays(url: str) -> None:
    """The cache restore of 995cbe1's RUNBOOK deleted the group, then re-created it from the chosen daily
    (automatic) snapshot, which AWS had deleted with the group: no cache and no backup. Today's RUNBOOK
    copies it to a manual snapshot first (tests/render/test_documents_truth.py holds every render to it)."""
    ec = client(url, "elasticache")

    def group(name: str, **seed: str) -> None:
        ec.create_replication_group(
            ReplicationGroupId=name, ReplicationGroupDescription="rules", Engine="redis",
            CacheNodeType="cache.t4g.micro", NumCacheClusters=1, **seed,
        )  # fmt: skip

    for procedure in ("old", "today"):
        name = f"rules-{procedure}"
        group(name)
        daily = f"{AUTOMATIC_SNAPSHOT}{name}-001-2026-01-01-03-00"
        ec.create_snapshot(ReplicationGroupId=name, SnapshotName=daily)
        if procedure == "today":
            ec.copy_snapshot(SourceSnapshotName=daily, TargetSnapshotName=f"{name}-restore")
        ec.delete_replication_group(ReplicationGroupId=name)
        with pytest.raises(ClientError) as gone:
            ec.describe_snapshots(SnapshotName=daily)
        assert gone.value.response["Error"]["Code"] == "SnapshotNotFoundFault"
        if procedure == "old":
            with pytest.raises(ClientError) as refused:
                group(f"{name}-again", SnapshotName=daily)
            assert refused.value.response["Error"]["Code"] == "SnapshotNotFoundFault"
        else:
            group(f"{name}-again", SnapshotName=f"{name}-restore")
            (copy,) = ec.describe_snapshots(SnapshotName=f"{name}-restore")["Snapshots"]
            assert copy["SnapshotSource"] == "manual"


def test_a_rename_takes_effect_later_and_holds_the_old_name_meanwhile(url: str) -> None:
    """995cbe1's RUNBOOK waited on the new name right after the rename, and then renamed the restored
    instance onto the old name: on AWS the waiter fails at once (DBInstanceNotFound) and the second rename
    collides. Today's polls for the new name first (tests/render/test_documents_truth.py holds it)."""
    rds = client(url, "rds")
    for name in ("rename-live", "rename-restored"):
        db_instance(rds, name, MasterUserPassword="e2e-password-0123456789")
    rds.modify_db_instance(
        DBInstanceIdentifier="rename-live", NewDBInstanceIdentifier="rename-old", ApplyImmediately=True
    )
    waiter = rds.get_waiter("db_instance_available")
    with pytest.raises(WaiterError) as failed:  # the old procedure's next command
        waiter.wait(DBInstanceIdentifier="rename-old", WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    assert "DBInstanceNotFound" in str(failed.value)
    with pytest.raises(ClientError) as held:
        rds.modify_db_instance(
            DBInstanceIdentifier="rename-restored", NewDBInstanceIdentifier="rename-live", ApplyImmediately=True
        )
    assert held.value.response["Error"]["Code"] == "DBInstanceAlreadyExists"

    deadline = time.monotonic() + 30  # today's: poll for the new name, then wait, then the second rename
    while True:
        try:
            rds.describe_db_instances(DBInstanceIdentifier="rename-old")
            break
        except ClientError:
            assert time.monotonic() < deadline, "the rename never took effect"
            time.sleep(0.5)
    waiter.wait(DBInstanceIdentifier="rename-old", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    rds.modify_db_instance(
        DBInstanceIdentifier="rename-restored", NewDBInstanceIdentifier="rename-live", ApplyImmediately=True
    )


def test_a_new_cache_token_joins_the_old_one_until_set(url: str) -> None:
    """A token given with ROTATE is accepted beside the one in use; SET, refused before a ROTATE, then leaves
    the new one alone (ModifyReplicationGroup, AuthTokenUpdateStrategy). Changing only the secret, as
    995cbe1's waiver told users to, left the group on the old token: new tasks would be refused."""
    ec = client(url, "elasticache")
    old, new = "old-token-0123456789abcdef", "new-token-0123456789abcdef"
    ec.create_replication_group(
        ReplicationGroupId="rules-token", ReplicationGroupDescription="rules", Engine="redis",
        CacheNodeType="cache.t4g.micro", NumCacheClusters=1, TransitEncryptionEnabled=True, AuthToken=old,
    )  # fmt: skip

    def accepted() -> tuple[bool, bool]:
        return tuple(logs_in(url, "elasticache", REGION, "rules-token", t) for t in (old, new))

    assert accepted() == (True, False)  # put-secret-value alone: the group still wants the old token
    with pytest.raises(ClientError) as refused:
        ec.modify_replication_group(
            ReplicationGroupId="rules-token", AuthToken=new, AuthTokenUpdateStrategy="SET", ApplyImmediately=True
        )
    assert refused.value.response["Error"]["Code"] == "InvalidParameterCombination"
    ec.modify_replication_group(
        ReplicationGroupId="rules-token", AuthToken=new, AuthTokenUpdateStrategy="ROTATE", ApplyImmediately=True
    )
    assert accepted() == (True, True)
    ec.modify_replication_group(
        ReplicationGroupId="rules-token", AuthToken=new, AuthTokenUpdateStrategy="SET", ApplyImmediately=True
    )
    assert accepted() == (False, True)


def test_the_drill_fails_the_first_database_create_only(tmp_path: Path) -> None:
    """The password-split drill's knob: the first CreateDBInstance is refused as AWS refuses one without
    capacity, the next goes through; a client logs in with the password the instance was given."""
    with moto_server(tmp_path / "moto.log", {FAIL_FIRST_DB_CREATE: "1"}) as drill_url:
        rds = client(drill_url, "rds")
        with pytest.raises(ClientError) as refused:
            db_instance(rds, "drill", MasterUserPassword="first-password-0123456789")
        assert refused.value.response["Error"]["Code"] == "InsufficientDBInstanceCapacity"
        db_instance(rds, "drill", MasterUserPassword="second-password-0123456789")
        assert logs_in(drill_url, "rds", REGION, "drill", "second-password-0123456789")
        assert not logs_in(drill_url, "rds", REGION, "drill", "first-password-0123456789")
        rds.modify_db_instance(DBInstanceIdentifier="drill", MasterUserPassword="third-password-0123456789")
        assert logs_in(drill_url, "rds", REGION, "drill", "third-password-0123456789")


def test_a_zone_created_with_a_vpc_is_private_to_it(url: str) -> None:
    """The replicas' name (rds.tf) lives in a zone created with the VPC: AWS makes it private to that VPC
    (fix_route53_private_zone_with_vpc; without it moto made it public, without the VPC)."""
    vpc = client(url, "ec2").create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    route53 = client(url, "route53")
    zone = route53.create_hosted_zone(
        Name="private-test.internal", CallerReference="t1", VPC={"VPCRegion": REGION, "VPCId": vpc}
    )["HostedZone"]
    read = route53.get_hosted_zone(Id=zone["Id"])
    assert read["HostedZone"]["Config"]["PrivateZone"] is True
    assert read["VPCs"] == [{"VPCRegion": REGION, "VPCId": vpc}]


def test_a_promoted_cross_region_replica_has_no_source_and_a_replica_can_go(url: str) -> None:
    """fix_rds_cross_region_replicas: a replica is single-AZ unless asked, the failover's promotion
    detaches it from its source (the RUNBOOK polls for exactly that), and a cross-region replica can be
    deleted, as AWS allows."""
    west, tokyo = client(url, "rds"), client(url, "rds", "ap-northeast-1")
    db_instance(west, "writer-x", MasterUserPassword="a-password-of-16", MultiAZ=True)
    arn = west.describe_db_instances(DBInstanceIdentifier="writer-x")["DBInstances"][0]["DBInstanceArn"]
    for name in ("copy-x", "gone-x"):
        tokyo.create_db_instance_read_replica(DBInstanceIdentifier=name, SourceDBInstanceIdentifier=arn)
    # single-AZ unless asked, "independent of whether the source is" (CreateDBInstanceReadReplica, MultiAZ)
    assert tokyo.describe_db_instances(DBInstanceIdentifier="copy-x")["DBInstances"][0]["MultiAZ"] is False
    tokyo.delete_db_instance(DBInstanceIdentifier="gone-x", SkipFinalSnapshot=True)  # moto: ValueError
    tokyo.promote_read_replica(DBInstanceIdentifier="copy-x", BackupRetentionPeriod=7)
    (promoted,) = tokyo.describe_db_instances(DBInstanceIdentifier="copy-x")["DBInstances"]
    assert "ReadReplicaSourceDBInstanceIdentifier" not in promoted
    (writer,) = west.describe_db_instances(DBInstanceIdentifier="writer-x")["DBInstances"]
    assert writer["ReadReplicaDBInstanceIdentifiers"] == []


def test_an_encrypted_cross_region_replica_needs_a_key_of_its_region(url: str) -> None:
    """R9: Tokyo's replica without `kms_key_id`, or with a key of us-west-2, is refused, as AWS refuses it;
    with RDS's key of Tokyo (what rds.tf gives it) it is made."""
    west, tokyo = client(url, "rds"), client(url, "rds", "ap-northeast-1")
    db_instance(west, "encrypted-x", MasterUserPassword="a-password-of-16", StorageEncrypted=True)
    arn = west.describe_db_instances(DBInstanceIdentifier="encrypted-x")["DBInstances"][0]["DBInstanceArn"]
    west_key = client(url, "kms").describe_key(KeyId="alias/aws/rds")["KeyMetadata"]["Arn"]
    tokyo_key = client(url, "kms", "ap-northeast-1").describe_key(KeyId="alias/aws/rds")["KeyMetadata"]["Arn"]
    for refused_key in ({}, {"KmsKeyId": west_key}):
        with pytest.raises(ClientError) as refused:
            tokyo.create_db_instance_read_replica(
                DBInstanceIdentifier="copy-y", SourceDBInstanceIdentifier=arn, **refused_key
            )
        assert refused.value.response["Error"]["Code"] == "InvalidParameterCombination"
    tokyo.create_db_instance_read_replica(
        DBInstanceIdentifier="copy-y", SourceDBInstanceIdentifier=arn, KmsKeyId=tokyo_key
    )
