"""Apply the rendered stack to a local AWS emulator, move it, run its RUNBOOK, destroy and re-create it:
`-m e2e` runs it alone.

The live stack is upgraded from an older render and moved MVP -> Growth -> Scale in one
state (e2e/transitions.py); an MVP lives through its RUNBOOK.md, and another MVP through that
document's database procedures (e2e/runbook_lane.py); Scale runs in both regions, Tokyo's database a
cross-region replica of us-west-2's, and fails over as its RUNBOOK.md says (e2e/failover_lane.py); a
first apply under dns.zone survives a failed database create (e2e/first_apply.py). The emulator is
moto with the narrow fixes and the strict rules of e2e/moto_fixes*.py and e2e/moto_rules.py
(docs/e2e.md, docs/aws-rules.md). No resource type is excluded.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from emulator import aws_client, transport_notes
from failover_lane import failover_lane
from first_apply import first_apply_lane
from lane_specs import without_web_acls
from moto_retries import MARKER
from runbook_lane import database_lane, runbook_lane
from support import FIGURES, Terraform
from transitions import phases_lane, upgrade_lane

from sagegen.render.module import render
from sagegen.spec.models import Spec

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]


def test_e2e_the_live_stack_upgraded_and_moved_through_every_phase(terraform: Terraform, tmp_path: Path) -> None:
    """Six lanes, each an emulator and a state of its own, all at once (most of an apply is waiting): the
    upgrade from an older render going on to Growth, Growth -> Scale (from the README's first apply), an
    MVP through its RUNBOOK.md (ending in destroy and re-create), Scale in both regions through a
    failover, a first apply under dns.zone whose database fails to create once, and a second MVP
    through its RUNBOOK's database procedures."""
    lanes = {
        "upgrade, mvp -> growth": lambda: upgrade_lane(terraform, tmp_path / "upgrade", read_back),
        "growth -> scale": lambda: phases_lane(
            terraform, tmp_path / "scale", read_back, "growth", "scale", without_web_acls(tmp_path / "scale")
        ),
        "runbook": lambda: runbook_lane(terraform, tmp_path / "runbook", impact_checks),
        "scale, both regions, failover": lambda: failover_lane(
            terraform, tmp_path / "tokyo", read_back, without_web_acls(tmp_path / "tokyo")
        ),
        "first apply, dns.zone": lambda: first_apply_lane(terraform, tmp_path / "first-apply"),
        "database procedures": lambda: database_lane(terraform, tmp_path / "database"),
    }
    ended: dict[str, float] = {}

    def timed(name: str, lane) -> None:
        try:
            lane()
        finally:
            ended[name] = time.monotonic() - started

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
        runs = {name: pool.submit(timed, name, lane) for name, lane in lanes.items()}
    # Where the lane's wall time goes: the longest lane is the emulator lane's length.
    FIGURES.append("e2e lanes ended after: " + ", ".join(f"{n} {s:.0f} s" for n, s in sorted(ended.items())))
    failed = {name: run.exception() for name, run in runs.items() if run.exception()}
    notes = {log.parent.name: transport_notes(log) for log in sorted(tmp_path.glob("*/moto.log"))}
    FIGURES.append(
        "e2e emulator: calls retried by the provider (e2e/moto_retries.py): "
        + ", ".join(f"{lane} {sum(note.startswith(MARKER) for note in said)}" for lane, said in notes.items())
    )
    said = [f"{lane}: {note}" for lane, lines in notes.items() for note in lines]
    assert not failed, "\n\n".join([*(f"{name}: {error}" for name, error in failed.items()), *said[-40:]])


def clients(spec: Spec, url: str, *services: str) -> list:
    return [aws_client(url, service, spec.region) for service in services]


def cloudfront_distributions(spec: Spec, url: str) -> list:
    (cloudfront,) = clients(spec, url, "cloudfront")
    return cloudfront.list_distributions()["DistributionList"].get("Items", [])


def empty_log_bucket(spec: Spec, url: str) -> None:
    """What an operator does, having archived what they need, before the log bucket can go."""
    (s3,) = clients(spec, url, "s3")
    listing = s3.list_object_versions(Bucket=spec.logs.bucket_name)
    versions = listing.get("Versions", []) + listing.get("DeleteMarkers", [])
    if versions:
        s3.delete_objects(
            Bucket=spec.logs.bucket_name,
            Delete={"Objects": [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in versions]},
        )


def unprotect(spec: Spec, url: str) -> None:
    """What an operator does before `terraform destroy`: turn deletion protection off."""
    rds, elbv2 = clients(spec, url, "rds", "elbv2")
    rds.modify_db_instance(
        DBInstanceIdentifier=spec.names.db_identifier, DeletionProtection=False, ApplyImmediately=True
    )
    (alb,) = elbv2.describe_load_balancers(Names=[spec.names.alb])["LoadBalancers"]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=alb["LoadBalancerArn"], Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}]
    )


def read_back(spec: Spec, url: str, tasks: bool = True) -> None:
    """Ask the emulator for what it holds and compare with the spec (the document's values)."""
    ec2, ecs, rds, elbv2, s3, cw = clients(spec, url, "ec2", "ecs", "rds", "elbv2", "s3", "cloudwatch")
    n = spec.names

    (vpc,) = [v for v in ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == spec.network.vpc_cidr]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    assert sorted(s["CidrBlock"] for s in subnets) == sorted(spec.network.public_subnets + spec.network.private_subnets)

    groups = {
        g["GroupName"]: g
        for g in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["SecurityGroups"]
    }
    sg = {k: groups[n.of_resource(f"{k}-sg")] for k in ("alb", spec.service.name, "rds", "redis")}
    for target, source, port in (
        (spec.service.name, "alb", spec.service.container_port),
        ("rds", spec.service.name, spec.database.port),
        ("redis", spec.service.name, spec.cache.port),
    ):
        (rule,) = [p for p in sg[target]["IpPermissions"] if p.get("UserIdGroupPairs")]
        assert (rule["FromPort"], rule["ToPort"]) == (port, port)
        assert [p["GroupId"] for p in rule["UserIdGroupPairs"]] == [sg[source]["GroupId"]]
    # Peered regions' tasks reach the database by their VPC's range (security_groups.tf).
    ranges = {r["CidrIp"] for p in sg["rds"]["IpPermissions"] if p.get("FromPort") == spec.database.port
              for r in p.get("IpRanges", [])}  # fmt: skip
    assert ranges == {peer.vpc_cidr for peer in spec.peers}

    (service,) = ecs.describe_services(cluster=n.cluster, services=[n.service])["services"]
    assert service["desiredCount"] == spec.service.desired_count or not tasks
    (lb,) = service["loadBalancers"]
    assert (lb["containerName"], lb["containerPort"]) == (n.container, spec.service.container_port)
    (tg,) = elbv2.describe_target_groups(Names=[n.target_group])["TargetGroups"]
    assert lb["targetGroupArn"] == tg["TargetGroupArn"] and tg["Port"] == spec.service.container_port

    (db,) = rds.describe_db_instances(DBInstanceIdentifier=n.db_identifier)["DBInstances"]
    assert (db["Engine"], db["DBInstanceClass"], db["AllocatedStorage"], db["BackupRetentionPeriod"]) == (
        "postgres",
        spec.database.instance_class,
        spec.database.allocated_storage,
        spec.database.backup_retention_period,
    )
    # The family's latest revision, Terraform's: the service runs the deploy workflow's (ignore_changes),
    # which the next deploy builds on that revision.
    read_back_reads(spec, url, n.service, vpc["VpcId"], db["Endpoint"]["Address"])

    for bucket in [spec.logs.bucket_name] + ([spec.frontend.bucket_name] if spec.frontend else []):
        assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
        block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        assert all(block.values()) and len(block) == 4
    # Global resources live in the primary region's module only.
    assert bool(cloudfront_distributions(spec, url)) is bool(spec.frontend)

    (alb,) = elbv2.describe_load_balancers(Names=[n.alb])["LoadBalancers"]
    listeners = {x["Port"]: x for x in elbv2.describe_listeners(LoadBalancerArn=alb["LoadBalancerArn"])["Listeners"]}
    redirect = listeners[80]["DefaultActions"][0]["RedirectConfig"]
    assert (redirect["Protocol"], redirect["Port"], redirect["StatusCode"]) == ("HTTPS", "443", "HTTP_301")
    assert listeners[443]["Protocol"] == "HTTPS" and listeners[443]["SslPolicy"] == spec.edge.ssl_policy

    read_back_security(spec, url, vpc["VpcId"], sg, alb["LoadBalancerArn"])
    if spec.deploy and not spec.secondary_region:  # IAM is global: the primary region's module holds the role
        (iam,) = clients(spec, url, "iam")
        trust = iam.get_role(RoleName=n.github_deploy_role)["Role"]["AssumeRolePolicyDocument"]
        (statement,) = trust["Statement"]
        assert (
            statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"]
            == f"repo:{spec.deploy.repository}:ref:refs/heads/{spec.deploy.branch}:job_workflow_ref:"
            f"{spec.deploy.repository}/.github/workflows/deploy-backend.yml@refs/heads/{spec.deploy.branch}"
        )

    alarms = {a["AlarmName"]: a for a in cw.describe_alarms()["MetricAlarms"]}
    nodes = range(1, spec.cache.num_cache_clusters + 1)
    for key, name in (
        ("ecs_cpu_high", f"{spec.service.name}-cpu-high"),
        ("rds_cpu_high", "rds-cpu-high"),
        *(("redis_memory_high", f"redis-memory-high-{i}") for i in nodes),
    ):
        alarm, wanted = alarms[n.of_resource(name)], getattr(spec.alarms, key)
        assert (alarm["Threshold"], alarm["EvaluationPeriods"], alarm["Period"]) == (
            wanted.threshold,
            wanted.evaluation_periods,
            wanted.period,
        )
        assert alarm["AlarmActions"] and alarm["AlarmActions"][0].endswith(f":{n.alerts_topic}")
    # ElastiCache publishes memory per member cluster: each alarm watches one that exists.
    (elasticache,) = clients(spec, url, "elasticache")
    (group,) = elasticache.describe_replication_groups(ReplicationGroupId=n.cache_group)["ReplicationGroups"]
    watched = {d["Value"] for i in nodes for d in alarms[n.of_resource(f"redis-memory-high-{i}")]["Dimensions"]}
    assert watched == set(group["MemberClusters"])


def read_back_web_acl(spec: Spec, wafv2, alb_arn: str) -> None:
    acl = wafv2.get_web_acl_for_resource(ResourceArn=alb_arn)["WebACL"]
    assert acl["Name"] == spec.names.waf_alb
    rules = sorted(acl["Rules"], key=lambda r: r["Priority"])
    assert [r["Name"] for r in rules if "ManagedRuleGroupStatement" in r["Statement"]] == spec.waf.rule_groups
    (common,) = [r for r in rules if r["Name"] == "AWSManagedRulesCommonRuleSet"]
    overrides = common["Statement"]["ManagedRuleGroupStatement"].get("RuleActionOverrides", [])
    assert [o["Name"] for o in overrides] == ["SizeRestrictions_BODY"]


def read_back_security(spec: Spec, url: str, vpc_id: str, sg: dict, alb_arn: str) -> None:
    """The posture of issue 6 as the emulator holds it: narrowed egress, logs, WAF, AUTH token."""
    ec2, elbv2, s3, wafv2, secrets = clients(spec, url, "ec2", "elbv2", "s3", "wafv2", "secretsmanager")
    svc, logs_bucket = spec.service.name, spec.logs.bucket_name

    def egress(group: str) -> set:  # (port, group or range): one pair per rule, however AWS groups them
        return {
            (p["FromPort"], to)
            for p in sg[group]["IpPermissionsEgress"]
            for to in [*(g["GroupId"] for g in p["UserIdGroupPairs"]), *(r["CidrIp"] for r in p["IpRanges"])]
        }

    groups = {
        g["GroupId"]: g
        for g in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"]
    }
    sg = {name: groups[group["GroupId"]] for name, group in sg.items()}
    assert egress("alb") == {(spec.service.container_port, sg[svc]["GroupId"])}
    assert egress(svc) == {
        (spec.database.port, sg["rds"]["GroupId"]),
        (spec.cache.port, sg["redis"]["GroupId"]),
        (443, "0.0.0.0/0"),
        *((spec.database.port, peer.vpc_cidr) for peer in spec.peers),  # writes to a peered region's writer
    }
    assert egress("rds") == set() and egress("redis") == set()
    (default,) = [g for g in groups.values() if g["GroupName"] == "default"]
    assert default["IpPermissions"] == [] and default["IpPermissionsEgress"] == []

    attributes = {
        a["Key"]: a["Value"] for a in elbv2.describe_load_balancer_attributes(LoadBalancerArn=alb_arn)["Attributes"]
    }
    assert attributes["access_logs.s3.enabled"] == "true" and attributes["access_logs.s3.bucket"] == logs_bucket
    assert attributes["routing.http.drop_invalid_header_fields.enabled"] == "true"
    if spec.waf.alb:
        read_back_web_acl(spec, wafv2, alb_arn)
    else:  # the lanes without web ACLs (e2e/lane_specs.py): none is left behind
        assert wafv2.list_web_acls(Scope="REGIONAL")["WebACLs"] == []

    (flow_log,) = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])["FlowLogs"]
    assert flow_log["LogDestination"] == f"arn:aws:s3:::{logs_bucket}/vpc-flow-logs/"
    (rule,) = s3.get_bucket_lifecycle_configuration(Bucket=logs_bucket)["Rules"]
    assert rule["Transitions"] == [{"Days": spec.logs.glacier_after_days, "StorageClass": "GLACIER"}]
    if spec.frontend:
        logging = s3.get_bucket_logging(Bucket=spec.frontend.bucket_name)["LoggingEnabled"]
        assert logging["TargetBucket"] == logs_bucket

    token = secrets.get_secret_value(SecretId=f"{spec.project}/redis-auth-token")["SecretString"]
    assert len(token) == 64 and token.isalnum()


def read_back_reads(spec: Spec, url: str, task_definition: str, vpc_id: str, primary: str) -> None:
    """The tasks write to the primary and read from this region's replicas: one name of the VPC's
    private zone, whose weighted records hold each replica's endpoint once (rds.tf)."""
    ecs, rds, route53 = clients(spec, url, "ecs", "rds", "route53")
    definition = ecs.describe_task_definition(taskDefinition=task_definition)["taskDefinition"]
    (container,) = definition["containerDefinitions"]
    urls = {e["name"]: e["value"] for e in container["environment"] if e["name"].startswith("DATABASE_")}
    hosts = {name: url.split("@", 1)[1].rsplit(":", 1)[0] for name, url in urls.items()}
    if spec.replicates_from:  # writes go to the writer's region, reads to this region's replica of it
        (writer,) = aws_client(url, "rds", spec.replicates_from).describe_db_instances(
            DBInstanceIdentifier=spec.names.db_identifier
        )["DBInstances"]
        (local,) = rds.describe_db_instances(DBInstanceIdentifier=spec.names.db_identifier)["DBInstances"]
        assert local["ReadReplicaSourceDBInstanceIdentifier"] == writer["DBInstanceArn"]
        assert (hosts["DATABASE_URL"], hosts["DATABASE_READ_URL"]) == (writer["Endpoint"]["Address"], primary)
        return
    assert hosts["DATABASE_URL"] == primary
    replicas = sorted(
        d["Endpoint"]["Address"]
        for d in rds.describe_db_instances()["DBInstances"]
        if d.get("ReadReplicaSourceDBInstanceIdentifier") == spec.names.db_identifier
    )
    assert len(replicas) == spec.database.read_replicas.count
    if not replicas:
        assert hosts["DATABASE_READ_URL"] == primary
        return
    assert hosts["DATABASE_READ_URL"] == spec.names.db_read_host
    zones = route53.list_hosted_zones_by_name(DNSName=spec.names.internal_zone)["HostedZones"]
    (zone,) = [
        z
        for z in zones
        if z["Name"] == spec.names.internal_zone + "."
        and vpc_id in [v["VPCId"] for v in route53.get_hosted_zone(Id=z["Id"]).get("VPCs", [])]
    ]
    assert zone["Config"]["PrivateZone"]
    records = route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
    weighted = [r for r in records if r["Name"].rstrip(".") == spec.names.db_read_host]
    assert sorted(r["ResourceRecords"][0]["Value"] for r in weighted) == replicas
    assert {r["Weight"] for r in weighted} == {1} and len({r["SetIdentifier"] for r in weighted}) == len(replicas)


def impact_checks(replacements, edits, spec: Spec) -> None:
    """On two copies of the RUNBOOK lane's applied MVP (`spec`, without its web ACLs): the replacement
    table and impact's propagation, each held to Terraform's plan. Four plans of ~30 s each, in a thread
    beside the lane's procedures; the two checks plan at once. The web ACLs' entries of the table are
    confirmed on the upgrade lane's Growth, which holds them (phase_plans.WEB_ACL_TYPES)."""
    from impact_edits import check_impact_edits
    from phase_plans import confirm_replacements

    with ThreadPoolExecutor(max_workers=2) as pool:
        replaced = pool.submit(confirm_replacements, replacements, render(spec))
        planned = pool.submit(check_impact_edits, edits, spec)
    FIGURES.append(f"e2e impact: {replaced.result()} FORCES_REPLACEMENT entries confirmed by the provider's plan")
    count = planned.result()
    FIGURES.append(f"e2e impact: {count} edits through expressions planned, impact equal to Terraform's plan")
