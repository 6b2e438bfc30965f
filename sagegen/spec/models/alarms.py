"""CloudWatch alarms, all notifying one SNS topic."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from .base import Model

PERIODS = "CloudWatch accepts 10, 20, 30 or any multiple of 60 seconds."


def checked_period(value: int) -> int:
    if value not in (10, 20, 30) and value % 60:
        raise ValueError(f"{PERIODS} Got {value}.")
    return value


Period = Annotated[
    int, Field(ge=10, le=86400, description=f"Seconds per period. {PERIODS}"), AfterValidator(checked_period)
]


class Alarm(Model):
    """Alarm when the metric's average stays above `threshold` (percent)."""

    threshold: float = Field(80, gt=0, le=100, description="Percent above which the alarm fires.")
    evaluation_periods: int = Field(2, ge=1, le=100, description="Periods in a row above the threshold.")
    period: Period = 300


class LagAlarm(Model):
    """Alarm when a read replica falls behind its primary by more than `threshold` seconds."""

    threshold: float = Field(30, gt=0, le=86400, description="Seconds of replica lag above which the alarm fires.")
    evaluation_periods: int = Field(3, ge=1, le=100, description="Periods in a row above the threshold.")
    period: Period = 60


class CountAlarm(Model):
    """Alarm when more than `threshold` events are counted in a period (periods without any count as fine)."""

    threshold: int = Field(10, ge=0, le=1000000, description="Events per period above which the alarm fires.")
    evaluation_periods: int = Field(1, ge=1, le=100, description="Periods in a row above the threshold.")
    period: Period = 300


class FloorAlarm(Model):
    """Alarm when the metric stays below `threshold` (a count) for `evaluation_periods` periods."""

    threshold: int = Field(1, ge=1, le=1000, description="Alarm below this many.")
    evaluation_periods: int = Field(2, ge=1, le=100, description="Periods in a row below the threshold.")
    period: Period = 60


class StorageAlarm(Model):
    """Alarm when the database's free storage falls below a share of its allocated storage."""

    free_percent: float = Field(
        10, gt=0, lt=100, description="Percent of database.allocated_storage below which free storage alarms."
    )
    evaluation_periods: int = Field(1, ge=1, le=100, description="Periods in a row below the threshold.")
    period: Period = 300


class Alarms(Model):
    """The document's three alarms, the ones that see an outage (sagegen's addition), and where they notify."""

    ecs_cpu_high: Alarm = Field(default_factory=Alarm)
    rds_cpu_high: Alarm = Field(default_factory=Alarm)
    redis_memory_high: Alarm = Field(default_factory=lambda: Alarm(evaluation_periods=1))
    rds_replica_lag: LagAlarm = Field(default_factory=LagAlarm, description="One alarm per read replica.")
    alb_5xx: CountAlarm = Field(
        default_factory=CountAlarm,
        description="5xx answers the load balancer gives itself (502/503/504: no healthy or answering task).",
    )
    target_5xx: CountAlarm = Field(default_factory=CountAlarm, description="5xx answers of the backend's tasks.")
    unhealthy_hosts: CountAlarm = Field(
        default_factory=lambda: CountAlarm(threshold=0, evaluation_periods=2, period=60),
        description="Tasks the load balancer's health check finds unhealthy (the most in a period).",
    )
    running_tasks: FloorAlarm = Field(
        default_factory=FloorAlarm,
        description="Fewer backend tasks running than `threshold`. ECS publishes the count with Container "
        "Insights only (service.container_insights); without it this alarm is not rendered.",
    )
    rds_free_storage: StorageAlarm = Field(
        default_factory=StorageAlarm, description="The primary database's free storage (one alarm)."
    )
    email_endpoints: list[str] = Field(
        default_factory=list, description="Addresses subscribed to the alerts topic (each must confirm by mail)."
    )

    @field_validator("email_endpoints")
    @classmethod
    def _emails(cls, value: list[str]) -> list[str]:
        for address in value:
            if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
                raise ValueError(f"{address!r} is not an e-mail address")
        if len(set(value)) != len(value):
            raise ValueError("an address is listed twice")
        return value
