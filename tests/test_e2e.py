"""Apply the rendered stack to a local AWS emulator, re-plan, and destroy: `-m e2e` runs it alone.

Every root module `render` produces is applied the same way. The emulator is
moto with the narrow fixes of tests/moto_extended.py (each one makes moto
answer one call as AWS does; none changes what sagegen renders). Nothing is
excluded: EXCLUDED_TYPES is where a resource type the emulator cannot create
would be named, with the call that fails.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import boto3
import pytest

from conftest import Terraform, write_tree
from emulator import moto_server, provider_override
from sagegen.models import Spec

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

EXCLUDED_TYPES: dict[str, str] = {}  # resource type -> the emulator call that fails (none today)
APPLY_TIMEOUT = 900


def root_modules(files: dict[str, str]) -> list[str]:
    return sorted({str(Path(p).parent) for p in files if p.endswith(".tf")})


def test_e2e_apply_replan_destroy(terraform: Terraform, sage_spec: Spec, sage_files: dict[str, str],
                                  tmp_path: Path) -> None:
    write_tree(tmp_path, sage_files)
    modules = root_modules(sage_files)
    assert modules == ["terraform"]
    for module in modules:
        run_module(terraform, sage_spec, tmp_path / module, tmp_path / f"{module.replace('/', '-')}.moto.log")


def run_module(terraform: Terraform, spec: Spec, module: Path, log: Path) -> None:
    timings = {}
    with moto_server(log) as url:
        (module / "zz_emulator_override.tf").write_text(provider_override(url, ["us_east_1"]))
        terraform.init(module)
        env = {f"TF_VAR_{s.env.lower()}": f"e2e-{s.env.lower()}" for s in spec.secrets.values()}

        def tf(step: str, *args: str) -> str:
            start = time.monotonic()
            result = terraform.run(module, *args, timeout=APPLY_TIMEOUT, env=env)
            timings[step] = time.monotonic() - start
            output = result.stdout + result.stderr
            expected = (0, 2) if "-detailed-exitcode" in args else (0,)
            assert result.returncode in expected, f"terraform {step} failed:\n{output[-6000:]}"
            return output + f"\nexit code {result.returncode}"

        planned = _count(r"Plan: (\d+) to add", tf("plan", "plan", "-input=false"))
        applied = _count(r"Resources: (\d+) added", tf("apply", "apply", "-auto-approve", "-input=false",
                                                        "-parallelism=10"))
        read_back(spec, url)
        replan = tf("re-plan", "plan", "-detailed-exitcode", "-input=false")
        unprotect(spec, url)
        destroyed = _count(r"Resources: (\d+) destroyed", tf("destroy", "destroy", "-auto-approve", "-input=false"))
    from conftest import FIGURES

    FIGURES.append(f"e2e {module.name}: applied {applied}/{planned} resources (excluded types: {EXCLUDED_TYPES or 'none'}); "
          f"re-plan: {'no changes' if 'exit code 0' in replan else 'CHANGES'}; destroyed {destroyed}; "
          + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))
    print(FIGURES[-1])
    assert applied == planned and planned >= 52
    assert "exit code 0" in replan, "the re-plan after apply is not clean:\n" + replan[-6000:]
    assert destroyed == applied


def _count(pattern: str, output: str) -> int:
    match = re.search(pattern, output)
    assert match, output[-3000:]
    return int(match.group(1))


def clients(spec: Spec, url: str, *services: str) -> list:
    aws = dict(endpoint_url=url, region_name=spec.region, aws_access_key_id="test", aws_secret_access_key="test")
    return [boto3.client(service, **aws) for service in services]


def unprotect(spec: Spec, url: str) -> None:
    """What an operator does before `terraform destroy`: turn deletion protection off."""
    rds, elbv2 = clients(spec, url, "rds", "elbv2")
    rds.modify_db_instance(DBInstanceIdentifier=spec.names.db_identifier, DeletionProtection=False,
                           ApplyImmediately=True)
    (alb,) = elbv2.describe_load_balancers(Names=[spec.names.alb])["LoadBalancers"]
    elbv2.modify_load_balancer_attributes(LoadBalancerArn=alb["LoadBalancerArn"], Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "false"}])


def read_back(spec: Spec, url: str) -> None:
    """Ask the emulator for what it holds and compare with the spec (the document's values)."""
    ec2, ecs, rds, elbv2, s3, cw = clients(spec, url, "ec2", "ecs", "rds", "elbv2", "s3", "cloudwatch")
    n = spec.names

    (vpc,) = [v for v in ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == spec.network.vpc_cidr]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    assert sorted(s["CidrBlock"] for s in subnets) == sorted(spec.network.public_subnets + spec.network.private_subnets)

    groups = {g["GroupName"]: g for g in ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["SecurityGroups"]}
    sg = {k: groups[n.of_resource(f"{k}-sg")] for k in ("alb", spec.service.name, "rds", "redis")}
    for target, source, port in ((spec.service.name, "alb", spec.service.container_port),
                                 ("rds", spec.service.name, spec.database.port),
                                 ("redis", spec.service.name, spec.cache.port)):
        (rule,) = sg[target]["IpPermissions"]
        assert (rule["FromPort"], rule["ToPort"]) == (port, port)
        assert [p["GroupId"] for p in rule["UserIdGroupPairs"]] == [sg[source]["GroupId"]]

    (service,) = ecs.describe_services(cluster=n.cluster, services=[n.service])["services"]
    assert service["desiredCount"] == spec.service.desired_count
    (lb,) = service["loadBalancers"]
    assert (lb["containerName"], lb["containerPort"]) == (n.container, spec.service.container_port)
    (tg,) = elbv2.describe_target_groups(Names=[n.target_group])["TargetGroups"]
    assert lb["targetGroupArn"] == tg["TargetGroupArn"] and tg["Port"] == spec.service.container_port

    (db,) = rds.describe_db_instances(DBInstanceIdentifier=n.db_identifier)["DBInstances"]
    assert (db["Engine"], db["DBInstanceClass"], db["AllocatedStorage"], db["BackupRetentionPeriod"]) == (
        "postgres", spec.database.instance_class, spec.database.allocated_storage,
        spec.database.backup_retention_period)

    bucket = spec.frontend.bucket_name
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4

    (alb,) = elbv2.describe_load_balancers(Names=[n.alb])["LoadBalancers"]
    listeners = {l["Port"]: l for l in elbv2.describe_listeners(LoadBalancerArn=alb["LoadBalancerArn"])["Listeners"]}
    redirect = listeners[80]["DefaultActions"][0]["RedirectConfig"]
    assert (redirect["Protocol"], redirect["Port"], redirect["StatusCode"]) == ("HTTPS", "443", "HTTP_301")
    assert listeners[443]["Protocol"] == "HTTPS" and listeners[443]["SslPolicy"] == spec.edge.ssl_policy

    alarms = {a["AlarmName"]: a for a in cw.describe_alarms()["MetricAlarms"]}
    for key, name in (("ecs_cpu_high", f"{spec.service.name}-cpu-high"), ("rds_cpu_high", "rds-cpu-high"),
                      ("redis_memory_high", "redis-memory-high")):
        alarm, wanted = alarms[n.of_resource(name)], getattr(spec.alarms, key)
        assert (alarm["Threshold"], alarm["EvaluationPeriods"], alarm["Period"]) == (
            wanted.threshold, wanted.evaluation_periods, wanted.period)
