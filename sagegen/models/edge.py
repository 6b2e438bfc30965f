"""The edge of the backend: the Application Load Balancer and its TLS."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

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
    ssl_policy: str = Field("ELBSecurityPolicy-TLS-1-2-2017-01", pattern=r"^ELBSecurityPolicy-[A-Za-z0-9-]+$")
    deletion_protection: bool = Field(True, description="Refuse to delete the ALB until this is turned off.")
    deregistration_delay: int = Field(30, ge=0, le=3600, description="Seconds to drain a task being removed.")
    health_check: TargetHealthCheck = Field(default_factory=TargetHealthCheck)
