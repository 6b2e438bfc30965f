"""Where each spec value must appear in the rendered Terraform.

`check` parses every rendered file back with python-hcl2 and verifies this
table, so a template typo that drops or mangles a value fails at render
time, not at `terraform plan`. A test also asserts that every leaf of the
spec is bound somewhere: a field the templates silently ignore is a bug.

Targets are the flattened paths of `hcl_reader.index`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from sagegen.render import hcl_reader
from sagegen.render.values import SECURITY_HEADERS_POLICY_ID
from sagegen.spec.models import Spec

ABSENT = object()  # the target must not exist at all
# What a read replica takes from its source and never sets (RDS User Guide, "Working with DB instance read replicas").
INHERITED = {
    "engine_version",
    "allocated_storage",
    "db_name",
    "username",
    "port",
    "backup_retention_period",
    "backup_window",
}


@dataclass(frozen=True)
class Binding:
    source: str  # dotted path in the spec
    target: str  # flattened path in the rendered HCL
    expected: object
    raw: bool = False  # compare the parsed string as is (it holds a real interpolation)


def verify(spec: Spec, files: dict[str, str], leaves: dict[str, object] | None = None) -> list[str]:
    """Mismatches between the spec and what the rendered files hold, as messages.

    `leaves` is `index(files)` when the caller parsed the files already.
    """
    leaves = index(files) if leaves is None else leaves
    problems = []
    for b in bindings(spec):
        if b.expected is ABSENT:
            present = [k for k in leaves if k == b.target or k.startswith(b.target + ".")]
            if present:
                problems.append(f"{b.source}: {b.target} should not be rendered")
            continue
        if b.target not in leaves:
            problems.append(f"{b.source}: {b.target} is missing from the rendered files")
            continue
        got = leaves[b.target]
        if not b.raw:
            got = _literal(got)
        if got != hcl_reader.normalise(b.expected):
            problems.append(f"{b.source}: {b.target} is {got!r}, the spec says {b.expected!r}")
    return problems


def index(files: dict[str, str]) -> dict[str, object]:
    """`hcl_reader.index(files)`, each file parsed once per text: the property tests render hundreds of
    specs whose files are mostly the same bytes, and python-hcl2 (lark) spends ~20 ms a file."""
    leaves: dict[str, object] = {}
    for path, text in files.items():
        leaves.update(_file_leaves(path, text))
    return leaves


@functools.lru_cache(maxsize=256)
def _file_leaves(path: str, text: str) -> tuple[tuple[str, object], ...]:
    return tuple(hcl_reader.index({path: text}).items())


def _literal(value: object) -> object:
    if isinstance(value, str):
        return hcl_reader.normalise(hcl_reader.literal(value))
    if isinstance(value, tuple):
        return tuple(hcl_reader.literal(v) if isinstance(v, str) else v for v in value)
    return value


# Not bound inside a module: each secondary region is a root module of its own, which `check`
# verifies with the region's copy of the spec (its `region` and `network.availability_zones`).
# The deploy settings other than the repository and branch shape the workflow files, and the
# recovery objectives RUNBOOK.md: tests/render/test_workflows.py and tests/render/test_documents.py read them back.
# `user_files` reaches no file: it tells `check` which files of a root module are the user's
# (tests/output/test_writer.py holds it). `accepted_risks` reaches no file either: it silences
# warnings of `validate` and `render` (tests/spec/test_warnings.py holds it). `budget` neither: `check`
# and `impact` hold the estimate to it (tests/insight/test_cost_change.py).
OTHER_MODULES = (
    "user_files",
    "accepted_risks",
    "budget",
    "product",  # the guides' words only (tests/render/test_documents.py)
    "document",
    "secondary_regions",
    "deploy.backend_path",
    "deploy.frontend_path",
    "deploy.frontend_build_dir",
    "deploy.node_version",
    "deploy.pnpm_version",
    "recovery",
)


def unbound(spec: Spec) -> list[str]:
    """Leaves of the spec that no binding covers."""
    sources = {b.source for b in bindings(spec)} | set(OTHER_MODULES)
    return [
        leaf
        for leaf in _leaves(spec.model_dump(mode="json"))
        if not any(leaf == s or leaf.startswith(s + ".") for s in sources)
    ]


def _leaves(value: object, prefix: str = "") -> Iterator[str]:
    if isinstance(value, dict):  # an empty map (no tags, no secrets) has nothing to bind
        for key, item in value.items():
            yield from _leaves(item, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix


def bindings(spec: Spec) -> list[Binding]:
    return [
        *_state(spec),
        *_root(spec),
        *_network(spec),
        *_service(spec),
        *_read_only_root(spec),
        *_database(spec),
        *_cache(spec),
        *_frontend(spec),
        *_edge(spec),
        *_logs(spec),
        *_waf(spec),
        *_alarms(spec),
        *_secrets(spec),
        *_deploy(spec),
        *_monitoring(spec),
    ]


def _deploy(spec: Spec) -> Iterator[Binding]:
    role = "resource.aws_iam_role.github_deploy"
    if spec.deploy is None or spec.secondary_region:  # IAM is global: the primary region's module holds it
        yield Binding("deploy", role, ABSENT)
        return
    d, host = spec.deploy, "token.actions.githubusercontent.com"
    for workflow, address in (("backend", role), ("frontend", f"{role}_frontend")):
        ref = f"refs/heads/{d.branch}"
        # GitHub's subject with the repo, context and job_workflow_ref claims (GitHub Docs, "OpenID Connect reference").
        workflow_ref = f"{d.repository}/.github/workflows/deploy-{workflow}.yml@{ref}"
        subject = f"repo:{d.repository}:ref:{ref}:job_workflow_ref:{workflow_ref}"
        expected = subject if workflow == "backend" or spec.frontend else ABSENT
        target = f"{address}.assume_role_policy.Statement.0.Condition.StringEquals.{host}:sub"
        yield Binding("deploy.repository", target, expected)
        yield Binding("deploy.branch", target, expected)
    yield _present_if(
        d.create_oidc_provider,
        "deploy.create_oidc_provider",
        "resource.aws_iam_openid_connect_provider.github.url",
        "https://" + host,
    )


def _present_if(on: bool, source: str, target: str, expected: object) -> Binding:
    """A switch: on, the target holds `expected`; off, it is not rendered at all."""
    return Binding(source, target, expected if on else ABSENT)


def _state(spec: Spec) -> Iterator[Binding]:
    backend = "terraform.backend.0.s3"
    if spec.state is None:
        yield Binding("state", "terraform.backend", ABSENT)
        return
    state = spec.state
    yield Binding("state.bucket", f"{backend}.bucket", state.bucket)
    yield Binding("state.region", f"{backend}.region", state.region or spec.region)
    yield Binding("state.key_prefix", f"{backend}.key", spec.state_key)


def _root(spec: Spec) -> Iterator[Binding]:
    n = spec.names
    yield Binding("project", f"resource.aws_ecs_cluster.{n.label}.name", n.cluster)
    yield Binding("region", "provider.aws.region", spec.region)
    yield Binding("environment", "provider.aws.default_tags.0.tags.Environment", spec.environment)
    for key, value in spec.tags.items():
        yield Binding(f"tags.{key}", f"provider.aws.default_tags.0.tags.{key}", value)
        if spec.frontend:  # the us-east-1 provider exists for CloudFront's certificate and WAF
            yield Binding(f"tags.{key}", f"provider.aws.us_east_1.default_tags.0.tags.{key}", value)
    if spec.dns:
        yield Binding("dns.zone", "data.aws_route53_zone.main.name", spec.dns.zone)
        if not spec.secondary_region:
            yield Binding("dns.zone", "resource.aws_route53_record.api.name", spec.edge.domain_name)
    else:
        yield Binding("dns", "data.aws_route53_zone.main", ABSENT)
    if spec.peers:  # the writer's region, whose change replaces an instance that is to become a replica
        yield Binding("writer_region", "resource.terraform_data.database_role.input", spec.writer)
    else:
        yield Binding("writer_region", "resource.terraform_data.database_role", ABSENT)


def _network(spec: Spec) -> Iterator[Binding]:
    net = spec.network
    yield Binding("network.vpc_cidr", "resource.aws_vpc.main.cidr_block", net.vpc_cidr)
    yield Binding("network.public_subnets", "locals.public_subnet_cidrs", net.public_subnets)
    yield Binding("network.private_subnets", "locals.private_subnet_cidrs", net.private_subnets)
    yield Binding("network.nat_gateway_per_az", "resource.aws_nat_gateway.main.count", net.nat_gateway_count)
    yield Binding(
        "network.availability_zones", "data.aws_availability_zones.available.filter.0.values", spec.availability_zones
    )
    flow = net.flow_logs
    yield _present_if(
        flow.enabled, "network.flow_logs.enabled", "resource.aws_flow_log.main.log_destination_type", "s3"
    )
    yield _present_if(
        flow.enabled, "network.flow_logs.traffic_type", "resource.aws_flow_log.main.traffic_type", flow.traffic_type
    )
    yield _present_if(
        net.lock_default_security_group,
        "network.lock_default_security_group",
        "resource.aws_default_security_group.default.vpc_id",
        "${aws_vpc.main.id}",
    )


def _service(spec: Spec) -> Iterator[Binding]:
    svc, n = spec.service, spec.names
    task, cd = (
        "resource.aws_ecs_task_definition.backend",
        "resource.aws_ecs_task_definition.backend.container_definitions.0",
    )
    auto, policy = "resource.aws_appautoscaling_target.backend", "resource.aws_appautoscaling_policy.backend_cpu"
    tracking = f"{policy}.target_tracking_scaling_policy_configuration.0"
    yield Binding("service.name", f"{cd}.name", n.container)
    yield Binding("service.container_port", f"{cd}.portMappings.0.containerPort", svc.container_port)
    yield Binding("service.container_port", "resource.aws_lb_target_group.backend.port", svc.container_port)
    yield Binding("service.cpu", f"{task}.cpu", str(svc.cpu))
    yield Binding("service.cpu", f"{cd}.cpu", svc.cpu)
    yield Binding("service.memory", f"{task}.memory", str(svc.memory))
    yield Binding("service.memory", f"{cd}.memory", svc.memory)
    yield Binding("service.desired_count", "resource.aws_ecs_service.backend.desired_count", svc.desired_count)
    yield Binding(
        "service.health_check_grace_period",
        "resource.aws_ecs_service.backend.health_check_grace_period_seconds",
        svc.health_check_grace_period,
    )
    yield Binding("service.platform_version", "resource.aws_ecs_service.backend.platform_version", svc.platform_version)
    yield Binding("service.image_tag", "variable.image_tag.default", svc.image_tag)
    for i, (key, value) in enumerate(svc.environment.items()):
        yield Binding(f"service.environment.{key}", f"{cd}.environment.{i}.name", key)
        yield Binding(f"service.environment.{key}", f"{cd}.environment.{i}.value", value)
    hc = svc.health_check
    script = (  # an HTTP GET with Node.js (no curl in slim Node images): 2xx healthy, anything else not
        f"require('http').get({{host:'127.0.0.1',port:{svc.container_port},path:'{hc.path}',timeout:4000}},"
        "r=>process.exit(r.statusCode>=200&&r.statusCode<300?0:1))"
        ".on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"
    )
    command = ["CMD", "node", "-e", script]
    yield Binding("service.health_check.path", f"{cd}.healthCheck.command", command)
    for field, key in (
        ("interval", "interval"),
        ("timeout", "timeout"),
        ("retries", "retries"),
        ("start_period", "startPeriod"),
    ):
        yield Binding(f"service.health_check.{field}", f"{cd}.healthCheck.{key}", getattr(hc, field))
    a = svc.autoscaling
    yield Binding("service.autoscaling.min_capacity", f"{auto}.min_capacity", a.min_capacity)
    yield Binding("service.autoscaling.max_capacity", f"{auto}.max_capacity", a.max_capacity)
    for field, key in (
        ("cpu_target", "target_value"),
        ("scale_in_cooldown", "scale_in_cooldown"),
        ("scale_out_cooldown", "scale_out_cooldown"),
    ):
        yield Binding(f"service.autoscaling.{field}", f"{tracking}.{key}", getattr(a, field))
    yield Binding(
        "service.container_insights",
        f"resource.aws_ecs_cluster.{n.label}.setting.0.value",
        "enabled" if svc.container_insights else "disabled",
    )
    yield Binding(
        "service.log_retention_days",
        "resource.aws_cloudwatch_log_group.backend.retention_in_days",
        svc.log_retention_days,
    )
    yield Binding(
        "service.image_tag_mutability",
        "resource.aws_ecr_repository.backend.image_tag_mutability",
        svc.image_tag_mutability,
    )


def _read_only_root(spec: Spec) -> Iterator[Binding]:
    yield Binding(
        "service.read_only_root_filesystem",
        "resource.aws_ecs_task_definition.backend.container_definitions.0.readonlyRootFilesystem",
        spec.service.read_only_root_filesystem,
    )


def _database(spec: Spec) -> Iterator[Binding]:
    db, pg = spec.database, "resource.aws_db_instance.postgres"
    for field in (
        "engine_version",
        "instance_class",
        "allocated_storage",
        "storage_type",
        "db_name",
        "username",
        "port",
        "backup_retention_period",
        "backup_window",
        "maintenance_window",
        "apply_immediately",
        "deletion_protection",
    ):
        # A replica takes these from its source (RDS User Guide, "Working with DB instance read replicas"):
        # where another region writes, they reach AWS through the writer's module, and never the replica.
        inherited = spec.replicates_from and field in INHERITED
        yield Binding(f"database.{field}", f"{pg}.{field}", ABSENT if inherited else getattr(db, field))
    if spec.replicates_from:
        yield Binding(
            "database.port", "resource.aws_vpc_security_group_ingress_rule.rds_from_backend.from_port", db.port
        )
        yield Binding("database.allow_major_version_upgrade", f"{pg}.allow_major_version_upgrade", ABSENT)
        yield Binding("database.password_version", f"{pg}.password_wo_version", ABSENT)
    if db.read_replicas.count:
        yield Binding("database.apply_immediately", f"{pg}_replica.apply_immediately", db.apply_immediately)
        yield Binding("database.max_allocated_storage", f"{pg}_replica.max_allocated_storage", db.max_allocated_storage)
    yield Binding("database.max_allocated_storage", f"{pg}.max_allocated_storage", db.max_allocated_storage)
    yield Binding("database.port", "resource.aws_vpc_security_group_ingress_rule.rds_from_backend.from_port", db.port)
    yield Binding("database.multi_az", f"{pg}.multi_az", db.multi_az)
    yield Binding(
        "database.auto_minor_version_upgrade", f"{pg}.auto_minor_version_upgrade", db.auto_minor_version_upgrade
    )
    yield Binding("database.iam_authentication", f"{pg}.iam_database_authentication_enabled", db.iam_authentication)
    yield _present_if(
        db.performance_insights, "database.performance_insights", f"{pg}.performance_insights_enabled", True
    )
    yield _present_if(
        bool(db.monitoring_interval),
        "database.monitoring_interval",
        f"{pg}.monitoring_interval",
        db.monitoring_interval,
    )
    yield Binding(
        "database.slow_query_ms", "resource.aws_db_parameter_group.postgres.parameter.1.value", str(db.slow_query_ms)
    )
    yield Binding(
        "database.cloudwatch_logs_exports", f"{pg}.enabled_cloudwatch_logs_exports", db.cloudwatch_logs_exports
    )
    if not spec.replicates_from:
        yield Binding(
            "database.allow_major_version_upgrade", f"{pg}.allow_major_version_upgrade", db.allow_major_version_upgrade
        )
        yield Binding("database.password_version", f"{pg}.password_wo_version", db.password_version)
    yield Binding(
        "database.password_version",
        "resource.aws_secretsmanager_secret_version.db_password.secret_string_wo_version",
        db.password_version,
    )
    yield _present_if(
        bool(db.cloudwatch_logs_exports),
        "database.log_retention_days",
        "resource.aws_cloudwatch_log_group.rds.retention_in_days",
        db.log_retention_days,
    )
    replicas = db.read_replicas
    yield Binding("database.read_replicas.count", "resource.aws_db_instance.postgres_replica.count", replicas.count)
    yield Binding(
        "database.read_replicas.count", "resource.aws_cloudwatch_metric_alarm.rds_replica_lag.count", replicas.count
    )
    yield Binding(
        "database.read_replicas.instance_class",
        "resource.aws_db_instance.postgres_replica.instance_class",
        replicas.instance_class,
    )


def _cache(spec: Spec) -> Iterator[Binding]:
    c, rg = spec.cache, "resource.aws_elasticache_replication_group.redis"
    renamed = {
        "automatic_failover": "automatic_failover_enabled",
        "multi_az": "multi_az_enabled",
        "at_rest_encryption": "at_rest_encryption_enabled",
        "transit_encryption": "transit_encryption_enabled",
    }
    for field in (
        "description",
        "engine_version",
        "node_type",
        "num_cache_clusters",
        "port",
        "parameter_group_name",
        "automatic_failover",
        "multi_az",
        "at_rest_encryption",
        "transit_encryption",
        "maintenance_window",
        "apply_immediately",
        "snapshot_window",
        "snapshot_retention_limit",
    ):
        yield Binding(f"cache.{field}", f"{rg}.{renamed.get(field, field)}", getattr(c, field))
    yield _present_if(
        c.auth_token,
        "cache.auth_token",
        f"{rg}.auth_token",
        "${aws_secretsmanager_secret_version.redis_auth.secret_string}",
    )
    yield _present_if(
        c.auth_token,
        "cache.auth_token_version",
        "resource.terraform_data.redis_auth_version.input",
        c.auth_token_version,
    )


def _frontend(spec: Spec) -> Iterator[Binding]:
    f, cf = spec.frontend, "resource.aws_cloudfront_distribution.frontend"
    if f is None:
        yield Binding("frontend", cf, ABSENT)
        yield Binding("frontend", "resource.aws_s3_bucket.frontend", ABSENT)
        return
    yield Binding("frontend.bucket_name", "resource.aws_s3_bucket.frontend.bucket", f.bucket_name)
    yield Binding("frontend.aliases", f"{cf}.aliases", f.aliases)
    yield Binding("frontend.aliases", "resource.aws_acm_certificate.frontend.domain_name", f.aliases[0])
    yield Binding("frontend.default_root_object", f"{cf}.default_root_object", f.default_root_object)
    yield Binding("frontend.ipv6", f"{cf}.is_ipv6_enabled", f.ipv6)
    for field in ("min", "default", "max"):
        yield Binding(f"frontend.ttl.{field}", f"{cf}.default_cache_behavior.0.{field}_ttl", getattr(f.ttl, field))
    yield Binding(
        "frontend.minimum_protocol_version",
        f"{cf}.viewer_certificate.0.minimum_protocol_version",
        f.minimum_protocol_version,
    )
    if f.spa_fallback is None:
        yield Binding("frontend.spa_fallback", f"{cf}.custom_error_response", ABSENT)
    else:
        for field, key in (
            ("error_code", "error_code"),
            ("response_code", "response_code"),
            ("page", "response_page_path"),
        ):
            yield Binding(
                f"frontend.spa_fallback.{field}", f"{cf}.custom_error_response.0.{key}", getattr(f.spa_fallback, field)
            )
    yield Binding(
        "frontend.versioning",
        "resource.aws_s3_bucket_versioning.frontend.versioning_configuration.0.status",
        "Enabled" if f.versioning else "Suspended",
    )
    yield Binding(
        "frontend.noncurrent_version_expiration_days",
        "resource.aws_s3_bucket_lifecycle_configuration.frontend.rule.0.noncurrent_version_expiration.0"
        ".noncurrent_days",
        f.noncurrent_version_expiration_days,
    )
    yield _present_if(f.access_logs, "frontend.access_logs", f"{cf}.logging_config.0.prefix", "cloudfront/")
    yield _present_if(
        f.access_logs,
        "frontend.access_logs",
        "resource.aws_s3_bucket_logging.frontend.target_prefix",
        f"s3/{f.bucket_name}/",
    )
    yield _present_if(
        f.security_headers,
        "frontend.security_headers",
        f"{cf}.default_cache_behavior.0.response_headers_policy_id",
        SECURITY_HEADERS_POLICY_ID,
    )


def _edge(spec: Spec) -> Iterator[Binding]:
    e, tg = spec.edge, "resource.aws_lb_target_group.backend"
    yield Binding("edge.domain_name", "resource.aws_acm_certificate.backend.domain_name", e.domain_name)
    yield Binding("edge.ssl_policy", "resource.aws_lb_listener.https.ssl_policy", e.ssl_policy)
    yield Binding("edge.deletion_protection", "resource.aws_lb.main.enable_deletion_protection", e.deletion_protection)
    yield Binding("edge.deregistration_delay", f"{tg}.deregistration_delay", e.deregistration_delay)
    for field in ("path", "matcher", "interval", "timeout", "healthy_threshold", "unhealthy_threshold"):
        yield Binding(f"edge.health_check.{field}", f"{tg}.health_check.0.{field}", getattr(e.health_check, field))
    yield Binding(
        "edge.drop_invalid_header_fields",
        "resource.aws_lb.main.drop_invalid_header_fields",
        e.drop_invalid_header_fields,
    )
    yield _present_if(e.access_logs, "edge.access_logs", "resource.aws_lb.main.access_logs.0.enabled", True)
    yield Binding("edge.idle_timeout", "resource.aws_lb.main.idle_timeout", e.idle_timeout)


def _logs(spec: Spec) -> Iterator[Binding]:
    logs, rule = spec.logs, "resource.aws_s3_bucket_lifecycle_configuration.logs.rule.0"
    yield Binding("logs.bucket_name", "resource.aws_s3_bucket.logs.bucket", logs.bucket_name)
    yield Binding("logs.glacier_after_days", f"{rule}.transition.0.days", logs.glacier_after_days)
    yield Binding("logs.expire_after_days", f"{rule}.expiration.0.days", logs.expire_after_days)
    yield Binding(
        "logs.small_objects_to_glacier",
        "resource.aws_s3_bucket_lifecycle_configuration.logs.transition_default_minimum_object_size",
        "varies_by_storage_class" if logs.small_objects_to_glacier else "all_storage_classes_128K",
    )


def _waf(spec: Spec) -> Iterator[Binding]:
    waf = spec.waf
    yield _present_if(
        waf.alb, "waf.alb", "resource.aws_wafv2_web_acl_association.alb.web_acl_arn", "${aws_wafv2_web_acl.alb.arn}"
    )
    yield _present_if(
        waf.cloudfront,
        "waf.cloudfront",
        "resource.aws_cloudfront_distribution.frontend.web_acl_id",
        "${aws_wafv2_web_acl.cloudfront.arn}",
    )
    for where in ("alb", "cloudfront"):
        if not getattr(waf, where):
            yield Binding(f"waf.{where}", f"resource.aws_wafv2_web_acl.{where}", ABSENT)
            if where == "alb":
                yield Binding("waf.alb_blocks_large_bodies", "resource.aws_wafv2_web_acl.alb", ABSENT)
            continue
        acl = f"resource.aws_wafv2_web_acl.{where}"
        first = 0 if waf.rate_limit is None else 1
        if waf.rate_limit is None:
            yield Binding("waf.rate_limit", f"{acl}.rule.0.statement.0.rate_based_statement", ABSENT)
        else:
            yield Binding("waf.rate_limit", f"{acl}.rule.0.statement.0.rate_based_statement.0.limit", waf.rate_limit)
        for i, group in enumerate(waf.rule_groups):
            yield Binding(
                "waf.rule_groups", f"{acl}.rule.{first + i}.statement.0.managed_rule_group_statement.0.name", group
            )
        if where == "alb" and "AWSManagedRulesCommonRuleSet" in waf.rule_groups:
            common = first + waf.rule_groups.index("AWSManagedRulesCommonRuleSet")
            override = f"{acl}.rule.{common}.statement.0.managed_rule_group_statement.0.rule_action_override"
            yield _present_if(
                not waf.alb_blocks_large_bodies,
                "waf.alb_blocks_large_bodies",
                f"{override}.0.name",
                "SizeRestrictions_BODY",
            )
        yield Binding(
            "waf.log_retention_days",
            f"resource.aws_cloudwatch_log_group.waf_{where}.retention_in_days",
            waf.log_retention_days,
        )


def _monitoring(spec: Spec) -> Iterator[Binding]:
    m, cd = spec.monitoring, "resource.aws_ecs_task_definition.backend.container_definitions.0"
    index = len(spec.service.environment) + 3  # after the spec's own variables and the database and cache URLs
    if m.sentry_dsn_secret is None:  # no Sentry: no sample rate either
        yield Binding("monitoring", f"{cd}.environment.{index}", ABSENT)
        return
    yield Binding(
        "monitoring.sentry_traces_sample_rate", f"{cd}.environment.{index}.value", f"{m.sentry_traces_sample_rate:g}"
    )
    env = spec.secrets[m.sentry_dsn_secret].env
    position = list(spec.secrets).index(m.sentry_dsn_secret)
    yield Binding("monitoring.sentry_dsn_secret", f"{cd}.secrets.{position}.name", env)


def _alarms(spec: Spec) -> Iterator[Binding]:
    for name in ("ecs_cpu_high", "rds_cpu_high", "redis_memory_high", "rds_replica_lag"):
        alarm = getattr(spec.alarms, name)
        for field in ("threshold", "evaluation_periods", "period"):
            yield Binding(
                f"alarms.{name}.{field}", f"resource.aws_cloudwatch_metric_alarm.{name}.{field}", getattr(alarm, field)
            )
    for name in ("alb_5xx", "target_5xx", "unhealthy_hosts", "running_tasks"):
        alarm, rendered = getattr(spec.alarms, name), name != "running_tasks" or spec.service.container_insights
        for field in ("threshold", "evaluation_periods", "period"):
            target = f"resource.aws_cloudwatch_metric_alarm.{name}.{field}"
            yield Binding(f"alarms.{name}.{field}", target, getattr(alarm, field) if rendered else ABSENT)
    storage, alarm = spec.alarms.rds_free_storage, "resource.aws_cloudwatch_metric_alarm.rds_free_storage"
    yield Binding(
        "alarms.rds_free_storage.evaluation_periods", f"{alarm}.evaluation_periods", storage.evaluation_periods
    )
    yield Binding("alarms.rds_free_storage.period", f"{alarm}.period", storage.period)
    free_bytes = round(spec.database.allocated_storage * 2**30 * storage.free_percent / 100)  # FreeStorageSpace: bytes
    yield Binding("alarms.rds_free_storage.free_percent", f"{alarm}.threshold", free_bytes)
    yield Binding("alarms.email_endpoints", "locals.alert_email_endpoints", spec.alarms.email_endpoints)


def _secrets(spec: Spec) -> Iterator[Binding]:
    cd = "resource.aws_ecs_task_definition.backend.container_definitions.0"
    window = spec.secrets_recovery_window_days
    for label in [*spec.secrets, "db_password"] + (["redis_auth"] if spec.cache.auth_token else []):
        yield Binding(
            "secrets_recovery_window_days",
            f"resource.aws_secretsmanager_secret.{label}.recovery_window_in_days",
            window,
        )
    for i, (label, secret) in enumerate(spec.secrets.items()):
        yield Binding(f"secrets.{label}.env", f"{cd}.secrets.{i}.name", secret.env)
        yield Binding(
            f"secrets.{label}.name", f"resource.aws_secretsmanager_secret.{label}.name", f"{spec.project}/{secret.name}"
        )
        version = f"resource.aws_secretsmanager_secret_version.{label}.secret_string_wo_version"
        yield Binding(f"secrets.{label}.version", version, secret.version)
