"""The edge of the backend: the Application Load Balancer and its TLS."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, ValidationInfo, field_validator

from . import aws_limits
from .base import Model
from .frontend import DNS_NAME


class TargetHealthCheck(Model):
    """How the ALB decides a task may receive traffic."""

    path: str = Field("/health", pattern=r"^/", description="Path the ALB requests.")
    matcher: str = Field("200", pattern=r"^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$", description="Healthy HTTP codes.")
    interval: int = Field(30, ge=5, le=300)
    timeout: int = Field(5, ge=2, le=120)
    healthy_threshold: int = Field(2, ge=2, le=10)

    @field_validator("timeout")
    @classmethod
    def _timeout_below_interval(cls, value: int, info: ValidationInfo) -> int:
        interval = info.data.get("interval")
        if interval is not None and value >= interval:
            raise ValueError(f"the ALB needs timeout ({value}) below interval ({interval})")
        return value

    unhealthy_threshold: int = Field(3, ge=2, le=10)


class Edge(Model):
    """The public ALB: HTTPS to the backend, HTTP redirected to HTTPS."""

    domain_name: str = Field(pattern=DNS_NAME, description="Domain of the API; its ACM certificate is requested.")
    ssl_policy: str = Field(
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        pattern=r"^ELBSecurityPolicy-[A-Za-z0-9-]+$",
        description="TLS policy of the HTTPS listener. The default offers TLS 1.3 and 1.2 (AWS's recommended "
        "policy); the document's ELBSecurityPolicy-TLS-1-2-2017-01 has no TLS 1.3.",
    )
    deletion_protection: StrictBool = Field(True, description="Refuse to delete the ALB until this is turned off.")
    deregistration_delay: int = Field(30, ge=0, le=3600, description="Seconds to drain a task being removed.")
    health_check: TargetHealthCheck = Field(default_factory=TargetHealthCheck)
    drop_invalid_header_fields: StrictBool = Field(
        True,
        description="Drop HTTP headers that are not valid header names before they reach the backend "
        "(request smuggling through malformed headers).",
    )
    access_logs: StrictBool = Field(True, description="Write the ALB's access logs to the log bucket (see `logs`).")
    idle_timeout: int = Field(
        300,
        ge=1,
        le=4000,
        description="Seconds the ALB keeps a connection open with no byte sent. AWS's default, 60, cuts an LLM "
        "request that streams nothing for a minute; the default here is 300 (a departure from the document, "
        "which is silent: docs/deviations.md).",
    )


# AWS managed rule groups sagegen knows; each costs $1 a month per web ACL.
MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesAnonymousIpList",
    "AWSManagedRulesSQLiDatabase",
    "AWSManagedRulesLinuxRuleSet",
    "AWSManagedRulesUnixRuleSet",
    "AWSManagedRulesBotControlRuleSet",
)


class Waf(Model):
    """AWS WAF web ACLs in front of the ALB and of CloudFront, built from AWS managed rule groups."""

    alb: StrictBool = Field(True, description="Put a regional web ACL in front of the ALB.")
    cloudfront: StrictBool = Field(
        True, description="Put a global web ACL (created in us-east-1) in front of CloudFront."
    )
    rule_groups: list[Literal[MANAGED_RULE_GROUPS]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: list(MANAGED_RULE_GROUPS[:3]),
        min_length=1,
        description="AWS managed rule groups, evaluated in this order. KnownBadInputs blocks Log4Shell probes.",
    )
    rate_limit: int | None = Field(
        2000,
        ge=100,
        le=2_000_000_000,
        description="Block an IP address that sends more requests than this in 5 minutes; null turns it off.",
    )
    log_retention_days: int = Field(30, description="Days CloudWatch keeps the WAF logs.")
    alb_blocks_large_bodies: StrictBool = Field(
        False,
        description="Let the Common rule set block request bodies over 8 KB on the ALB "
        "(its SizeRestrictions_BODY rule). Off, that rule only counts: API requests with long prompts "
        "or documents are larger than 8 KB.",
    )

    @field_validator("rule_groups")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a rule group is listed twice")
        return value

    @field_validator("log_retention_days")
    @classmethod
    def _log_retention(cls, value: int) -> int:
        return aws_limits.log_retention_days(value)
