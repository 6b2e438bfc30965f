"""The VPC: two public and two private subnets, one NAT gateway per AZ."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field, StrictBool, ValidationInfo, field_validator

from .base import Model


class FlowLogs(Model):
    """VPC flow logs, delivered to the log bucket (see `logs`)."""

    enabled: StrictBool = Field(True, description="Record the VPC's IP traffic; what an incident review needs first.")
    traffic_type: Literal["ALL", "ACCEPT", "REJECT"] = Field("ALL", description="Which traffic to record.")


class AddressRange(Model):
    """A VPC's range and its subnets: a public and a private one per availability zone."""

    vpc_cidr: str = Field(description="IPv4 CIDR block of the VPC.", examples=["10.0.0.0/16"])
    public_subnets: list[str] = Field(
        description="One public subnet CIDR per availability zone, in AZ order. "
        "The ALB and the NAT gateways live here.",
        min_length=2,
        max_length=6,
    )
    private_subnets: list[str] = Field(
        description="One private subnet CIDR per availability zone, in AZ order. ECS tasks, RDS and Redis live here.",
        min_length=2,
        max_length=6,
    )

    @field_validator("vpc_cidr")
    @classmethod
    def _vpc_cidr_is_a_network(cls, value: str) -> str:
        net = _network(value)
        if not 16 <= net.prefixlen <= 28:
            raise ValueError("a VPC CIDR must be between /16 and /28")
        return value

    @field_validator("public_subnets")
    @classmethod
    def _public_subnets(cls, value: list[str], info: ValidationInfo) -> list[str]:
        _check_subnets(value, info.data.get("vpc_cidr"), [])
        return value

    @field_validator("private_subnets")
    @classmethod
    def _private_subnets(cls, value: list[str], info: ValidationInfo) -> list[str]:
        public = info.data.get("public_subnets")
        if public is not None and len(value) != len(public):
            raise ValueError(f"one private subnet per AZ: {len(public)} public subnets, {len(value)} private")
        _check_subnets(value, info.data.get("vpc_cidr"), public or [])
        return value


class Network(AddressRange):
    """Where everything runs: a VPC split into public and private subnets per AZ."""

    nat_gateway_per_az: StrictBool = Field(
        True,
        description="One NAT gateway per AZ (resilient to an AZ outage). "
        "False shares a single NAT gateway, which is cheaper.",
    )

    availability_zones: list[str] | None = Field(
        None,
        description="The AZ of each subnet pair, in order (default: the region's a, b, ...). Named, "
        "not looked up, so an AZ AWS adds or takes out of service never moves (and replaces) a subnet.",
        examples=[["us-west-2a", "us-west-2b"]],
    )
    flow_logs: FlowLogs = Field(default_factory=FlowLogs)
    lock_default_security_group: StrictBool = Field(
        True,
        description="Take every rule off the VPC's default security group, so nothing that lands in it "
        "by mistake can talk to anything.",
    )

    @property
    def az_count(self) -> int:
        return len(self.public_subnets)

    @property
    def nat_gateway_count(self) -> int:
        return self.az_count if self.nat_gateway_per_az else 1


def _network(cidr: str) -> ipaddress.IPv4Network:
    try:
        return ipaddress.IPv4Network(cidr, strict=True)
    except ValueError as exc:
        raise ValueError(f"{cidr!r} is not an IPv4 network in CIDR notation ({exc})") from None


def _check_subnets(cidrs: list[str], vpc_cidr: str | None, others: list[str]) -> None:
    """Each subnet is a network inside the VPC and overlaps no other subnet."""
    nets = [_network(c) for c in cidrs]
    vpc = _network(vpc_cidr) if vpc_cidr else None
    for net in nets:
        if vpc and not net.subnet_of(vpc):
            raise ValueError(f"subnet {net} is not inside the VPC {vpc}")
    seen = [_network(c) for c in others]
    for net in nets:
        clash = next((other for other in seen if net.overlaps(other)), None)
        if clash:
            raise ValueError(f"subnets {clash} and {net} overlap")
        seen.append(net)


class RegionNetwork(AddressRange):
    """A secondary region's own address range, instead of the primary's. The regions' VPCs need ranges
    apart to be joined by peering, which refuses overlapping ranges (VPC Peering Guide, "Create a VPC
    peering connection"): the path a secondary region's writes will take to the primary (docs/regions.md)."""
