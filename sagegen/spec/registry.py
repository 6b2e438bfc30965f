"""The one registry of what sagegen names: Terraform addresses and the AWS names derived from the spec.

The templates declare every resource; Python code that needs to point at one
(an IAM policy naming an ARN, a cost line, a checkov waiver, a diagram) takes
its address from here and never spells it out. tests/test_registry.py fails on
an address literal anywhere else in the package, and on an address here that
no template declares.
"""

from __future__ import annotations

from dataclasses import dataclass

# Names (after `<project>/`) of the secrets sagegen itself generates: the database password and the
# Redis AUTH token. A spec's own secrets may not take them (models/spec.py).
DB_PASSWORD_NAME, REDIS_AUTH_NAME = GENERATED_SECRET_NAMES = ("db-password", "redis-auth-token")


@dataclass(frozen=True)
class Address:
    """A resource (or data source) block of the render: `type.name`, `data.type.name`."""

    type: str
    name: str
    data: bool = False

    def __str__(self) -> str:
        return f"{'data.' if self.data else ''}{self.type}.{self.name}"

    def attr(self, path: str) -> str:
        """A reference to one of its attributes, for a Terraform expression: `aws_lb.main.arn`."""
        return f"{self}.{path}"

    def at(self, index: int) -> str:
        """One instance of a counted resource: `aws_nat_gateway.main[0]`."""
        return f"{self}[{index}]"


# Network (vpc.tf, security_groups.tf)
VPC = Address("aws_vpc", "main")
NAT_GATEWAY = Address("aws_nat_gateway", "main")
FLOW_LOG = Address("aws_flow_log", "main")
DEFAULT_SECURITY_GROUP = Address("aws_default_security_group", "default")
AVAILABILITY_ZONES = Address("aws_availability_zones", "available", data=True)

# Edge (alb.tf, acm.tf, waf.tf)
LOAD_BALANCER = Address("aws_lb", "main")
HTTPS_LISTENER = Address("aws_lb_listener", "https")
TARGET_GROUP = Address("aws_lb_target_group", "backend")
BACKEND_CERTIFICATE = Address("aws_acm_certificate", "backend")
FRONTEND_CERTIFICATE = Address("aws_acm_certificate", "frontend")
ALB_WAF_ASSOCIATION = Address("aws_wafv2_web_acl_association", "alb")
ELB_SERVICE_ACCOUNT = Address("aws_elb_service_account", "main", data=True)

# Compute (ecs.tf, ecr.tf)
SERVICE = Address("aws_ecs_service", "backend")
TASK_DEFINITION = Address("aws_ecs_task_definition", "backend")
ECR_REPOSITORY = Address("aws_ecr_repository", "backend")
BACKEND_LOG_GROUP = Address("aws_cloudwatch_log_group", "backend")
SCALING_TARGET = Address("aws_appautoscaling_target", "backend")
SCALING_POLICY = Address("aws_appautoscaling_policy", "backend_cpu")

# Data (rds.tf, elasticache.tf, s3.tf)
DATABASE = Address("aws_db_instance", "postgres")
DATABASE_REPLICA = Address("aws_db_instance", "postgres_replica")
INTERNAL_ZONE = Address("aws_route53_zone", "internal")  # the VPC's private zone: the replicas' one name
DATABASE_READ_RECORDS = Address("aws_route53_record", "database_read")  # one weighted record per replica
DB_PARAMETER_GROUP = Address("aws_db_parameter_group", "postgres")
# Where another region writes (writer_region): the writer's instance this region's replicates, the
# value whose change replaces an instance that is to become a replica, and the VPC peering.
WRITER_DATABASE = Address("aws_db_instance", "writer", data=True)
DATABASE_ROLE = Address("terraform_data", "database_role")
PEERING = Address("aws_vpc_peering_connection", "primary")
PEERING_ACCEPTER = Address("aws_vpc_peering_connection_accepter", "primary")
RDS_LOG_GROUPS = Address("aws_cloudwatch_log_group", "rds")  # one instance per exported log of each instance
CACHE = Address("aws_elasticache_replication_group", "redis")
DB_PASSWORD_SECRET = Address("aws_secretsmanager_secret", "db_password")
DB_PASSWORD_SECRET_VERSION = Address("aws_secretsmanager_secret_version", "db_password")
REDIS_AUTH_SECRET = Address("aws_secretsmanager_secret", "redis_auth")
REDIS_AUTH_SECRET_VERSION = Address("aws_secretsmanager_secret_version", "redis_auth")
FRONTEND_BUCKET = Address("aws_s3_bucket", "frontend")
FRONTEND_BUCKET_VERSIONING = Address("aws_s3_bucket_versioning", "frontend")
FRONTEND_BUCKET_LOGGING = Address("aws_s3_bucket_logging", "frontend")
FRONTEND_BUCKET_LIFECYCLE = Address("aws_s3_bucket_lifecycle_configuration", "frontend")
LOGS_BUCKET = Address("aws_s3_bucket", "logs")
LOGS_BUCKET_OWNERSHIP = Address("aws_s3_bucket_ownership_controls", "logs")
LOGS_BUCKET_LIFECYCLE = Address("aws_s3_bucket_lifecycle_configuration", "logs")

# Delivery, monitoring and access (cloudfront.tf, cloudwatch.tf, iam.tf, deploy.tf)
DISTRIBUTION = Address("aws_cloudfront_distribution", "frontend")
ALERTS_TOPIC = Address("aws_sns_topic", "alerts")
REPLICA_LAG_ALARM = Address("aws_cloudwatch_metric_alarm", "rds_replica_lag")
EXECUTION_ROLE = Address("aws_iam_role", "ecs_execution")
TASK_ROLE = Address("aws_iam_role", "ecs_task")
DEPLOY_ROLE = Address("aws_iam_role", "github_deploy")  # the backend workflow's
FRONTEND_DEPLOY_ROLE = Address("aws_iam_role", "github_deploy_frontend")
# Each deploy workflow's file: its name is part of the OIDC subject its role trusts (iam.py).
DEPLOY_WORKFLOWS = {
    "backend": ".github/workflows/deploy-backend.yml",
    "frontend": ".github/workflows/deploy-frontend.yml",
}
CALLER_IDENTITY = Address("aws_caller_identity", "current", data=True)


def github_oidc_provider(created: bool) -> Address:
    """GitHub's OIDC provider: created by this module, or one the account already has (a data source)."""
    return Address("aws_iam_openid_connect_provider", "github", data=not created)


def cluster(names: Names) -> Address:
    """The ECS cluster, labelled after the project (the document's `aws_ecs_cluster.sage`)."""
    return Address("aws_ecs_cluster", names.label)


def app_secret(label: str) -> Address:
    """An application secret of the spec's `secrets`, by its label."""
    return Address("aws_secretsmanager_secret", label)


SECURITY_GROUP_RULE_TYPES = {
    "ingress": "aws_vpc_security_group_ingress_rule",
    "egress": "aws_vpc_security_group_egress_rule",
}


def security_group_rule(direction: str, label: str) -> Address:
    """One rule of a security group; `direction` is ingress or egress."""
    return Address(SECURITY_GROUP_RULE_TYPES[direction], label)


def waf_acl(where: str) -> Address:
    """The web ACL in front of `where` (alb or cloudfront)."""
    return Address("aws_wafv2_web_acl", where)


def waf_log_group(where: str) -> Address:
    return Address("aws_cloudwatch_log_group", f"waf_{where}")


@dataclass(frozen=True)
class Names:
    """Every AWS name and Terraform label derived from the spec, in one place."""

    project: str
    label: str  # Terraform label of the project-named resources (aws_ecs_cluster.<label>)
    cluster: str
    service: str
    container: str
    ecr_repository: str
    log_group: str
    scaling_policy: str
    db_identifier: str
    db_replica_identifier: str
    internal_zone: str  # the VPC's private hosted zone (rds.tf), when the database has replicas
    db_read_host: str  # its one name for reads, answered by the replicas in turn
    db_final_snapshot: str  # a prefix: the instance's creation time follows it, so each one is unique
    db_password_secret: str
    redis_auth_secret: str
    cache_group: str
    alb: str
    target_group: str
    alerts_topic: str
    frontend_origin_id: str
    db_parameter_group: str
    waf_alb: str
    waf_cloudfront: str
    github_deploy_role: str
    github_deploy_frontend_role: str
    # Added to names AWS keeps account-wide (IAM) in every region but the primary.
    global_suffix: str

    @classmethod
    def of_parts(
        cls, p: str, svc: str, global_suffix: str = "", port: int = 65535, postgres_major: str = "16"
    ) -> Names:
        """The names of project `p` and service `svc`. Names AWS replaces on a change carry what forces
        the replacement (the target group its port, the parameter group its family), so that the new one
        can be created before the old one goes (`create_before_destroy`) without a name collision."""
        return cls(
            global_suffix=global_suffix,
            project=p,
            label=p.replace("-", "_"),
            cluster=f"{p}-cluster",
            service=f"{p}-{svc}",
            container=svc,
            ecr_repository=f"{p}-{svc}",
            log_group=f"/ecs/{p}-{svc}",
            scaling_policy=f"{svc}-cpu-scaling",
            db_identifier=f"{p}-postgres",
            db_replica_identifier=f"{p}-postgres-replica",
            db_final_snapshot=f"{p}-postgres-final",
            # ".internal": the top-level domain ICANN reserved for private use (2024), never delegated.
            internal_zone=f"{p}.internal",
            db_read_host=f"db-read.{p}.internal",
            db_password_secret=f"{p}/{DB_PASSWORD_NAME}",  # the same pattern as Names.secret
            redis_auth_secret=f"{p}/{REDIS_AUTH_NAME}",
            cache_group=f"{p}-redis",
            alb=f"{p}-alb",
            target_group=f"{p}-{svc}-{port}",
            alerts_topic=f"{p}-alerts",
            frontend_origin_id=f"S3-{p}-frontend",
            db_parameter_group=f"{p}-postgres{postgres_major}",
            waf_alb=f"{p}-alb",
            waf_cloudfront=f"{p}-cloudfront",
            github_deploy_role=f"{p}-github-deploy",
            github_deploy_frontend_role=f"{p}-github-deploy-frontend",
        )

    def secret(self, name: str) -> str:
        """The Secrets Manager name of an application secret: `<project>/<name>`."""
        return f"{self.project}/{name}"

    def of_resource(self, suffix: str) -> str:
        """`<project>-<suffix>`, the pattern of the document's other names."""
        return f"{self.project}-{suffix}"

    def global_name(self, suffix: str) -> str:
        """A name IAM keeps once per account: `<project>-<suffix>`, plus the region outside the primary."""
        return f"{self.project}-{suffix}{self.global_suffix}"
