"""Every IAM and resource policy document of the render, built as data for the `hcl` filter.

Each grants one principal what it needs on exactly the resources it needs it
on; ARNs are references to the resources of the registry, never typed out.
"""

from __future__ import annotations

from ..spec import registry as a
from ..spec.models import Spec
from .hcl import Expr, Interp

IAM_VERSION = "2012-10-17"
OIDC_URL = "https://token.actions.githubusercontent.com"
OIDC_AUDIENCE = "sts.amazonaws.com"
ACCOUNT = Expr(a.CALLER_IDENTITY.attr("account_id"))


def ref(address: a.Address, attribute: str) -> Expr:
    return Expr(address.attr(attribute))


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


def deny_insecure_transport(bucket: a.Address) -> dict:
    """Refuse every request to the bucket that does not come over TLS."""
    arn = ref(bucket, "arn")
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
    this_distribution = {"StringEquals": {"AWS:SourceArn": ref(a.DISTRIBUTION, "arn")}}
    return {
        "Version": IAM_VERSION,
        "Statement": [
            {
                "Sid": "AllowCloudFrontRead",
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject",
                "Resource": Interp(ref(a.FRONTEND_BUCKET, "arn"), "/*"),
                "Condition": this_distribution,
            },
            {
                # Without ListBucket S3 answers a missing key with 403, not 404, and the SPA fallback
                # (404 -> /index.html) never fires: deep links would show S3's AccessDenied (D31).
                "Sid": "AllowCloudFrontList",
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:ListBucket",
                "Resource": ref(a.FRONTEND_BUCKET, "arn"),
                "Condition": this_distribution,
            },
            deny_insecure_transport(a.FRONTEND_BUCKET),
        ],
    }


def logs_bucket_policy(spec: Spec) -> dict:
    """Each log source may write its own prefix, from this account only."""
    bucket = ref(a.LOGS_BUCKET, "arn")
    statements = []
    if spec.edge.access_logs:
        statements.append(
            {
                # Regions older than August 2022 deliver from ELB's own account.
                "Sid": "AlbAccessLogs",
                "Effect": "Allow",
                "Principal": {"AWS": ref(a.ELB_SERVICE_ACCOUNT, "arn")},
                "Action": "s3:PutObject",
                "Resource": Interp(bucket, "/alb/AWSLogs/", ACCOUNT, "/*"),
            }
        )
    if spec.network.flow_logs.enabled:
        statements += _flow_log_statements(bucket)
    if spec.frontend and spec.frontend.access_logs:
        statements.append(
            {
                "Sid": "S3ServerAccessLogs",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": Interp(bucket, f"/s3/{spec.frontend.bucket_name}/*"),
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": ACCOUNT},
                    "ArnLike": {"aws:SourceArn": ref(a.FRONTEND_BUCKET, "arn")},
                },
            }
        )
    statements.append(deny_insecure_transport(a.LOGS_BUCKET))
    return {"Version": IAM_VERSION, "Statement": statements}


def _flow_log_statements(bucket: Expr) -> list[dict]:
    return [
        {
            "Sid": "FlowLogsWrite",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": Interp(bucket, "/vpc-flow-logs/AWSLogs/", ACCOUNT, "/*"),
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control"}},
        },
        {
            "Sid": "FlowLogsCheckAcl",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": "s3:GetBucketAcl",
            "Resource": bucket,
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        },
    ]


def deploy_role(spec: Spec) -> dict | None:
    """The GitHub deploy roles, one per workflow: trust and permissions (none without `deploy`)."""
    if spec.deploy is None:
        return None
    provider = ref(a.github_oidc_provider(spec.deploy.create_oidc_provider), "arn")
    roles = {"backend": {"trust_policy": deploy_trust_policy(spec, provider, "backend"), "policy": deploy_policy(spec)}}
    if spec.frontend:
        roles["frontend"] = {
            "trust_policy": deploy_trust_policy(spec, provider, "frontend"),
            "policy": frontend_deploy_policy(spec),
        }
    return {"oidc_url": OIDC_URL, "audience": OIDC_AUDIENCE, "roles": roles}


def oidc_subject(spec: Spec, workflow: str) -> str:
    """The subject GitHub gives a job of `workflow` on the deploy branch, once the repository's subject
    template includes `repo`, `context` and `job_workflow_ref` (GitHub Docs, "OpenID Connect reference",
    customizing the subject claims; the README's first step). The default subject names no workflow, so
    every workflow of the branch could assume every role; this one names the file and its ref."""
    repository, branch = spec.deploy.repository, f"refs/heads/{spec.deploy.branch}"
    workflow_ref = f"{repository}/{a.DEPLOY_WORKFLOWS[workflow]}@{branch}"
    return f"repo:{repository}:ref:{branch}:job_workflow_ref:{workflow_ref}"


def deploy_trust_policy(spec: Spec, provider_arn: Expr, workflow: str) -> dict:
    """Only GitHub's token for `workflow` of this repository, run from its deploy branch, may assume the role."""
    host = OIDC_URL.removeprefix("https://")
    return {
        "Version": IAM_VERSION,
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": provider_arn},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {
                f"{host}:aud": OIDC_AUDIENCE,
                f"{host}:sub": oidc_subject(spec, workflow),
            }},
        }],
    }  # fmt: skip


def _regional_arns(spec: Spec) -> dict[str, list]:
    """ARNs the deploys touch in every region: this module's by reference, other regions' by name."""
    n = spec.names
    arns = {
        "repository": [ref(a.ECR_REPOSITORY, "arn")],
        "service": [ref(a.SERVICE, "id")],  # the service's id is its ARN
        "roles": [ref(a.EXECUTION_ROLE, "arn"), ref(a.TASK_ROLE, "arn")],
    }
    for region in spec.regions[1:]:
        arns["repository"].append(Interp(f"arn:aws:ecr:{region}:", ACCOUNT, f":repository/{n.ecr_repository}"))
        arns["service"].append(Interp(f"arn:aws:ecs:{region}:", ACCOUNT, f":service/{n.cluster}/{n.service}"))
        arns["roles"] += [
            Interp("arn:aws:iam::", ACCOUNT, f":role/{n.global_name(role)}-{region}")
            for role in ("ecs-execution-role", "ecs-task-role")
        ]
    return arns


def deploy_policy(spec: Spec) -> dict:
    """What the backend workflow does (push the image, register it, roll the service), on exactly the
    resources it does it to, in every region."""
    arns = _regional_arns(spec)
    push = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
            "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]  # fmt: skip
    statements = [
        # AWS scopes neither call: a registry login and task definitions have no resource ARN to name.
        {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Sid": "EcrPush", "Effect": "Allow", "Resource": arns["repository"], "Action": push},
        {"Sid": "TaskDefinitions", "Effect": "Allow", "Resource": "*",
         "Action": ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"]},
        {"Sid": "Service", "Effect": "Allow", "Resource": arns["service"],
         "Action": ["ecs:DescribeServices", "ecs:UpdateService"]},
        {"Sid": "PassTaskRoles", "Effect": "Allow", "Action": "iam:PassRole", "Resource": arns["roles"],
         "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}},
    ]  # fmt: skip
    return {"Version": IAM_VERSION, "Statement": statements}


def frontend_deploy_policy(spec: Spec) -> dict:
    """What the frontend workflow does: sync the built app to its bucket and invalidate the distribution."""
    bucket = ref(a.FRONTEND_BUCKET, "arn")
    statements = [
        {"Sid": "FrontendList", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": bucket},
        {"Sid": "FrontendSync", "Effect": "Allow", "Resource": Interp(bucket, "/*"),
         "Action": ["s3:GetObject", "s3:PutObject"]},  # no delete: a release never removes the last one's files
        {"Sid": "Invalidate", "Effect": "Allow", "Action": "cloudfront:CreateInvalidation",
         "Resource": ref(a.DISTRIBUTION, "arn")},
    ]  # fmt: skip
    return {"Version": IAM_VERSION, "Statement": statements}
