"""Which Terraform root modules a spec has, and where each one's files go under the output."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Spec

TERRAFORM_DIR = "terraform"


def phase_dir(name: str | None) -> str:
    """Where a phase's files go under the output: `<phase>/`, or the top for a spec without phases."""
    return f"{name}/" if name else ""


@dataclass(frozen=True)
class RootModule:
    """One Terraform root module of the render: a phase in one region, with its own state."""

    phase: str | None
    spec: Spec  # in a secondary region, the spec's regional copy (Spec.in_region)
    prefix: str  # under the output: `<phase>/`, or `<phase>/<region>/` in a secondary region

    @property
    def directory(self) -> str:
        return self.prefix + TERRAFORM_DIR


def root_modules(specs: dict[str | None, Spec]) -> list[RootModule]:
    """Every root module of these phases: each phase's primary region, then its secondary regions."""
    modules = []
    for name, spec in specs.items():
        modules.append(RootModule(name, spec, phase_dir(name)))
        modules += [
            RootModule(name, spec.in_region(r), f"{phase_dir(name)}{r.region}/") for r in spec.secondary_regions
        ]
    return modules
