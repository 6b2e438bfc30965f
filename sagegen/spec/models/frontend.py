"""The frontend: a private S3 bucket served by CloudFront."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, StrictBool, field_validator, model_validator

from .base import BucketName, Model

MAX_TTL = 100 * 365 * 24 * 3600
DNS_NAME = r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"


class CacheTtl(Model):
    """How long CloudFront caches an object, in seconds."""

    # CloudFront documents no maximum (the API takes a Long); a century bounds a typo of extra digits.
    min: int = Field(0, ge=0, le=MAX_TTL)
    default: int = Field(3600, ge=0, le=MAX_TTL)
    max: int = Field(86400, ge=0, le=MAX_TTL)

    @model_validator(mode="after")
    def _ordered(self) -> CacheTtl:
        if not self.min <= self.default <= self.max:
            raise ValueError(f"need min <= default <= max, got {self.min}, {self.default}, {self.max}")
        return self


class SpaFallback(Model):
    """Serve the app shell for unknown paths, so client-side routes work."""

    error_code: int = Field(404, ge=400, le=599, description="Origin error to replace.")
    response_code: int = Field(200, ge=200, le=599, description="Status returned instead.")
    page: str = Field("/index.html", pattern=r"^/", description="Object returned instead.")


class Frontend(Model):
    """Static files in S3, served through CloudFront under the app's domains."""

    bucket_name: BucketName = Field(description="Globally unique S3 bucket name, by S3's naming rules.")
    aliases: list[str] = Field(
        min_length=1, description="Domain names CloudFront serves; the first is the certificate's."
    )
    default_root_object: str = Field("index.html", description="Object served for `/`.")
    ipv6: StrictBool = Field(True, description="Serve over IPv6 as well.")
    ttl: CacheTtl = Field(default_factory=CacheTtl)
    minimum_protocol_version: Literal[
        "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.3_2025"
    ] = Field("TLSv1.2_2021", description="CloudFront security policy: the oldest TLS viewers may use.")
    spa_fallback: SpaFallback | None = Field(default_factory=SpaFallback, description="null turns it off.")
    versioning: StrictBool = Field(True, description="Keep old versions of every object (the document's S3 backup).")
    noncurrent_version_expiration_days: int = Field(
        90,
        ge=1,
        le=3650,
        description="Days an overwritten or deleted object's old version is kept before S3 "
        "deletes it: the window in which a bad deploy can be rolled back from S3.",
    )
    access_logs: StrictBool = Field(
        True, description="Write CloudFront's and the bucket's access logs to the log bucket (see `logs`)."
    )
    security_headers: StrictBool = Field(
        True,
        description="Add HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy and X-XSS-Protection "
        "to every response (AWS's managed SecurityHeadersPolicy).",
    )

    @field_validator("aliases")
    @classmethod
    def _aliases_are_dns_names(cls, value: list[str]) -> list[str]:
        for alias in value:
            if len(alias) > 253 or not re.fullmatch(DNS_NAME, alias):
                raise ValueError(f"alias {alias!r} is not a valid DNS name")
        if len(set(value)) != len(value):
            raise ValueError("aliases repeat a name")
        return value
