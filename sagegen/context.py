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
AWS_PROVIDER_VERSION = "~> 5.100"
AWS_PROVIDER_SOURCE = "hashicorp/aws"
IAM_VERSION = "2012-10-17"
DB_SECRET_ARN = "aws_db_instance.postgres.master_user_secret[0].secret_arn"


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


def build_context(spec: Spec) -> dict:
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
            "terraform": TERRAFORM_VERSION,
            "aws_source": AWS_PROVIDER_SOURCE,
            "aws": AWS_PROVIDER_VERSION,
        },
        "default_tags": default_tags(spec),
        "container_definitions": [container_definition(spec, names, secrets)],
        "ecs_assume_role_policy": assume_role_policy("ecs-tasks.amazonaws.com"),
        "task_secrets_policy": secrets_policy([s.arn for s in secrets]),
        "execution_secrets_policy": secrets_policy([s.arn for s in secrets] + [Expr(DB_SECRET_ARN)]),
        "frontend_bucket_policy": frontend_bucket_policy(),
    }


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
    secret_refs = [{"name": s.env, "valueFrom": s.arn} for s in secrets]
    secret_refs.append({"name": "DATABASE_PASSWORD", "valueFrom": Interp(Expr(DB_SECRET_ARN), ":password::")})
    hc = svc.health_check
    return {
        "name": names.container,
        "image": Interp(Expr("aws_ecr_repository.backend.repository_url"), f":{svc.image_tag}"),
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
        }],
    }
