"""Scanner findings sagegen answers with a reason instead of a change.

A platform team runs checkov on whatever sagegen emits. Every check it fails
is either fixed in the templates or waived here, with the reason a reviewer
needs, and written into the rendered HCL as `#checkov:skip=ID:reason` inside
the resource it concerns, where the next reviewer reads it. A waiver that
depends on a spec setting (Multi-AZ off, a pinned Fargate version) is emitted
only while that setting holds. tests/render/test_checkov.py fails on any finding that
is neither fixed nor waived, and on any waiver that no longer matches one.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..spec import registry as a
from ..spec.models import Spec
from .hcl_reader import RESOURCE_HEADER

# The addresses most waivers name, spelled once.
LB, CDN, ECR, VPC = str(a.LOAD_BALANCER), str(a.DISTRIBUTION), str(a.ECR_REPOSITORY), str(a.VPC)
DB, REPLICA, CACHE = str(a.DATABASE), str(a.DATABASE_REPLICA), str(a.CACHE)
FRONTEND, LOGS = str(a.FRONTEND_BUCKET), str(a.LOGS_BUCKET)


@dataclass(frozen=True)
class Waiver:
    """One check, on the resources named, for one reason."""

    check: str
    addresses: tuple[str, ...]
    reason: str
    when: Callable[[Spec], bool] = lambda spec: True

    def comment(self) -> str:
        # checkov reads the reason up to the end of the line.
        assert "\n" not in self.reason
        return f"#checkov:skip={self.check}:{self.reason}"


def _log_groups(spec: Spec) -> dict[str, int]:
    """Every CloudWatch log group sagegen renders, with its retention in days."""
    groups = {str(a.BACKEND_LOG_GROUP): spec.service.log_retention_days}
    for where in ("alb", "cloudfront"):
        if getattr(spec.waf, where):
            groups[str(a.waf_log_group(where))] = spec.waf.log_retention_days
    if spec.database.cloudwatch_logs_exports:
        groups[str(a.RDS_LOG_GROUPS)] = spec.database.log_retention_days
    return groups


def _log4j_waivers(spec: Spec) -> list[Waiver]:
    """checkov's Log4j checks want AnonymousIpList beside KnownBadInputs; only the latter holds the Log4j rules."""
    groups = spec.waf.rule_groups
    if "AWSManagedRulesKnownBadInputsRuleSet" not in groups or "AWSManagedRulesAnonymousIpList" in groups:
        return []
    reason = (
        "the web ACL has AWSManagedRulesKnownBadInputsRuleSet, which holds the Log4j rules; "
        "AnonymousIpList would also block VPN and cloud-hosted users, a product decision left to the spec"
    )
    found = []
    if spec.waf.alb:
        found.append(Waiver("CKV2_AWS_76", (LB,), reason))
    if spec.waf.cloudfront:
        found.append(Waiver("CKV2_AWS_47", (CDN,), reason))
    return found


def _turned_off(spec: Spec) -> list[Waiver]:
    """A protection the spec switches off is waived by naming the setting, so a reviewer sees the choice."""
    db, edge, net = spec.database, spec.edge, spec.network
    fe = spec.frontend or _NO_FRONTEND
    primary, replica = DB, REPLICA
    settings = [
        ("CKV_AWS_353", (primary, replica), "database.performance_insights", db.performance_insights),
        ("CKV_AWS_118", (primary, replica), "database.monitoring_interval", db.monitoring_interval),
        ("CKV_AWS_161", (primary,), "database.iam_authentication", db.iam_authentication),
        ("CKV_AWS_226", (primary, replica), "database.auto_minor_version_upgrade", db.auto_minor_version_upgrade),
        ("CKV_AWS_31", (CACHE,), "cache.auth_token", spec.cache.auth_token),
        ("CKV_AWS_65", (str(a.cluster(spec.names)),), "service.container_insights", spec.service.container_insights),
        ("CKV_AWS_51", (ECR,), "service.image_tag_mutability", spec.service.image_tag_mutability == "IMMUTABLE"),
        ("CKV_AWS_131", (LB,), "edge.drop_invalid_header_fields", edge.drop_invalid_header_fields),
        ("CKV_AWS_91", (LB,), "edge.access_logs", edge.access_logs),
        ("CKV2_AWS_28", (LB,), "waf.alb", spec.waf.alb),
        ("CKV_AWS_86", (CDN,), "frontend.access_logs", fe.access_logs),
        ("CKV_AWS_18", (FRONTEND,), "frontend.access_logs", fe.access_logs),
        ("CKV2_AWS_32", (CDN,), "frontend.security_headers", fe.security_headers),
        ("CKV_AWS_68", (CDN,), "waf.cloudfront", spec.waf.cloudfront),
        ("CKV_AWS_21", (FRONTEND,), "frontend.versioning", fe.versioning),
        ("CKV2_AWS_11", (VPC,), "network.flow_logs.enabled", net.flow_logs.enabled),
        ("CKV2_AWS_12", (VPC,), "network.lock_default_security_group", net.lock_default_security_group),
    ]
    return [
        Waiver(check, addresses, f"turned off in the spec ({path})")
        for check, addresses, path, on in settings
        if not on
    ]


class _NoFrontend:
    """Stands in for an absent frontend: its switches count as on, so nothing is waived for it."""

    access_logs = security_headers = versioning = True


_NO_FRONTEND = _NoFrontend()
# What only exists with a frontend (an API-only stack, a secondary region): no waiver names it then.
FRONTEND_ADDRESSES = frozenset({CDN, FRONTEND})


def frontend_logs(spec: Spec) -> bool:
    return bool(spec.frontend and spec.frontend.access_logs)


def replica_on(spec: Spec) -> bool:
    # checkov judges the replica as the variable's default leaves it.
    return spec.database.read_replicas.count > 0


def waivers(spec: Spec) -> list[Waiver]:
    """Every waiver that applies to this spec's render."""
    svc = spec.service
    buckets = (FRONTEND, LOGS)
    secrets = tuple(str(a.app_secret(label)) for label in spec.secrets) + (str(a.DB_PASSWORD_SECRET),)
    if spec.cache.auth_token:
        secrets += (str(a.REDIS_AUTH_SECRET),)
    table = [
        Waiver(
            "CKV_AWS_260",
            (str(a.security_group_rule("ingress", "alb_http")),),
            "port 80 only answers with a 301 to HTTPS; closing it would break typed-in http links",
        ),
        Waiver(
            "CKV_AWS_374",
            (CDN,),
            "the app serves users in every country; blocking countries is a business decision, not a default",
        ),
        Waiver(
            "CKV_AWS_310",
            (CDN,),
            "one S3 origin in one region; CloudFront keeps serving cached files when it fails, and the "
            "files are rebuilt from git",
        ),
        Waiver(
            "CKV_AWS_26",
            (str(a.ALERTS_TOPIC),),
            "alarm notifications carry alarm names and metric values only; CloudWatch cannot publish to a "
            "topic under the AWS-managed SNS key",
        ),
        Waiver(
            "CKV_AWS_136",
            (ECR,),
            "images are encrypted at rest with ECR's AES-256; a customer key would admit the same roles",
        ),
        Waiver(
            "CKV_AWS_158",
            tuple(_log_groups(spec)),
            "CloudWatch Logs encrypts at rest with its own keys; secrets reach the container through ECS "
            "secrets, never through logged environment",
        ),
        Waiver(
            "CKV_AWS_338",
            tuple(group for group, days in _log_groups(spec).items() if days < 365),
            "kept for the spec's retention (the document: 30 days of logs within a 10 GB budget); the "
            "access logs in the log bucket are kept longer",
        ),
        Waiver(
            "CKV_AWS_336",
            (str(a.TASK_DEFINITION),),
            "the document's Node.js backend may write temporary files to its root file system and Fargate "
            "offers no tmpfs; service.read_only_root_filesystem turns it on once the app writes only to volumes",
            when=lambda s: not s.service.read_only_root_filesystem,
        ),
        Waiver(
            "CKV_AWS_332",
            (str(a.SERVICE),),
            f"pinned to Fargate {svc.platform_version} (the document); LATEST would change the platform "
            "under the service without a review",
            when=lambda s: s.service.platform_version != "LATEST",
        ),
        Waiver(
            "CKV_AWS_191",
            (CACHE,),
            "encrypted at rest with the ElastiCache-managed key; access is gated by the security group "
            "and the AUTH token",
        ),
        Waiver(
            "CKV_AWS_157",
            (DB,),
            "Multi-AZ is off in this spec (the MVP phase; recorded in docs/security.md); daily backups "
            "and point-in-time restore give the document's RPO of 24 h",
            when=lambda s: not s.database.multi_az and not s.replicates_from,
        ),
        Waiver(
            "CKV_AWS_157",
            (DB,),
            "a cross-region read replica of the writer's region, single-AZ while it replicates: a failover "
            "promotes it and the writer_region change gives it the Multi-AZ standby (docs/regions.md)",
            when=lambda s: bool(s.replicates_from),
        ),
        Waiver(
            "CKV_AWS_149",
            secrets,
            "encrypted with the Secrets Manager AWS-managed key; IAM grants read to the ECS roles on "
            "exactly these ARNs",
        ),
        Waiver(
            "CKV2_AWS_57",
            secrets,
            "rotation needs a Lambda that can change the value at its source: the vendors' keys by raising "
            "secrets.<key>.version with the new TF_VAR value, the database password by raising "
            "database.password_version, the Redis AUTH token by raising cache.auth_token_version (ElastiCache's "
            "ROTATE, then SET: RUNBOOK.md), never put-secret-value alone",
        ),
        Waiver("CKV2_AWS_62", buckets, "nothing consumes the bucket's events; deploys come from CI"),
        Waiver(
            "CKV_AWS_144",
            buckets,
            "the frontend is a build of git and the logs are a copy; neither needs a second region "
            "(versioning covers rollback)",
        ),
        Waiver(
            "CKV_AWS_145",
            buckets,
            "SSE-S3 (AES-256): ALB access logs can only be delivered to SSE-S3 buckets, and CloudFront "
            "reads the public web assets without a KMS key policy",
        ),
        Waiver(
            "CKV_AWS_354",
            (DB,) + ((REPLICA,) if replica_on(spec) else ()),
            "Performance Insights data is encrypted with the RDS-managed key, like the instance's storage",
            when=lambda s: s.database.performance_insights,
        ),
        Waiver(
            "CKV2_AWS_32",
            (CDN,),
            "the cache behaviour names AWS's managed SecurityHeadersPolicy by its fixed ID; checkov only "
            "recognises a policy resource",
            when=lambda s: bool(s.frontend and s.frontend.security_headers),
        ),
        Waiver(
            "CKV2_AWS_65",
            (str(a.LOGS_BUCKET_OWNERSHIP),),
            "CloudFront standard logs are delivered through a bucket ACL grant; the bucket is private "
            "(public access block) and only log writers may put objects",
            when=frontend_logs,
        ),
        *_log4j_waivers(spec),
        *_turned_off(spec),
        Waiver(
            "CKV_AWS_293",
            (REPLICA,),
            "a replica holds no data of its own, and turning the replica count down must be able to delete "
            "it; the primary keeps deletion protection",
            when=replica_on,
        ),
        Waiver(
            "CKV_AWS_157",
            (REPLICA,),
            "a read replica is a read copy; availability comes from the primary's Multi-AZ standby",
            when=replica_on,
        ),
        # checkov accepts the log bucket once another bucket logs into it.
        Waiver(
            "CKV_AWS_18",
            (LOGS,),
            "this is the access-log bucket; logging it into itself would log every log delivery",
            when=lambda s: not frontend_logs(s),
        ),
    ]
    if spec.frontend is None:
        table = [
            dataclasses.replace(w, addresses=tuple(a for a in w.addresses if a not in FRONTEND_ADDRESSES))
            for w in table
        ]
    return [w for w in table if w.when(spec) and w.addresses]


def by_address(spec: Spec) -> dict[str, list[str]]:
    """{resource address: its skip comments}, in a stable order."""
    found: dict[str, list[str]] = {}
    for waiver in waivers(spec):
        for address in waiver.addresses:
            found.setdefault(address, []).append(waiver.comment())
    return {address: sorted(comments) for address, comments in sorted(found.items())}


def annotate(text: str, comments: dict[str, list[str]]) -> tuple[str, set[str]]:
    """Put each address's skip comments first inside its resource block.

    Returns the new text and the addresses found, so the caller can refuse a
    waiver for a resource that was never rendered.
    """
    found: set[str] = set()

    def insert(match: re.Match) -> str:
        address = f"{match.group(1)}.{match.group(2)}"
        if address not in comments:
            return match.group(0)
        found.add(address)
        return match.group(0) + "".join(f"\n  {c}" for c in comments[address])

    return RESOURCE_HEADER.sub(insert, text), found
