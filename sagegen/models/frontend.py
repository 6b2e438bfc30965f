"""The frontend: a private S3 bucket served by CloudFront."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import Model

DNS_NAME = r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"


class CacheTtl(Model):
    """How long CloudFront caches an object, in seconds."""

    min: int = Field(0, ge=0)
    default: int = Field(3600, ge=0)
    max: int = Field(86400, ge=0)

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

    bucket_name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", description="Globally unique S3 bucket name."
    )
    aliases: list[str] = Field(min_length=1, description="Domain names CloudFront serves; the first is the certificate's.")
    default_root_object: str = Field("index.html", description="Object served for `/`.")
    ipv6: bool = Field(True, description="Serve over IPv6 as well.")
    ttl: CacheTtl = Field(default_factory=CacheTtl)
    minimum_protocol_version: str = Field("TLSv1.2_2021", description="Oldest TLS version viewers may use.")
    spa_fallback: SpaFallback | None = Field(default_factory=SpaFallback, description="null turns it off.")
    versioning: bool = Field(True, description="Keep old versions of every object (the document's S3 backup).")

    @model_validator(mode="after")
    def _aliases_are_dns_names(self) -> Frontend:
        import re

        for alias in self.aliases:
            if len(alias) > 253 or not re.match(DNS_NAME, alias):
                raise ValueError(f"alias {alias!r} is not a valid DNS name")
        return self
