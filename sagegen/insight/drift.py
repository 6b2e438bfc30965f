"""`sagegen drift`: what changed in the live stack behind Terraform's back, by the spec key that owns it.

Terraform says what the live stack is: the JSON of a refresh-only plan (`terraform plan -refresh-only
-out=F`, then `terraform show -json F`) lists `resource_drift`, each resource's attributes as the state
had them (`before`) and as AWS has them now (`after`) (Terraform docs, "JSON Output Format"). Each
attribute that differs is put in one of three classes:

- owned: the render sets it. A spec key that moves it is found by rendering the spec with that key
  changed (the templates say where a value lands; nothing here keeps a second map); the next apply
  restores the spec's value, or the spec adopts the live one with the YAML edit printed, which was
  checked by rendering the edited spec. A value the templates set with no spec key is owned too, with
  no edit to offer.
- computed: the provider's schema says AWS computes it (Computed, not Optional), or the provider stores
  its own form of the spec's value: noise, named and ignored.
- inexpressible: the render leaves it out (a tag or a rule added by hand): the spec cannot say it. The
  next apply removes it where the attribute is the configuration's alone, and keeps it where the
  provider leaves it to AWS (Optional and Computed).

A resource deleted outside Terraform is owned: the next apply creates it again.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

from pydantic import ValidationError

from ..errors import Problem, UserError
from ..render.module import render
from ..spec.edit import Edit, adopt, located_key
from ..spec.layout import root_modules
from ..spec.load import Stack
from ..spec.models import Spec
from . import provider_schema
from .impact import module as module_of
from .impact import provider_alias

TAGS, TAGS_ALL = "tags", "tags_all"


class Kind(Enum):
    OWNED = "owned"
    COMPUTED = "computed"
    INEXPRESSIBLE = "inexpressible"


@dataclass(frozen=True)
class Drift:
    """One attribute (or one tag) of one resource instance whose live value is not the state's."""

    address: str
    attribute: str  # "instance_class", "tags.Owner"; "" for the whole resource (deleted)
    kind: Kind
    configured: object  # what the render sets (None: nothing)
    live: object  # what AWS has now (None: deleted)
    keys: tuple[str, ...] = ()  # the spec keys that move it, each "key (file:line)"
    edit: Edit | None = None  # the spec edit that adopts the live value, checked by rendering
    edit_moves: tuple[str, ...] = ()  # other resources whose configuration the edit changes too
    remedy: str = ""  # what the next apply does, or what to do

    @property
    def target(self) -> str:
        return f"{self.address}.{self.attribute}" if self.attribute else self.address


@dataclass
class Report:
    phase: str | None
    region: str
    drifts: list[Drift] = field(default_factory=list)

    def of(self, kind: Kind) -> list[Drift]:
        return [d for d in self.drifts if d.kind is kind]

    @property
    def found(self) -> bool:
        """Whether anything but noise drifted: what a scheduled job alerts on."""
        return any(d.kind is not Kind.COMPUTED for d in self.drifts)


@dataclass(frozen=True)
class Context:
    """The spec side of a report: the stack, its text, the phase and the root module's region."""

    stack: Stack
    text: str
    phase: str | None
    region: str
    # Renders of this report by the spec's JSON: the keys tried for one attribute are tried again for the
    # next (a project name shows in most of them), and a render costs far more than the JSON.
    renders: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def spec(self) -> Spec:
        return self.stack.spec(self.phase)

    @cached_property
    def base(self):
        """The root module as the spec renders it now (impact.Module)."""
        return _module(self, self.spec)

    def module_spec(self, spec: Spec) -> Spec:
        for m in root_modules(spec):
            if m.spec.region == self.region:
                return m.spec
        raise LookupError(self.region)


def report(context: Context, resource_drift: list[dict]) -> Report:
    """Every drifted attribute of `resource_drift` (a plan JSON's list), classified."""
    out = Report(context.phase, context.region)
    configured = context.base
    for entry in sorted(resource_drift, key=lambda e: e["address"]):
        address, change = entry["address"], entry["change"]
        if change.get("after") is None:
            out.drifts.append(Drift(address, "", Kind.OWNED, None, None, remedy="deleted: the next apply creates it"))
            continue
        body = configured.resources.get(address)
        if body is None:  # a resource of another phase or render: the whole stack is a question for `check`
            out.drifts.append(
                Drift(address, "", Kind.INEXPRESSIBLE, None, None, remedy="not in this phase's render: `sagegen check`")
            )
            continue
        own_tags = body.get(TAGS) if isinstance(body.get(TAGS), dict) else {}
        tags = {**_default_tags(configured, body), **own_tags}
        hidden = _sensitive(change.get("before_sensitive")) | _sensitive(change.get("after_sensitive"))
        for attribute, before, after in _differences(entry["type"], change["before"] or {}, change["after"]):
            top = attribute.partition(".")[0]
            secret = bool(hidden & {"*", top}) or (top == TAGS and TAGS_ALL in hidden)
            found = _classify(context, entry["type"], address, attribute, body, tags, before, None if secret else after)
            out.drifts.append(dataclasses.replace(found, live=SENSITIVE, configured=SENSITIVE) if secret else found)
    return out


SENSITIVE = "(sensitive)"  # a value the plan marks sensitive is neither printed nor written into an edit


def _sensitive(marks: object) -> set[str]:
    """The top-level attributes a plan's `before_sensitive`/`after_sensitive` marks (wholly or in part)."""
    if marks is True:
        return {"*"}
    if not isinstance(marks, dict):
        return set()
    return {name for name, mark in marks.items() if mark is True or (isinstance(mark, (dict, list)) and _any(mark))}


def _any(mark: object) -> bool:
    if mark is True:
        return True
    values = mark.values() if isinstance(mark, dict) else mark if isinstance(mark, list) else ()
    return any(_any(v) for v in values)


def _default_tags(configured, body: dict) -> dict:
    settings = configured.providers.get(provider_alias(body)) or {}
    blocks = settings.get("default_tags") or []
    blocks = blocks if isinstance(blocks, list) else [blocks]
    return {k: v for block in blocks for k, v in (block.get("tags") or {}).items()}


def _differences(rtype: str, before: dict, after: dict) -> list[tuple[str, object, object]]:
    """(attribute, before, after) of every top-level attribute that differs; tags one by one (tags_all:
    every tag AWS has, so the tags the provider takes from default_tags are seen too)."""
    found = []
    for name in sorted(set(before) | set(after)):
        if name == TAGS or name in provider_schema.write_only(rtype):
            continue  # tags: read through tags_all below; write-only: never stored
        old, new = before.get(name), after.get(name)
        if _same(old, new):
            continue
        if name == TAGS_ALL:
            old, new = old or {}, new or {}
            found += [
                (f"{TAGS}.{k}", old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)
            ]
            continue
        found.append((name, old, new))
    return found


def _same(a: object, b: object) -> bool:
    """Equal, counting an empty list, map or string as no value (the provider stores either)."""
    empty = (None, [], {}, "")
    return a == b or (a in empty and b in empty)


def _classify(
    context: Context, rtype: str, address: str, attribute: str, body: dict, tags: dict, before, after
) -> Drift:
    name, _, tag = attribute.partition(".")
    configured = tags.get(tag) if tag else body.get(name)
    if not tag and name in provider_schema.computed("resource", rtype):
        return Drift(address, attribute, Kind.COMPUTED, configured, after, remedy="AWS computes it")
    if configured is None:
        keeps = not tag and name in provider_schema.optional_computed(rtype)
        remedy = (
            "the next apply keeps it: the render leaves it to AWS; remove it by hand if it should not be there"
            if keeps
            else "the next apply removes it"
        )
        return Drift(address, attribute, Kind.INEXPRESSIBLE, None, after, remedy=remedy)
    if _is_expression(configured):
        return Drift(
            address, attribute, Kind.OWNED, configured, after,
            remedy=f"set from another resource ({configured}): the next apply restores it",
        )  # fmt: skip
    if before is not None and not _same(configured, before) and not isinstance(configured, (dict, list)):
        # The state never held the render's value as written ("16" configured, "16.4" stored): the provider
        # keeps its own form of it, and AWS moved within what the spec allows.
        return Drift(
            address, attribute, Kind.COMPUTED, configured, after,
            remedy=f"the provider stores its own form of the render's {configured!r}",
        )  # fmt: skip
    keys, edit, moves = _owners(context, address, name, tag, configured, after)
    remedy = "the next apply restores the spec's value" + (
        ""
        if keys
        else " (no single spec key moves it: sagegen's templates set it, or an item of a list the spec "
        "gives whole, such as secondary_regions)"
    )
    return Drift(address, attribute, Kind.OWNED, configured, after, tuple(keys), edit, moves, remedy)


def _is_expression(value: object) -> bool:
    return isinstance(value, str) and "${" in value


def _owners(
    context: Context, address: str, name: str, tag: str, configured: object, live: object
) -> tuple[list[str], Edit | None, tuple[str, ...]]:
    """The spec keys whose change moves the attribute (found by rendering), the edit adopting `live`, and
    the other resources that edit changes (one key often sets many: every log group's retention)."""
    data = context.spec.model_dump(mode="json")
    keys, edit, moves = [], None, ()
    for key, value in _candidates(data, configured):
        adopted = _adopted(context, key, value, live, address, name, tag) if edit is None else None
        if adopted is not None:
            edit, moves = adopted
        if adopted is not None or _moves(context, data, key, value, address, name, tag, configured):
            keys.append(located_key(context.stack, context.phase, key))
    return keys, edit, moves


def _adopted(context: Context, key: str, value: object, live: object, address: str, name: str, tag: str):
    """(the edit setting `key` to `live`, the other resources it changes) when the edited spec renders `live`
    there; None otherwise. Only a scalar of the key's own type is written into the spec."""
    if not (_scalar(live) and type(live) is type(value)):
        return None
    attempt = adopt(context.stack, context.text, context.phase, key, live)
    adopted = _module(context, attempt.spec) if attempt is not None else None
    if _value(adopted, address, name, tag) != live:
        return None
    return attempt.edit, _changed_besides(context.base, adopted, address)


def _changed_besides(before, after, address: str) -> tuple[str, ...]:
    every = set(before.resources) | set(after.resources)
    return tuple(sorted(a for a in every if a != address and before.resources.get(a) != after.resources.get(a)))


def _candidates(data: dict, configured: object) -> list[tuple[str, object]]:
    """The spec's leaves whose value shows in the configured value: equal, or written inside it."""
    shown = {repr(v) for v in _scalars(configured)}
    texts = [v for v in _scalars(configured) if isinstance(v, str)]
    out = []
    for key, value in _leaves(data):
        if value is None or isinstance(value, bool) and not isinstance(configured, bool):
            continue
        if repr(value) in shown or (isinstance(value, str) and len(value) >= 3 and any(value in t for t in texts)):
            out.append((key, value))
    return out


def _leaves(data: object, path: str = "") -> list[tuple[str, object]]:
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _leaves(v, f"{path}.{k}" if path else str(k))]
    return [(path, data)]


def _scalars(value: object) -> list[object]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _scalars(v)]
    if isinstance(value, list):
        return [s for v in value for s in _scalars(v)]
    return [value]


def _scalar(value: object) -> bool:
    return isinstance(value, (str, int, float, bool))


def _moves(context: Context, data: dict, key: str, value, address: str, name: str, tag: str, configured) -> bool:
    """Whether another value of `key` renders another value of the attribute."""
    for other in _others(value):
        variant = copy.deepcopy(data)
        *parents, leaf = key.split(".")
        here = variant
        for part in parents:
            here = here[part]
        here[leaf] = other
        try:
            spec = Spec.model_validate(variant)
        except ValidationError:
            continue
        return _value(_module(context, spec), address, name, tag) != configured
    return False


def _others(value: object) -> list[object]:
    """Values to try in place of `value`: one of its own type that validation may accept."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value * 2, value - 1]
    if isinstance(value, float):
        return [value * 2]
    if isinstance(value, str):
        return [value + "x", value[:-1] + "z"]
    return []


def _module(context: Context, spec: Spec):
    """The root module of the context's region as `spec` renders it (None: `spec` has no such region)."""
    key = spec.model_dump_json()
    if key not in context.renders:
        try:
            context.renders[key] = module_of(render(context.module_spec(spec)))
        except LookupError:
            context.renders[key] = None
    return context.renders[key]


def _value(configured, address: str, name: str, tag: str) -> object:
    """The attribute (or tag) as `configured` (impact.Module) sets it; None where it does not, or where
    there is no module (the spec rendered has no such region)."""
    if configured is None:
        return None
    body = configured.resources.get(address) or {}
    if tag:
        own = body.get(TAGS) if isinstance(body.get(TAGS), dict) else {}
        return {**_default_tags(configured, body), **own}.get(tag)
    return body.get(name)


def from_plan(plan: object, source: str) -> tuple[str | None, list[dict]]:
    """(the region of the plan's default aws provider, its managed `resource_drift`) from the JSON of
    `terraform show -json PLANFILE` (OpenTofu's `tofu show -json` writes the same keys)."""
    if not isinstance(plan, dict) or "format_version" not in plan:
        raise UserError([Problem("is not the JSON of `terraform show -json PLANFILE`", file=source)], hint=PLAN_HINT)
    if "resource_drift" not in plan and "planned_values" not in plan:
        raise UserError(
            [Problem("is a state, not a plan: it holds no earlier values to compare with", file=source)],
            hint=PLAN_HINT,
        )
    entries = plan.get("resource_drift") or []
    if not isinstance(entries, list) or not all(_entry_ok(e) for e in entries):
        raise UserError(
            [Problem("resource_drift is not a list of resource changes", file=source, key="resource_drift")]
        )
    config = (((plan.get("configuration") or {}).get("provider_config") or {}).get("aws") or {}).get("expressions")
    region = ((config or {}).get("region") or {}).get("constant_value")
    managed = [e for e in entries if e.get("mode", "managed") == "managed" and not e.get("module_address")]
    return region if isinstance(region, str) else None, managed


def _entry_ok(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("address"), str)
        and isinstance(entry.get("type"), str)
        and isinstance(entry.get("change"), dict)
        and isinstance(entry["change"].get("before") or {}, dict)
        and isinstance(entry["change"].get("after") or {}, dict)
    )


PLAN_HINT = (
    "make it with `terraform plan -refresh-only -out=drift.tfplan` then "
    "`terraform show -json drift.tfplan > drift.json` in the root module's directory, or let sagegen run them: "
    "sagegen drift --terraform DIR"
)


HEADINGS = {
    Kind.OWNED: "owned by the spec",
    Kind.INEXPRESSIBLE: "not expressible in the spec",
    Kind.COMPUTED: "computed by AWS or the provider (ignored)",
}


def as_text(result: Report) -> str:
    where = f"phase {result.phase}, " if result.phase else ""
    lines = [f"drift of the live stack ({where}{result.region}):"]
    for kind in (Kind.OWNED, Kind.INEXPRESSIBLE):
        found = result.of(kind)
        if found:
            lines.append(f"\n{HEADINGS[kind]} ({len(found)}):")
            lines += [line for d in found for line in _lines(d)]
    noise = result.of(Kind.COMPUTED)
    if noise:
        lines.append(f"\n{HEADINGS[Kind.COMPUTED]} ({len(noise)}): " + ", ".join(d.target for d in noise))
    lines.append("")
    lines.append("drift found: exit 4" if result.found else "no drift the spec or the account should hear of")
    return "\n".join(lines) + "\n"


def _lines(d: Drift) -> list[str]:
    spec = "not set" if d.configured is None else _shown(d.configured)
    live = "deleted" if d.live is None and not d.attribute else _shown(d.live)
    lines = [f"  {d.target}: render {spec}, live {live}"]
    lines += [f"      {key}" for key in d.keys]
    lines.append(f"      {d.remedy}")
    if d.edit:
        also = f" (phases {', '.join(d.edit.also)} read the same line)" if d.edit.also else ""
        lines.append(f"      or adopt the live value{also}:")
        lines += [f"        {line}" for line in d.edit.as_diff()]
        if d.edit_moves:
            lines.append(f"      the edit changes {len(d.edit_moves)} other resource(s) too: {', '.join(d.edit_moves)}")
    return lines


def _shown(value: object) -> str:
    import json

    text = json.dumps(value, sort_keys=True) if not isinstance(value, str) else value
    return text if len(text) <= 120 else text[:117] + "..."


def as_json(result: Report) -> dict:
    return {
        "phase": result.phase,
        "region": result.region,
        "found": result.found,
        "drifts": [
            {
                "address": d.address,
                "attribute": d.attribute,
                "class": d.kind.value,
                "render": d.configured,
                "live": d.live,
                "keys": list(d.keys),
                "remedy": d.remedy,
                "edit": None
                if d.edit is None
                else {
                    "file": d.edit.file,
                    "line": d.edit.line,
                    "key": d.edit.key,
                    "before": list(d.edit.before),
                    "after": list(d.edit.after),
                    "alsoPhases": list(d.edit.also),
                    "alsoChanges": list(d.edit_moves),
                },
            }
            for d in result.drifts
        ],
    }
