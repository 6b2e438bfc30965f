"""The log bucket: where the ALB, CloudFront, S3 and the VPC write their access logs."""

from __future__ import annotations

from pydantic import Field, StrictBool, ValidationInfo, field_validator

from .base import BucketName, Model


class Logs(Model):
    """One private, encrypted bucket for every access log; old logs move to Glacier, then expire."""

    bucket_name: BucketName = Field(
        description="Globally unique S3 bucket name of the log bucket, by S3's naming rules."
    )
    glacier_after_days: int = Field(
        30,
        ge=1,
        le=3650,
        description="Days after which logs move to S3 Glacier Flexible Retrieval "
        "(the document: logs older than 30 days go to Glacier).",
    )
    expire_after_days: int = Field(365, ge=1, le=3650, description="Days after which logs are deleted.")
    small_objects_to_glacier: StrictBool = Field(
        False,
        description="Move log files under 128 KB to Glacier too. Since September 2024 S3 skips them by default "
        "(`all_storage_classes_128K`), and most access-log files are that small. Off by default: Glacier bills "
        "about 40 KB of metadata per object (S3 User Guide, 'Transitioning objects using Amazon S3 Lifecycle') "
        "and a transition request per object, so a small file costs more in Glacier than in Standard; the "
        "document's 'logs older than 30 days go to Glacier' then holds for files of 128 KB and more.",
    )

    @field_validator("expire_after_days")
    @classmethod
    def _expire_after_glacier(cls, value: int, info: ValidationInfo) -> int:
        glacier = info.data.get("glacier_after_days")
        if glacier is not None and value <= glacier:
            # S3 rejects a lifecycle rule whose expiration does not come after its transition.
            raise ValueError(
                f"must be more than glacier_after_days ({glacier}): S3 expires logs only after moving them"
            )
        return value
