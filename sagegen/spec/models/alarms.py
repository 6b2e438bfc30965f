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


class Alarms(Model):
    """The document's three alarms and where they notify."""

    ecs_cpu_high: Alarm = Field(default_factory=Alarm)
    rds_cpu_high: Alarm = Field(default_factory=Alarm)
    redis_memory_high: Alarm = Field(default_factory=lambda: Alarm(evaluation_periods=1))
    rds_replica_lag: LagAlarm = Field(default_factory=LagAlarm, description="One alarm per read replica.")
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
