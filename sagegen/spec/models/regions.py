"""Further regions: the Scale phase runs the regional stack in a second region (the document: US + Asia)."""

from __future__ import annotations

import functools
import json
import re
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from .base import BucketName, Model
from .network import RegionNetwork

REGION_PATTERN = r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$"


@functools.cache
def aws_regions() -> frozenset[str]:
    """Every region of every AWS partition, from the list botocore ships (data/partitions.json, kept
    current by AWS with each release; read as data, without importing botocore)."""
    spec = find_spec("botocore")
    if spec is None or spec.origin is None:  # pragma: no cover - botocore is a dependency
        return frozenset()
    data = json.loads((Path(spec.origin).parent / "data" / "partitions.json").read_bytes().decode())
    return frozenset(
        name for partition in data["partitions"] for name in partition["regions"] if not name.endswith("-global")
    )


def known_region(value: str) -> str:
    regions = aws_regions()
    if regions and value not in regions:
        import difflib

        close = difflib.get_close_matches(value, sorted(regions))  # best first
        hint = f"; did you mean {close[0]}?" if close else ""
        raise ValueError(f"{value!r} is not an AWS region{hint} (the regions botocore lists)")
    return value


Region = Annotated[
    str,
    Field(pattern=REGION_PATTERN, description="AWS region, e.g. `us-west-2`.", examples=["us-west-2"]),
    AfterValidator(known_region),
]

# Availability zones open to every account, per region (AWS, 2026). Unknown regions: up to 6.
REGION_AZS = {
    "us-east-1": 6,
    "us-east-2": 3,
    "us-west-1": 2,
    "us-west-2": 4,
    "ca-central-1": 3,
    "sa-east-1": 3,
    "eu-west-1": 3,
    "eu-west-2": 3,
    "eu-west-3": 3,
    "eu-central-1": 3,
    "eu-central-2": 3,
    "eu-north-1": 3,
    "eu-south-1": 3,
    "eu-south-2": 3,
    "ap-northeast-1": 3,
    "ap-northeast-2": 4,
    "ap-northeast-3": 3,
    "ap-southeast-1": 3,
    "ap-southeast-2": 3,
    "ap-south-1": 3,
    "ap-east-1": 3,
    "me-south-1": 3,
    "me-central-1": 3,
    "af-south-1": 3,
    "il-central-1": 3,
}


class SecondaryRegion(Model):
    """One more region running its own copy of the regional stack, in its own root module and state.

    The copy has its own VPC, ALB, ECS service, ECR repository, database, cache, secrets, alarms and
    log bucket; what is global (CloudFront, its certificate and WAF, the frontend bucket) stays in
    the primary region's module. Each region's database is its own: users are served by one region.
    """

    region: Region = Field(description="AWS region, e.g. `ap-northeast-1` (Tokyo).", examples=["ap-northeast-1"])
    availability_zones: list[str] | None = Field(
        None,
        description="Zones of the subnets, in subnet order (default: `<region>a`, `<region>b`, ...). "
        "Name them where a region's `b` zone is not open to every account, as in ap-northeast-1.",
        examples=[["ap-northeast-1a", "ap-northeast-1c"]],
    )
    state_bucket: BucketName | None = Field(
        None,
        description="Existing S3 bucket in this region for this region's state, so that an outage of the "
        "primary region never blocks Terraform here (default: the spec's `state.bucket` and `-<region>`).",
    )
    network: RegionNetwork | None = Field(
        None,
        description="This region's VPC range and subnets (default: the primary's). Give each region a range "
        "of its own: VPCs whose ranges overlap can never be peered (`validate` warns).",
    )


def check_zones(region: str, zones: list[str] | None, az_count: int) -> None:
    """The subnets' zones fit the region: enough zones, each one of the region's, none twice."""
    available = REGION_AZS.get(region, 6)
    if az_count > available:
        raise ValueError(f"{az_count} subnets per tier need {az_count} availability zones; {region} has {available}")
    if zones is None:
        return
    if len(zones) != az_count:
        raise ValueError(f"availability_zones names {len(zones)} zones for {az_count} subnet pairs")
    for zone in zones:
        if not re.fullmatch(re.escape(region) + r"[a-z]", zone):
            raise ValueError(f"availability zone {zone!r} is not a zone of {region} ({region}a, ...)")
    if len(set(zones)) != len(zones):
        raise ValueError("availability_zones names a zone twice")
