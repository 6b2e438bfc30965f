"""Shared building blocks of the spec models."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# A name part that is safe in every AWS identifier sagegen builds from it
# (RDS, ElastiCache, ALB, IAM, S3) and in a Terraform label.
NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"

Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN, max_length=20)]
Port = Annotated[int, Field(ge=1, le=65535)]
Seconds = Annotated[int, Field(ge=0)]

HH_MM = r"([01]\d|2[0-3]):[0-5]\d"
DAY = r"(mon|tue|wed|thu|fri|sat|sun)"
DAILY_WINDOW = re.compile(rf"^{HH_MM}-{HH_MM}$")
WEEKLY_WINDOW = re.compile(rf"^{DAY}:{HH_MM}-{DAY}:{HH_MM}$")

DailyWindow = Annotated[
    str,
    StringConstraints(pattern=DAILY_WINDOW.pattern),
    Field(description="A daily UTC window, `hh:mm-hh:mm`.", examples=["03:00-04:00"]),
]
WeeklyWindow = Annotated[
    str,
    StringConstraints(pattern=WEEKLY_WINDOW.pattern),
    Field(description="A weekly UTC window, `ddd:hh:mm-ddd:hh:mm`.", examples=["mon:04:00-mon:05:00"]),
]


class Model(BaseModel):
    """Base of every spec model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
