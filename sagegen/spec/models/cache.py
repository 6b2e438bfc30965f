"""ElastiCache Redis: a replication group of one primary and its replicas."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StrictBool, ValidationInfo, field_validator

from . import aws_limits, catalogue
from .base import DailyWindow, Model, Port, WeeklyWindow

REDIS_VERSIONS = ("6.0", "6.2", "7.0", "7.1")


class Cache(Model):
    """The Redis cache of the backend."""

    description: str = Field(max_length=255, description="Human description of the replication group.")
    engine_version: str = Field("7.0", pattern=r"^\d+\.\d+$", description="Redis engine version (major.minor).")
    node_type: Annotated[str, AfterValidator(catalogue.cache_node_type)] = Field(
        "cache.t4g.micro",
        pattern=r"^cache\.[a-z0-9]+\.[a-z0-9]+$",
        description="Node type, one ElastiCache offers (sagegen/data/instance_classes.yaml).",
    )
    num_cache_clusters: int = Field(2, ge=1, le=6, description="Nodes in the group: 1 primary plus replicas.")
    port: Port = Field(6379, description="Port Redis listens on.")
    parameter_group_name: str = Field("default.redis7", description="Parameter group of the nodes.")
    automatic_failover: StrictBool = Field(True, description="Promote a replica if the primary fails.")
    multi_az: StrictBool = Field(
        True,
        description="Place the replicas in other availability zones than the primary and fail over across "
        "them (ElastiCache's Multi-AZ). Needs automatic_failover; without it a zone outage can take the "
        "primary and its replicas together.",
    )
    at_rest_encryption: StrictBool = Field(True, description="Encrypt data on disk.")
    transit_encryption: StrictBool = Field(True, description="Require TLS between clients and Redis.")
    auth_token: StrictBool = Field(
        True,
        description="Require a Redis AUTH token, generated into Secrets Manager and given to the container "
        "as REDIS_AUTH_TOKEN. Needs transit_encryption.",
    )
    auth_token_version: int = Field(
        1,
        ge=1,
        le=1_000_000,
        description="Generation of the AUTH token. Raising it draws a new token into the secret and gives it "
        "to the group with ElastiCache's ROTATE strategy, which keeps the old token valid too, so running "
        "tasks stay connected; RUNBOOK.md (rotate the Redis AUTH token) then restarts the tasks and drops "
        "the old token.",
    )
    maintenance_window: WeeklyWindow = "sun:05:00-sun:06:00"
    apply_immediately: StrictBool = Field(
        False,
        description="Apply node type, engine and replica changes as soon as Terraform makes them. The default "
        "waits for the maintenance window; `sagegen impact` says which changes wait.",
    )
    snapshot_window: DailyWindow = "03:00-04:00"
    snapshot_retention_limit: int = Field(5, ge=0, le=35, description="Days daily snapshots are kept (0: none).")

    @field_validator("engine_version")
    @classmethod
    def _redis_version(cls, value: str) -> str:
        if value not in REDIS_VERSIONS:
            raise ValueError(f"ElastiCache offers Redis {', '.join(REDIS_VERSIONS)}, not {value}")
        return value

    @field_validator("parameter_group_name")
    @classmethod
    def _parameter_group_family(cls, value: str, info: ValidationInfo) -> str:
        version = info.data.get("engine_version")
        if version and value.startswith("default.redis"):
            family = "default.redis7" if version.startswith("7") else f"default.redis{version[:1]}.x"
            if value != family:
                raise ValueError(f"Redis {version} needs the {family} parameter group, not {value}")
        return value

    @field_validator("auth_token")
    @classmethod
    def _auth_needs_tls(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("transit_encryption") is False:
            raise ValueError("ElastiCache accepts an AUTH token only with transit_encryption: true")
        return value

    @field_validator("automatic_failover")
    @classmethod
    def _failover_needs_a_replica(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("num_cache_clusters", 2) < 2:
            raise ValueError("automatic_failover needs num_cache_clusters of 2 or more")
        return value

    @field_validator("multi_az")
    @classmethod
    def _multi_az_needs_failover(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("automatic_failover") is False:
            raise ValueError("ElastiCache's Multi-AZ needs automatic_failover: true")
        return value

    @field_validator("snapshot_window")
    @classmethod
    def _snapshot_window(cls, value: str, info: ValidationInfo) -> str:
        maintenance = info.data.get("maintenance_window")
        if maintenance and aws_limits.windows_overlap(value, maintenance):
            raise ValueError(f"overlaps maintenance_window {maintenance}; ElastiCache needs them apart")
        return value
