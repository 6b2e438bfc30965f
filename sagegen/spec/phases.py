"""Phases: the spec states its base once and each phase as an overlay of only what changes.

```yaml
service: { desired_count: 2, ... }      # the base
phases:
  mvp: {}                               # the base as it is
  growth:
    service: { desired_count: 5 }       # only what changes
```

Overlays merge the way Helm merges values files: mappings merge key by key,
lists and scalars replace, and `null` removes a key (so its default applies).
Each merged phase is validated by the same models as a plain spec; an error
inside an overlay names the phase and the key (`phases.growth.service.cpu`)
at the overlay's line, an error only some phases have says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Problem, UserError
from .yaml_reader import LocatedYaml, dotted

PHASES_KEY = "phases"
MAX_PHASES = 12  # the document has 3 (MVP, Growth, Scale); README, "The spec", says so
PHASE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,19}$")


def merge(base: object, overlay: object) -> object:
    """Helm's rule: mappings merge, anything else replaces, `None` deletes."""
    if isinstance(base, dict) and isinstance(overlay, dict):
        merged = dict(base)
        for key, value in overlay.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = merge(merged[key], value) if key in merged else _without_nulls(value)
        return merged
    return _without_nulls(overlay)


def _without_nulls(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    return value


@dataclass
class PhaseYaml(LocatedYaml):
    """A phase's merged spec; remembers which keys its overlay set, to name them in errors."""

    phase: str = ""
    overlay: set[tuple] = field(default_factory=set)

    def problem(self, path: tuple, message: str) -> Problem:
        path = tuple(path)
        located = path
        while located not in self.marks and located:
            located = located[:-1]
        if located in self.overlay:
            where = self.marks[located]
            return Problem(
                message,
                file=self.source,
                line=where[0],
                column=where[1],
                key=f"{PHASES_KEY}.{self.phase}.{dotted(path)}",
            )
        return super().problem(path, message)


def split(located: LocatedYaml) -> dict[str, LocatedYaml] | None:
    """The document of each phase, in the spec's order; None when the spec has no phases."""
    if not isinstance(located.data, dict) or PHASES_KEY not in located.data:
        return None
    phases = located.data[PHASES_KEY]
    if not isinstance(phases, dict) or not phases:
        raise UserError([located.problem((PHASES_KEY,), "must map phase names to overlays, e.g. `mvp: {}`")])
    if len(phases) > MAX_PHASES:
        # Every command validates every phase: a bound keeps each one quick (the document has 3).
        raise UserError([located.problem((PHASES_KEY,), f"{len(phases)} phases; a spec has at most {MAX_PHASES}")])
    problems = []
    for name, overlay in phases.items():
        if not isinstance(name, str) or not PHASE_NAME.fullmatch(name):
            problems.append(
                located.problem(
                    (PHASES_KEY, name),
                    f"phase name {name!r} must be lowercase letters, digits and -, starting with a letter (at most 20)",
                )
            )
        elif overlay is not None and not isinstance(overlay, dict):
            problems.append(
                located.problem((PHASES_KEY, name), "a phase is a mapping of what changes (`{}` for the base as it is)")
            )
        elif isinstance(overlay, dict) and PHASES_KEY in overlay:
            problems.append(located.problem((PHASES_KEY, name, PHASES_KEY), "a phase cannot define phases"))
    if problems:
        raise UserError(problems)
    base = {k: v for k, v in located.data.items() if k != PHASES_KEY}
    base_marks = {p: m for p, m in located.marks.items() if not p or p[0] != PHASES_KEY}
    return {name: _phase_yaml(located, name, base, base_marks, overlay or {}) for name, overlay in phases.items()}


def _phase_yaml(located: LocatedYaml, name: str, base: dict, base_marks: dict, overlay: dict) -> PhaseYaml:
    prefix = (PHASES_KEY, name)
    overlay_marks = {p[2:]: m for p, m in located.marks.items() if p[:2] == prefix and len(p) > 2}
    return PhaseYaml(
        data=merge(base, overlay),
        source=located.source,
        marks={**base_marks, **overlay_marks},
        phase=name,
        overlay=set(overlay_marks),
    )


def pick(specs: dict, source: str, name: str):
    """The phase `name` of validated `specs`, or a located error naming the phases there are."""
    if name in specs:
        return specs[name]
    known = [p for p in specs if p] or ["none (the spec has no `phases`)"]
    raise UserError([Problem(unknown_phase(name, known), file=source, key=PHASES_KEY)])


def unknown_phase(name: str, known: list[str]) -> str:
    """`unknown phase 'grwoth'; did you mean growth? ...`: the message for a phase the spec does not define."""
    import difflib

    close = difflib.get_close_matches(name, known)  # best first
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"unknown phase {name!r}{hint} (the spec defines: {', '.join(known)})"
