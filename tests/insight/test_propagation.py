"""`impact` follows values through expressions as Terraform plans them (issue 27): locals, count.index,
references to replaced resources, data sources, the provider's region; and says what AWS will refuse.

What Terraform's plan of each edit holds is measured by benchmarks/impact_vs_plan.py on the emulator
(one apply, many plans); the e2e RUNBOOK lane plans the three edits below and compares. These tests hold
the facts the issue's review took from Terraform's plan on an applied MVP, and the AWS refusals."""

from __future__ import annotations

import copy
from pathlib import Path

from helpers import run_cli, sage_data, write_spec
from support import SAGE_SPEC

from sagegen import api
from sagegen.insight import explain, propagate, refusals
from sagegen.insight.baseline import Base
from sagegen.insight.impact import Action, instances
from sagegen.spec.load import load_stack
from sagegen.spec.models import Spec


def _impact(tmp_path: Path, edit) -> tuple:
    before = write_spec(tmp_path / "before.yaml", sage_data())
    data = sage_data()
    edit(data)
    after = write_spec(tmp_path / "after.yaml", data)
    result = api.impact(after, Base(spec_file=before))
    actions = {c.address: c.action for c in result.changes if c.region is None}
    return result, actions, run_cli("impact", after, "--base-spec", before)


def test_a_local_element_reaches_only_the_instance_that_reads_it() -> None:
    """count.index picks an element of a local: the text of every instance is the same, the values not."""
    resolved = [
        propagate.resolve("${local.cidrs[count.index]}", i, {"cidrs": ["10.0.0.0/24", "10.9.1.0/24"]}, {})
        for i in (0, 1)
    ]
    assert resolved == ['${"10.0.0.0/24"}', '${"10.9.1.0/24"}']
    assert propagate.references("${aws_subnet.private[*].id}") == {("aws_subnet.private[*]", "id")}
    assert propagate.references("${jsonencode({a = aws_lb.main.arn_suffix})}") == {("aws_lb.main", "arn_suffix")}
    assert propagate.references("${local.x} ${var.y} ${count.index}") == set()


def test_a_new_vpc_range_replaces_the_network_and_aws_refuses_the_move(tmp_path: Path) -> None:
    """Issue 27's first edit. Terraform's plan (the review's, on the applied MVP): the VPC, its subnets,
    security groups and their rules, route tables and associations, NAT gateways and their routes, the
    default security group, the flow log and the target group replaced; the database, the cache, their
    subnet groups, the internet gateway, the load balancer, its listener and the service updated in place.
    AWS refuses to delete subnets the database and cache still use: the apply would fail half-way."""

    def edit(data: dict) -> None:
        data["network"].update(
            vpc_cidr="10.1.0.0/16",
            public_subnets=["10.1.0.0/24", "10.1.1.0/24"],
            private_subnets=["10.1.10.0/24", "10.1.11.0/24"],
        )

    result, actions, cli = _impact(tmp_path, edit)
    replaced = {a.split("[")[0] for a, action in actions.items() if action is Action.REPLACE}
    assert {
        "aws_vpc.main", "aws_subnet.public", "aws_subnet.private", "aws_security_group.alb",
        "aws_security_group.backend", "aws_security_group.rds", "aws_security_group.redis",
        "aws_route_table.public", "aws_route_table.private", "aws_route_table_association.public",
        "aws_route_table_association.private", "aws_nat_gateway.main", "aws_default_security_group.default",
        "aws_flow_log.main", "aws_lb_target_group.backend", "aws_vpc_security_group_ingress_rule.rds_from_backend",
    } <= replaced  # fmt: skip
    updated = {a for a, action in actions.items() if action is Action.UPDATE}
    assert {
        "aws_db_instance.postgres", "aws_db_subnet_group.main", "aws_elasticache_replication_group.redis",
        "aws_elasticache_subnet_group.main", "aws_internet_gateway.main", "aws_lb.main", "aws_lb_listener.https",
        "aws_ecs_service.backend",
    } <= updated  # fmt: skip
    assert any("DependencyViolation" in r for r in result.refusals)
    assert cli.returncode == 1 and "refused by AWS during the apply" in cli.stdout


def test_another_region_creates_every_regional_resource_and_leaves_the_data_behind(tmp_path: Path) -> None:
    """Issue 27's second edit: Terraform's refresh finds no regional resource in the new region, drops it
    from the state and plans to create it there; IAM is global and stays. The database created there is
    empty while the old one runs on, unmanaged: data loss, exit 1."""
    result, actions, cli = _impact(tmp_path, lambda data: data.update(region="us-east-2"))
    assert actions["aws_db_instance.postgres"] is Action.ADD and actions["aws_vpc.main"] is Action.ADD
    assert actions["aws_elasticache_replication_group.redis"] is Action.ADD
    assert "aws_iam_role.ecs_execution" not in actions
    lost = {c.address for c in result.data_loss}
    assert {"aws_db_instance.postgres", "aws_elasticache_replication_group.redis"} <= lost
    assert cli.returncode == 1 and "keeps running with its data, no longer managed" in cli.stdout


def test_a_major_version_needs_its_flag_or_aws_refuses(tmp_path: Path) -> None:
    """Issue 27's third edit: RDS refuses a new major version without AllowMajorVersionUpgrade (ModifyDBInstance);
    with database.allow_major_version_upgrade the render sets it and impact has nothing to refuse."""
    result, actions, cli = _impact(tmp_path, lambda data: data["database"].update(engine_version="17"))
    assert actions["aws_db_instance.postgres"] is Action.UPDATE
    assert actions["aws_db_parameter_group.postgres"] is Action.REPLACE
    assert any("AllowMajorVersionUpgrade" in r for r in result.refusals) and cli.returncode == 1

    def allowed(data: dict) -> None:
        data["database"].update(engine_version="17", allow_major_version_upgrade=True)

    result, _, cli = _impact(tmp_path, allowed)
    assert result.refusals == [] and cli.returncode == 0


def test_a_new_default_tag_updates_every_tagged_resource_and_nothing_else(tmp_path: Path) -> None:
    """The provider's default_tags reach every resource with tags_all (the provider's schema): Terraform
    plans each of them as an update; a type without tags_all (a route, a policy attachment) is untouched."""
    result, actions, _ = _impact(tmp_path, lambda data: data.update(environment="staging"))
    assert actions["aws_vpc.main"] is Action.UPDATE and actions["aws_db_instance.postgres"] is Action.UPDATE
    arguments = {c.address: c.arguments for c in result.changes}
    assert arguments["aws_vpc.main"] == arguments["aws_subnet.private[1]"] == ("tags_all",)
    assert "aws_route_table_association.private[0]" not in actions
    assert "aws_iam_role_policy_attachment.ecs_execution" not in actions
    assert result.data_loss == [] and result.refusals == []


def test_a_downgrade_is_refused(tmp_path: Path) -> None:
    """RDS has no downgrade of a major version: impact says so, whatever the flag."""

    def down(data: dict) -> None:
        data["database"].update(engine_version="15", allow_major_version_upgrade=True)

    result, _, cli = _impact(tmp_path, down)
    assert any("cannot move PostgreSQL 16 down to 15" in r for r in result.refusals) and cli.returncode == 1


def test_a_data_source_read_anew_reaches_what_reads_it() -> None:
    """A data source whose arguments change is read anew: whatever reads it changes, and a forcing argument
    so reached replaces its resource."""
    new = {
        "aws_subnet.a[0]": {"availability_zone": "${data.aws_availability_zones.available.names[0]}"},
        "aws_instance.b": {"subnet_id": "${aws_subnet.a[0].id}", "tags": {"Name": "b"}},
    }
    data = {"data.aws_availability_zones.available": {"state": "available"}}
    forcing = {"aws_subnet": frozenset({"availability_zone"}), "aws_instance": frozenset({"subnet_id"})}
    actions = propagate.propagate({}, new, data, {"data.aws_availability_zones.available"}, forcing, {})
    assert actions == {
        "aws_subnet.a[0]": ("replace", ("availability_zone",)),
        "aws_instance.b": ("replace", ("subnet_id",)),
    }


def test_a_new_secret_generation_replaces_its_version_without_calling_it_data_loss(tmp_path: Path) -> None:
    """hashicorp/aws replaces a secret's version when secret_string_wo_version changes (Terraform's plan,
    benchmarks/impact_vs_plan.py): a value rewritten on purpose, not data lost."""
    result, actions, cli = _impact(tmp_path, lambda data: data["secrets"]["anthropic_key"].update(version=2))
    assert actions == {"aws_secretsmanager_secret_version.anthropic_key": Action.REPLACE}
    assert result.data_loss == [] and cli.returncode == 0 and "LOSES DATA" not in cli.stdout


def test_handing_the_oidc_provider_to_a_lookup_warns_that_the_apply_deletes_it(tmp_path: Path) -> None:
    """With deploy.create_oidc_provider turned off, Terraform plans to destroy the provider the new data
    source looks up: every deploy would fail after the apply. impact says how to hand it over instead."""
    result, actions, cli = _impact(tmp_path, lambda data: data["deploy"].update(create_oidc_provider=False))
    assert actions["aws_iam_openid_connect_provider.github"] is Action.DESTROY
    # The lookup finds the same provider at plan: the roles that trusted it keep the same ARN (Terraform's plan).
    assert "aws_iam_role.github_deploy" not in actions and "aws_iam_role.github_deploy_frontend" not in actions
    assert "terraform state rm aws_iam_openid_connect_provider.github" in cli.stdout


def test_a_hosted_zone_adds_one_validation_record_per_certificate_name(tmp_path: Path) -> None:
    """dns.tf's for_each merges one map per certificate, keyed by each validated name: Terraform plans one
    record per name, and the validations, whose record names change, are replaced (Terraform's plan of
    this edit in benchmarks/impact_vs_plan.py)."""
    result, actions, _ = _impact(tmp_path, lambda data: data.update(dns={"zone": "sage.ai"}))
    records = sorted(a for a in actions if a.startswith("aws_route53_record.certificate_validation"))
    assert records == [f'aws_route53_record.certificate_validation["{n}"]' for n in ("api.sage.ai", "app.sage.ai",
                                                                                     "www.sage.ai")]  # fmt: skip
    assert actions["aws_acm_certificate_validation.backend"] is Action.REPLACE


def test_global_services_are_named_with_or_without_data():
    """IAM, CloudFront and Route 53 are global services and S3 bucket names are global (AWS General
    Reference, "AWS service endpoints": global endpoints; S3 User Guide, bucket naming): a second region
    does not create them again, whether the address is a resource or a data source."""
    assert propagate.is_global("aws_iam_role.task") and propagate.is_global("data.aws_iam_policy_document.task")
    assert propagate.is_global("data.aws_cloudfront_cache_policy.optimized")
    assert not propagate.is_global("aws_db_instance.postgres") and not propagate.is_global("data.aws_region.current")


def test_a_for_each_over_a_local_list_expands_to_its_instances():
    text = 'locals {\n  names = ["b", "a"]\n}\nresource "aws_sqs_queue" "q" {\n  for_each = toset(local.names)\n}\n'
    assert list(instances({"main.tf": text, "README.md": "resource"})) == [
        'aws_sqs_queue.q["a"]',
        'aws_sqs_queue.q["b"]',
    ]


def test_a_key_is_taken_from_the_other_side_alone_whatever_either_side_writes() -> None:
    """explain tries each changed key alone: the base with that one key as the target has it (added with its
    section where the base has none, removed where the target has none), nothing shared with the target."""
    assert explain.with_key({"a": 1}, "b.c", {"b": {"c": 2}}) == {"a": 1, "b": {"c": 2}}
    assert explain.with_key({"b": {"c": 1, "d": 2}}, "b.c", {}) == {"b": {"d": 2}}
    assert explain.with_key({"b": {"d": 2}}, "b.c", {"b": {}}) == {"b": {"d": 2}}  # absent on both sides
    assert explain.with_key({"b": {"c": {"d": 1}}}, "b.c.d", {"b": 5}) == {"b": {"c": {}}}  # a scalar there
    target = {"a": {"b": [1]}}  # a section only one side writes is taken whole
    taken = explain.with_key({}, "a", target)
    taken["a"]["b"].append(2)
    assert target == {"a": {"b": [1]}}


def test_the_refusals_of_a_downgrade_and_of_a_log_bucket_left_behind_are_said_whole() -> None:
    """RDS has no PostgreSQL downgrade (RDS User Guide, 'Upgrades of the RDS for PostgreSQL DB engine'); an ALB
    logs only to a bucket in its own region (ELB User Guide, 'Access logs for your Application Load
    Balancer'). Each refusal exactly, and only where it applies."""
    mvp = load_stack(SAGE_SPEC).spec("mvp")
    data = mvp.model_dump(mode="json")

    def spec(**changes: object) -> Spec:
        edited = copy.deepcopy(data)
        for dotted, value in changes.items():
            section, _, key = dotted.rpartition("__")
            (edited[section] if section else edited)[key] = value
        return Spec.model_validate(edited)

    older = spec(database__engine_version="13.7", database__auto_minor_version_upgrade=False)
    newer = spec(database__engine_version="16.4", database__auto_minor_version_upgrade=False)
    assert refusals.database_version(newer, older) == [
        "database.engine_version: RDS cannot move PostgreSQL 16 down to 13: no downgrade exists (RDS User Guide, "
        "'Upgrades of the RDS for PostgreSQL DB engine'); restore a snapshot into a new instance of the older "
        "version instead"
    ]
    moved = {"region": "us-east-2", "network__availability_zones": None}
    assert refusals.region_move(mvp, spec(**moved)) == [
        "region: the load balancer created in us-east-2 logs to bucket 'sage-logs-prod', which stays in "
        "us-west-2; ELB refuses a log bucket in another region (ELB User Guide, 'Access logs for your "
        "Application Load Balancer': the bucket must be in the load balancer's region). Give logs.bucket_name a "
        "new name with the move"
    ]
    assert refusals.region_move(mvp, spec(**moved, logs__bucket_name="sage-logs-prod-use2")) == []
    assert refusals.region_move(mvp, spec(**moved, edge__access_logs=False)) == []
    assert refusals.region_move(mvp, mvp) == []
