"""The whole spec: one model per concern, and the names derived from them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pydantic import Field, field_validator

from .alarms import Alarms
from .base import Model, Name
from .cache import Cache
from .database import Database
from .edge import Edge
from .frontend import Frontend
from .network import Network
from .secrets import Secret
from .service import Service

REGION_PATTERN = r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$"


class Spec(Model):
    """A sagegen spec: everything needed to render the stack's Terraform."""

    project: Name = Field(
        description="Short lowercase project name; every AWS name and the cluster's Terraform label start with it.",
        examples=["sage"],
    )
    environment: str = Field(
        pattern=r"^[a-z][a-z0-9-]{0,31}$", description="Environment name, tagged on every resource.",
        examples=["production"],
    )
    region: str = Field(pattern=REGION_PATTERN, description="AWS region of the stack.", examples=["us-west-2"])
    tags: dict[str, str] = Field(
        default_factory=dict, description="Extra tags on every resource (through the provider's default_tags)."
    )
    network: Network
    service: Service
    database: Database
    cache: Cache
    frontend: Frontend
    edge: Edge
    alarms: Alarms = Field(default_factory=Alarms)
    secrets: dict[str, Secret] = Field(
        default_factory=dict,
        description="Application secrets by Terraform label (e.g. `anthropic_key`); values come from variables.",
    )

    @field_validator("secrets")
    @classmethod
    def _secret_labels(cls, value: dict[str, Secret]) -> dict[str, Secret]:
        import re

        for label in value:
            if not re.match(r"^[a-z][a-z0-9_]{0,63}$", label):
                raise ValueError(f"secret label {label!r} must be lowercase letters, digits and _")
        envs = [s.env for s in value.values()]
        dupes = sorted({e for e in envs if envs.count(e) > 1})
        if dupes:
            raise ValueError(f"environment variable(s) {', '.join(dupes)} given by more than one secret")
        return value

    @cached_property
    def names(self) -> Names:
        return Names.of(self)


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
    db_final_snapshot: str
    cache_group: str
    alb: str
    target_group: str
    alerts_topic: str
    frontend_origin_id: str

    @classmethod
    def of(cls, spec: Spec) -> Names:
        p, svc = spec.project, spec.service.name
        return cls(
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
            cache_group=f"{p}-redis",
            alb=f"{p}-alb",
            target_group=f"{p}-{svc}-tg",
            alerts_topic=f"{p}-alerts",
            frontend_origin_id=f"S3-{p}-frontend",
        )

    def of_resource(self, suffix: str) -> str:
        """`<project>-<suffix>`, the pattern of the document's other names."""
        return f"{self.project}-{suffix}"
