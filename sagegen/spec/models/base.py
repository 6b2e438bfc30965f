"""Shared building blocks of the spec models."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .aws_limits import DAILY_WINDOW, WEEKLY_WINDOW, checked_daily_window, checked_weekly_window, s3_bucket_name

# A name part that is safe in every AWS identifier sagegen builds from it
# (RDS, ElastiCache, ALB, IAM, S3) and in a Terraform label.
NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"

Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN, max_length=20)]
Port = Annotated[int, Field(ge=1, le=65535)]
BucketName = Annotated[str, AfterValidator(s3_bucket_name)]  # S3's naming rules


DailyWindow = Annotated[
    str,
    StringConstraints(pattern=DAILY_WINDOW.pattern),
    AfterValidator(checked_daily_window),  # at least 30 minutes
    Field(description="A daily UTC window, `hh:mm-hh:mm`.", examples=["03:00-04:00"]),
]
WeeklyWindow = Annotated[
    str,
    StringConstraints(pattern=WEEKLY_WINDOW.pattern),
    AfterValidator(checked_weekly_window),  # 30 minutes to 24 hours
    Field(description="A weekly UTC window, `ddd:hh:mm-ddd:hh:mm`.", examples=["mon:04:00-mon:05:00"]),
]


class Model(BaseModel):
    """Base of every spec model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
