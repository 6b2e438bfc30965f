"""What every root module of every phase and golden case must hold, stated from AWS, Terraform and the
document (issue 25: template mutants of these survived). tests/invariants.py holds the stack's shape;
these are the rules a one-line slip in a template breaks without breaking Terraform's syntax.
"""

from __future__ import annotations

import functools
import re

import pytest
from procedures import RENDERS, enum, rendered, resolved, spec_of
from seed import seed_resources

from sagegen.insight import provider_schema
from sagegen.render import hcl_reader
from sagegen.spec.layout import root_modules

REFERENCE = re.compile(r"(?<![\w.])(data\.|ephemeral\.)?(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)")
VARIABLE = re.compile(r"\bvar\.(\w+)")
LOCAL = re.compile(r"\blocal\.(\w+)")
NAMED_BY = ("name", "identifier", "bucket", "replication_group_id")


@functools.cache  # parsed once per render (the mutation benchmark empties it with the render's cache)
def _modules(name: str, phase: str | None) -> list[tuple[str, str, dict, list[dict]]]:
    """(region, directory, parsed resources, each .tf file parsed) of every root module of a render."""
    files, modules = rendered(name, phase)
    found = []
    for region, (directory, r, _) in modules.items():
        texts = {p: t for p, t in files.items() if p.rsplit("/", 1)[0] == directory and p.endswith(".tf")}
        found.append((region, directory, r, [hcl_reader.parse(t) for t in texts.values()]))
    return found


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _blocks(parsed: list[dict], kind: str) -> dict[str, dict]:
    """The blocks of one kind of a module's parsed files: {"type.name": body} for resource, data and
    ephemeral; {name: body} for variable, output and locals (each local its value)."""
    if kind in ("resource", "data", "ephemeral"):
        return {f"{t}.{n}": v for body in parsed for b in body.get(kind, []) for t, named in b.items()
                for n, v in named.items()}  # fmt: skip
    return {n: v for body in parsed for b in body.get(kind, []) for n, v in b.items()}


def _of_type(resources: dict[str, dict], rtype: str) -> dict[str, dict]:
    """{name: body} of the resource instances of one type (parsed resources: {"type.name": body})."""
    return {a.split(".", 1)[1]: body for a, body in resources.items() if a.split(".", 1)[0] == rtype}


def _providers(parsed: list[dict]) -> dict[str | None, str | None]:
    """{alias (None: the module's own): region} of the module's aws provider blocks."""
    return {p["aws"].get("alias"): p["aws"].get("region") for b in parsed for p in b.get("provider", []) if "aws" in p}


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_reference_names_something_its_module_declares(name: str, phase: str | None) -> None:
    """Terraform refuses a reference to an undeclared resource, data source, variable or local ("Reference
    to undeclared resource"); caught here in-process for every module a phase or case renders."""
    for _, directory, _, parsed in _modules(name, phase):
        declared = {
            kind: set(_blocks(parsed, kind)) for kind in ("resource", "data", "ephemeral", "variable", "locals")
        }
        for text in (s for body in parsed for s in _strings(body)):
            for expression in re.findall(r"\$\{(.*?)\}", text, re.S):
                for m in REFERENCE.finditer(expression):
                    address = f"{m.group(2)}.{m.group(3)}"
                    kind = (m.group(1) or "resource.").rstrip(".")
                    assert address in declared[kind], f"{name} {phase} {directory}: {m.group(0)} is declared nowhere"
                for v in VARIABLE.findall(expression):
                    assert v in declared["variable"], f"{name} {phase} {directory}: var.{v} is declared nowhere"
                for v in LOCAL.findall(expression):
                    assert v in declared["locals"], f"{name} {phase} {directory}: local.{v} is declared nowhere"


def _own_name(body: dict) -> str | None:
    """The resource's own name as written (an expression of count.index included; not a bare reference)."""
    return next(
        (body[a] for a in NAMED_BY if isinstance(body.get(a), str) and not re.fullmatch(r"\$\{[^}]*\}", body[a])), None
    )


def _document_names() -> tuple[set[str], set[str]]:
    """(the types the document tags with `Name`, those whose Name it sets to the resource's own name),
    from the document's own HCL."""
    tagged, own = set(), set()
    for address, body in seed_resources().items():
        tag = (body.get("tags") or {}).get("Name")
        if tag:
            tagged.add(address.split(".")[0])
            if tag == _own_name(body):
                own.add(address.split(".")[0])
    return tagged, own


@pytest.mark.parametrize("name, phase", RENDERS)
def test_what_the_document_tags_with_a_name_is_tagged_so(name: str, phase: str | None) -> None:
    """The document tags its VPC, subnets, gateways, groups, load balancer, database, cache, buckets,
    secrets and distribution with `Name`, and sets it to the resource's own name for the database, the
    cache, the load balancer and the security groups (aws_db_instance "sage-postgres": Name
    "sage-postgres"): so do these."""
    tagged, own = _document_names()
    assert {"aws_vpc", "aws_subnet", "aws_s3_bucket"} <= tagged and {"aws_db_instance", "aws_lb"} <= own
    for _, directory, r, _ in _modules(name, phase):
        for address, body in r.items():
            rtype, tag = address.split(".")[0], (body.get("tags") or {}).get("Name")
            if rtype in tagged:
                assert tag, f"{name} {phase} {directory}: {address} has no Name tag (the document gives one)"
            if rtype in own:
                assert tag == _own_name(body), f"{name} {phase} {directory}: {address}'s Name tag is {tag}"


# AWS refuses to delete these while something uses them, so a replacement must make the new one first:
# ACM DeleteCertificate (ResourceInUseException: a listener or distribution holds it), ELB
# DeleteTargetGroup (ResourceInUse: a listener forwards to it), RDS DeleteDBParameterGroup
# (InvalidDBParameterGroupState: an instance uses it).
IN_USE = ("aws_acm_certificate", "aws_lb_target_group", "aws_db_parameter_group")


@pytest.mark.parametrize("name, phase", RENDERS)
def test_what_aws_keeps_while_in_use_is_replaced_new_first(name: str, phase: str | None) -> None:
    for _, directory, r, _ in _modules(name, phase):
        for address, body in r.items():
            if address.split(".")[0] in IN_USE:
                lifecycle = (body.get("lifecycle") or [{}])[0]
                assert lifecycle.get("create_before_destroy") is True, f"{name} {phase} {directory}: {address}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_certificates_are_dns_validated_cover_their_names_and_cloudfronts_is_in_us_east_1(name, phase) -> None:
    """ACM User Guide, "DNS validation" (the README and dns.tf create its records); CloudFront Developer
    Guide: a distribution's certificate is in US East (N. Virginia) and covers its alternate domain
    names; the load balancer's covers the API's name."""
    files, _ = rendered(name, phase)
    for _, directory, r, parsed in _modules(name, phase):
        providers = _providers(parsed)
        for address, body in r.items():
            if address.startswith("aws_acm_certificate."):
                assert body.get("validation_method") == "DNS", f"{name} {phase} {directory}: {address}"
        distribution = r.get("aws_cloudfront_distribution.frontend")
        if distribution:
            cert = r["aws_acm_certificate.frontend"]
            alias = re.fullmatch(r"\$\{aws\.(\w+)\}", cert.get("provider", "")).group(1)
            assert providers.get(alias) == "us-east-1", f"{name} {phase}: CloudFront's certificate elsewhere"
            names = [cert["domain_name"], *cert.get("subject_alternative_names", [])]
            assert sorted(names) == sorted(distribution["aliases"]), f"{name} {phase}: {names}"
        backend = r.get("aws_acm_certificate.backend")
        if backend:
            listener = r["aws_lb_listener.https"]
            assert "aws_acm_certificate_validation.backend" in listener["certificate_arn"]
            assert backend["domain_name"] in files["README.md"], f"{name} {phase}: the API's name"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_with_a_zone_each_validation_waits_for_its_records_and_without_one_for_none(name, phase) -> None:
    """aws_acm_certificate_validation's validation_record_fqdns makes the apply wait for the records the
    module creates; a module that creates none (no zone, or a secondary region) names none."""
    for _, directory, r, _ in _modules(name, phase):
        records = "aws_route53_record.certificate_validation" in {a.split("[")[0] for a in r}
        for address, body in r.items():
            if address.startswith("aws_acm_certificate_validation."):
                certificate = address.split(".")[1]
                fqdns = body.get("validation_record_fqdns")
                if records:
                    assert fqdns and f"aws_acm_certificate.{certificate}.domain_validation_options" in str(fqdns), (
                        f"{name} {phase} {directory}: {address} does not wait for its records"
                    )
                else:
                    assert fqdns is None, f"{name} {phase} {directory}: {address} names records nobody creates"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_load_balancer_logs_go_where_the_bucket_policy_lets_them(name: str, phase: str | None) -> None:
    """ELB writes access logs to `bucket/prefix/AWSLogs/<account>/` only where the bucket policy lets it,
    and checks that at creation (ELB User Guide, "Enable access logs for your Application Load
    Balancer"): the logs go to the module's log bucket, under the prefix its policy grants, after it."""
    for _, directory, r, _ in _modules(name, phase):
        lb = r.get("aws_lb.main")
        if not lb or not lb.get("access_logs"):
            continue
        (logs,) = lb["access_logs"]
        assert logs["bucket"] == "${aws_s3_bucket.logs.id}" and logs["enabled"] is True, directory
        policy = str(r["aws_s3_bucket_policy.logs"]["policy"]) + str(
            {a: b for a, b in r.items() if a.startswith("data.aws_iam_policy_document")}
        )
        assert f"/{logs['prefix']}/AWSLogs/" in policy, f"{name} {phase}: no grant for the prefix {logs['prefix']}"
        assert "${aws_s3_bucket_policy.logs}" in lb.get("depends_on", []), f"{name} {phase}: made before its grant"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_resource_sets_what_the_provider_requires(name: str, phase: str | None) -> None:
    """hashicorp/aws's schema marks arguments and blocks Required (`terraform providers schema -json`, cut
    into sagegen/data/provider_schema.json): a resource without one is refused by `terraform validate`,
    seen here in-process."""
    for _, directory, r, _ in _modules(name, phase):
        for address, body in r.items():
            rtype = address.split(".")[0]
            missing = sorted(provider_schema.required(rtype) - set(body))
            missing += _missing_in_blocks(body, provider_schema.nested_required(rtype), address)
            assert not missing, f"{name} {phase} {directory}: {address} lacks {missing}"


def _missing_in_blocks(body: dict, nested: dict[str, dict], where: str) -> list[str]:
    """What each nested block of `body` lacks of what the provider requires in it (`dynamic` blocks,
    written from data, are left to terraform validate)."""
    missing = []
    for block, rule in nested.items():
        found = body.get(block, [])
        for item in found if isinstance(found, list) else [found]:
            if isinstance(item, dict):
                missing += [f"{where}.{block}.{key}" for key in rule.get("required", []) if key not in item]
                missing += _missing_in_blocks(item, rule.get("blocks", {}), f"{where}.{block}")
    return missing


@pytest.mark.parametrize("name, phase", RENDERS)
def test_the_distribution_reads_its_bucket_signed_serves_its_names_and_logs_where_it_may(name, phase) -> None:
    """CloudFront Developer Guide: origin access control signs every request (`always`, `sigv4`) to an
    `s3` origin, and the bucket policy lets only that in; alternate domain names need the distribution's
    own certificate (SNI); standard logs go to a bucket with ACLs enabled, set before the distribution
    (S3 object ownership BucketOwnerPreferred: "Configuring standard logging"), without the viewers'
    cookies, which carry their sessions."""
    for _, directory, r, _ in _modules(name, phase):
        distribution = r.get("aws_cloudfront_distribution.frontend")
        if not distribution:
            continue
        where = f"{name} {phase} {directory}"
        oac = r["aws_cloudfront_origin_access_control.frontend"]
        assert (oac["origin_access_control_origin_type"], oac["signing_behavior"], oac["signing_protocol"]) == (
            "s3", "always", "sigv4"), where  # fmt: skip
        (origin,) = distribution["origin"]
        assert origin["origin_access_control_id"] == "${aws_cloudfront_origin_access_control.frontend.id}", where
        assert origin["domain_name"] == "${aws_s3_bucket.frontend.bucket_regional_domain_name}", where
        (certificate,) = distribution["viewer_certificate"]
        assert certificate["acm_certificate_arn"] == "${aws_acm_certificate_validation.frontend.certificate_arn}"
        assert certificate["ssl_support_method"] == "sni-only", where
        for logging in distribution.get("logging_config", []):
            assert logging["bucket"] == "${aws_s3_bucket.logs.bucket_domain_name}", where
            assert logging.get("include_cookies", False) is False, where
            assert "${aws_s3_bucket_ownership_controls.logs}" in distribution.get("depends_on", []), where
            (rule,) = r["aws_s3_bucket_ownership_controls.logs"]["rule"]
            assert rule["object_ownership"] == "BucketOwnerPreferred", where


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_validation_runs_where_its_certificate_is_and_alerts_reach_the_spec_addresses_by_mail(name, phase) -> None:
    """ACM is regional: a certificate is validated through its own region's endpoint (its provider); SNS
    delivers to an address with the `email` protocol (SNS API Reference, Subscribe)."""
    for _, directory, r, _ in _modules(name, phase):
        for address, body in r.items():
            if address.startswith("aws_acm_certificate_validation."):
                certificate = r[f"aws_acm_certificate.{address.split('.')[1]}"]
                assert body.get("provider") == certificate.get("provider"), f"{name} {phase} {directory}: {address}"
    spec, _ = spec_of(name, phase)
    for _, directory, _, parsed in _modules(name, phase):
        subscription = _blocks(parsed, "resource")["aws_sns_topic_subscription.alerts_email"]
        local = _blocks(parsed, "locals")["alert_email_endpoints"]
        assert local == list(spec.alarms.email_endpoints), f"{name} {phase} {directory}: {local}"
        assert subscription["for_each"] == "${toset(local.alert_email_endpoints)}", directory
        assert (subscription["protocol"], subscription["endpoint"]) == ("email", "${each.value}"), directory
        assert subscription["topic_arn"] == "${aws_sns_topic.alerts.arn}", directory


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_alarm_is_one_cloudwatch_accepts_and_one_per_node_or_replica(name: str, phase: str | None) -> None:
    """PutMetricAlarm takes a Statistic and a ComparisonOperator of its enums (CloudWatch API Reference);
    ElastiCache publishes memory per node and RDS lag per replica, so there is an alarm for each node of
    the group and each replica of the module, and none for one that does not exist."""
    statistics, operators = enum("cloudwatch", "Statistic"), enum("cloudwatch", "ComparisonOperator")
    for _, directory, r, _ in _modules(name, phase):
        alarms = {a: b for a, b in r.items() if a.startswith("aws_cloudwatch_metric_alarm.")}
        for address, body in alarms.items():
            assert body.get("statistic") in statistics, f"{name} {phase} {directory}: {address} statistic"
            assert body.get("comparison_operator") in operators, f"{name} {phase} {directory}: {address}"
        group = r.get("aws_elasticache_replication_group.redis")
        if group:
            memory = [a for a in alarms if a.startswith("aws_cloudwatch_metric_alarm.redis_memory_high")]
            assert len(memory) == group["num_cache_clusters"], f"{name} {phase} {directory}: {len(memory)} alarms"
        replicas = [a for a in r if a.startswith("aws_db_instance.postgres_replica[")]
        lag = [a for a in alarms if a.startswith("aws_cloudwatch_metric_alarm.rds_replica_lag")]
        assert len(lag) == len(replicas), f"{name} {phase} {directory}: {len(lag)} lag alarms, {len(replicas)} replicas"


# What each alarm of the spec (`alarms.<key>`) watches: its namespace and metric (the document's
# section 9 and sagegen's additions, by CloudWatch's metric names).
WATCHES = {
    "ecs_cpu_high": ("AWS/ECS", "CPUUtilization"),
    "rds_cpu_high": ("AWS/RDS", "CPUUtilization"),
    "redis_memory_high": ("AWS/ElastiCache", "DatabaseMemoryUsagePercentage"),
    "rds_replica_lag": ("AWS/RDS", "ReplicaLag"),
    "alb_5xx": ("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count"),
    "target_5xx": ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
    "unhealthy_hosts": ("AWS/ApplicationELB", "UnHealthyHostCount"),
    "running_tasks": ("ECS/ContainerInsights", "RunningTaskCount"),
}
# CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing data": a period without
# requests publishes no 5xx count (no outage); a service that publishes no running-task count is down.
MISSING = {"alb_5xx": "notBreaching", "target_5xx": "notBreaching", "unhealthy_hosts": "notBreaching",
           "running_tasks": "breaching"}  # fmt: skip


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_alarm_fires_as_its_spec_entry_says(name: str, phase: str | None) -> None:
    """Each alarm on a metric of the spec's `alarms` takes that entry's period, threshold and periods in a
    row, and treats missing data as the metric's meaning asks."""
    spec, _ = spec_of(name, phase)
    for _, directory, r, _ in _modules(name, phase):
        for address, body in r.items():
            if not address.startswith("aws_cloudwatch_metric_alarm."):
                continue
            key = next((k for k, w in WATCHES.items() if w == (body["namespace"], body["metric_name"])), None)
            if key is None:  # the storage alarm: a percent of the instance's storage, not an entry's threshold
                assert (body["namespace"], body["metric_name"]) == ("AWS/RDS", "FreeStorageSpace"), address
                continue
            entry = getattr(spec.alarms, key)
            where = f"{name} {phase} {directory}: {address}"
            assert body["period"] == entry.period and body["evaluation_periods"] == entry.evaluation_periods, where
            assert float(body["threshold"]) == float(entry.threshold), where
            assert body.get("treat_missing_data", "missing") == MISSING.get(key, "missing"), where


@pytest.mark.parametrize("name, phase", RENDERS)
def test_an_alarm_a_guide_names_is_one_of_the_render(name: str, phase: str | None) -> None:
    """The guides send the operator to an alarm by its name (the RUNBOOK's failover: "the alarm `...`
    says how far behind it runs"): that name is an alarm the render makes."""
    files, _ = rendered(name, phase)
    alarms = {b["alarm_name"] for _, _, r, _ in _modules(name, phase) for a, b in r.items()
              if a.startswith("aws_cloudwatch_metric_alarm.")}  # fmt: skip
    for guide in ("README.md", "RUNBOOK.md"):
        for named in re.findall(r"the alarm\s+`([^`]+)`", files[guide]):
            assert named in alarms, f"{name} {phase} {guide}: no alarm {named}"


def _validated_names(r: dict) -> set[str]:
    """The domain names of the module's certificates (each gets one validation record)."""
    names = set()
    for address, body in r.items():
        if address.startswith("aws_acm_certificate."):
            names |= {body["domain_name"], *body.get("subject_alternative_names", [])}
    return names


@pytest.mark.parametrize("name, phase", RENDERS)
def test_with_a_zone_every_name_resolves_and_validates_as_route_53_requires(name: str, phase: str | None) -> None:
    """Route 53 Developer Guide: ACM's validation CNAMEs are plain records with a TTL (required for a
    non-alias record), one per domain of every certificate, in the public zone, and may be shared
    (allow_overwrite: a wildcard and its apex share one); an alias to a load balancer or a distribution
    is type A (AAAA for IPv6) at that target's own zone; CloudFront alias targets cannot evaluate health,
    a load balancer's do (the API record's failover between regions relies on it)."""
    for _, directory, r, parsed in _modules(name, phase):
        where = f"{name} {phase} {directory}"
        zones = [z for a, z in _blocks(parsed, "data").items() if a == "aws_route53_zone.main"]
        for zone in zones:
            assert zone.get("private_zone", False) is False, f"{where}: the hosted zone looked up is private"
        validation = {a: b for a, b in r.items() if a.startswith("aws_route53_record.certificate_validation[")}
        if validation:
            keys = {re.search(r'\["(.+)"\]$', a).group(1) for a in validation}
            assert keys == _validated_names(r), f"{where}: validation records for {sorted(keys)}"
            for address, body in validation.items():
                assert body.get("records") == ["${each.value.resource_record_value}"], f"{where}: {address}"
                assert body.get("type") == "${each.value.resource_record_type}" and body.get("ttl"), address
                assert body.get("allow_overwrite") is True, f"{where}: {address} cannot share its record"
        api = r.get("aws_route53_record.api")
        if api:
            (alias,) = api["alias"]
            assert api["type"] == "A" and alias["name"] == "${aws_lb.main.dns_name}", where
            assert alias["zone_id"] == "${aws_lb.main.zone_id}" and alias["evaluate_target_health"] is True, where
        frontend = {a: b for a, b in r.items() if a.startswith("aws_route53_record.frontend[")}
        distribution = r.get("aws_cloudfront_distribution.frontend")
        if zones and distribution and not r.get("aws_db_instance.postgres", {}).get("replicate_source_db"):
            ipv6 = distribution.get("is_ipv6_enabled") is True
            want = {f"{alias} {t}" for alias in distribution["aliases"] for t in (("A", "AAAA") if ipv6 else ("A",))}
            assert {re.search(r'\["(.+)"\]$', a).group(1) for a in frontend} == want, f"{where}: frontend records"
        for address, body in frontend.items():
            (alias,) = body["alias"]
            assert alias["name"] == "${aws_cloudfront_distribution.frontend.domain_name}", address
            assert alias["zone_id"] == "${aws_cloudfront_distribution.frontend.hosted_zone_id}", address
            assert alias["evaluate_target_health"] is False, address


@pytest.mark.parametrize("name, phase", RENDERS)
def test_github_tokens_are_for_sts_where_the_provider_and_every_deploy_role_say_so(name, phase) -> None:
    """GitHub Docs, "Configuring OpenID Connect in Amazon Web Services": the provider's URL is
    https://token.actions.githubusercontent.com, its audience sts.amazonaws.com, and each role trusting
    it conditions on that audience; a provider made elsewhere is looked up by that URL (IAM keeps one per
    URL and account)."""
    for _, directory, r, parsed in _modules(name, phase):
        provider = r.get("aws_iam_openid_connect_provider.github")
        if provider:
            assert provider["url"] == "https://token.actions.githubusercontent.com", directory
            assert provider["client_id_list"] == ["sts.amazonaws.com"], directory
        lookups = _blocks(parsed, "data")
        if "aws_iam_openid_connect_provider.github" in lookups:
            lookup = lookups["aws_iam_openid_connect_provider.github"] or {}
            assert lookup.get("url") == "https://token.actions.githubusercontent.com", directory
        for address, body in r.items():
            if address.startswith("aws_iam_role.github_deploy"):
                trust = body["assume_role_policy"]
                assert '"token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"' in trust, address
                assert "sts:AssumeRoleWithWebIdentity" in trust, address


@pytest.mark.parametrize("name, phase", RENDERS)
def test_images_are_scanned_and_tasks_run_on_fargate_with_both_roles_after_what_they_read(name, phase) -> None:
    """ECR User Guide, "Image scanning" (scan on push) and EncryptionType (the API's enum); ECS Developer
    Guide: a Fargate task definition requires FARGATE compatibility and the awsvpc network mode, an
    execution role to pull the image and read its secrets, a task role for what the app calls; a revision
    whose environment names the replicas' record or the path to another region starts once it exists."""
    encryption = enum("ecr", "EncryptionType")
    for _, directory, r, _ in _modules(name, phase):
        where = f"{name} {phase} {directory}"
        repository = r.get("aws_ecr_repository.backend")
        if repository:
            assert repository["image_scanning_configuration"][0]["scan_on_push"] is True, where
            assert repository["encryption_configuration"][0]["encryption_type"] in encryption, where
        task = r.get("aws_ecs_task_definition.backend")
        if not task:
            continue
        assert task["requires_compatibilities"] == ["FARGATE"] and task["network_mode"] == "awsvpc", where
        assert task["execution_role_arn"] == "${aws_iam_role.ecs_execution.arn}", where
        assert task["task_role_arn"] == "${aws_iam_role.ecs_task.arn}", where
        replicas = any(a.startswith("aws_route53_record.database_read") for a in r)
        remote = any(a.startswith("aws_route.to_primary") for a in r)
        needed = "aws_route53_record.database_read" if replicas else "aws_route.to_primary" if remote else None
        if needed:
            assert f"${{{needed}}}" in task.get("depends_on", []), f"{where}: the revision starts before {needed}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_bucket_is_private_and_encrypted_as_its_writers_accept(name: str, phase: str | None) -> None:
    """The document's bucket blocks every public access; S3 takes an algorithm of its ServerSideEncryption
    enum; ELB writes access logs only to a bucket encrypted with SSE-S3 (ELB User Guide, "Access logs
    for your Application Load Balancer": "the only server-side encryption option that's supported")."""
    algorithms = enum("s3", "ServerSideEncryption")
    for _, directory, r, _ in _modules(name, phase):
        for address in (a for a in r if a.startswith("aws_s3_bucket.")):
            label = address.split(".")[1]
            where = f"{name} {phase} {directory}: {address}"
            block = r.get(f"aws_s3_bucket_public_access_block.{label}", {})
            flags = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
            assert all(block.get(f) is True for f in flags), f"{where}: public access not blocked"
            assert block.get("bucket") == f"${{aws_s3_bucket.{label}.id}}", where
            (rule,) = r[f"aws_s3_bucket_server_side_encryption_configuration.{label}"]["rule"]
            algorithm = rule["apply_server_side_encryption_by_default"][0]["sse_algorithm"]
            assert algorithm in algorithms, where
            if label == "logs" and r.get("aws_lb.main", {}).get("access_logs"):
                assert algorithm == "AES256", f"{where}: ELB cannot write its logs there"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_drawn_secret_is_drawn_once_per_generation_as_its_service_accepts_it(name: str, phase: str | None) -> None:
    """A random-password data source draws anew at every plan: the version it feeds keeps the first draw
    (ignore_changes) until its generation changes (replace_triggered_by); the Redis token is 16 to 128
    printable characters without @, \\" or / (ElastiCache User Guide, "AUTH token")."""
    for _, directory, r, parsed in _modules(name, phase):
        for address, body in r.items():
            if address.startswith("aws_secretsmanager_secret_version.") and "secret_string" in body:
                where = f"{name} {phase} {directory}: {address}"
                assert body["secret_string"].startswith("${data.aws_secretsmanager_random_password."), where
                (lifecycle,) = body["lifecycle"]
                assert lifecycle.get("ignore_changes") == ["secret_string"], where
                assert re.fullmatch(r"\$\{terraform_data\.\w+_version\}", lifecycle["replace_triggered_by"][0]), where
        token = _blocks(parsed, "data").get("aws_secretsmanager_random_password.redis_auth")
        if token:
            assert 16 <= token["password_length"] <= 128 and token["exclude_punctuation"] is True, directory


# Who assumes each role, and the AWS managed policy it needs (ECS Developer Guide, "Task execution IAM
# role"; RDS User Guide, "Setting up and enabling Enhanced Monitoring").
TRUSTS = {"ecs_execution": "ecs-tasks.amazonaws.com", "ecs_task": "ecs-tasks.amazonaws.com",
          "rds_monitoring": "monitoring.rds.amazonaws.com"}  # fmt: skip
MANAGED = {"ecs_execution": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
           "rds_monitoring": "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"}  # fmt: skip


@pytest.mark.parametrize("name, phase", RENDERS)
def test_each_role_is_assumed_by_its_service_and_the_execution_role_reads_every_task_secret(name, phase) -> None:
    """ECS resolves a container's `secrets` with the execution role, which needs GetSecretValue on each
    (ECS Developer Guide, "Required IAM permissions for Amazon ECS secrets")."""
    for _, directory, r, _ in _modules(name, phase):
        where = f"{name} {phase} {directory}"
        for role, service in TRUSTS.items():
            if f"aws_iam_role.{role}" in r:
                trust = r[f"aws_iam_role.{role}"]["assume_role_policy"]
                assert f'Principal = {{Service = "{service}"}}' in trust and '"sts:AssumeRole"' in trust, role
        for role, policy in MANAGED.items():
            if f"aws_iam_role.{role}" in r:
                attached = r[f"aws_iam_role_policy_attachment.{role}"]
                assert attached == {"role": f"${{aws_iam_role.{role}.name}}", "policy_arn": policy}, f"{where}: {role}"
        task = r.get("aws_ecs_task_definition.backend")
        if task:
            read = set(re.findall(r"valueFrom = (aws_secretsmanager_secret\.\w+)\.arn", task["container_definitions"]))
            policy = r["aws_iam_role_policy.ecs_execution_secrets"]
            granted = set(re.findall(r"(aws_secretsmanager_secret\.\w+)\.arn", policy["policy"]))
            assert read and read <= granted and "secretsmanager:GetSecretValue" in policy["policy"], where
            assert policy["role"] == "${aws_iam_role.ecs_execution.id}", where


@pytest.mark.parametrize("name, phase", RENDERS)
def test_buckets_keep_versions_and_their_lifecycle_rules_run_as_the_spec_says(name: str, phase: str | None) -> None:
    """The document: the log bucket's objects go to Glacier after 30 days (here the spec's
    `logs.glacier_after_days`) and expire later; a rule acts only with Status Enabled (S3 API Reference,
    LifecycleRule); the log bucket is versioned (its rule expires noncurrent versions), the frontend's as
    the spec says; a transition's class is one of S3's TransitionStorageClass."""
    spec, _ = spec_of(name, phase)
    classes = enum("s3", "TransitionStorageClass")
    for _, directory, r, _ in _modules(name, phase):
        where = f"{name} {phase} {directory}"
        for label, body in _of_type(r, "aws_s3_bucket_lifecycle_configuration").items():
            # The provider's aws_s3_bucket_lifecycle_configuration page: rules on versions wait for the
            # versioning; S3 requires each action's days.
            assert f"${{aws_s3_bucket_versioning.{label}}}" in body.get("depends_on", []), where
            for rule in body["rule"]:
                assert rule["abort_incomplete_multipart_upload"][0]["days_after_initiation"] >= 1, where
                assert rule["noncurrent_version_expiration"][0]["noncurrent_days"] >= 1, where
                assert rule["status"] == "Enabled", f"{where}: {label} rule {rule.get('id')}"
                for transition in rule.get("transition", []):
                    assert transition["storage_class"] in classes, where
            (versioning,) = r[f"aws_s3_bucket_versioning.{label}"]["versioning_configuration"]
            want = "Suspended" if label == "frontend" and not spec.frontend.versioning else "Enabled"
            assert versioning["status"] == want, f"{where}: {label}'s versioning is not the spec's"
        logs = r.get("aws_s3_bucket_lifecycle_configuration.logs")
        if logs:
            (rule,) = logs["rule"]
            assert rule["transition"][0] == {"days": spec.logs.glacier_after_days, "storage_class": "GLACIER"}, where
            assert rule["expiration"][0]["days"] == spec.logs.expire_after_days, where
        frontend = r.get("aws_s3_bucket_lifecycle_configuration.frontend")
        if frontend:
            (rule,) = frontend["rule"]
            days = rule["noncurrent_version_expiration"][0]["noncurrent_days"]
            assert days == spec.frontend.noncurrent_version_expiration_days, where


@pytest.mark.parametrize("name, phase", RENDERS)
def test_server_access_logs_go_where_the_log_bucket_lets_them_and_policies_follow_their_blocks(name, phase) -> None:
    """S3 User Guide, "Enabling Amazon S3 server access logging": the target bucket's policy grants
    logging.s3.amazonaws.com the target prefix, and S3 checks it when logging is set (so, after the
    policy); a bucket's policy is set after its public access block (S3 refuses concurrent changes of
    one bucket's configuration: OperationAborted)."""
    for _, directory, r, _ in _modules(name, phase):
        where = f"{name} {phase} {directory}"
        for label, body in _of_type(r, "aws_s3_bucket_policy").items():
            assert f"${{aws_s3_bucket_public_access_block.{label}}}" in body.get("depends_on", []), where
        for body in _of_type(r, "aws_s3_bucket_logging").values():
            assert body["target_bucket"] == "${aws_s3_bucket.logs.id}", where
            policy = r["aws_s3_bucket_policy.logs"]["policy"]
            assert "logging.s3.amazonaws.com" in policy and body["target_prefix"] in policy, f"{where}: no grant"
            assert "${aws_s3_bucket_policy.logs}" in body.get("depends_on", []), where


SAID = {"endpoint": "address", "endpoints": "addresses", "rds": "postgresql"}  # a name's word, as prose says it


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_output_and_variable_says_what_it_is(name: str, phase: str | None) -> None:
    """Terraform requires an output's value; a reader needs its description, which names what the output
    is (a word of its name), and a variable's type and description."""
    for _, directory, _, parsed in _modules(name, phase):
        for output, spec in _blocks(parsed, "output").items():
            words = set(output.split("_")) - {"arn", "name", "id", "url"}
            words |= {SAID.get(w, w) for w in words}
            assert "value" in spec, f"{name} {phase} {directory}: output {output} has no value"
            described = spec.get("description", "").lower()
            assert any(w in described for w in words), f"{name} {phase} {directory}: output {output}"
        for variable, spec in _blocks(parsed, "variable").items():
            assert spec.get("type") and spec.get("description"), f"{name} {phase}: variable {variable}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_secondary_region_finds_the_primarys_network_by_its_own_names_and_peers_there(name, phase) -> None:
    """A secondary module reads the primary's VPC and private route tables by the Name tags the primary
    module gives them (a lookup without that filter matches any VPC of the account), through the primary
    region's provider, one per primary route table; the peering names the primary's region (VPC Peering
    Guide: an inter-region request names the peer region; it is accepted there)."""
    modules = _modules(name, phase)
    (primary_region, _, primary, _), *secondaries = modules
    tables = sorted((b["tags"]["Name"], a) for a, b in primary.items() if a.startswith("aws_route_table.private["))
    for _, directory, r, parsed in secondaries:
        if "aws_vpc_peering_connection.primary" not in r:
            continue
        where = f"{name} {phase} {directory}"
        data = _blocks(parsed, "data")
        vpc, route_tables = data["aws_vpc.primary"], data["aws_route_table.primary_private"]
        assert vpc["tags"] == {"Name": primary["aws_vpc.main"]["tags"]["Name"]}, where
        assert vpc["provider"] == route_tables["provider"] == "${aws.primary}", where
        assert route_tables["count"] == len(tables), where
        expanded = [route_tables["tags"]["Name"].replace("count.index", str(i)) for i in range(len(tables))]
        assert expanded == [n for n, _ in tables], where
        assert r["aws_vpc_peering_connection.primary"]["peer_region"] == primary_region, where
        assert r["aws_vpc_peering_connection_accepter.primary"]["auto_accept"] is True, f"{where}: never accepted"
        assert route_tables["vpc_id"] == "${data.aws_vpc.primary.id}", f"{where}: route tables of any VPC"
        # Each private route table of each side sends the other's range through the peering.
        to_primary = [b for a, b in r.items() if a.startswith("aws_route.to_primary[")]
        from_primary = [b for a, b in r.items() if a.startswith("aws_route.from_primary[")]
        mine = [a for a in r if a.startswith("aws_route_table.private[")]
        assert len(to_primary) == len(mine) and len(from_primary) == len(tables), where
        assert {b["destination_cidr_block"] for b in to_primary} == {primary["aws_vpc.main"]["cidr_block"]}, where
        assert {resolved(r, b["destination_cidr_block"]) for b in from_primary} == {r["aws_vpc.main"]["cidr_block"]}
        peering = "${aws_vpc_peering_connection_accepter.primary.id}"
        assert all(b.get("vpc_peering_connection_id") == peering for b in to_primary + from_primary), where
        for address, body in r.items():
            if address.startswith(("aws_vpc_peering_connection_accepter.", "aws_route.from_primary")):
                assert body.get("provider") == "${aws.primary}", f"{where}: {address} outside the primary region"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_deploy_role_is_an_output_the_workflows_can_be_given(name: str, phase: str | None) -> None:
    """The README has the app repository's variables set from the outputs: each deploy role's ARN is one."""
    for _, directory, r, parsed in _modules(name, phase):
        values = {o: spec["value"] for o, spec in _blocks(parsed, "output").items()}
        for address in r:
            if address.startswith("aws_iam_role.github_deploy"):
                assert f"${{{address}.arn}}" in values.values(), f"{name} {phase} {directory}: no output of {address}"


# The provider the suite runs (the offline mirror's, the one sagegen/data/provider_schema.json is cut from).
TESTED_PROVIDER = (5, 100, 0)


@pytest.mark.parametrize("name, phase", RENDERS)
def test_each_module_pins_the_aws_provider_it_is_tested_with(name: str, phase: str | None) -> None:
    """Terraform's "Provider Requirements": a module names each provider's source (an omitted one is
    implied, which the docs advise against) and a version constraint, or `init` takes the newest release.
    The constraint admits the tested release and no other major version (a major release removes
    arguments: the provider's own upgrade guides), so `~> MAJOR.MINOR` with MINOR at most the tested one."""
    files, modules = rendered(name, phase)
    for directory, _, _ in modules.values():
        (block,) = hcl_reader.parse(files[f"{directory}/versions.tf"])["terraform"]
        (providers,) = block["required_providers"]
        assert set(providers) == {"aws"}, f"{directory}: {sorted(providers)}"
        aws = providers["aws"]
        assert aws.get("source") == "hashicorp/aws", f"{name} {phase} {directory}: source {aws.get('source')}"
        pinned = re.fullmatch(r"~> (\d+)\.(\d+)", aws.get("version", ""))
        assert pinned, f"{name} {phase} {directory}: version {aws.get('version')!r} is no ~> MAJOR.MINOR"
        major, minor = int(pinned.group(1)), int(pinned.group(2))
        assert major == TESTED_PROVIDER[0] and minor <= TESTED_PROVIDER[1], f"{directory}: {aws['version']}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_each_module_runs_in_its_region_and_every_provider_a_resource_names_is_declared(name, phase) -> None:
    """A module's own provider is its region's; `primary` is the primary region's, `us_east_1` is
    us-east-1 (CloudFront's certificates), `writer` the spec's writer_region (where a failover moved the
    writes); a resource naming an undeclared alias is refused by Terraform. Every provider of a module tags
    what it creates as the module's own does: default_tags belong to a provider block, not to the module
    (Terraform AWS provider docs, "default_tags"), so an alias without them leaves its resources untagged."""
    modules = _modules(name, phase)
    primary_region = modules[0][0]
    spec, phase_name = spec_of(name, phase)
    writes = {m.directory: m.spec.replicates_from for m in root_modules(spec)}
    for region, directory, r, parsed in modules:
        providers = _providers(parsed)
        where = f"{name} {phase} {directory}"
        assert providers[None] == region, f"{where}: its provider is in {providers[None]}"
        assert providers.get("primary", primary_region) == primary_region, where
        assert providers.get("us_east_1", "us-east-1") == "us-east-1", where
        # The writer's region is reached through `primary` where that is it, else through `writer`.
        writer = writes[directory] if writes[directory] != providers.get("primary") else None
        assert providers.get("writer") == writer, f"{where}: writer provider in {providers.get('writer')}"
        tags = [p["aws"].get("default_tags") for b in parsed for p in b.get("provider", []) if "aws" in p]
        assert tags[0] and all(t == tags[0] for t in tags), f"{where}: providers tag differently: {tags}"
        assert all(re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", str(p)) for p in providers.values()), f"{where}: {providers}"
        for address, body in r.items():
            if "provider" in body:
                alias = re.fullmatch(r"\$\{aws\.(\w+)\}", body["provider"]).group(1)
                assert alias in providers, f"{where}: {address} uses the undeclared provider aws.{alias}"


# RDS API Reference, CreateDBInstance: PerformanceInsightsRetentionPeriod is 7, 731, or a number of
# months times 31; a MonitoringInterval other than 0 needs a MonitoringRoleArn.
INSIGHTS_DAYS = {7, 731, *(31 * m for m in range(1, 24))}


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_database_is_monitored_as_rds_accepts(name: str, phase: str | None) -> None:
    for _, directory, r, _ in _modules(name, phase):
        for address, body in r.items():
            if not address.startswith("aws_db_instance."):
                continue
            where = f"{name} {phase} {directory}: {address}"
            if body.get("performance_insights_enabled"):
                assert body.get("performance_insights_retention_period", 7) in INSIGHTS_DAYS, where
            if body.get("monitoring_interval"):
                assert body.get("monitoring_role_arn") == "${aws_iam_role.rds_monitoring.arn}", where


@pytest.mark.parametrize("name, phase", RENDERS)
def test_the_parameter_group_logs_slow_queries_and_refuses_plain_connections(name: str, phase: str | None) -> None:
    """PostgreSQL: log_min_duration_statement logs statements slower than its milliseconds (the spec's
    `database.slow_query_ms`), log_statement = ddl every schema change; RDS User Guide, "Using SSL with a
    PostgreSQL DB instance": rds.force_ssl = 1 refuses connections without TLS, which the tasks' URL asks
    for (sslmode=require). Its family is the engine's major version."""
    spec, _ = spec_of(name, phase)
    for _, directory, r, _ in _modules(name, phase):
        group = r.get("aws_db_parameter_group.postgres")
        if not group:
            continue
        parameters = {p["name"]: p["value"] for p in group["parameter"]}
        assert parameters == {"log_statement": "ddl", "log_min_duration_statement": str(spec.database.slow_query_ms),
                              "rds.force_ssl": "1"}, f"{name} {phase} {directory}: {parameters}"  # fmt: skip
        assert group["family"] == f"postgres{spec.database.engine_version.split('.')[0]}", directory


@pytest.mark.parametrize("name, phase", RENDERS)
def test_the_writer_draws_the_password_and_each_replica_region_copies_the_writers(name, phase) -> None:
    """RDS User Guide: a read replica has its source's users, so its region's secret holds the writer's
    password, read from the writer's secret in the writer's region; the writer draws its own, 8 to 128
    characters without /, @, \\" or a space (CreateDBInstance, MasterUserPassword)."""
    modules = _modules(name, phase)
    secrets = {region: r.get("aws_secretsmanager_secret.db_password", {}).get("name") for region, _, r, _ in modules}
    for _, directory, r, parsed in modules:
        db = r.get("aws_db_instance.postgres")
        if not db:
            continue
        where = f"{name} {phase} {directory}"
        ephemeral = _blocks(parsed, "ephemeral")
        written = r["aws_secretsmanager_secret_version.db_password"]["secret_string_wo"]
        if db.get("replicate_source_db"):
            source = ephemeral["aws_secretsmanager_secret_version.writer_db_password"]
            assert written == "${ephemeral.aws_secretsmanager_secret_version.writer_db_password.secret_string}", where
            assert source["secret_id"] in secrets.values() and source.get("provider"), f"{where}: {source}"
        else:
            drawn = ephemeral["aws_secretsmanager_random_password.db"]
            assert written == "${ephemeral.aws_secretsmanager_random_password.db.random_password}", where
            assert 8 <= drawn["password_length"] <= 128 and drawn["exclude_punctuation"] is True, where


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_database_instance_keeps_its_settings_logs_and_snapshots_as_rds_allows(name, phase) -> None:
    """Every instance, replicas included, uses the module's parameter group (rds.force_ssl), copies its
    tags to snapshots, and has a log group for each log it exports (RDS User Guide, "Publishing database
    logs to Amazon CloudWatch Logs": /aws/rds/instance/<identifier>/<log>); a replica can take no final
    snapshot (DeleteDBInstance: SkipFinalSnapshot for a read replica), the writer keeps one; a
    cross-region replica is encrypted with RDS's key of its region (alias/aws/rds).
    A replica takes IAM authentication, minor version upgrades and log exports from its own creation
    request, not from its source (RDS API Reference, CreateDBInstanceReadReplica:
    EnableIAMDatabaseAuthentication, AutoMinorVersionUpgrade, EnableCloudwatchLogsExports), so each
    instance states the spec's; each is encrypted (a replica of an encrypted source is: RDS User Guide,
    "Limitations of Amazon RDS encrypted DB instances"); and each exporting instance waits for its log
    groups, which RDS would otherwise create first, without a retention, and the group's own create
    then fails (CloudWatch Logs API Reference, CreateLogGroup: ResourceAlreadyExistsException)."""
    spec, phase_name = spec_of(name, phase)
    settings = {m.directory: m.spec.database for m in root_modules(spec)}
    for _, directory, r, parsed in _modules(name, phase):
        databases = {a: b for a, b in r.items() if a.startswith("aws_db_instance.")}
        groups = {re.search(r'\["(.+)"\]$', a).group(1) for a in r if a.startswith("aws_cloudwatch_log_group.rds[")}
        for address in groups:
            assert r[f'aws_cloudwatch_log_group.rds["{address}"]'].get("name") == "${each.value}", address
        want = set()
        db = settings[directory]
        for address, body in databases.items():
            where = f"{name} {phase} {directory}: {address}"
            assert body.get("storage_encrypted") is True, where
            assert body.get("iam_database_authentication_enabled") is db.iam_authentication, where
            assert body.get("auto_minor_version_upgrade") is db.auto_minor_version_upgrade, where
            exported = body.get("enabled_cloudwatch_logs_exports") or []
            assert sorted(exported) == sorted(db.cloudwatch_logs_exports), where
            assert not exported or "${aws_cloudwatch_log_group.rds}" in body.get("depends_on", []), where
            assert body.get("parameter_group_name") == "${aws_db_parameter_group.postgres.name}", where
            assert body.get("copy_tags_to_snapshot") is True, where
            exports = body.get("enabled_cloudwatch_logs_exports") or r["aws_db_instance.postgres"].get(
                "enabled_cloudwatch_logs_exports", [])  # fmt: skip
            want |= {f"/aws/rds/instance/{body['identifier']}/{log}" for log in exports}
            if body.get("replicate_source_db"):
                assert body.get("skip_final_snapshot") is True, f"{where}: a replica cannot take a final snapshot"
            else:  # the document's engine; a replica takes its source's
                assert body.get("skip_final_snapshot") is False and body.get("final_snapshot_identifier"), where
                assert body.get("engine") == "postgres", where
            if "data.aws_db_instance.writer" in str(body.get("replicate_source_db")):
                assert body.get("kms_key_id") == "${data.aws_kms_key.rds.arn}", where
        expanded = {re.sub(r"\$\{(\d+) \+ 1\}", lambda m: str(int(m.group(1)) + 1), g) for g in want}
        assert groups == expanded, f"{name} {phase} {directory}: log groups {sorted(groups)}, exports {sorted(want)}"
        kms = _blocks(parsed, "data").get("aws_kms_key.rds")
        assert kms is None or kms["key_id"] == "alias/aws/rds", directory
        read = _blocks(parsed, "ephemeral").get("aws_secretsmanager_secret_version.db_password")
        if read:  # the writer's instance takes the version this apply wrote, by its id
            version = "${aws_secretsmanager_secret_version.db_password.version_id}"
            assert read == {"secret_id": "${aws_secretsmanager_secret.db_password.id}", "version_id": version}
        token = r.get("aws_secretsmanager_secret_version.redis_auth")
        if token:
            assert token.get("secret_string") == "${data.aws_secretsmanager_random_password.redis_auth.random_password}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_the_read_name_answers_each_replica_in_turn(name: str, phase: str | None) -> None:
    """Route 53: a plain record needs a TTL, weighted records of one name each a set identifier of their
    own (Route 53 Developer Guide, "Weighted routing"); one per replica, to its address, each a name inside
    the private zone it is made in (Route 53 API Reference, ChangeResourceRecordSets: a name outside the
    zone is refused, InvalidChangeBatch "is not permitted in zone")."""
    for _, directory, r, _ in _modules(name, phase):
        records = {a: b for a, b in r.items() if a.startswith("aws_route53_record.database_read[")}
        replicas = [a for a in r if a.startswith("aws_db_instance.postgres_replica[")]
        assert len(records) == len(replicas), directory
        identifiers = set()
        for address, body in records.items():
            zone = r["aws_route53_zone.internal"]
            assert body["zone_id"] == "${aws_route53_zone.internal.zone_id}", address
            assert body["name"].endswith("." + zone["name"].rstrip(".")), f"{address}: outside {zone['name']}"
            index = re.search(r"\[(\d+)\]$", address).group(1)
            assert body.get("ttl") and body["type"] == "CNAME" and body.get("weighted_routing_policy"), address
            assert body["records"] == [f"${{aws_db_instance.postgres_replica[{index}].address}}"], address
            identifiers.add(body["set_identifier"])
        assert len(identifiers) == len(records), f"{name} {phase} {directory}: set identifiers repeat"
