"""What a spec change does to each resource of the running stack, before `terraform plan`.

Both specs (two phases, or the spec before and after an edit) are rendered and
read back; each resource instance (counts expanded) is added, destroyed,
replaced, changed in place or unchanged, with the spec keys that caused it
(explain.py) and, for what holds data or serves traffic, what it means and
when it takes effect (consequences.py).
Whether a changed argument replaces the resource is the provider's rule,
kept in FORCES_REPLACEMENT and checked against the real provider by the
end-to-end test (e2e/test_e2e.py plans every entry). Stateful types are
flagged: replacing or destroying them loses data.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

from ..render import hcl_reader
from ..render.module import render
from ..spec import registry as a
from ..spec.layout import root_modules
from ..spec.models import Spec
from . import baseline, consequences, explain

# Arguments whose change makes hashicorp/aws 5.x replace the resource (ForceNew).
FORCES_REPLACEMENT: dict[str, frozenset[str]] = {
    "aws_vpc": frozenset({"cidr_block"}),
    "aws_subnet": frozenset({"cidr_block", "availability_zone", "vpc_id"}),
    "aws_security_group": frozenset({"name", "description", "vpc_id"}),
    # Provider 5.x renames an instance in place (ModifyDBInstance), so `identifier` is not here.
    "aws_db_instance": frozenset(
        {"engine", "db_name", "username", "storage_encrypted", "availability_zone", "replicate_source_db"}
    ),
    "aws_db_parameter_group": frozenset({"name", "family"}),
    "aws_db_subnet_group": frozenset({"name"}),
    "aws_elasticache_replication_group": frozenset(
        {"replication_group_id", "at_rest_encryption_enabled", "port", "subnet_group_name"}
    ),
    "aws_elasticache_subnet_group": frozenset({"name"}),
    "aws_s3_bucket": frozenset({"bucket"}),
    "aws_secretsmanager_secret": frozenset({"name"}),
    "aws_ecr_repository": frozenset({"name"}),
    "aws_ecs_cluster": frozenset({"name"}),
    "aws_ecs_service": frozenset({"name", "cluster", "launch_type"}),
    # A task definition is immutable: any change registers a new revision.
    "aws_ecs_task_definition": frozenset(
        {
            "family",
            "container_definitions",
            "cpu",
            "memory",
            "network_mode",
            "requires_compatibilities",
            "execution_role_arn",
            "task_role_arn",
        }
    ),
    "aws_lb": frozenset({"name", "internal", "load_balancer_type"}),
    "aws_lb_target_group": frozenset({"name", "port", "protocol", "vpc_id", "target_type"}),
    "aws_cloudwatch_log_group": frozenset({"name"}),
    "aws_iam_role": frozenset({"name"}),
    "aws_sns_topic": frozenset({"name"}),
    "aws_wafv2_web_acl": frozenset({"name", "scope"}),
    "aws_acm_certificate": frozenset({"domain_name"}),
}

# Replacing or destroying these loses data (a database, a cache, objects, secret values).
STATEFUL = frozenset(
    {
        "aws_db_instance",
        "aws_elasticache_replication_group",
        "aws_s3_bucket",
        "aws_secretsmanager_secret",
        "aws_secretsmanager_secret_version",
    }
)

META = frozenset({"count", "for_each", "lifecycle", "depends_on", "provider"})


class Action(Enum):
    ADD = "add"
    UPDATE = "update in place"
    REPLACE = "replace"
    DESTROY = "destroy"


@dataclass(frozen=True)
class Change:
    address: str
    action: Action
    arguments: tuple[str, ...] = ()  # the arguments that differ (for replace: those that force it)
    stateful: bool = False
    region: str | None = None  # a secondary region's root module; None for the primary's
    causes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (argument, the spec keys that changed it)
    notes: tuple[str, ...] = ()  # what it means for the running stack, and when

    @property
    def loses_data(self) -> bool:
        return self.stateful and self.action in (Action.REPLACE, Action.DESTROY)


@dataclass
class Impact:
    source: str
    target: str
    changes: list[Change] = field(default_factory=list)
    regions_added: list[str] = field(default_factory=list)  # secondary regions only the target has
    regions_removed: list[str] = field(default_factory=list)  # secondary regions only the source has
    keys: list[str] = field(default_factory=list)  # the spec keys that differ

    def of(self, action: Action) -> list[str]:
        return [c.address for c in self.changes if c.action is action]

    @property
    def data_loss(self) -> list[Change]:
        return [c for c in self.changes if c.loses_data]


@lru_cache(maxsize=512)
def _parse(text: str) -> dict:
    # Comparisons re-read the same files many times (explain.py renders one variant per changed key).
    return hcl_reader.parse(text)


def instances(files: dict[str, str]) -> dict[str, dict]:
    """{address: arguments} of every resource instance the files declare, counts expanded."""
    parsed = [_parse(text) for path, text in sorted(files.items()) if path.endswith(".tf")]
    local_values = {k: v for p in parsed for block in p.get("locals", []) for k, v in block.items()}
    found: dict[str, dict] = {}
    for p in parsed:
        for address, body in hcl_reader.resources(p).items():
            for key in _instance_keys(body, local_values):
                found[address + key] = body
    return found


def _instance_keys(body: dict, local_values: dict) -> list[str]:
    count = body.get("count")
    if isinstance(count, int):
        return [f"[{i}]" for i in range(count)]
    for_each = body.get("for_each")
    if isinstance(for_each, dict):  # a map literal: one instance per key
        return [f'["{k}"]' for k in sorted(for_each)]
    if isinstance(for_each, str):
        match = re.fullmatch(r"\$\{toset\(local\.(\w+)\)\}", for_each)
        if match and isinstance(local_values.get(match.group(1)), list):
            return [f'["{v}"]' for v in sorted(local_values[match.group(1)])]
        literal = re.fullmatch(r"\$\{toset\((\[.*\])\)\}", for_each, re.S)
        if literal:  # a list of strings the template wrote with the HCL encoder: JSON's syntax
            return [f'["{v}"]' for v in sorted(set(json.loads(literal.group(1))))]
    return [""]


def compare_regions(
    source: str, before: dict[str | None, dict[str, str]], target: str, after: dict[str | None, dict[str, str]]
) -> Impact:
    """The impact per root module: {None: the primary's files, region: a secondary region's files}.

    A region only one side has is a root module created or destroyed whole.
    """
    impact = Impact(
        source,
        target,
        regions_added=sorted(r for r in after if r and r not in before),
        regions_removed=sorted(r for r in before if r and r not in after),
    )
    for region in sorted(set(before) | set(after), key=lambda r: r or ""):
        old, new = instances(before.get(region, {})), instances(after.get(region, {}))
        for address in sorted(set(old) | set(new)):
            stateful = _holds_data(address, old.get(address) or new[address])
            if address not in new:
                impact.changes.append(Change(address, Action.DESTROY, stateful=stateful, region=region))
            elif address not in old:
                impact.changes.append(Change(address, Action.ADD, stateful=stateful, region=region))
            else:
                change = _changed(address, old[address], new[address], stateful)
                if change:
                    impact.changes.append(dataclasses.replace(change, region=region))
        impact.changes = _triggered(impact.changes, old, new, region)
    return impact


def _triggered(changes: list[Change], old: dict, new: dict, region: str | None) -> list[Change]:
    """`changes` with the resources replaced through `lifecycle.replace_triggered_by`: Terraform replaces a
    resource when one it names there is updated or replaced (not when that one is created: Terraform docs,
    "lifecycle", replace_triggered_by). The Redis token's secret version is the one sagegen renders; its
    replacement draws a new token and loses nothing (the old one stays valid until RUNBOOK.md's SET)."""
    changing = {c.address for c in changes if c.region == region and c.action in (Action.UPDATE, Action.REPLACE)}
    found = {c.address: c for c in changes if c.region == region}
    for address in sorted(set(old) & set(new)):
        named = {str(t).removeprefix("${").removesuffix("}") for t in _lifecycle(new[address], "replace_triggered_by")}
        if named & changing and (address not in found or found[address].action is Action.UPDATE):
            regenerated = address == str(a.REDIS_AUTH_SECRET_VERSION)
            stateful = _holds_data(address, new[address]) and not regenerated
            found[address] = Change(address, Action.REPLACE, ("replace_triggered_by",), stateful, region)
    others = [c for c in changes if c.region != region]
    return others + [found[address] for address in sorted(found)]


def render_regions(spec: Spec) -> dict[str | None, dict[str, str]]:
    """The Terraform of each root module of `spec`: {None: the primary's, region: a secondary's}."""
    return {m.spec.secondary_region: render(m.spec) for m in root_modules(spec)}


def between(spec_path: Path, base: baseline.Base) -> Impact:
    """The impact of the change from `base` to the spec at `spec_path` (see baseline.Base)."""
    sides = baseline.sides(spec_path, base)
    return compare_specs(sides.before_label, sides.before, sides.after_label, sides.after)


def compare_specs(source: str, before: Spec, target: str, after: Spec) -> Impact:
    """Every change from `before` to `after`, with its causes and consequences."""
    base_render = render_regions(before)
    impact = compare_regions(source, base_render, target, render_regions(after))
    found, impact.keys = explain.causes(
        before, after, impact.changes, lambda spec: compare_regions("", base_render, "", render_regions(spec)).changes
    )
    explained = []
    for change in impact.changes:
        by_argument = found.get((change.region, change.address), {})
        spec = before if change.action is Action.DESTROY else after
        if change.region:
            spec = next(m.spec for m in root_modules(spec) if m.spec.secondary_region == change.region)
        explained.append(dataclasses.replace(
            change,
            causes=tuple((arg, tuple(keys)) for arg, keys in sorted(by_argument.items())),
            notes=tuple(consequences.of(change, spec)),
        ))  # fmt: skip
    impact.changes = explained
    return impact


def _holds_data(address: str, body: dict) -> bool:
    rtype = address.split(".")[0]
    # A read replica is a copy of its source: dropping it loses nothing.
    return rtype in STATEFUL and not (rtype == "aws_db_instance" and "replicate_source_db" in body)


def _changed(address: str, old: dict, new: dict, stateful: bool) -> Change | None:
    ignored = set(_ignored(new))
    differing = sorted(k for k in (set(old) | set(new)) - META - ignored if old.get(k) != new.get(k))
    if not differing:
        return None
    rtype = address.split(".")[0]
    forcing = tuple(k for k in differing if k in FORCES_REPLACEMENT.get(rtype, ()))
    if forcing:
        return Change(address, Action.REPLACE, forcing, stateful)
    return Change(address, Action.UPDATE, tuple(differing), stateful)


def _ignored(body: dict) -> list[str]:
    return [str(item).removeprefix("${").removesuffix("}") for item in _lifecycle(body, "ignore_changes")]


def _lifecycle(body: dict, setting: str) -> list:
    """The items of a `lifecycle` setting of a resource body (a block: parsed as a list of one)."""
    lifecycle = body.get("lifecycle")
    blocks = lifecycle if isinstance(lifecycle, list) else [lifecycle] if lifecycle else []
    return [item for block in blocks if isinstance(block, dict) for item in block.get(setting, [])]


def as_text(impact: Impact) -> str:
    lines = [f"impact of the change from {impact.source} to {impact.target}:"]
    if impact.keys:
        lines.append(f"spec keys changed: {', '.join(impact.keys)}")
    lines += _whole_regions(impact)
    whole = set(impact.regions_added) | set(impact.regions_removed)
    listed = [c for c in impact.changes if c.region not in whole or c.loses_data]
    for action in Action:
        changes = [c for c in listed if c.action is action]
        if changes:
            lines.append(f"\n{action.value} ({len(changes)}):")
            lines += [_change_line(c) for c in changes]
    if not impact.changes:
        lines.append("no changes")
    lost = impact.data_loss
    lines.append("")
    lines.append(
        f"{len(lost)} stateful resource(s) replaced or destroyed: data is lost unless you migrate it first"
        if lost
        else "nothing stateful is replaced or destroyed"
    )
    return "\n".join(lines) + "\n"


def _whole_regions(impact: Impact) -> list[str]:
    """A line per secondary region whose root module is created or destroyed whole."""
    lines = []
    for region in impact.regions_added:
        count = sum(1 for c in impact.changes if c.region == region)
        lines.append(
            f"\nregion {region} added: a root module of its own, {count} resources to create "
            "(apply it after the primary region)"
        )
    for region in impact.regions_removed:
        count = sum(1 for c in impact.changes if c.region == region)
        lines.append(f"\nregion {region} removed: its root module's {count} resources are destroyed")
    return lines


def _change_line(c: Change) -> str:
    note = f"  [{', '.join(c.arguments)}]" if c.arguments else ""
    flag = "  LOSES DATA" if c.loses_data else "  (stateful)" if c.stateful and c.action is not Action.ADD else ""
    where = f"{c.region}: " if c.region else ""
    lines = [f"  {where}{c.address}{note}{flag}"]
    for argument, keys in c.causes:
        if argument == explain.TOGETHER:
            lines.append(f"      {', '.join(keys)} {argument} -> {c.address}")
            continue
        target = f"{c.address}.{argument}" if argument else c.address
        lines.append(f"      {', '.join(keys)} -> {target}")
    lines += [f"      {note}" for note in c.notes]
    return "\n".join(lines)


def as_json(impact: Impact) -> dict:
    return {
        "from": impact.source,
        "to": impact.target,
        "regionsAdded": impact.regions_added,
        "regionsRemoved": impact.regions_removed,
        "keys": impact.keys,
        "changes": [
            {
                "address": c.address,
                "region": c.region,
                "action": c.action.value,
                "arguments": list(c.arguments),
                "stateful": c.stateful,
                "losesData": c.loses_data,
                "causes": {argument or "*": list(keys) for argument, keys in c.causes},
                "consequences": list(c.notes),
            }
            for c in impact.changes
        ],
        "losesData": [c.address if c.region is None else f"{c.region}: {c.address}" for c in impact.data_loss],
    }
