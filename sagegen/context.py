"""The values templates need that are more than a field of the spec.

Nested structures (the container definition, IAM policy documents) are built
here in Python and handed to the templates whole, so a template never loops
inside a loop and never assembles JSON or HCL by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from .hcl import Expr, Interp
from .models import Names, Spec

TERRAFORM_VERSION = ">= 1.6"  # the document: Terraform 1.6+
LOCKFILE_TERRAFORM_VERSION = ">= 1.10"
AWS_PROVIDER_VERSION = "~> 5.100"
AWS_PROVIDER_SOURCE = "hashicorp/aws"
IAM_VERSION = "2012-10-17"
DB_SECRET_ARN = "aws_db_instance.postgres.master_user_secret[0].secret_arn"
REDIS_SECRET_ARN = "aws_secretsmanager_secret.redis_auth.arn"
# AWS's managed SecurityHeadersPolicy: a fixed ID, the same in every account.
SECURITY_HEADERS_POLICY_ID = "67f7725c-6f97-4210-82d7-5512b31e9d03"


@dataclass(frozen=True)
class SecretRef:
    """A secret as the templates use it: label, AWS name, variable, env var."""

    label: str
    name: str
    variable: str
    env: str
    tag_name: str

    @property
    def arn(self) -> Expr:
        return Expr(f"aws_secretsmanager_secret.{self.label}.arn")


def build_context(spec: Spec, phase: str | None = None) -> dict:
    names = spec.names
    secrets = [
        SecretRef(label, f"{spec.project}/{s.name}", s.env.lower(), s.env,
                  names.of_resource(label.replace("_", "-")))
        for label, s in spec.secrets.items()
    ]
    return {
        "spec": spec,
        "n": names,
        "secrets": secrets,
        "versions": {
            # S3's lock file needs Terraform 1.10.
            "terraform": TERRAFORM_VERSION if spec.state is None else LOCKFILE_TERRAFORM_VERSION,
            "aws_source": AWS_PROVIDER_SOURCE,
            "aws": AWS_PROVIDER_VERSION,
        },
        "default_tags": default_tags(spec),
        "backend": backend(spec, phase),
        "container_definitions": [container_definition(spec, names, secrets)],
        "ecs_assume_role_policy": assume_role_policy("ecs-tasks.amazonaws.com"),
        "task_secrets_policy": secrets_policy([s.arn for s in secrets]),
        "execution_secrets_policy": secrets_policy([s.arn for s in secrets] + [Expr(DB_SECRET_ARN)]
                                                   + ([Expr(REDIS_SECRET_ARN)] if spec.cache.auth_token else [])),
        "rds_monitoring_assume_role_policy": assume_role_policy("monitoring.rds.amazonaws.com"),
        "frontend_bucket_policy": frontend_bucket_policy() if spec.frontend else None,
        "logs_bucket_policy": logs_bucket_policy(spec),
        "security_headers_policy_id": SECURITY_HEADERS_POLICY_ID,
        "security_group_rules": security_group_rules(spec),
        "waf_acls": waf_acls(spec),
        "github": github(spec),
    }


def github(spec: Spec) -> dict | None:
    """The deploy role's documents (sagegen/workflows.py builds them beside the workflows)."""
    if spec.deploy is None:
        return None
    from . import workflows

    source = "" if spec.deploy.create_oidc_provider else "data."
    provider = Expr(source + "aws_iam_openid_connect_provider.github.arn")
    return {"oidc_url": workflows.OIDC_URL, "audience": workflows.OIDC_AUDIENCE,
            "trust_policy": workflows.trust_policy(spec, provider), "policy": workflows.deploy_policy(spec)}


def default_tags(spec: Spec) -> dict[str, str]:
    tags = {"Project": spec.project, "Environment": spec.environment, "ManagedBy": "sagegen"}
    tags.update(spec.tags)
    return dict(sorted(tags.items()))


def container_definition(spec: Spec, names: Names, secrets: list[SecretRef]) -> dict:
    svc, db, cache = spec.service, spec.database, spec.cache
    scheme = "rediss" if cache.transit_encryption else "redis"
    environment = [{"name": k, "value": v} for k, v in svc.environment.items()]
    environment += [
        # Credentials stay out of the URLs: the password arrives as a secret.
        {"name": "DATABASE_URL", "value": Interp(
            f"postgresql://{db.username}@", Expr("aws_db_instance.postgres.address"),
            f":{db.port}/{db.db_name}?sslmode=require")},
        {"name": "REDIS_URL", "value": Interp(
            f"{scheme}://", Expr("aws_elasticache_replication_group.redis.primary_endpoint_address"),
            f":{cache.port}")},
    ]
    if spec.monitoring.sentry_dsn_secret:  # the DSN itself arrives as a secret (below)
        environment.append({"name": "SENTRY_TRACES_SAMPLE_RATE",
                            "value": f"{spec.monitoring.sentry_traces_sample_rate:g}"})
    secret_refs = [{"name": s.env, "valueFrom": s.arn} for s in secrets]
    secret_refs.append({"name": "DATABASE_PASSWORD", "valueFrom": Interp(Expr(DB_SECRET_ARN), ":password::")})
    if cache.auth_token:
        secret_refs.append({"name": "REDIS_AUTH_TOKEN", "valueFrom": Expr(REDIS_SECRET_ARN)})
    hc = svc.health_check
    return {
        "name": names.container,
        "image": Interp(Expr("aws_ecr_repository.backend.repository_url"), ":", Expr("var.image_tag")),
        "cpu": svc.cpu,
        "memory": svc.memory,
        "essential": True,
        "portMappings": [{"containerPort": svc.container_port, "protocol": "tcp"}],
        "environment": environment,
        "secrets": secret_refs,
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": Expr("aws_cloudwatch_log_group.backend.name"),
                "awslogs-region": spec.region,
                "awslogs-stream-prefix": "ecs",
            },
        },
        "healthCheck": {
            "command": ["CMD-SHELL", f"curl -f http://localhost:{svc.container_port}{hc.path} || exit 1"],
            "interval": hc.interval,
            "timeout": hc.timeout,
            "retries": hc.retries,
            "startPeriod": hc.start_period,
        },
    }


def assume_role_policy(service: str) -> dict:
    return {
        "Version": IAM_VERSION,
        "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": service}}],
    }


def secrets_policy(arns: list[Expr]) -> dict:
    return {
        "Version": IAM_VERSION,
        "Statement": [{"Action": ["secretsmanager:GetSecretValue"], "Effect": "Allow", "Resource": arns}],
    }


def deny_insecure_transport(bucket: str) -> dict:
    """Refuse every request to the bucket that does not come over TLS."""
    arn = Expr(f"aws_s3_bucket.{bucket}.arn")
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, Interp(arn, "/*")],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def frontend_bucket_policy() -> dict:
    """Let only this distribution (through its origin access control) read the bucket."""
    return {
        "Version": IAM_VERSION,
        "Statement": [{
            "Sid": "AllowCloudFrontRead",
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": "s3:GetObject",
            "Resource": Interp(Expr("aws_s3_bucket.frontend.arn"), "/*"),
            "Condition": {"StringEquals": {"AWS:SourceArn": Expr("aws_cloudfront_distribution.frontend.arn")}},
        }, deny_insecure_transport("frontend")],
    }


def logs_bucket_policy(spec: Spec) -> dict:
    """Each log source may write its own prefix, from this account only."""
    bucket = Expr("aws_s3_bucket.logs.arn")
    account = Expr("data.aws_caller_identity.current.account_id")
    this_account = {"StringEquals": {"aws:SourceAccount": account}}
    statements = []
    if spec.edge.access_logs:
        alb_prefix = Interp(bucket, "/alb/AWSLogs/", account, "/*")
        statements.append({
            # Regions older than August 2022 deliver from ELB's own account.
            "Sid": "AlbAccessLogs",
            "Effect": "Allow",
            "Principal": {"AWS": Expr("data.aws_elb_service_account.main.arn")},
            "Action": "s3:PutObject",
            "Resource": alb_prefix,
        })
    if spec.network.flow_logs.enabled:
        statements += [{
            "Sid": "FlowLogsWrite",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": Interp(bucket, "/vpc-flow-logs/AWSLogs/", account, "/*"),
            "Condition": {"StringEquals": {"aws:SourceAccount": account,
                                           "s3:x-amz-acl": "bucket-owner-full-control"}},
        }, {
            "Sid": "FlowLogsCheckAcl",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": "s3:GetBucketAcl",
            "Resource": bucket,
            "Condition": this_account,
        }]
    if spec.frontend and spec.frontend.access_logs:
        statements.append({
            "Sid": "S3ServerAccessLogs",
            "Effect": "Allow",
            "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": Interp(bucket, f"/s3/{spec.frontend.bucket_name}/*"),
            "Condition": {"StringEquals": {"aws:SourceAccount": account},
                          "ArnLike": {"aws:SourceArn": Expr("aws_s3_bucket.frontend.arn")}},
        })
    statements.append(deny_insecure_transport("logs"))
    return {"Version": IAM_VERSION, "Statement": statements}


@dataclass(frozen=True)
class SecurityGroupRule:
    """One rule of one security group: a port, to or from a CIDR or another group."""

    label: str
    direction: str  # "ingress" or "egress"
    group: str
    port: int
    description: str
    cidr: str | None = None
    peer: str | None = None

    @property
    def resource_type(self) -> str:
        return f"aws_vpc_security_group_{self.direction}_rule"


def security_group_rules(spec: Spec) -> list[SecurityGroupRule]:
    """Each tier reaches exactly the next one; only the backend goes out, and only over HTTPS."""
    app, db, cache = spec.service.container_port, spec.database.port, spec.cache.port
    rule = SecurityGroupRule
    return [
        rule("alb_http", "ingress", "alb", 80, "HTTP from anywhere, answered with a redirect to HTTPS",
             cidr="0.0.0.0/0"),
        rule("alb_https", "ingress", "alb", 443, "HTTPS from anywhere", cidr="0.0.0.0/0"),
        rule("alb_to_backend", "egress", "alb", app, "To the backend tasks", peer="backend"),
        rule("backend_from_alb", "ingress", "backend", app, "From the ALB only", peer="alb"),
        rule("backend_to_rds", "egress", "backend", db, "To PostgreSQL", peer="rds"),
        rule("backend_to_redis", "egress", "backend", cache, "To Redis", peer="redis"),
        rule("backend_https_out", "egress", "backend", 443,
             "HTTPS out through NAT: external APIs, ECR, Secrets Manager, CloudWatch Logs", cidr="0.0.0.0/0"),
        rule("rds_from_backend", "ingress", "rds", db, "PostgreSQL from the backend only", peer="backend"),
        rule("redis_from_backend", "ingress", "redis", cache, "Redis from the backend only", peer="backend"),
    ]


RATE_LIMIT_RULE = "RateLimitPerIp"
COMMON_RULE_SET = "AWSManagedRulesCommonRuleSet"


def waf_acls(spec: Spec) -> dict:
    """The web ACLs the spec asks for, keyed by where they sit (alb, cloudfront)."""
    names = spec.names
    rules = [{"name": group, "priority": 10 * (i + 1), "managed": True, "count_large_bodies": False}
             for i, group in enumerate(spec.waf.rule_groups)]
    if spec.waf.rate_limit is not None:
        # Rate limiting first: a flood is cheaper to drop before the managed rules run.
        rules.insert(0, {"name": RATE_LIMIT_RULE, "priority": 1, "managed": False})
    acls = {}
    for where, wanted, scope, name in (("alb", spec.waf.alb, "REGIONAL", names.waf_alb),
                                       ("cloudfront", spec.waf.cloudfront, "CLOUDFRONT", names.waf_cloudfront)):
        if wanted:
            # On the API, bodies over 8 KB (long prompts) are normal: the Common rule set only counts them.
            count_bodies = where == "alb" and not spec.waf.alb_blocks_large_bodies
            acl_rules = [dict(r, count_large_bodies=count_bodies and r["name"] == COMMON_RULE_SET) for r in rules]
            acls[where] = {"label": where, "name": name, "scope": scope, "rules": acl_rules,
                           "log_group": f"aws-waf-logs-{name}", "global": scope == "CLOUDFRONT"}
    return acls


def backend(spec: Spec, phase: str | None) -> dict | None:
    """The S3 backend of this phase's root module: its own key, encrypted, locked by S3's lock file."""
    state = spec.state
    if state is None:
        return None
    return {"bucket": state.bucket, "key": spec.state_key(phase),
            "region": state.region or spec.region,
            "encrypt": True, "use_lockfile": True}
