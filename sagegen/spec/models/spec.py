"""The whole spec: one model per concern, and the names derived from them."""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from typing import Literal, NamedTuple

from pydantic import Field, PrivateAttr, ValidationError, ValidationInfo, field_validator, model_validator

from ..registry import GENERATED_SECRET_NAMES, Names
from . import aws_limits
from .accepted import Reason, RiskId
from .alarms import Alarms
from .base import Model, Name
from .budget import Budget
from .cache import Cache
from .database import Database
from .deploy import Deploy
from .dns import Dns
from .edge import Edge, Waf
from .frontend import Frontend
from .logs import Logs
from .monitoring import Monitoring
from .network import Network
from .output import UserFile
from .recovery import Recovery
from .regions import Region, SecondaryRegion, check_zones
from .secrets import Secret
from .service import Service
from .state import State

# AWS's length limits of the names sagegen derives from `project` and `service.name`.
NAME_LIMITS = {
    "alb": 32,
    "target_group": 32,
    "db_replica_identifier": 61,  # 63 with the replica's "-N"
    "cache_group": 40,
    "cluster": 255,
    "log_group": 512,
}
IAM_ROLE_LIMIT = 64


class Spec(Model):
    """A sagegen spec: everything needed to render the stack's Terraform."""

    project: Name = Field(
        description="Short lowercase project name; every AWS name and the cluster's Terraform label start with it.",
        examples=["sage"],
    )
    product: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        pattern=r"^[^\x00-\x1f\x7f`|<>\[\]{}]+$",
        description="The product's name as people say it (e.g. `Sage.ai`); the generated README and RUNBOOK "
        "speak of it. Unset: the project name.",
    )
    document: Literal["sage-ai-1.0"] | None = Field(
        None,
        description="The specification this spec implements, which `sagegen cost` and the generated README "
        "compare with: `sage-ai-1.0` is the Sage.ai Infrastructure Specification v1.0 (its cost table). "
        "Unset: no comparison.",
    )
    environment: str = Field(
        pattern=r"^[a-z][a-z0-9-]{0,31}$",
        description="Environment name, tagged on every resource.",
        examples=["production"],
    )
    region: Region = Field(description="AWS region of the stack.", examples=["us-west-2"])
    tags: dict[str, str] = Field(
        default_factory=dict, description="Extra tags on every resource (through the provider's default_tags)."
    )
    network: Network
    service: Service
    database: Database
    cache: Cache
    frontend: Frontend | None = Field(
        description="The web app: S3 + CloudFront. Required; `null` states an API-only stack."
    )
    edge: Edge
    dns: Dns | None = Field(
        None,
        description="A Route 53 hosted zone of the account holding the domains: Terraform then creates the "
        "certificate validation and alias records. Without it the first apply is two steps (README).",
    )
    logs: Logs
    waf: Waf = Field(default_factory=Waf)
    state: State | None = Field(None, description="Remote state in S3; without it Terraform keeps local state.")
    alarms: Alarms = Field(default_factory=Alarms)
    secrets: dict[str, Secret] = Field(
        default_factory=dict,
        description="Application secrets by Terraform label (e.g. `anthropic_key`); values come from variables.",
    )
    secrets_recovery_window_days: int = Field(
        7,
        description="Days a deleted secret (application secrets, the database password, the Redis token) can "
        "still be restored; its name stays taken meanwhile, so re-creating a destroyed stack within that time "
        "first deletes them for good (RUNBOOK.md). 0 deletes at once, 7 to 30 keep a window; AWS's default is 30.",
    )
    monitoring: Monitoring = Field(default_factory=Monitoring)
    recovery: Recovery | None = Field(
        default_factory=Recovery, description="Recovery objectives the backups must meet; null states none."
    )
    deploy: Deploy | None = Field(
        None, description="Deploy workflows for GitHub Actions and the IAM role they assume (none without it)."
    )
    user_files: list[UserFile] = Field(
        default_factory=list,
        max_length=100,
        description="Files of your own in the output directory's root modules (overrides, tfvars), each with "
        "the reason it is there. `sagegen check` names every other file it does not own there, and fails.",
    )
    secondary_regions: list[SecondaryRegion] = Field(
        default_factory=list,
        max_length=8,  # each is a root module and a state of its own; the document has one
        description="Further regions that each run the regional stack in a root module and state of their own "
        "(`<out>/<phase>/<region>/terraform`). Global resources (CloudFront, its certificate and WAF, the "
        "frontend bucket) stay in `region`. Apply `region` first.",
    )
    accepted_risks: dict[RiskId, Reason] = Field(
        default_factory=dict,
        description="Warnings this spec accepts, by the id `sagegen validate` prints after each "
        "(e.g. `single-az-database: the MVP runs in one zone until launch`), each with the team's reason. "
        "An accepted warning is listed once by `validate` as accepted, is no longer printed by `render` and "
        "no longer fails `--strict`; an id whose warning no longer applies is itself warned about.",
    )
    budget: Budget | None = Field(
        None, description="A monthly ceiling on the estimate of `sagegen cost`, which `check` and `impact` enforce."
    )
    writer_region: Region | None = Field(
        None,
        description="The region whose database takes the writes (default: `region`). Every other region's "
        "database is a cross-region read replica of it, and its tasks send their writes there. Change it only "
        "in a failover, after promoting that region's replica (RUNBOOK.md: lose the primary region): "
        "`sagegen impact` says what the change does, data loss included.",
        examples=["ap-northeast-1"],
    )

    @property
    def product_name(self) -> str:
        """What generated text calls the product: `product`, else the project name."""
        return self.product or self.project

    # Set on the copy of a spec that `in_region` makes for a secondary region: the primary's region.
    _primary_region: str | None = PrivateAttr(None)
    _regional: dict[str, Spec] = PrivateAttr(default_factory=dict)
    _peers: tuple[Peer, ...] = PrivateAttr(())
    _stack_writer: str | None = PrivateAttr(None)

    @field_validator("dns")
    @classmethod
    def _domains_in_zone(cls, value: Dns | None, info: ValidationInfo) -> Dns | None:
        edge, frontend = info.data.get("edge"), info.data.get("frontend")
        domains = ([edge.domain_name] if edge else []) + (frontend.aliases if frontend else [])
        outside = [d for d in domains if value and not value.holds(d)]
        if outside:
            raise ValueError(f"zone {value.zone!r} does not hold {', '.join(outside)}: records go in one zone")
        return value

    @field_validator("secrets_recovery_window_days")
    @classmethod
    def _recovery_window(cls, value: int) -> int:
        if value != 0 and not 7 <= value <= 30:
            raise ValueError(f"Secrets Manager keeps a deleted secret 7 to 30 days, or 0 for none; not {value}")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: dict[str, str]) -> dict[str, str]:
        return aws_limits.tags(value)

    @field_validator("network")
    @classmethod
    def _azs_in_region(cls, value: Network, info: ValidationInfo) -> Network:
        region = info.data.get("region")
        if region:
            check_zones(region, value.availability_zones, value.az_count)
        return value

    @field_validator("service")
    @classmethod
    def _derived_names_fit(cls, value: Service, info: ValidationInfo) -> Service:
        project = info.data.get("project")
        if project is None:
            return value
        names = Names.of_parts(project, value.name, port=value.container_port)
        for field, limit in NAME_LIMITS.items():
            name = getattr(names, field)
            if len(name) > limit:
                raise ValueError(
                    f"project, service.name and service.container_port make the name {name!r} "
                    f"({len(name)} characters); AWS allows {limit} there"
                )
        role = names.global_name("ecs-execution-role")
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
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", label):
                raise ValueError(f"secret label {label!r} must be lowercase letters, digits and _")
        dupes = _repeated(s.env for s in value.values())
        if dupes:
            raise ValueError(f"environment variable(s) {', '.join(dupes)} given by more than one secret")
        # Secrets Manager names are unique per account and region: two secrets of one name (or one named
        # like a secret sagegen generates itself) would fail the apply, or share one value.
        dupes = _repeated(s.name for s in value.values())
        if dupes:
            raise ValueError(f"Secrets Manager name(s) {', '.join(dupes)} given to more than one secret")
        for label, secret in value.items():
            if secret.name in GENERATED_SECRET_NAMES:
                raise ValueError(
                    f"secret {label!r}: the name {secret.name!r} is taken by the secret sagegen generates "
                    f"({', '.join(GENERATED_SECRET_NAMES)} are reserved)"
                )
        return value

    @field_validator("monitoring")
    @classmethod
    def _sentry_dsn_is_a_secret(cls, value: Monitoring, info: ValidationInfo) -> Monitoring:
        secrets = info.data.get("secrets")
        label = value.sentry_dsn_secret
        if secrets is not None and label is not None and label not in secrets:
            if "sentry_dsn_secret" not in value.model_fields_set:  # the default, in a spec without Sentry
                return value.model_copy(update={"sentry_dsn_secret": None})
            known = ", ".join(sorted(secrets)) or "none"
            raise ValueError(f"sentry_dsn_secret names {label!r}, which is not under secrets (there: {known})")
        return value

    @field_validator("recovery")
    @classmethod
    def _backups_meet_the_objectives(cls, value: Recovery | None, info: ValidationInfo) -> Recovery | None:
        if value is None:
            return value
        db, cache, frontend = (info.data.get(k) for k in ("database", "cache", "frontend"))
        if db is not None and db.backup_retention_period == 0:
            raise ValueError(
                "database backups are off (database.backup_retention_period: 0): no RPO can be met "
                "(recovery: null states none)"
            )
        if db is not None and value.database.rpo_minutes < 5:
            raise ValueError(
                f"database.rpo_minutes is {value.database.rpo_minutes}: point-in-time restore "
                "replays logs RDS uploads every 5 minutes, so 5 is the least it can promise"
            )
        if cache is not None:
            if cache.snapshot_retention_limit == 0:
                raise ValueError(
                    "cache snapshots are off (cache.snapshot_retention_limit: 0): no RPO can be met "
                    "(recovery: null states none)"
                )
            if value.cache.rpo_minutes < 1440:
                raise ValueError(
                    f"cache.rpo_minutes is {value.cache.rpo_minutes}: ElastiCache snapshots the "
                    "cache once a day, so 1440 (24 h) is the least it can promise"
                )
        if frontend is not None and value.frontend.rpo_minutes == 0 and not frontend.versioning:
            raise ValueError(
                "frontend.rpo_minutes 0 needs frontend.versioning on: without old versions an overwritten file is gone"
            )
        return value

    @field_validator("waf")
    @classmethod
    def _cloudfront_waf_needs_frontend(cls, value: Waf, info: ValidationInfo) -> Waf:
        if value.cloudfront and "frontend" in info.data and info.data["frontend"] is None:
            raise ValueError("cloudfront is true but the spec has no frontend (frontend: null); set it false")
        return value

    @field_validator("secondary_regions")
    @classmethod
    def _secondary_regions(cls, value: list[SecondaryRegion], info: ValidationInfo) -> list[SecondaryRegion]:
        data = info.data
        regions = [data.get("region"), *(r.region for r in value)]
        if len(set(regions)) != len(regions):
            raise ValueError(f"a region is named twice (the primary is {data.get('region')})")
        for secondary in value:
            if "network" in data:
                try:
                    check_zones(secondary.region, secondary.availability_zones, data["network"].az_count)
                except ValueError as exc:
                    raise ValueError(f"{secondary.region}: {exc}") from None
                _peerable(secondary, data["network"].vpc_cidr, data.get("region"))
            bucket = regional_bucket(data["logs"].bucket_name, secondary.region) if "logs" in data else ""
            if len(bucket) > 63:
                raise ValueError(
                    f"the log bucket of {secondary.region} would be {bucket!r}, longer than "
                    "S3's 63 characters; shorten logs.bucket_name"
                )
            if "project" in data and "service" in data:
                role = Names.of_parts(data["project"], data["service"].name, f"-{secondary.region}").global_name(
                    "ecs-execution-role"
                )
                if len(role) > IAM_ROLE_LIMIT:
                    raise ValueError(f"the IAM role name {role!r} has more than {IAM_ROLE_LIMIT} characters")
        return value

    @field_validator("writer_region")
    @classmethod
    def _writer_is_a_region_of_the_stack(cls, value: str | None, info: ValidationInfo) -> str | None:
        data = info.data
        if value is None or "secondary_regions" not in data or value == data.get("region"):
            return value
        secondaries = [r.region for r in data["secondary_regions"]]
        if value not in secondaries:
            raise ValueError(
                f"{value} runs no stack of this spec; the writer is `region` ({data.get('region')}) or one of "
                f"secondary_regions ({', '.join(secondaries) or 'none'})"
            )
        if len(secondaries) > 1:  # each secondary region is peered with `region` only (docs/regions.md)
            raise ValueError(
                f"with {len(secondaries)} secondary regions the writer stays in `region`: the secondary regions' "
                "VPCs are peered with the primary's only, so they could not reach a writer in another of them"
            )
        return value

    @model_validator(mode="after")
    def _regional_copies_are_valid(self) -> Spec:
        # Made once, at load: a copy that would not validate is this spec's error, not a render crash.
        for secondary in self.secondary_regions:
            try:
                self._regional[secondary.region] = self._copy_in(secondary)
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                where = ".".join(str(p) for p in first["loc"])
                raise ValueError(f"secondary_regions: in {secondary.region}, {where}: {first['msg']}") from None
        return self

    def in_region(self, secondary: SecondaryRegion) -> Spec:
        """This spec's regional stack in `secondary`: global resources left out, global names made unique."""
        return self._regional[secondary.region]

    def _copy_in(self, secondary: SecondaryRegion) -> Spec:
        data = self.model_dump()
        data.update(region=secondary.region, frontend=None, secondary_regions=[], writer_region=None)
        data["network"]["availability_zones"] = secondary.availability_zones
        if secondary.network is not None:
            data["network"].update(secondary.network.model_dump())
        data["waf"]["cloudfront"] = False
        data["logs"]["bucket_name"] = regional_bucket(self.logs.bucket_name, secondary.region)
        if self.state is not None:  # this region's state lives in this region
            data["state"]["bucket"] = secondary.state_bucket or regional_bucket(self.state.bucket, secondary.region)
            data["state"]["region"] = secondary.region
        spec = Spec.model_validate(data)
        spec._primary_region = self.region
        spec._peers = (Peer(self.region, self.network.vpc_cidr, self.network.az_count),)
        spec._stack_writer = self.writer
        return spec

    @property
    def peers(self) -> tuple[Peer, ...]:
        """The regions whose VPC this region's is peered with: the primary's with each secondary region's,
        each secondary region's with the primary's (the path of the writes, docs/regions.md)."""
        if self._primary_region:
            return self._peers
        return tuple(
            Peer(r.region, self.in_region(r).network.vpc_cidr, self.in_region(r).network.az_count)
            for r in self.secondary_regions
        )

    @property
    def writer(self) -> str:
        """The region whose database takes the writes (`writer_region`, else the primary's)."""
        return self._stack_writer or self.writer_region or self.region

    @property
    def replicates_from(self) -> str | None:
        """Where this region's database is a cross-region read replica: the writer's region; None where
        this region writes."""
        return None if self.writer == self.region else self.writer

    def in_database_role(self) -> Spec:
        """This region's stack as it is rendered: where another region writes, its database is one
        cross-region read replica, single-AZ and without replicas of its own (docs/regions.md); a
        promotion and the `writer_region` change give it the writer's Multi-AZ and replicas."""
        if self.replicates_from is None:
            return self
        database = self.database.model_copy(
            update={"multi_az": False, "read_replicas": self.database.read_replicas.model_copy(update={"count": 0})}
        )
        return self.model_copy(update={"database": database})

    @property
    def primary_region(self) -> str:
        """The region holding the global resources: this one, unless this is a secondary region's copy."""
        return self._primary_region or self.region

    @property
    def state_key(self) -> str | None:
        """The state object of this spec's root module (None without remote state); no phase is in it."""
        return self.state.key(self.project, self.secondary_region) if self.state else None

    @property
    def regions(self) -> list[str]:
        """Every region the stack runs in: the primary first, then the secondary regions in order."""
        return [self.region, *(r.region for r in self.secondary_regions)]

    @property
    def secondary_region(self) -> str | None:
        """This copy's region when it is a secondary region's (see `in_region`), else None."""
        return self.region if self._primary_region else None

    @cached_property
    def availability_zones(self) -> list[str]:
        """The subnets' zones, in subnet order."""
        zones = self.network.availability_zones
        return list(zones) if zones else [self.region + "abcdef"[i] for i in range(self.network.az_count)]

    @cached_property
    def names(self) -> Names:
        suffix = f"-{self.secondary_region}" if self.secondary_region else ""
        major = self.database.engine_version.split(".")[0]
        return Names.of_parts(self.project, self.service.name, suffix, self.service.container_port, major)


def _peerable(secondary: SecondaryRegion, primary_cidr: str, primary: str | None) -> None:
    """A secondary region's VPC is peered with the primary's, and peering refuses VPCs whose ranges
    overlap (VPC Peering Guide, "Create a VPC peering connection")."""
    own = secondary.network.vpc_cidr if secondary.network else primary_cidr
    if ipaddress.IPv4Network(own).overlaps(ipaddress.IPv4Network(primary_cidr)):
        raise ValueError(
            f"{secondary.region}'s VPC range {own} overlaps {primary}'s {primary_cidr}: the VPCs are peered "
            "(the path of the writes, docs/regions.md) and peering refuses overlapping ranges; give "
            f"{secondary.region} a `network` of its own (a VPC's range cannot change once applied)"
        )


class Peer(NamedTuple):
    """A region whose VPC is peered with this one's, and that VPC's range."""

    region: str
    vpc_cidr: str
    az_count: int  # its private route tables, one per zone (vpc.tf)


def regional_bucket(name: str, region: str) -> str:
    """A secondary region's bucket: S3 names are global, so the region is added."""
    return f"{name}-{region}"


def _repeated(values: Iterable[str]) -> list[str]:
    """The values that occur more than once, sorted."""
    counts = Counter(values)
    return sorted(v for v, n in counts.items() if n > 1)
