"""Terraform's own verdict on a phase change and on each FORCES_REPLACEMENT entry, for the e2e test."""

from __future__ import annotations

import json
from pathlib import Path

from support import Terraform

from sagegen.insight.impact import FORCES_REPLACEMENT, Impact, instances
from sagegen.render import hcl, hcl_reader

REPLACE = (["delete", "create"], ["create", "delete"])


# Without `shown`, a plan's changes come from its own -json stream, which names each planned change by
# one word (Terraform docs, "Machine-Readable UI", planned_change); here as the action lists of
# `terraform show -json` (JSON Output Format). A replacement's order (create first or not) is not in the
# stream: nothing that reads the actions alone needs it.
UI_ACTIONS = {
    "create": ["create"],
    "read": ["read"],
    "update": ["update"],
    "replace": ["delete", "create"],
    "delete": ["delete"],
    "noop": ["no-op"],
}


def plan_actions(terraform: Terraform, module: Path, env: dict, *extra: str, shown: bool = False) -> dict[str, dict]:
    """{address: change} of a plan saved as phase.tfplan: with `shown`, all `terraform show -json` says of
    each change (replace_paths, importing); without, {"actions": [...]} of each change that has one, read
    from the plan's own output, sparing `show -json` (another start of the provider, ~3 CPU-s)."""
    stream = [] if shown else ["-json"]
    plan = terraform.run(module, "plan", *stream, "-input=false", "-out=phase.tfplan", *extra, env=env, timeout=600)
    if shown:
        assert plan.returncode == 0, plan.stdout[-4000:] + plan.stderr[-4000:]
        result = terraform.run(module, "show", "-json", "phase.tfplan", env=env)
        assert result.returncode == 0, result.stderr
        return {rc["address"]: rc["change"] for rc in json.loads(result.stdout).get("resource_changes", [])}
    messages = [json.loads(line) for line in plan.stdout.splitlines() if line.startswith("{")]
    said = [m["@message"] for m in messages if m.get("@level") == "error"]
    assert plan.returncode == 0, "\n".join(said) or plan.stderr[-4000:]
    changes = {}
    for change in (m["change"] for m in messages if m.get("type") == "planned_change"):
        assert change["action"] in UI_ACTIONS, f"a planned change this reader does not know: {change}"
        changes[change["resource"]["addr"]] = {"actions": UI_ACTIONS[change["action"]]}
    return changes


def verdict(changes: dict[str, dict]) -> dict[str, set[str]]:
    out = {"add": set(), "update": set(), "replace": set(), "destroy": set()}
    for address, change in changes.items():
        actions = change["actions"]
        if actions == ["create"]:
            out["add"].add(address)
        elif actions == ["update"]:
            out["update"].add(address)
        elif actions in REPLACE:
            out["replace"].add(address)
        elif actions == ["delete"]:
            out["destroy"].add(address)
    return out


def predicted(impact: Impact) -> dict[str, set[str]]:
    names = {"add": "add", "update in place": "update", "replace": "replace", "destroy": "destroy"}
    out = {v: set() for v in names.values()}
    for change in impact.changes:
        out[names[change.action.value]].add(change.address)
    return out


# A different value of each kind of argument the table names, valid enough for a plan.
SPECIAL = {
    "cidr_block": {"aws_vpc": "10.250.0.0/16", "aws_subnet": "10.0.250.0/24"},
    "availability_zone": "us-west-2c",
    "vpc_id": "vpc-0123456789abcdef0",
    "subnet_group_name": "other-subnets",
    "cluster": "arn:aws:ecs:us-west-2:123456789012:cluster/other",
    "engine": "mysql",
    "family": "postgres15",
    "launch_type": "EC2",
    "load_balancer_type": "network",
    "protocol": "HTTPS",
    "target_type": "instance",
    "network_mode": "bridge",
    "requires_compatibilities": ["EC2"],
    "cpu": "1024",
    "memory": "2048",
    "execution_role_arn": "arn:aws:iam::123456789012:role/other",
    "task_role_arn": "arn:aws:iam::123456789012:role/other",
    "container_definitions": hcl.Expr('jsonencode([{ name = "x", image = "x", essential = true }])'),
    "subnet_id": "subnet-0123456789abcdef0",
    "route_table_id": "rtb-0123456789abcdef0",
    "allocation_id": "eipalloc-0123456789abcdef0",
    "security_group_id": "sg-0123456789abcdef0",
    "destination_cidr_block": "10.99.0.0/16",
    "log_destination": "arn:aws:s3:::other-log-bucket/flow-logs/",
    "log_destination_configs": ["arn:aws:logs:us-west-2:123456789012:log-group:aws-waf-logs-other"],
    "subject_alternative_names": ["other.example.com"],
}


def forcing_overrides(files: dict[str, str], types: set[str] | None = None) -> tuple[str, dict[str, set[str]]]:
    """An override file that changes every table argument each rendered resource sets, and what it changes.

    With `types`, only resources of those types (without: all of them)."""
    bodies = {address.split("[")[0]: body for address, body in instances(files).items()}
    blocks, changed = [], {}
    for address, body in sorted(bodies.items()):
        rtype, name = address.split(".", 1)
        if types is not None and rtype not in types:
            continue
        attrs = sorted(a for a in FORCES_REPLACEMENT.get(rtype, ()) if a in body and a != "replicate_source_db")
        if not attrs:
            continue
        lines = [f"  {a} = {hcl.encode(_other(rtype, a, body[a]))}" for a in attrs]
        blocks.append(f'resource "{rtype}" "{name}" {{\n' + "\n".join(lines) + "\n}\n")
        changed[address] = set(attrs)
    return "\n".join(blocks), changed


def _other(rtype: str, attr: str, value: object) -> object:
    if attr == "scope":
        return "REGIONAL" if value == "CLOUDFRONT" else "CLOUDFRONT"
    if attr == "traffic_type":
        return "REJECT" if value != "REJECT" else "ACCEPT"
    special = SPECIAL.get(attr)
    if isinstance(special, dict):
        return special[rtype]
    if special is not None:
        return special
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str) and value.startswith("${") and value.endswith("}"):
        return hcl.Interp(hcl.Expr(value[2:-1]), "x")  # an expression (e.g. each.value): keep it, changed
    return f"{hcl_reader.literal(value) if isinstance(value, str) else value}x"


# The web ACLs' resource types: the RUNBOOK lane applies its MVP without them (e2e/lane_specs.py), so their
# entries of the table are confirmed on the upgrade lane's Growth, which holds both web ACLs.
WEB_ACL_TYPES = frozenset(
    {"aws_wafv2_web_acl", "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_logging_configuration"}
)
# Resources replaced create-before-destroy cannot be in the one plan that also replaces the VPC under
# them (Terraform finds a cycle in that made-up plan): they get a plan of their own.
CREATED_FIRST = frozenset({"aws_lb_target_group", "aws_db_parameter_group"})


def confirm_replacements(lane, files: dict[str, str], types: frozenset[str] | None = None) -> int:
    """On `lane`'s applied module, rendered as `files`: the provider replaces for every argument
    FORCES_REPLACEMENT names that a resource of `types` (without: every type but the web ACLs') sets.
    With `types`, the plan targets those resources alone (the rest of the module is not planned).
    Plans without refreshing (the state is as applied). Returns the number of entries confirmed."""
    terraform, module, env = lane.terraform, lane.module, lane.env
    wanted = set(types) if types is not None else set(FORCES_REPLACEMENT) - WEB_ACL_TYPES
    changes, changed = {}, {}
    for group in (wanted & CREATED_FIRST, wanted - CREATED_FIRST):
        overrides, some = forcing_overrides(files, group)
        if not some:
            continue
        changed.update(some)
        targets = [f"-target={address}" for address in sorted(some)] if types is not None else []
        (module / "zz_forcing_override.tf").write_text(overrides)
        try:
            planned = plan_actions(terraform, module, env, "-refresh=false", *targets, shown=True)
        finally:
            (module / "zz_forcing_override.tf").unlink()
        changes.update({a: c for a, c in planned.items() if a.split(".")[0] in group})
    assert changed, f"no resource of {sorted(wanted)} in the module to confirm the table on"
    checked, wrong = 0, []
    for address, attrs in changed.items():
        instances_ = {a: c for a, c in changes.items() if a == address or a.startswith(address + "[")}
        assert instances_, f"{address}: no planned change for the overridden {sorted(attrs)}"
        for instance, change in instances_.items():
            forcing = {path[0] for path in change.get("replace_paths", [])} if change["actions"] in REPLACE else set()
            wrong += [f"{instance}.{attr}" for attr in sorted(attrs - forcing)]
        checked += len(attrs)
    assert wrong == [], f"FORCES_REPLACEMENT names arguments the provider changes in place: {wrong}"
    return checked
