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
from ..spec.edit import key_line
from ..spec.layout import root_modules
from ..spec.models import Spec
from . import baseline, consequences, cost_change, explain, propagate, provider_schema, refusals

# Arguments whose change makes hashicorp/aws 5.x replace the resource (ForceNew).
FORCES_REPLACEMENT: dict[str, frozenset[str]] = {
    "aws_vpc": frozenset({"cidr_block"}),
    "aws_subnet": frozenset({"cidr_block", "availability_zone", "vpc_id"}),
    "aws_security_group": frozenset({"name", "description", "vpc_id"}),
    # Provider 5.x renames an instance in place (ModifyDBInstance), so `identifier` is not here.
    "aws_db_instance": frozenset(
        {"engine", "db_name", "username", "storage_encrypted", "availability_zone", "replicate_source_db", "kms_key_id"}
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
    "aws_acm_certificate": frozenset({"domain_name", "subject_alternative_names"}),
    "aws_acm_certificate_validation": frozenset({"certificate_arn", "validation_record_fqdns"}),
    "aws_s3_bucket_lifecycle_configuration": frozenset({"bucket"}),
    "aws_s3_bucket_logging": frozenset({"bucket"}),
    "aws_s3_bucket_ownership_controls": frozenset({"bucket"}),
    "aws_s3_bucket_policy": frozenset({"bucket"}),
    "aws_s3_bucket_public_access_block": frozenset({"bucket"}),
    "aws_s3_bucket_server_side_encryption_configuration": frozenset({"bucket"}),
    "aws_s3_bucket_versioning": frozenset({"bucket"}),
    # Network plumbing: each belongs to one VPC, subnet or table for life (the provider's ForceNew).
    "aws_route_table": frozenset({"vpc_id"}),
    "aws_route_table_association": frozenset({"subnet_id"}),
    "aws_route": frozenset({"route_table_id", "destination_cidr_block"}),
    "aws_nat_gateway": frozenset({"subnet_id", "allocation_id"}),
    "aws_default_security_group": frozenset({"vpc_id"}),
    "aws_flow_log": frozenset({"vpc_id", "traffic_type", "log_destination"}),
    "aws_vpc_security_group_ingress_rule": frozenset({"security_group_id"}),
    "aws_vpc_security_group_egress_rule": frozenset({"security_group_id"}),
    # What a name or an attachment points at is fixed for life too (seen in Terraform's plans by
    # benchmarks/impact_vs_plan.py as replace_paths; each entry confirmed by the e2e replacement check).
    "aws_appautoscaling_target": frozenset({"resource_id"}),
    "aws_appautoscaling_policy": frozenset({"name", "resource_id"}),
    "aws_cloudwatch_metric_alarm": frozenset({"alarm_name"}),
    "aws_iam_policy": frozenset({"name"}),
    "aws_iam_role_policy": frozenset({"name", "role"}),
    "aws_iam_role_policy_attachment": frozenset({"policy_arn", "role"}),
    "aws_lb_listener": frozenset({"load_balancer_arn"}),
    # A new write-only value is a new version (the old one loses its labels; the value is rewritten on purpose).
    "aws_secretsmanager_secret_version": frozenset({"secret_id", "secret_string_wo_version"}),
    "aws_wafv2_web_acl_association": frozenset({"resource_arn", "web_acl_arn"}),
    "aws_wafv2_web_acl_logging_configuration": frozenset({"log_destination_configs", "resource_arn"}),
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
# What replaces a secret's version when its value is rewritten on purpose.
REWRITTEN = frozenset({"secret_string_wo_version", "replace_triggered_by"})


class Action(Enum):
    ADD = "add"
    UPDATE = "update in place"
    REPLACE = "replace"
    DESTROY = "destroy"


ACTION_NAMES = {Action.ADD: "add", Action.UPDATE: "update", Action.REPLACE: "replace", Action.DESTROY: "destroy"}
NAMED_ACTIONS = {name: action for action, name in ACTION_NAMES.items()}


@dataclass(frozen=True)
class Change:
    address: str
    action: Action
    arguments: tuple[str, ...] = ()  # the arguments that differ (for replace: those that force it)
    stateful: bool = False
    region: str | None = None  # a secondary region's root module; None for the primary's
    causes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (argument, the spec keys that changed it)
    notes: tuple[str, ...] = ()  # what it means for the running stack, and when
    # Created anew because its provider's region changed: the one in this region keeps running, unmanaged.
    moved_from: str | None = None

    @property
    def loses_data(self) -> bool:
        if not self.stateful:
            return False
        if self.action is Action.REPLACE and self.address.split(".")[0] == a.REDIS_AUTH_SECRET_VERSION.type:
            # A new version written on purpose (a new write-only generation, a token drawn anew): the old
            # value is replaced by design, not lost by accident.
            return not set(self.arguments) <= REWRITTEN
        return self.action in (Action.REPLACE, Action.DESTROY) or self.moved_from is not None


@dataclass
class Impact:
    source: str
    target: str
    changes: list[Change] = field(default_factory=list)
    regions_added: list[str] = field(default_factory=list)  # secondary regions only the target has
    regions_removed: list[str] = field(default_factory=list)  # secondary regions only the source has
    keys: list[str] = field(default_factory=list)  # the spec keys that differ
    refusals: list[str] = field(default_factory=list)  # what AWS would refuse during the apply (refusals.py)
    cost: cost_change.CostChange | None = None  # the monthly estimate before and after, by cause
    key_lines: dict[str, str] = field(default_factory=dict)  # spec key -> `file:line` where the spec sets it now

    @property
    def failed(self) -> bool:
        """Data lost, a refusal of AWS's, or a budget passed: what `sagegen impact` exits 1 for."""
        return bool(self.data_loss or self.refusals or (self.cost and self.cost.over_budget))

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
    names = _certificate_names(parsed)
    for p in parsed:
        for address, body in hcl_reader.resources(p).items():
            for key in _instance_keys(body, local_values, names):
                found[address + key] = body
    return found


@dataclass(frozen=True)
class Module:
    """One side of a root module as Terraform would evaluate it before apply: resource instances and data
    sources with count.index, locals and variable defaults put in (propagate.resolve), and each
    provider configuration ({alias or None: {"region", "default_tags"}})."""

    resources: dict[str, dict]
    data: dict[str, dict]
    providers: dict[str | None, dict]


def module(files: dict[str, str]) -> Module:
    parsed = [_parse(text) for path, text in sorted(files.items()) if path.endswith(".tf")]
    local_values = {k: v for p in parsed for block in p.get("locals", []) for k, v in block.items()}
    defaults = {name: body["default"] for p in parsed for block in p.get("variable", []) for name, body in
                block.items() if "default" in body}  # fmt: skip
    found, data = {}, {}
    names = _certificate_names(parsed)
    for p in parsed:
        for address, body in hcl_reader.resources(p).items():
            for key in _instance_keys(body, local_values, names):
                index = int(key[1:-1]) if key[1:-1].isdigit() else None
                found[address + key] = propagate.resolve(body, index, local_values, defaults)
        for address, body in hcl_reader.resources(p, "data").items():
            data["data." + address] = propagate.resolve(body, None, local_values, defaults)
    providers = {}
    for p in parsed:
        for block in p.get("provider", []):
            for body in block.values():
                providers[body.get("alias")] = {"region": body.get("region"), "default_tags": body.get("default_tags")}
    return Module(found, data, providers)


# One instance per name of the certificates a for_each reads the validation options of (dns.tf): each
# certificate validates its domain name and every alternative name.
VALIDATION_OPTIONS = re.compile(r"for o in aws_acm_certificate\.(\w+)\.domain_validation_options\s*:\s*o\.domain_name")


def _certificate_names(parsed: list[dict]) -> dict[str, list[str]]:
    """{certificate name: its domain names} of every aws_acm_certificate the files declare."""
    return {
        address.split(".", 1)[1]: [body.get("domain_name"), *body.get("subject_alternative_names", [])]
        for p in parsed
        for address, body in hcl_reader.resources(p).items()
        if address.split(".")[0] == a.BACKEND_CERTIFICATE.type
    }


def _instance_keys(body: dict, local_values: dict, certificate_names: dict[str, list[str]]) -> list[str]:
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
        certificates = VALIDATION_OPTIONS.findall(for_each)
        if certificates and all(c in certificate_names for c in certificates):
            return [f'["{v}"]' for v in sorted({n for c in certificates for n in certificate_names[c]})]
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
        old, new = module(before.get(region, {})), module(after.get(region, {}))
        looked_up = lookups(old, new)
        found = []
        for address in sorted(set(old.resources) | set(new.resources)):
            stateful = _holds_data(address, old.resources.get(address) or new.resources[address])
            if address not in new.resources:
                found.append(Change(address, Action.DESTROY, stateful=stateful, region=region))
            elif address not in old.resources:
                found.append(Change(address, Action.ADD, stateful=stateful, region=region))
            else:
                body = propagate.as_looked_up(new.resources[address], looked_up)
                change = _changed(address, old.resources[address], body, stateful)
                if change:
                    found.append(dataclasses.replace(change, region=region))
        impact.changes += _propagated(found, old, new, region, looked_up)
    return impact


def lookups(old: Module, new: Module) -> dict[str, str]:
    """{data source: resource} where the new side looks up, by the same arguments, an object the old side
    managed (deploy.create_oidc_provider turned off): Terraform reads it at plan, so its attributes are the
    resource's and what read the resource reads the same values."""
    found = {}
    for address, arguments in new.data.items():
        managed = address.removeprefix("data.")
        if managed in old.resources and managed not in new.resources:
            if all(old.resources[managed].get(k) == v for k, v in arguments.items()):
                found[address] = managed
    return found


def _propagated(
    changes: list[Change], old: Module, new: Module, region: str | None, looked_up: dict[str, str]
) -> list[Change]:
    """`changes` with what reaches other resources through references, data sources and providers;
    `looked_up` is `lookups(old, new)`."""
    by_address = {c.address: c for c in changes}
    actions = {c.address: (ACTION_NAMES[c.action], c.arguments) for c in changes}
    moved = {}
    # A data source new on this side is read at plan; one that finds what the old side managed reads its values.
    reread = {d for d in new.data if old.data.get(d) != new.data[d] and d not in looked_up}
    for alias, settings in new.providers.items():
        was = old.providers.get(alias, settings)
        if was["region"] != settings["region"]:
            reread |= {d for d in new.data if provider_alias(new.data[d], d) == alias and not propagate.is_global(d)}
            for address in set(old.resources) & set(new.resources):
                if provider_alias(new.resources[address], address) == alias and not propagate.is_global(address):
                    actions[address], moved[address] = ("add", ()), was["region"]
        if was["default_tags"] != settings["default_tags"]:
            for address, body in new.resources.items():
                rtype = address.split(".")[0]
                if provider_alias(body, address) == alias and provider_schema.tagged(rtype) and address not in actions:
                    actions[address] = ("update", ("tags_all",))
    ignored = {address: set(_ignored(body)) for address, body in new.resources.items()}
    actions = propagate.propagate(actions, new.resources, new.data, reread, FORCES_REPLACEMENT, ignored)
    out = []
    for address, (action, arguments) in sorted(actions.items()):
        body = new.resources.get(address) or old.resources[address]
        change = by_address.get(address)
        if change is None or ACTION_NAMES[change.action] != action or change.arguments != arguments:
            stateful = _holds_data(address, body)
            change = Change(address, NAMED_ACTIONS[action], arguments, stateful, region, moved_from=moved.get(address))
        out.append(change)
    return out


def provider_alias(body: dict, address: str = "aws_") -> str | None:
    """The alias of the aws provider configuration a block uses (None: the default one; "" for a block of
    another provider, such as Terraform's own terraform_data)."""
    if not address.removeprefix("data.").startswith("aws_"):
        return ""
    named = body.get("provider")
    return str(named).removeprefix("${").removesuffix("}").removeprefix("aws.") if named else None


def render_regions(spec: Spec) -> dict[str | None, dict[str, str]]:
    """The Terraform of each root module of `spec`: {None: the primary's, region: a secondary's}."""
    return {m.spec.secondary_region: render(m.spec) for m in root_modules(spec)}


def between(spec_path: Path, base: baseline.Base) -> Impact:
    """The impact of the change from `base` to the spec at `spec_path` (see baseline.Base)."""
    sides = baseline.sides(spec_path, base)
    impact = compare_specs(sides.before_label, sides.before, sides.after_label, sides.after)
    if sides.after_stack is not None:
        lines = {k: key_line(sides.after_stack, sides.after_phase, k) for k in impact.keys}
        impact.key_lines = {k: line for k, line in lines.items() if line}
    return impact


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
        spec = _regional(before if change.action is Action.DESTROY else after, change.region)
        running = _regional(before, change.region)  # what the stack runs now, if it has that region
        explained.append(dataclasses.replace(
            change,
            causes=tuple((arg, tuple(keys)) for arg, keys in sorted(by_argument.items())),
            notes=tuple(consequences.of(change, spec, running)),
        ))  # fmt: skip
    impact.changes = explained
    impact.refusals = refusals.refusals(before, after, explained)
    impact.cost = cost_change.change(before, after, None, None)
    return impact


def _regional(spec: Spec, region: str | None) -> Spec | None:
    """`spec` as the root module of `region` renders it (None: the primary's), in its database role (where
    another region writes, a single-AZ replica); None if it has no such region."""
    return next((m.spec for m in root_modules(spec) if m.spec.secondary_region == region), None)


def _holds_data(address: str, body: dict) -> bool:
    rtype = address.split(".")[0]
    # A read replica is a copy of its source: dropping it loses nothing.
    return rtype in STATEFUL and not (rtype == "aws_db_instance" and "replicate_source_db" in body)


def _changed(address: str, old: dict, new: dict, stateful: bool) -> Change | None:
    rtype = address.split(".")[0]
    # Write-only arguments are neither stored nor compared: their version argument is.
    ignored = set(_ignored(new)) | provider_schema.write_only(rtype) | _kept_by_a_promotion(rtype, old, new)
    differing = sorted(k for k in (set(old) | set(new)) - META - ignored if old.get(k) != new.get(k))
    if not differing:
        return None
    forcing = tuple(k for k in differing if k in FORCES_REPLACEMENT.get(rtype, ()))
    if rtype == a.DATABASE.type and "replicate_source_db" not in new:
        # The provider promotes a replica whose source goes in place (PromoteReadReplica), or finds it
        # promoted already (RUNBOOK.md: lose the primary region); it never replaces it for that.
        forcing = tuple(k for k in forcing if k != "replicate_source_db")
    if forcing:
        return Change(address, Action.REPLACE, forcing, stateful)
    return Change(address, Action.UPDATE, tuple(differing), stateful)


def _kept_by_a_promotion(rtype: str, old: dict, new: dict) -> set[str]:
    """A read replica takes its engine, users, database, storage and backups from its source, and a
    promoted one keeps them (RDS User Guide, "Promoting a read replica to be a standalone DB instance").
    Where a replica's configuration becomes a writer's, the arguments the replica's left to the provider
    (optional and computed) hold the source's values in the state already: no change is planned for
    them. Where a writer's becomes a replica's, what the replica's leaves out keeps the state's value:
    the replacement is forced by replicate_source_db alone."""
    if rtype != a.DATABASE.type or ("replicate_source_db" in old) == ("replicate_source_db" in new):
        return set()
    silent = provider_schema.optional_computed(rtype)
    kept = {k for k in silent if k in old and k not in new}  # left to the provider now: the state's value
    if "replicate_source_db" in old:  # a promotion: what the replica inherited, and a false flag it never set
        kept |= {k for k in silent if k in new and k not in old} | {k for k in new if k not in old and new[k] is False}
    return kept


def _ignored(body: dict) -> list[str]:
    return [str(item).removeprefix("${").removesuffix("}") for item in propagate.lifecycle(body, "ignore_changes")]
