"""The VPC: two public and two private subnets, one NAT gateway per AZ."""

from __future__ import annotations

import ipaddress

from pydantic import Field, field_validator, model_validator

from .base import Model


class Network(Model):
    """Where everything runs: a VPC split into public and private subnets per AZ."""

    vpc_cidr: str = Field(
        description="IPv4 CIDR block of the VPC.", examples=["10.0.0.0/16"]
    )
    public_subnets: list[str] = Field(
        description="One public subnet CIDR per availability zone, in AZ order. "
        "The ALB and the NAT gateways live here.",
        min_length=2,
        max_length=6,
    )
    private_subnets: list[str] = Field(
        description="One private subnet CIDR per availability zone, in AZ order. "
        "ECS tasks, RDS and Redis live here.",
        min_length=2,
        max_length=6,
    )
    nat_gateway_per_az: bool = Field(
        True,
        description="One NAT gateway per AZ (resilient to an AZ outage). "
        "False shares a single NAT gateway, which is cheaper.",
    )

    @field_validator("vpc_cidr")
    @classmethod
    def _vpc_cidr_is_a_network(cls, value: str) -> str:
        net = _network(value)
        if not 16 <= net.prefixlen <= 28:
            raise ValueError("a VPC CIDR must be between /16 and /28")
        return value

    @field_validator("public_subnets", "private_subnets")
    @classmethod
    def _subnets_are_networks(cls, value: list[str]) -> list[str]:
        for cidr in value:
            _network(cidr)
        return value

    @model_validator(mode="after")
    def _subnets_fit(self) -> Network:
        if len(self.public_subnets) != len(self.private_subnets):
            raise ValueError("public_subnets and private_subnets need one CIDR each per AZ (same length)")
        vpc = _network(self.vpc_cidr)
        nets = [_network(c) for c in self.public_subnets + self.private_subnets]
        for cidr, net in zip(self.public_subnets + self.private_subnets, nets):
            if not net.subnet_of(vpc):
                raise ValueError(f"subnet {cidr} is not inside the VPC {self.vpc_cidr}")
        for i, a in enumerate(nets):
            for b in nets[i + 1:]:
                if a.overlaps(b):
                    raise ValueError(f"subnets {a} and {b} overlap")
        return self

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
