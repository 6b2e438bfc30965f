"""What a spec change costs: the monthly estimate before and after, per resource, put down to the spec keys
that caused each difference.

Both sides are priced by sagegen.cost (the same price table and usage as `sagegen cost`). Which key moved
which figure is found the way explain.py finds which key moved which argument: the spec before, with only
that key changed, is priced again, and the resources whose figure moves are that key's doing. Nothing
here knows which key a price reads. Keys the spec is only valid with changed together are said of them
all.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from pydantic import ValidationError

from .. import cost as costs
from ..spec.models import Spec
from . import explain

CENT = 0.005  # below half a cent a figure has not moved (float sums of the same components)


@dataclass(frozen=True)
class ResourceDelta:
    region: str
    name: str  # the Terraform address, or what the usage is (data transfer has no resource)
    past: costs.ResourceCost | None
    now: costs.ResourceCost | None
    keys: tuple[str, ...] = ()  # the spec keys whose change alone moves this figure

    @property
    def past_monthly(self) -> float:
        return self.past.monthly if self.past else 0.0

    @property
    def monthly(self) -> float:
        return self.now.monthly if self.now else 0.0

    @property
    def diff(self) -> float:
        return self.monthly - self.past_monthly


@dataclass
class CostChange:
    past: costs.Estimate
    now: costs.Estimate
    resources: list[ResourceDelta] = field(default_factory=list)  # only those whose figure moves
    budget: float | None = None  # the spec's monthly budget (after the change), if it sets one

    @property
    def diff(self) -> float:
        return self.now.total - self.past.total

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.now.total > self.budget + CENT


def _by_name(estimate: costs.Estimate) -> dict[tuple[str, str], costs.ResourceCost]:
    return {(r.region, r.name): r for r in estimate.resources}


def change(before: Spec, after: Spec, past_phase: str | None, phase: str | None, reserved: bool = False) -> CostChange:
    """The estimate of both sides and every resource whose monthly figure differs, with its causes."""
    past, now = costs.estimate(before, past_phase, reserved), costs.estimate(after, phase, reserved)
    old, new = _by_name(past), _by_name(now)
    moved = [
        key
        for key in sorted(set(old) | set(new), key=lambda k: (k[0] != past.primary_region, k))
        if abs((new[key].monthly if key in new else 0.0) - (old[key].monthly if key in old else 0.0)) >= CENT
    ]
    causes, together = _causes(before, after, old, reserved) if moved else ({}, [])
    result = CostChange(past, now, budget=after.budget.monthly if after.budget else None)
    result.resources = [
        ResourceDelta(k[0], k[1], old.get(k), new.get(k), tuple(causes.get(k) or together)) for k in moved
    ]
    return result


def _causes(before: Spec, after: Spec, old: dict, reserved: bool) -> tuple[dict[tuple[str, str], list[str]], list[str]]:
    """({(region, name): the keys whose change alone moves that figure}, the keys only valid together)."""
    base, target = before.model_dump(mode="json"), after.model_dump(mode="json")
    found: dict[tuple[str, str], list[str]] = {}
    together = []
    for key in explain.changed_keys(base, target):
        try:
            variant = Spec.model_validate(explain.with_key(base, key, target))
        except ValidationError:
            together.append(key)  # only valid with another key changed too
            continue
        priced = _by_name(costs.estimate(variant, None, reserved))  # its figures; a phase only names an estimate
        for name in set(priced) | set(old):
            was = old[name].monthly if name in old else 0.0
            if abs((priced[name].monthly if name in priced else 0.0) - was) >= CENT:
                found.setdefault(name, []).append(key)
    return found, together


def generated_at() -> str:
    """When the report was made: SOURCE_DATE_EPOCH where set (reproducible output), else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _hourly(monthly: float | None, hours: float) -> str | None:
    return None if monthly is None else costs.decimal(monthly / hours)


def _resource(r: costs.ResourceCost, hours: float, monthly: float | None = None, keys: tuple[str, ...] = ()) -> dict:
    """One resource in Infracost's shape; `monthly` overrides its figure (a diff's), `keys` go in metadata."""
    figure = r.monthly if monthly is None else monthly
    return {
        "name": r.name,
        "metadata": {"region": r.region, **({"specKeys": list(keys)} if keys else {})},
        "hourlyCost": _hourly(figure, hours),
        "monthlyCost": costs.decimal(figure),
        "costComponents": [
            {
                "name": c.name,
                "unit": c.unit,
                "hourlyQuantity": costs.decimal(c.quantity / hours),
                "monthlyQuantity": costs.decimal(c.quantity),
                "price": None if c.price is None else costs.decimal(c.price * (1 - c.discount)),
                "hourlyCost": _hourly(c.monthly, hours),
                "monthlyCost": None if c.monthly is None else costs.decimal(c.monthly),
            }
            for c in (r.components if monthly is None else ())
        ],
    }


def _breakdown(resources: list[dict], total: float, hours: float) -> dict:
    return {"resources": resources, "totalHourlyCost": _hourly(total, hours), "totalMonthlyCost": costs.decimal(total)}


def as_infracost_diff(result: CostChange) -> dict:
    """Infracost 0.10's `diff` JSON (schema/infracost.schema.json of infracost/infracost: version 0.2), one
    project per region; each diff resource names in its metadata the spec keys that moved it."""
    hours = costs.price_table()["hours_per_month"]
    regions = list(dict.fromkeys([r.region for r in result.now.resources] + [r.region for r in result.past.resources]))
    projects = []
    for region in regions:
        past = [r for r in result.past.resources if r.region == region]
        now = [r for r in result.now.resources if r.region == region]
        moved = [d for d in result.resources if d.region == region]
        past_total, now_total = sum(r.monthly for r in past), sum(r.monthly for r in now)
        diff = [_resource(d.now or d.past, hours, d.diff, d.keys) for d in moved]
        projects.append(
            {
                "name": region,
                "metadata": {"path": region, "type": "sagegen_spec"},
                "pastBreakdown": _breakdown([_resource(r, hours) for r in past], past_total, hours),
                "breakdown": _breakdown([_resource(r, hours) for r in now], now_total, hours),
                "diff": _breakdown(diff, now_total - past_total, hours),
                "summary": {"totalResources": len(now)},
            }
        )
    return {
        "version": "0.2",
        "currency": costs.price_table()["currency"],
        "projects": projects,
        "totalHourlyCost": _hourly(result.now.total, hours),
        "totalMonthlyCost": costs.decimal(result.now.total),
        "pastTotalHourlyCost": _hourly(result.past.total, hours),
        "pastTotalMonthlyCost": costs.decimal(result.past.total),
        "diffTotalHourlyCost": _hourly(result.diff, hours),
        "diffTotalMonthlyCost": costs.decimal(result.diff),
        "timeGenerated": generated_at(),
        "summary": {"totalResources": len(result.now.resources)},
    }
