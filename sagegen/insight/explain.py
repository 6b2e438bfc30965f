"""Which spec keys caused each change of an impact: found by trying each changed key on its own.

For every key that differs between the two specs, the base spec with only
that key changed is rendered and compared with the base render; the
arguments that move are that key's doing. Nothing here knows where a value
lands: the templates say it, by rendering. A key whose change alone does not
validate (it only makes sense with another) is reported as part of the keys
that changed together.
"""

from __future__ import annotations

import copy

from pydantic import ValidationError

from ..spec.models import Spec

Cause = dict[tuple[str | None, str], dict[str, list[str]]]  # (region, address) -> argument -> spec keys


def changed_keys(before: object, after: object, path: str = "") -> list[str]:
    """Dotted paths of the leaves that differ; lists count as leaves (they replace, as in overlays)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in sorted(set(before) | set(after), key=str):
            child = f"{path}.{key}" if path else str(key)
            if key not in before or key not in after:
                out.append(child)
            else:
                out += changed_keys(before[key], after[key], child)
        return out
    return [] if before == after else [path]


def with_key(data: dict, key: str, source: dict) -> dict:
    """`data` with the value of `key` taken from `source` (or removed, where `source` has none)."""
    data = copy.deepcopy(data)
    *parents, leaf = key.split(".")
    here, there = data, source
    for part in parents:
        here, there = here.setdefault(part, {}), (there or {}).get(part) if isinstance(there, dict) else None
    if isinstance(there, dict) and leaf in there:
        here[leaf] = copy.deepcopy(there[leaf])
    else:
        here.pop(leaf, None)
    return data


# Keys the spec is only valid with changed together (one alone fails validation), so which of them
# moves the argument cannot be tried apart: said of them all.
TOGETHER = "(changed together: the spec is valid only with all of them, so they are not tried one by one)"


def causes(before: Spec, after: Spec, changes: list, changes_from_before) -> tuple[Cause, list[str]]:
    """({(region, address): {argument: [keys]}}, the keys that changed) between `before` and `after`.

    `changes` are those of the whole change; `changes_from_before(spec)` lists the changes from
    `before`'s render to `spec`'s (impact.py renders `before` once and passes both in, which also
    keeps this module below it). Arguments no single key explains are put down to the keys that
    could not be tried alone, under the argument TOGETHER.
    """
    base_data, target_data = before.model_dump(mode="json"), after.model_dump(mode="json")
    keys = changed_keys(base_data, target_data)
    found: Cause = {}
    together = []
    for key in keys:
        try:
            variant = Spec.model_validate(with_key(base_data, key, target_data))
        except ValidationError:
            together.append(key)  # only valid with another key changed too
            continue
        for change in changes_from_before(variant):
            for argument in change.arguments or ("",):
                found.setdefault((change.region, change.address), {}).setdefault(argument, []).append(key)
    if together:
        for change in changes:
            known = found.get((change.region, change.address), {})
            if not any(argument in known for argument in change.arguments or ("",)):
                found.setdefault((change.region, change.address), {})[TOGETHER] = together
    return found, keys
