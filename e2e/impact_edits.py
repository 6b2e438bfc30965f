"""The review's spec edits that travel through expressions (issue 27), planned by Terraform on an applied
MVP and compared with `sagegen impact`: every address Terraform plans to create, update, replace or
destroy is in impact with the same action, and nothing more.

benchmarks/impact_vs_plan.py plans these and every single-key edit of the MVP; the RUNBOOK lane plans the
ones in CI_SELECTION before its destroy (each plan costs CPU the suite's budget counts: "another region"
refreshes every resource through a provider that finds none, about two minutes, so it stays in the
benchmark)."""

from __future__ import annotations

import copy

from phase_plans import plan_actions, predicted, verdict

from sagegen.insight.impact import compare_specs
from sagegen.render.module import render
from sagegen.spec.models import Spec

NAMED = {
    "a new VPC range": {
        "network.vpc_cidr": "10.1.0.0/16",
        "network.public_subnets": ["10.1.0.0/24", "10.1.1.0/24"],
        "network.private_subnets": ["10.1.10.0/24", "10.1.11.0/24"],
    },
    "another region": {"region": "us-east-2"},
    "a major PostgreSQL version": {"database.engine_version": "17"},
}
CI_SELECTION = ("a new VPC range", "a major PostgreSQL version")


def with_values(data: dict, values: dict[str, object]) -> dict:
    """`data` (a spec as data) with each dotted key set to its value."""
    edited = copy.deepcopy(data)
    for path, value in values.items():
        *parents, last = path.split(".")
        node = edited
        for part in parents:
            node = node[part]
        node[last] = value
    return edited


def edited(base: Spec, values: dict[str, object]) -> Spec:
    return Spec.model_validate(with_values(base.model_dump(mode="json"), values))


def differences(base: Spec, spec: Spec, plan: dict[str, dict]) -> dict[str, dict[str, list[str]]]:
    """{action: {"missing": [...], "extra": [...]}} where impact differs from Terraform's plan."""
    said, planned = predicted(compare_specs("base", base, "edit", spec)), verdict(plan)
    out = {}
    for action in planned:
        missing, extra = sorted(planned[action] - said[action]), sorted(said[action] - planned[action])
        if missing or extra:
            out[action] = {"missing": missing, "extra": extra}
    return out


def check_impact_edits(lane, base: Spec) -> int:
    """Plan each edit of CI_SELECTION on the lane's applied `base` (not refreshed: the state is the base
    just applied, and neither edit moves the provider), compare with impact, put the base back."""
    disagreements = {}
    try:
        for label in CI_SELECTION:
            spec = edited(base, NAMED[label])
            lane.write(render(spec))
            found = differences(base, spec, plan_actions(lane.terraform, lane.module, lane.env, "-refresh=false"))
            if found:
                disagreements[label] = found
    finally:
        lane.write(render(base))
    assert disagreements == {}, f"sagegen impact differs from Terraform's plan: {disagreements}"
    return len(CI_SELECTION)
