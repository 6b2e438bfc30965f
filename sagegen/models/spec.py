"""The whole spec: one model per concern, and the names derived from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from pydantic import Field, ValidationInfo, field_validator

from . import rules
from .alarms import Alarms
from .base import Model, Name
from .cache import Cache
from .database import Database
from .edge import Edge, Waf
from .frontend import Frontend
from .logs import Logs
from .network import Network
from .secrets import Secret
from .service import Service
from .state import State

REGION_PATTERN = r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$"

# Availability zones open to every account, per region (AWS, 2026). Unknown regions: up to 6.
REGION_AZS = {
    "us-east-1": 6, "us-east-2": 3, "us-west-1": 2, "us-west-2": 4, "ca-central-1": 3, "sa-east-1": 3,
    "eu-west-1": 3, "eu-west-2": 3, "eu-west-3": 3, "eu-central-1": 3, "eu-central-2": 3, "eu-north-1": 3,
    "eu-south-1": 3, "eu-south-2": 3, "ap-northeast-1": 3, "ap-northeast-2": 4, "ap-northeast-3": 3,
    "ap-southeast-1": 3, "ap-southeast-2": 3, "ap-south-1": 3, "ap-east-1": 3, "me-south-1": 3,
    "me-central-1": 3, "af-south-1": 3, "il-central-1": 3,
}

# AWS's length limits of the names sagegen derives from `project` and `service.name`.
NAME_LIMITS = {"alb": 32, "target_group": 32, "db_replica_identifier": 61,  # 63 with the replica's "-N"
               "cache_group": 40,
               "cluster": 255, "log_group": 512}
IAM_ROLE_LIMIT = 64


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
    logs: Logs
    waf: Waf = Field(default_factory=Waf)
    state: State | None = Field(None, description="Remote state in S3; without it Terraform keeps local state.")
    alarms: Alarms = Field(default_factory=Alarms)
    secrets: dict[str, Secret] = Field(
        default_factory=dict,
        description="Application secrets by Terraform label (e.g. `anthropic_key`); values come from variables.",
    )

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: dict[str, str]) -> dict[str, str]:
        return rules.tags(value)

    @field_validator("network")
    @classmethod
    def _azs_in_region(cls, value: Network, info: ValidationInfo) -> Network:
        region = info.data.get("region")
        available = REGION_AZS.get(region, 6)
        if value.az_count > available:
            raise ValueError(f"{value.az_count} subnets per tier need {value.az_count} availability zones; "
                             f"{region} has {available}")
        zones = value.availability_zones
        if zones is not None and region:
            if len(zones) != value.az_count:
                raise ValueError(f"availability_zones names {len(zones)} zones for {value.az_count} subnet pairs")
            for zone in zones:
                if not re.fullmatch(re.escape(region) + r"[a-z]", zone):
                    raise ValueError(f"availability zone {zone!r} is not a zone of {region} ({region}a, ...)")
            if len(set(zones)) != len(zones):
                raise ValueError("availability_zones names a zone twice")
        return value

    @field_validator("service")
    @classmethod
    def _derived_names_fit(cls, value: Service, info: ValidationInfo) -> Service:
        project = info.data.get("project")
        if project is None:
            return value
        names = Names.of_parts(project, value.name)
        for field, limit in NAME_LIMITS.items():
            name = getattr(names, field)
            if len(name) > limit:
                raise ValueError(f"project and service.name make the name {name!r} ({len(name)} characters); "
                                 f"AWS allows {limit} there")
        role = names.of_resource("ecs-execution-role")
        if len(role) > IAM_ROLE_LIMIT:
            raise ValueError(f"the IAM role name {role!r} has more than {IAM_ROLE_LIMIT} characters")
        return value

    @field_validator("logs")
    @classmethod
    def _log_bucket_of_its_own(cls, value: Logs, info: ValidationInfo) -> Logs:
        frontend = info.data.get("frontend")
        if frontend and frontend.bucket_name == value.bucket_name:
            raise ValueError(f"the log bucket needs a name of its own, not the frontend's {value.bucket_name!r}")
        return value

    @field_validator("secrets")
    @classmethod
    def _secret_labels(cls, value: dict[str, Secret], info: ValidationInfo) -> dict[str, Secret]:
        service = info.data.get("service")
        for secret in value.values():
            if service and secret.env in service.environment:
                raise ValueError(f"{secret.env} is both a plain service.environment variable and a secret")
        for label in value:
            if not re.match(r"^[a-z][a-z0-9_]{0,63}$", label):
                raise ValueError(f"secret label {label!r} must be lowercase letters, digits and _")
        envs = [s.env for s in value.values()]
        dupes = sorted({e for e in envs if envs.count(e) > 1})
        if dupes:
            raise ValueError(f"environment variable(s) {', '.join(dupes)} given by more than one secret")
        return value

    @cached_property
    def availability_zones(self) -> list[str]:
        """The subnets' zones, in subnet order."""
        zones = self.network.availability_zones
        return list(zones) if zones else [self.region + "abcdef"[i] for i in range(self.network.az_count)]

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
    db_parameter_group: str
    waf_alb: str
    waf_cloudfront: str

    @classmethod
    def of(cls, spec: Spec) -> Names:
        return cls.of_parts(spec.project, spec.service.name)

    @classmethod
    def of_parts(cls, p: str, svc: str) -> Names:
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
            db_parameter_group=f"{p}-postgres",
            waf_alb=f"{p}-alb",
            waf_cloudfront=f"{p}-cloudfront",
        )

    def of_resource(self, suffix: str) -> str:
        """`<project>-<suffix>`, the pattern of the document's other names."""
        return f"{self.project}-{suffix}"
