"""Who may talk to whom: the security group rules and the WAF web ACLs the templates render."""

from __future__ import annotations

from dataclasses import dataclass

from ..spec import registry as a
from ..spec.models import Spec

RATE_LIMIT_RULE = "RateLimitPerIp"
COMMON_RULE_SET = "AWSManagedRulesCommonRuleSet"


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
    region: str | None = None  # the peered region `cidr` is the VPC of, for a rule across regions

    @property
    def address(self) -> a.Address:
        return a.security_group_rule(self.direction, self.label)

    @property
    def resource_type(self) -> str:
        return self.address.type


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
        *_across_regions(spec),
    ]  # fmt: skip


def _across_regions(spec: Spec) -> list[SecurityGroupRule]:
    """The writes of a peered region's tasks to the writer's database, both ways, so a failover needs no
    rule change: by range, since a security group cannot name a group of a peer VPC in another region
    (VPC Peering Guide, "Update your security groups to reference peer security groups")."""
    db, rule = spec.database.port, SecurityGroupRule
    out = []
    for peer in spec.peers:
        label = peer.region.replace("-", "_")
        out += [
            rule(f"backend_to_rds_{label}", "egress", "backend", db, f"To PostgreSQL in {peer.region}",
                 cidr=peer.vpc_cidr, region=peer.region),
            rule(f"rds_from_{label}", "ingress", "rds", db, f"PostgreSQL from the backend in {peer.region}",
                 cidr=peer.vpc_cidr, region=peer.region),
        ]  # fmt: skip
    return out


def waf_acls(spec: Spec) -> dict:
    """The web ACLs the spec asks for, keyed by where they sit (alb, cloudfront)."""
    names = spec.names
    rules = [
        {"name": group, "priority": 10 * (i + 1), "managed": True, "count_large_bodies": False}
        for i, group in enumerate(spec.waf.rule_groups)
    ]
    if spec.waf.rate_limit is not None:
        # Rate limiting first: a flood is cheaper to drop before the managed rules run.
        rules.insert(0, {"name": RATE_LIMIT_RULE, "priority": 1, "managed": False})
    acls = {}
    for where, wanted, scope, name in (
        ("alb", spec.waf.alb, "REGIONAL", names.waf_alb),
        ("cloudfront", spec.waf.cloudfront, "CLOUDFRONT", names.waf_cloudfront),
    ):
        if wanted:
            # On the API, bodies over 8 KB (long prompts) are normal: the Common rule set only counts them.
            count_bodies = where == "alb" and not spec.waf.alb_blocks_large_bodies
            acl_rules = [dict(r, count_large_bodies=count_bodies and r["name"] == COMMON_RULE_SET) for r in rules]
            acls[where] = {
                "label": where,
                "name": name,
                "scope": scope,
                "rules": acl_rules,
                "log_group": f"aws-waf-logs-{name}",
                "global": scope == "CLOUDFRONT",
            }
    return acls
