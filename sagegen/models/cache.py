"""ElastiCache Redis: a replication group of one primary and its replicas."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import DailyWindow, Model, Port, WeeklyWindow


class Cache(Model):
    """The Redis cache of the backend."""

    description: str = Field(max_length=255, description="Human description of the replication group.")
    engine_version: str = Field("7.0", pattern=r"^\d+\.\d+$", description="Redis engine version (major.minor).")
    node_type: str = Field("cache.t4g.micro", pattern=r"^cache\.[a-z0-9]+\.[a-z0-9]+$", description="Node type.")
    num_cache_clusters: int = Field(2, ge=1, le=6, description="Nodes in the group: 1 primary plus replicas.")
    port: Port = Field(6379, description="Port Redis listens on.")
    parameter_group_name: str = Field("default.redis7", description="Parameter group of the nodes.")
    automatic_failover: bool = Field(True, description="Promote a replica if the primary fails.")
    at_rest_encryption: bool = Field(True, description="Encrypt data on disk.")
    transit_encryption: bool = Field(True, description="Require TLS between clients and Redis.")
    maintenance_window: WeeklyWindow = "sun:05:00-sun:06:00"
    snapshot_window: DailyWindow = "03:00-04:00"
    snapshot_retention_limit: int = Field(5, ge=0, le=35, description="Days daily snapshots are kept (0: none).")

    @model_validator(mode="after")
    def _failover_needs_a_replica(self) -> Cache:
        if self.automatic_failover and self.num_cache_clusters < 2:
            raise ValueError("automatic_failover needs num_cache_clusters of 2 or more")
        return self
