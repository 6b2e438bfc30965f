"""`sagegen impact` against Terraform's own plan: one apply, many plans (issue 27).

Today's MVP of specs/sage.yaml is applied once to the emulator (e2e/: moto with its fixes and rules).
Then, for each spec edit of the corpus, the edited spec is rendered into that root module and planned
on the applied state (refreshed for the review's edits and a changed region; the others with
-refresh=false, the state being the base just applied); `terraform show -json` of the plan is compared
with `sagegen impact` of the same edit: every address Terraform plans to create, update, replace or
destroy must be in impact with the same action, and nothing more.

The corpus: the review's three edits (a new VPC range with its subnets, another region, a major
PostgreSQL version: e2e/impact_edits.py, whose CI_SELECTION the RUNBOOK lane plans); every leaf key of
the MVP spec changed alone to another valid value (a boolean flipped, a number moved, a string from
ALTERNATES or with a suffix, a list shortened; a key no drawn value validates for is counted as not
drawn); and --pairs edits of two of those keys at once, drawn with a fixed seed.

Terraform's answers are kept in .cache/impact-plans.json by a digest of the render, so a second run
after a change to impact only (not to the templates) plans nothing and takes seconds.

Usage: SAGEGEN_TF_PLUGIN_DIR=... .venv/bin/python benchmarks/impact_vs_plan.py [--only KEY ...] [--limit N]
A full run plans ~157 edits at 10-20 s each on a 2-core machine: about 40 minutes. Not part of .ci/run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "e2e"), str(ROOT / "tests")]

from impact_edits import NAMED, differences, with_values  # noqa: E402
from phase_plans import plan_actions  # noqa: E402
from pydantic import ValidationError  # noqa: E402
from support import SAGE_SPEC, Terraform  # noqa: E402

from sagegen.render.module import render  # noqa: E402
from sagegen.spec.load import load_stack  # noqa: E402
from sagegen.spec.models import Spec  # noqa: E402

CACHE = ROOT / ".cache" / "impact-plans.json"
# Another valid value for keys whose values a suffix would not keep valid.
ALTERNATES = {
    "region": "us-east-2",
    "database.engine_version": "17",
    "database.instance_class": "db.t4g.small",
    "database.read_replicas.instance_class": "db.t4g.small",
    "database.storage_type": "gp2",
    "database.backup_window": "02:00-03:00",
    "database.maintenance_window": "tue:04:00-tue:05:00",
    "cache.engine_version": "7.1",
    "cache.node_type": "cache.t4g.small",
    "cache.maintenance_window": "sat:05:00-sat:06:00",
    "cache.snapshot_window": "02:00-03:00",
    "service.platform_version": "LATEST",
    "service.image_tag_mutability": "MUTABLE",
    "network.flow_logs.traffic_type": "REJECT",
    "edge.ssl_policy": "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "edge.health_check.matcher": "200-299",
    "frontend.minimum_protocol_version": "TLSv1.2_2019",
    "deploy.node_version": "22",
    "deploy.pnpm_version": "9",
    "logs.bucket_name": "sage-logs-prod-2",
    "frontend.bucket_name": "sage-frontend-prod-2",
    "state.bucket": "sage-terraform-state-prod-2",
    "database.monitoring_interval": 30,
    "alarms.email_endpoints": ["oncall@example.com"],
    "network.availability_zones": ["us-west-2a", "us-west-2b"],
    "state.region": "us-east-1",
    "tags": {"Team": "platform"},
    "dns": {"zone": "sage.ai"},
    "service.cpu": 256,
}


def leaves(data: object, path: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(data, dict) and data:
        for key, value in data.items():
            yield from leaves(value, f"{path}.{key}" if path else key)
    else:
        yield path, data


def candidates(path: str, value: object) -> list[object]:
    if path in ALTERNATES:
        return [ALTERNATES[path]]
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1, value * 2]
    if isinstance(value, float):
        return [round(value * 0.9, 2), round(value * 1.1, 2)]
    if isinstance(value, str):
        return [value + "x", value + "-2"]
    if isinstance(value, list) and len(value) > 1:
        return [value[:-1]]
    return []


def drawn_edits(base: Spec) -> tuple[dict[str, dict], list[str]]:
    """{label: {path: value}} of one key each, and the keys no candidate validated for."""
    data = base.model_dump(mode="json")
    edits, undrawn = dict(NAMED), []
    for path, value in leaves(data):
        for candidate in candidates(path, value):
            try:
                Spec.model_validate(with_values(data, {path: candidate}))
            except (ValidationError, KeyError, TypeError):
                continue
            edits.setdefault(path, {path: candidate})
            break
        else:
            undrawn.append(path)
    return edits, undrawn


def pairs(base: Spec, singles: dict[str, dict], count: int) -> dict[str, dict]:
    """`count` edits of two single-key edits at once, drawn with a fixed seed; a pair the models refuse
    together is drawn again."""
    rng, data, found = random.Random(27), base.model_dump(mode="json"), {}
    labels = sorted(singles)
    for _ in range(count * 5):
        if len(found) == count:
            break
        first, second = sorted(rng.sample(labels, 2))
        values = {**singles[first], **singles[second]}
        try:
            Spec.model_validate(with_values(data, values))
        except (ValidationError, KeyError, TypeError):
            continue
        found[f"{first} + {second}"] = values
    return found


def digest(files: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(files.items())).encode()).hexdigest()


def terraform() -> Terraform:
    binary = shutil.which("terraform")
    if binary is None:
        sys.exit("impact_vs_plan: terraform is not installed")
    return Terraform(binary, os.environ.get("SAGEGEN_TF_PLUGIN_DIR") or None)


def plans_for(base: Spec, edits: dict[str, Spec], cache: dict) -> dict[str, dict]:
    """Terraform's plan of each edit, from the cache or planned on one applied base (started lazily)."""
    todo = {label: spec for label, spec in edits.items() if digest(render(spec)) not in cache}
    if todo:
        from runbook_lane import applied_lane

        root = Path(tempfile.mkdtemp(prefix="impact-vs-plan-"))
        with applied_lane(terraform(), root, base, "terraform") as (lane, _url):
            for n, (label, spec) in enumerate(todo.items(), 1):
                start = time.monotonic()
                files = render(spec)
                lane.write(files)
                # The state is the base just applied: a refresh finds nothing to change unless the edit
                # moves the provider (its region), so the other plans skip it (a third of a plan's CPU).
                refresh = [] if label in NAMED or spec.region != base.region else ["-refresh=false"]
                cache[digest(files)] = plan_actions(lane.terraform, lane.module, lane.env, *refresh)
                CACHE.write_text(json.dumps(cache))
                print(f"  planned {n}/{len(todo)} {label} ({time.monotonic() - start:.0f} s)", flush=True)
        shutil.rmtree(root, ignore_errors=True)
    return {label: cache[digest(render(spec))] for label, spec in edits.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="edit labels (keys) to run")
    parser.add_argument("--limit", type=int, help="at most this many edits")
    parser.add_argument("--pairs", type=int, default=12, help="edits of two keys at once, drawn (seeded)")
    args = parser.parse_args()
    base = load_stack(SAGE_SPEC).spec("mvp")
    edits, undrawn = drawn_edits(base)
    edits.update(pairs(base, {k: v for k, v in edits.items() if k not in NAMED}, args.pairs))
    if args.only:
        edits = {k: v for k, v in edits.items() if k in args.only}
    if args.limit:
        edits = dict(list(edits.items())[: args.limit])
    data = base.model_dump(mode="json")
    specs = {label: Spec.model_validate(with_values(data, values)) for label, values in edits.items()}
    CACHE.parent.mkdir(exist_ok=True)
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    start = time.monotonic()
    plans = plans_for(base, specs, cache)
    agreed = 0
    for label, spec in specs.items():
        found = differences(base, spec, plans[label])
        agreed += not found
        print(f"{'agrees' if not found else 'DIFFERS'}: {label} {json.dumps(edits[label])}")
        for action, sides in found.items():
            print(f"    {action}: plan only {sides['missing']}; impact only {sides['extra']}")
    print(
        f"\nimpact_vs_plan: {agreed}/{len(specs)} edits agree with Terraform's plan "
        f"({len(undrawn)} keys not drawn: {', '.join(undrawn)}); {time.monotonic() - start:.0f} s"
    )


if __name__ == "__main__":
    main()
