"""Changes that travel through expressions, as Terraform plans them.

impact compares each resource's arguments in the two renders; Terraform compares values. A value changes
while the text that names it stays the same when it comes from a local, a variable's default, an element
`count.index` picks, an attribute of a resource Terraform replaces or creates, a data source read with other
arguments, or the provider's configuration. This module resolves the first three in the text before the
comparison (`resolve`) and carries the others along references to a fixpoint (`propagate`): an argument
that reads a changed value changes; a changed argument that forces replacement replaces its resource, whose
computed attributes are then unknown until apply, and so on to the end of the graph.

A changed region moves every resource of that provider: Terraform's refresh finds none of them in the new
region, drops them from the state and plans to create them there, while the old ones keep running,
unmanaged. Global services (IAM, CloudFront, Route 53) and S3 buckets are found from any region and stay.

Approximations, each measured by benchmarks/impact_vs_plan.py against Terraform's own plan: an updated
resource's computed attributes are taken as unchanged (the provider may recompute some; UPDATE_RECOMPUTES
lists those seen); a replaced resource's configured attributes keep their new configured value.
"""

from __future__ import annotations

import json
import re

from . import provider_schema

# Inside ${...}: a reference to an attribute of a resource or data source instance.
REFERENCE = re.compile(
    r"(?<![\w.])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)"  # type.name (data.type.name)
    r"(\[(?:\*|\d+|\"[^\"]*\")\])?"  # an instance, all of them, or none
    r"\.([a-z_][a-z0-9_]*)"  # the attribute
)
INTERPOLATION = re.compile(r"\$\{(.*)\}", re.S)
LOCAL_ELEMENT = re.compile(r"\blocal\.(\w+)\[(\d+)\]")
LOCAL = re.compile(r"\blocal\.(\w+)\b")
VARIABLE = re.compile(r"\bvar\.(\w+)\b")
COUNT_INDEX = re.compile(r"\bcount\.index\b")
# Computed attributes hashicorp/aws recomputes on an in-place update (seen in Terraform's plans).
UPDATE_RECOMPUTES: dict[str, frozenset[str]] = {
    "aws_secretsmanager_secret_version": frozenset({"version_id", "id"}),
}
# Resources a refresh through another region's provider still finds: IAM, CloudFront and Route 53 are global
# services, and S3 bucket names are one namespace (the provider's read is a HeadBucket, and only a 404
# counts as gone; measured by benchmarks/impact_vs_plan.py on the emulator).
GLOBAL_PREFIXES = ("aws_iam_", "aws_cloudfront_", "aws_route53_", "aws_s3_bucket")


def resolve(value: object, index: int | None, local_values: dict, defaults: dict) -> object:
    """`value` with count.index, locals and variable defaults put in as their values' text."""
    if isinstance(value, dict):
        return {k: resolve(v, index, local_values, defaults) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, index, local_values, defaults) for v in value]
    if not isinstance(value, str) or "${" not in value:
        return value
    text = value if index is None else COUNT_INDEX.sub(str(index), value)

    def element(match: re.Match) -> str:
        values = local_values.get(match.group(1))
        position = int(match.group(2))
        if isinstance(values, list) and position < len(values):
            return json.dumps(values[position])
        return match.group(0)

    text = LOCAL_ELEMENT.sub(element, text)
    text = LOCAL.sub(lambda m: json.dumps(local_values[m.group(1)]) if m.group(1) in local_values else m.group(0), text)
    return VARIABLE.sub(lambda m: json.dumps(defaults[m.group(1)]) if m.group(1) in defaults else m.group(0), text)


def references(value: object) -> set[tuple[str, str]]:
    """(address, attribute) of every reference in `value`; address `type.name[*]` for a splat."""
    if isinstance(value, dict):
        return set().union(*(references(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(references(v) for v in value)) if value else set()
    if not isinstance(value, str) or "${" not in value:
        return set()
    found = set()
    for inner in INTERPOLATION.findall(value):
        for address, instance, attribute in REFERENCE.findall(inner):
            if address.split(".")[0] in ("local", "var", "count", "each", "path", "module", "self", "ephemeral"):
                continue
            found.add((address + (instance or ""), attribute))
    return found


def as_looked_up(value: object, lookups: dict[str, str]) -> object:
    """`value` with each reference to a data source of `lookups` written as the resource it finds."""
    if not lookups:
        return value
    if isinstance(value, dict):
        return {k: as_looked_up(v, lookups) for k, v in value.items()}
    if isinstance(value, list):
        return [as_looked_up(v, lookups) for v in value]
    if not isinstance(value, str):
        return value
    for data, managed in lookups.items():
        value = re.sub(rf"(?<![\w.]){re.escape(data)}\.", managed + ".", value)
    return value


def is_global(address: str) -> bool:
    return address.removeprefix("data.").startswith(GLOBAL_PREFIXES)


def changed_values(
    actions: dict[str, tuple[str, tuple[str, ...]]], reread: set[str], ignored: dict[str, set[str]]
) -> dict[str, set[str] | None]:
    """{address: the attributes whose value differs, or None for every one} from the planned actions and
    the data sources read anew. A created resource's values are all new; a replaced one's computed ones
    are unknown, and its changed arguments and those ignore_changes held at their first value take the
    configuration's value; an updated one's changed arguments differ."""
    values: dict[str, set[str] | None] = {address: None for address in reread}
    for address, (action, arguments) in actions.items():
        rtype = address.split(".")[0]
        if action == "add":
            values[address] = None
        elif action == "replace":
            every = {"id", *provider_schema.computed("resource", rtype), *arguments}
            values[address] = every | ignored.get(address, set())
        elif action == "update":
            values[address] = {*arguments, *UPDATE_RECOMPUTES.get(rtype, ())}
    return values


def reads_changed(value: object, values: dict[str, set[str] | None]) -> bool:
    """Whether `value` references an attribute whose value differs."""
    for address, attribute in references(value):
        if address.endswith("[*]"):
            base = address[:-3]
            hits = [a for a in values if a == base or a.startswith(base + "[")]
        else:
            hits = [address] if address in values else []
        for hit in hits:
            attributes = values[hit]
            if attributes is None or attribute in attributes:
                return True
    return False


def lifecycle(body: dict, setting: str) -> list:
    """The items of a `lifecycle` setting of a resource body (a block: parsed as a list of one)."""
    blocks = body.get("lifecycle")
    blocks = blocks if isinstance(blocks, list) else [blocks] if blocks else []
    return [item for block in blocks if isinstance(block, dict) for item in block.get(setting, [])]


def triggered(body: dict, actions: dict[str, tuple[str, tuple[str, ...]]]) -> bool:
    """Whether a resource its `lifecycle.replace_triggered_by` names is updated or replaced: Terraform then
    replaces this one (not when that one is created: Terraform docs, "lifecycle", replace_triggered_by)."""
    named = {str(t).removeprefix("${").removesuffix("}") for t in lifecycle(body, "replace_triggered_by")}
    return any(actions.get(n, ("no-op",))[0] in ("update", "replace") for n in named)


def propagate(
    actions: dict[str, tuple[str, tuple[str, ...]]],
    new: dict[str, dict],
    data: dict[str, dict],
    reread: set[str],
    forcing: dict[str, frozenset[str]],
    ignored: dict[str, set[str]],
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """`actions` ({address: (add|update|replace|destroy, arguments)}) with every change that reaches a
    resource through its references, to a fixpoint. `new` holds the target side's resource bodies (data
    sources in `data`), `reread` the data sources read with other arguments, `forcing` the arguments that
    force replacement per type, `ignored` each resource's ignore_changes."""
    actions, reread = dict(actions), set(reread)
    meta = {"count", "for_each", "lifecycle", "depends_on", "provider"}
    while True:
        values = changed_values(actions, reread, ignored)
        grown = False
        for address, body in data.items():
            if address not in reread and reads_changed(body, values):
                reread.add(address)  # read at apply, once what it reads is known
                grown = True
        for address, body in new.items():
            action, arguments = actions.get(address, ("no-op", ()))
            if action in ("add", "replace", "destroy"):
                continue
            if triggered(body, actions):
                actions[address] = ("replace", ("replace_triggered_by",))
                grown = True
                continue
            reached = {k for k, v in body.items() if k not in meta and k not in ignored.get(address, set())
                       and k not in arguments and reads_changed(v, values)}  # fmt: skip
            if not reached:
                continue
            rtype = address.split(".")[0]
            every = tuple(sorted({*arguments, *reached}))
            forced = tuple(a for a in every if a in forcing.get(rtype, ()))
            actions[address] = ("replace", forced) if forced else ("update", every)
            grown = True
        if not grown:
            return actions
