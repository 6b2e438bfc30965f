"""The backend: one container on ECS Fargate behind the ALB, with autoscaling."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, StrictBool, ValidationInfo, field_validator, model_validator

from . import aws_limits
from .base import Model, Name, Port

# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
FARGATE_MEMORY = {
    256: [512, 1024, 2048],
    512: list(range(1024, 4097, 1024)),
    1024: list(range(2048, 8193, 1024)),
    2048: list(range(4096, 16385, 1024)),
    4096: list(range(8192, 30721, 1024)),
    8192: list(range(16384, 61441, 4096)),
    16384: list(range(32768, 122881, 8192)),
}

RESERVED_ENV = ("DATABASE_URL", "DATABASE_READ_URL", "DATABASE_PASSWORD", "REDIS_URL", "REDIS_AUTH_TOKEN")


class ContainerHealthCheck(Model):
    """The container's own health check: an HTTP GET of PATH on the container port, made with Node.js.

    The document's `curl -f` fails on slim Node images, which ship no curl: every task would be marked
    unhealthy and replaced in a loop. The backend is a Node.js app, so `node` is in its image.
    """

    path: str = Field("/health", pattern=r"^/[A-Za-z0-9._~/-]*$", description="HTTP path the check requests.")
    interval: int = Field(30, ge=5, le=300, description="Seconds between checks.")
    timeout: int = Field(5, ge=2, le=60, description="Seconds before a check counts as failed.")
    retries: int = Field(3, ge=1, le=10, description="Failures in a row before the container is unhealthy.")
    start_period: int = Field(60, ge=0, le=300, description="Grace period in seconds after start.")


class Autoscaling(Model):
    """Target tracking on the service's average CPU."""

    min_capacity: int = Field(ge=1, le=1000, description="Fewest tasks the service scales in to.")
    max_capacity: int = Field(ge=1, le=1000, description="Most tasks the service scales out to.")
    cpu_target: float = Field(70.0, gt=0, le=100, description="Average CPU utilisation (%) to hold.")
    scale_in_cooldown: int = Field(300, ge=0, le=3600, description="Seconds between scale-in steps.")
    scale_out_cooldown: int = Field(60, ge=0, le=3600, description="Seconds between scale-out steps.")

    @model_validator(mode="after")
    def _bounds(self) -> Autoscaling:
        if self.min_capacity > self.max_capacity:
            raise ValueError(f"min_capacity ({self.min_capacity}) is above max_capacity ({self.max_capacity})")
        return self


class Service(Model):
    """The backend container, its task size and how many copies run."""

    name: Name = Field("backend", description="Name of the container; prefixed with the project for AWS names.")
    container_port: Port = Field(3000, description="Port the container listens on; the ALB forwards here.")
    cpu: int = Field(512, description="Task CPU units (1024 = 1 vCPU). Fargate sizes only.")
    memory: int = Field(1024, description="Task memory in MiB; must be a size Fargate offers for `cpu`.")
    desired_count: int = Field(2, ge=0, le=1000, description="Tasks to run at first; autoscaling owns it later.")
    platform_version: str = Field("1.4.0", pattern=r"^(LATEST|\d+\.\d+\.\d+)$", description="Fargate platform version.")
    image_tag: str = Field(
        pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
        description="Default of the `image_tag` Terraform variable: the image tag the task definition runs. "
        "Deploys pass the commit's tag (`-var image_tag=...`).",
    )
    environment: dict[str, str] = Field(
        default_factory=lambda: {"NODE_ENV": "production"},
        description="Plain (non-secret) environment variables of the container.",
    )
    health_check: ContainerHealthCheck = Field(default_factory=ContainerHealthCheck)
    health_check_grace_period: int = Field(
        120,
        ge=0,
        le=2147483647,
        description="Seconds after a task starts during which the ALB's failed health checks do not stop it: "
        "time for the app to boot and connect to its database.",
    )
    autoscaling: Autoscaling
    container_insights: StrictBool = Field(True, description="Turn on CloudWatch Container Insights for the cluster.")
    read_only_root_filesystem: StrictBool = Field(
        False,
        description="Mount the container's root file system read-only (a compromised process cannot change "
        "the image's files). Off by default: the document's Node.js backend may write temporary files there, "
        "and Fargate offers no tmpfs; turn it on once the app writes nowhere but declared volumes.",
    )
    log_retention_days: int = Field(30, description="Days CloudWatch keeps the container logs.")
    image_tag_mutability: Literal["MUTABLE", "IMMUTABLE"] = Field(
        "IMMUTABLE",
        description="ECR tag mutability. IMMUTABLE (the default) means a tag always names the "
        "image that was scanned and reviewed; every deploy pushes a new tag.",
    )

    @field_validator("image_tag_mutability")
    @classmethod
    def _immutable_needs_release_tags(cls, value: str, info: ValidationInfo) -> str:
        if value == "IMMUTABLE" and info.data.get("image_tag") == "latest":
            raise ValueError(
                "an IMMUTABLE repository cannot push `latest` twice; give image_tag a release tag "
                "(e.g. the commit SHA) or make the repository MUTABLE"
            )
        return value

    @field_validator("cpu")
    @classmethod
    def _fargate_cpu(cls, value: int) -> int:
        if value not in FARGATE_MEMORY:
            raise ValueError(f"cpu {value} is not a Fargate size; use one of {sorted(FARGATE_MEMORY)}")
        return value

    @field_validator("memory")
    @classmethod
    def _fargate_memory(cls, value: int, info: ValidationInfo) -> int:
        allowed = FARGATE_MEMORY.get(info.data.get("cpu"))
        if allowed and value not in allowed:
            step = allowed[1] - allowed[0]
            raise ValueError(
                f"Fargate does not offer {value} MiB with cpu {info.data['cpu']}; "
                f"use {allowed[0]} to {allowed[-1]} in steps of {step}"
            )
        return value

    @field_validator("environment")
    @classmethod
    def _environment_names(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise ValueError(f"{name!r} is not an environment variable name (letters, digits, _)")
            if name in RESERVED_ENV:
                raise ValueError(f"{name} is set by sagegen (from the database and cache); remove it")
        return value

    @field_validator("autoscaling")
    @classmethod
    def _desired_within_autoscaling(cls, value: Autoscaling, info: ValidationInfo) -> Autoscaling:
        desired = info.data.get("desired_count")
        if desired is not None and not value.min_capacity <= desired <= value.max_capacity:
            raise ValueError(
                f"desired_count ({desired}) must lie within min_capacity..max_capacity "
                f"({value.min_capacity}..{value.max_capacity})"
            )
        return value

    @field_validator("log_retention_days")
    @classmethod
    def _log_retention(cls, value: int) -> int:
        return aws_limits.log_retention_days(value)
