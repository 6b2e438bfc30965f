"""Which Terraform root modules a spec has, and where each one's files go under the output."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Spec

TERRAFORM_DIR = "terraform"


@dataclass(frozen=True)
class RootModule:
    """One Terraform root module of the render: the stack in one region, with its own state."""

    spec: Spec  # in a secondary region, the spec's regional copy (Spec.in_region), in its database role
    prefix: str  # under the output: "" for the primary region, `<region>/` for a secondary one

    @property
    def directory(self) -> str:
        return self.prefix + TERRAFORM_DIR


def root_modules(spec: Spec) -> list[RootModule]:
    """The root modules of one phase's spec: the primary region's (`terraform/`), then each secondary
    region's (`<region>/terraform/`). The output holds one phase, so no path names a phase."""
    return [
        RootModule(spec.in_database_role(), ""),
        *(RootModule(spec.in_region(r).in_database_role(), f"{r.region}/") for r in spec.secondary_regions),
    ]
