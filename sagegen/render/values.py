"""The template values: what the templates need that is more than a field of the spec.

Nested structures (the container definition, IAM policy documents) are built
in Python and handed to the templates whole, so a template never loops inside
a loop and never assembles JSON or HCL by hand. Policies live in `iam.py`,
security group rules and web ACLs in `firewall.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..spec import registry as a
from ..spec.models import Spec
from ..spec.registry import Names
from . import iam
from .firewall import security_group_rules, waf_acls
from .hcl import Expr, Interp

# The document asks for Terraform 1.6+; the database password's write-only arguments need 1.11
# (docs/deviations.md), which also has S3's lock file (1.10).
TERRAFORM_VERSION = ">= 1.11"
AWS_PROVIDER_VERSION = "~> 5.100"
AWS_PROVIDER_SOURCE = "hashicorp/aws"
DB_SECRET_ARN = iam.ref(a.DB_PASSWORD_SECRET, "arn")
REDIS_SECRET_ARN = iam.ref(a.REDIS_AUTH_SECRET, "arn")
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
    version: int  # secrets.<key>.version: a change writes the variable's value again (write-only)

    @property
    def arn(self) -> Expr:
        return iam.ref(a.app_secret(self.label), "arn")


def build_values(spec: Spec) -> dict:
    """Everything the Terraform templates of one root module read, by name."""
    names = spec.names
    secrets = [
        SecretRef(
            label, names.secret(s.name), s.env.lower(), s.env, names.of_resource(label.replace("_", "-")), s.version
        )
        for label, s in spec.secrets.items()
    ]
    return {
        "spec": spec,
        "n": names,
        "secrets": secrets,
        "rds_log_groups": rds_log_groups(spec),
        # Each alias record of the app, by "<name> <type>" (AAAA too with IPv6).
        "frontend_alias_records": {
            f"{alias} {kind}": {"name": alias, "type": kind}
            for alias in (spec.frontend.aliases if spec.frontend else [])
            for kind in (("A", "AAAA") if spec.frontend.ipv6 else ("A",))
        },
        "versions": {
            "terraform": TERRAFORM_VERSION,
            "aws_source": AWS_PROVIDER_SOURCE,
            "aws": AWS_PROVIDER_VERSION,
        },
        "default_tags": default_tags(spec),
        "backend": backend(spec),
        "container_definitions": [container_definition(spec, names, secrets)],
        "ecs_assume_role_policy": iam.assume_role_policy("ecs-tasks.amazonaws.com"),
        "task_secrets_policy": iam.secrets_policy([s.arn for s in secrets]),
        "execution_secrets_policy": iam.secrets_policy(
            [s.arn for s in secrets] + [DB_SECRET_ARN] + ([REDIS_SECRET_ARN] if spec.cache.auth_token else [])
        ),
        "rds_monitoring_assume_role_policy": iam.assume_role_policy("monitoring.rds.amazonaws.com"),
        "frontend_bucket_policy": iam.frontend_bucket_policy() if spec.frontend else None,
        "logs_bucket_policy": iam.logs_bucket_policy(spec),
        "security_headers_policy_id": SECURITY_HEADERS_POLICY_ID,
        "security_group_rules": security_group_rules(spec),
        "waf_acls": waf_acls(spec),
        "github": iam.deploy_role(spec),
    }


def default_tags(spec: Spec) -> dict[str, str]:
    tags = {"Project": spec.project, "Environment": spec.environment, "ManagedBy": "sagegen"}
    tags.update(spec.tags)
    return dict(sorted(tags.items()))


def rds_log_groups(spec: Spec) -> list[str]:
    """The CloudWatch log group of each log the primary and its replicas export."""
    db, n = spec.database, spec.names
    instances = [n.db_identifier] + [f"{n.db_replica_identifier}-{i}" for i in range(1, db.read_replicas.count + 1)]
    return [f"/aws/rds/instance/{i}/{export}" for i in instances for export in db.cloudwatch_logs_exports]


def _write_host(spec: Spec) -> Expr:
    """Where the tasks write: this region's instance, or the writer's in the region that writes."""
    return iam.ref(a.WRITER_DATABASE if spec.replicates_from else a.DATABASE, "address")


def _read_host(spec: Spec) -> str | Expr:
    """Where the tasks read: the replicas' one name, known at plan time so a plan shows it (ecs.tf makes
    the task definition wait for its records), or this region's instance (a replica where another
    region writes)."""
    if spec.database.read_replicas.count:
        return spec.names.db_read_host
    return iam.ref(a.DATABASE, "address")


def container_definition(spec: Spec, names: Names, secrets: list[SecretRef]) -> dict:
    svc, db, cache = spec.service, spec.database, spec.cache
    scheme = "rediss" if cache.transit_encryption else "redis"
    environment = [{"name": k, "value": v} for k, v in svc.environment.items()]
    environment += [
        # Credentials stay out of the URLs: the password arrives as a secret.
        {
            "name": "DATABASE_URL",
            "value": Interp(
                f"postgresql://{db.username}@",
                _write_host(spec),
                f":{db.port}/{db.db_name}?sslmode=require",
            ),
        },
        {
            # Reads that may lag the writer: the replicas' one name (rds.tf), or the primary without replicas.
            "name": "DATABASE_READ_URL",
            "value": Interp(
                f"postgresql://{db.username}@",
                _read_host(spec),
                f":{db.port}/{db.db_name}?sslmode=require",
            ),
        },
        {
            "name": "REDIS_URL",
            "value": Interp(f"{scheme}://", iam.ref(a.CACHE, "primary_endpoint_address"), f":{cache.port}"),
        },
    ]
    if spec.monitoring.sentry_dsn_secret:  # the DSN itself arrives as a secret (below)
        environment.append(
            {"name": "SENTRY_TRACES_SAMPLE_RATE", "value": f"{spec.monitoring.sentry_traces_sample_rate:g}"}
        )
    secret_refs = [{"name": s.env, "valueFrom": s.arn} for s in secrets]
    # The secret holds the password alone; a task reads it when it starts (RUNBOOK: rotation).
    secret_refs.append({"name": "DATABASE_PASSWORD", "valueFrom": DB_SECRET_ARN})
    if cache.auth_token:
        secret_refs.append({"name": "REDIS_AUTH_TOKEN", "valueFrom": REDIS_SECRET_ARN})
    hc = svc.health_check
    return {
        "name": names.container,
        "image": Interp(iam.ref(a.ECR_REPOSITORY, "repository_url"), ":", Expr("var.image_tag")),
        "cpu": svc.cpu,
        "memory": svc.memory,
        "essential": True,
        "portMappings": [{"containerPort": svc.container_port, "protocol": "tcp"}],
        "readonlyRootFilesystem": svc.read_only_root_filesystem,
        "environment": environment,
        "secrets": secret_refs,
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": iam.ref(a.BACKEND_LOG_GROUP, "name"),
                "awslogs-region": spec.region,
                "awslogs-stream-prefix": "ecs",
            },
        },
        "healthCheck": {
            # Node.js, not curl: slim Node images have no curl (docs/deviations.md, D30).
            "command": ["CMD", "node", "-e", node_health_check(svc.container_port, hc.path)],
            "interval": hc.interval,
            "timeout": hc.timeout,
            "retries": hc.retries,
            "startPeriod": hc.start_period,
        },
    }


def node_health_check(port: int, path: str) -> str:
    """A Node.js one-liner that exits 0 on an HTTP 2xx from `path`, 1 otherwise (error or timeout too)."""
    return (
        f"require('http').get({{host:'127.0.0.1',port:{port},path:'{path}',timeout:4000}},"
        "r=>process.exit(r.statusCode>=200&&r.statusCode<300?0:1))"
        ".on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"
    )


def backend(spec: Spec) -> dict | None:
    """The S3 backend of this phase's root module: its own key, encrypted, locked by S3's lock file."""
    state = spec.state
    if state is None:
        return None
    return {
        "bucket": state.bucket,
        "key": spec.state_key,
        "region": state.region or spec.region,
        "encrypt": True,
        "use_lockfile": True,
    }
