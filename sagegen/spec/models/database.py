"""RDS PostgreSQL: the primary instance and its optional read replica."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool, ValidationInfo, field_validator

from . import aws_limits, catalogue
from .base import DailyWindow, Model, Port, WeeklyWindow

POSTGRES_MAJORS = range(13, 18)  # the majors RDS offers today
DB_INSTANCE_CLASS = r"^db\.[a-z0-9]+\.[a-z0-9]+$"
# A class RDS offers for PostgreSQL DB instances (sagegen/data/instance_classes.yaml), not only its shape.
InstanceClass = Annotated[str, Field(pattern=DB_INSTANCE_CLASS), AfterValidator(catalogue.db_instance_class)]


class ReadReplicas(Model):
    """Read replicas in the same region (the document: none for the MVP, 1 for Growth, 2 for Scale)."""

    count: int = Field(0, ge=0, le=5, description="How many read replicas; each is named <project>-postgres-replica-N.")
    instance_class: InstanceClass = Field("db.t4g.micro", description="Instance class of each replica.")


class Database(Model):
    """The PostgreSQL database of the backend."""

    engine_version: str = Field(
        "16", pattern=r"^\d+(\.\d+)?$", description="PostgreSQL version; a major version alone follows minor upgrades."
    )
    instance_class: InstanceClass = Field(
        "db.t4g.micro",
        description="RDS instance class, one RDS offers for PostgreSQL (sagegen/data/instance_classes.yaml).",
    )
    allocated_storage: int = Field(20, ge=20, le=65536, description="Storage in GiB.")
    max_allocated_storage: int | None = Field(
        None,
        ge=0,
        le=65536,
        description="GiB up to which RDS grows the storage by itself when less than 10% is free (storage "
        "autoscaling, on by default: a full disk stops every write). Unset: 5 times allocated_storage; "
        "0 turns it off. RDS wants it at least 10% above allocated_storage (RDS User Guide, 'Managing "
        "capacity automatically with Amazon RDS storage autoscaling').",
    )
    storage_type: Literal["gp2", "gp3", "io1", "io2"] = Field("gp3", description="EBS volume type of the storage.")
    db_name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,62}$", description="Name of the database created at launch.")
    username: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,62}$", description="Master user name.")
    port: Port = Field(5432, description="Port PostgreSQL listens on.")
    backup_retention_period: int = Field(
        7, ge=0, le=35, description="Days automated backups are kept (0 turns them off)."
    )
    backup_window: DailyWindow = "03:00-04:00"
    maintenance_window: WeeklyWindow = "mon:04:00-mon:05:00"
    apply_immediately: StrictBool = Field(
        False,
        description="Apply changes RDS would otherwise hold for the maintenance window (instance class, storage, "
        "engine version, Multi-AZ) as soon as Terraform makes them, reboot included. The default waits for the "
        "window, so a change lands at a time chosen in advance; `sagegen impact` says which.",
    )
    cloudwatch_logs_exports: list[Literal["postgresql", "upgrade", "iam-db-auth-error"]] = Field(
        default_factory=lambda: ["postgresql", "upgrade"], description="Logs RDS exports to CloudWatch."
    )
    deletion_protection: StrictBool = Field(True, description="Refuse to delete the instance until this is turned off.")
    read_replicas: ReadReplicas = Field(default_factory=ReadReplicas)
    multi_az: StrictBool = Field(
        True,
        description="Keep a synchronous standby in a second AZ that RDS fails over to (doubles the "
        "instance cost). Off is a choice to record, e.g. for an MVP.",
    )
    auto_minor_version_upgrade: StrictBool = Field(
        True,
        description="Let RDS apply minor versions (security fixes) in the maintenance window. "
        "Needs a major-only engine_version, or the next plan would try to downgrade.",
    )
    allow_major_version_upgrade: StrictBool = Field(
        False,
        description="Let RDS move the instance to the new major version engine_version names. RDS refuses a "
        "major version change without it (ModifyDBInstance, AllowMajorVersionUpgrade), and its read replicas "
        "follow their source. Turn it on in the change that raises the major version; `sagegen impact` says "
        "when a change needs it.",
    )
    password_version: int = Field(
        1,
        ge=1,
        le=1_000_000,
        description="Generation of the master password. Terraform generates the password at apply, sends it "
        "to RDS and to the Secrets Manager secret the tasks read, and keeps it out of the state (write-only "
        "arguments); raise this number to rotate it, then start new tasks (RUNBOOK.md: rotate the database "
        "password). RDS-managed passwords are not used: RDS refuses read replicas of such an instance.",
    )
    log_retention_days: int = Field(
        30,
        description="Days CloudWatch keeps the logs RDS exports (cloudwatch_logs_exports). Terraform creates "
        "their log groups, so they have a retention and go with the stack; RDS's own would keep logs forever.",
    )
    performance_insights: StrictBool = Field(True, description="Turn on Performance Insights (7 days kept, free).")
    monitoring_interval: Literal[0, 1, 5, 10, 15, 30, 60] = Field(
        60, description="Seconds between enhanced-monitoring samples of the OS; 0 turns it off."
    )
    iam_authentication: StrictBool = Field(
        True, description="Let IAM roles log in with short-lived tokens besides the master password."
    )
    slow_query_ms: int = Field(
        1000,
        ge=-1,
        le=2147483647,
        description="Log statements slower than this many milliseconds (log_min_duration_statement); -1 turns it off.",
    )

    @field_validator("engine_version")
    @classmethod
    def _postgres_version(cls, value: str) -> str:
        if int(value.split(".")[0]) not in POSTGRES_MAJORS:
            raise ValueError(
                f"RDS offers PostgreSQL {POSTGRES_MAJORS.start} to {POSTGRES_MAJORS.stop - 1}, not {value}"
            )
        return value

    @field_validator("instance_class")
    @classmethod
    def _class_runs_the_version(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("engine_version"):
            catalogue.rds_postgres().check_version(value, info.data["engine_version"])
        return value

    @field_validator("read_replicas")
    @classmethod
    def _replica_class_runs_the_version(cls, value: ReadReplicas, info: ValidationInfo) -> ReadReplicas:
        if value.count and info.data.get("engine_version"):
            catalogue.rds_postgres().check_version(value.instance_class, info.data["engine_version"])
        return value

    @field_validator("auto_minor_version_upgrade")
    @classmethod
    def _minor_upgrades_need_major_version(cls, value: bool, info: ValidationInfo) -> bool:
        version = info.data.get("engine_version")
        if value and version and "." in version:
            raise ValueError(
                f"with engine_version {version!r} pinned to a minor version, the minor upgrades RDS "
                f"applies would show as a downgrade in the next plan; use {version.split('.')[0]!r} "
                "or turn auto_minor_version_upgrade off"
            )
        return value

    @field_validator("max_allocated_storage")
    @classmethod
    def _autoscaling_ceiling(cls, value: int | None, info: ValidationInfo) -> int | None:
        allocated = info.data.get("allocated_storage")
        if allocated is None:
            return value
        if value is None:  # the default: 5x, within RDS's 64 TiB, or off when no ceiling fits above
            ceiling = min(5 * allocated, 65536)
            return ceiling if ceiling * 10 >= allocated * 11 else 0
        if value and value * 10 < allocated * 11:
            raise ValueError(
                f"{value} GiB is not 10% above allocated_storage ({allocated} GiB), as RDS requires; "
                f"use at least {-(-allocated * 11 // 10)}, or 0 to turn storage autoscaling off"
            )
        return value

    @field_validator("log_retention_days")
    @classmethod
    def _log_retention(cls, value: int) -> int:
        return aws_limits.log_retention_days(value)

    @field_validator("maintenance_window")
    @classmethod
    def _maintenance_window(cls, value: str, info: ValidationInfo) -> str:
        backup = info.data.get("backup_window")
        if backup and aws_limits.windows_overlap(backup, value):
            raise ValueError(f"overlaps backup_window {backup}; RDS needs them apart")
        return value
