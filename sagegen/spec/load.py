"""Turn a spec file into a validated `Spec`, or into located error messages."""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..errors import Problem, UserError
from . import phases
from .credentials import credential_problems
from .header import HEADER_KEYS, check_version, live_phase
from .models import Spec
from .yaml_reader import LocatedYaml, parse_yaml, read_yaml_file


@dataclass(frozen=True)
class Stack:
    """A validated spec: every phase ({None: spec} without phases) and the one production runs now."""

    phases: dict[str | None, Spec]
    live: str | None
    source: str
    located: dict[str | None, LocatedYaml] = field(default_factory=dict, compare=False, repr=False)

    @property
    def live_spec(self) -> Spec:
        return self.phases[self.live]

    def spec(self, phase: str | None) -> Spec:
        """The phase `phase` (None: the live one), or a located error naming the phases there are."""
        if phase is None:
            return self.live_spec
        return phases.pick(self.phases, self.source, phase)


def load_stack(path: Path) -> Stack:
    """Read, check the format of, and validate every phase of the spec at `path` (named so in messages).

    All phases are validated before any error is raised, so one run reports them all.
    """
    return stack_of(read_yaml_file(path))


def load_stack_bytes(raw: bytes, source: str) -> Stack:
    """The same for a spec's bytes from elsewhere (a git revision), named `source` in messages."""
    return stack_of(parse_yaml(raw, source))


def stack_of(located: LocatedYaml) -> Stack:
    check_version(located)
    leaked = credential_problems(located)
    if leaked:
        raise UserError(leaked, hint="docs/security.md: how secrets reach the container")
    body = LocatedYaml(
        data={k: v for k, v in located.data.items() if k not in HEADER_KEYS},
        source=located.source,
        marks={p: m for p, m in located.marks.items() if not p or p[0] not in HEADER_KEYS},
    )
    located_phases = phases.split(body)
    live = live_phase(located, list(located_phases) if located_phases is not None else None)
    if located_phases is None:
        return Stack({None: validate_located(body)}, None, located.source, {None: body})
    specs, failures = {}, {}
    for name, phase_yaml in located_phases.items():
        try:
            specs[name] = validate_located(phase_yaml)
        except UserError as exc:
            failures[name] = exc.problems
    if failures:
        raise UserError(_phase_problems(failures, len(located_phases)))
    return Stack(specs, live, located.source, dict(located_phases))


def load_spec(path: Path, phase: str | None = None) -> Spec:
    """Read, parse and validate the spec at `path`: one phase of it (by default the live one)."""
    return load_stack(path).spec(phase)


def load_phases(path: Path) -> dict[str | None, Spec]:
    """Every phase of the spec at `path`, validated, in the spec's order; {None: spec} without phases."""
    return load_stack(path).phases


def _phase_problems(failures: dict[str, list[Problem]], phase_count: int) -> list[Problem]:
    """An error every phase shares is the base's: say it once. Others say which phase has them."""
    seen: dict[Problem, list[str]] = {}
    for name, problems in failures.items():
        for problem in problems:
            seen.setdefault(problem, []).append(name)
    out = []
    for problem, names in seen.items():
        if len(names) < phase_count and not str(problem.key).startswith(f"{phases.PHASES_KEY}."):
            problem = dataclasses.replace(problem, message=f"in phase {', '.join(names)}: {problem.message}")
        out.append(problem)
    return sorted(out, key=_reading_order)


def _reading_order(problem: Problem) -> tuple[int, int, str]:
    """Errors in the order of the file (line, then column); those without a place first, then by key."""
    return (problem.line or 0, problem.column or 0, problem.key or "")


def validate_located(located: LocatedYaml) -> Spec:
    try:
        return Spec.model_validate(located.data)
    except ValidationError as exc:
        problems = [_problem(located, err) for err in exc.errors(include_url=False)]
        raise UserError(sorted(problems, key=_reading_order)) from None


def _problem(located: LocatedYaml, err: dict) -> Problem:
    loc = _clean_loc(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        message = "unknown key"
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed)  # best first
        if close:
            message += f"; did you mean `{close[0]}`?"
        elif allowed:
            message += f"; expected one of: {', '.join(allowed)}"
        return located.problem(loc, message)
    if kind == "missing":
        return located.problem(loc, "required key is missing")
    if kind == "string_type" and isinstance(err.get("input"), (int, float)) and not isinstance(err["input"], bool):
        quoted = json.dumps(str(err["input"]))
        return located.problem(loc, f"{err['input']!r} is a number, and this key takes text: quote it as you mean "
                                    f"it, e.g. {quoted}")  # fmt: skip
    if kind == "bool_type" and isinstance(err.get("input"), str):
        return located.problem(loc, f"{err['input']!r} is text, and this key takes true or false, unquoted")
    if kind == "string_pattern_mismatch":
        # Every pattern of the models has its words (tests/spec/test_rules.py holds it): no regex reaches a user.
        return located.problem(loc, f"{err['input']!r} is not {PATTERN_WORDS[err['ctx']['pattern']]}")
    # Our own rules raise ValueError (pydantic: "Value error, ...") and already name the value; pydantic's
    # built-in ones do not.
    message = err["msg"].removeprefix("Value error, ")
    if "input" in err and kind != "value_error" and _is_scalar(err["input"]):
        message += f" (got {err['input']!r})"
    return located.problem(_written_key(located, loc, message), message)


def _written_key(located: LocatedYaml, loc: tuple, message: str) -> tuple:
    """`loc`, or, when the spec does not write that key (a default broke a rule), the first key the
    message names that the spec does write: the line to change."""
    if loc in located.marks:
        return loc
    for named in re.findall(r"\b[a-z_]+(?:\.[a-z_]+)+\b", message):
        path = tuple(named.split("."))
        if path in located.marks:
            return path
    return loc


# What the spec's patterns accept, in words: a regex is no message for a user.
PATTERN_WORDS = {
    r"^[A-Za-z][A-Za-z0-9_]{0,62}$": "a PostgreSQL name: a letter, then letters, digits or _, at most 63",
    r"^[a-z][a-z0-9-]{0,31}$": "lowercase letters, digits and hyphens, from a letter, at most 32",
    r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$": "a name of lowercase letters and digits, in parts joined by single hyphens",
    r"^\d+(\.\d+)?$": "a version such as 16 or 16.4",
    r"^\d+\.\d+$": "a version major.minor such as 7.1",
    r"^\d+(\.\d+){0,2}$": "a version such as 20 or 20.11.1",
    r"^db\.[a-z0-9]+\.[a-z0-9]+$": "an RDS instance class such as db.t4g.micro",
    r"^cache\.[a-z0-9]+\.[a-z0-9]+$": "an ElastiCache node type such as cache.t4g.micro",
    r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$": "an AWS region such as us-west-2",
    r"^/": "a path starting with /",
    r"^/[A-Za-z0-9._~/-]*$": "a URL path starting with / (letters, digits and . _ ~ / -)",
    r"^[A-Z][A-Z0-9_]*$": "an environment variable name: capitals, digits and _, from a capital",
    r"^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$": "HTTP codes such as 200 or 200-299, separated by commas",
    r"^(LATEST|\d+\.\d+\.\d+)$": "LATEST or a Fargate platform version such as 1.4.0",
    r"^ELBSecurityPolicy-[A-Za-z0-9-]+$": "an ELB security policy name (ELBSecurityPolicy-...)",
    r"\S": "text with something other than spaces",
    r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$": "a daily window hh:mm-hh:mm in UTC, such as 03:00-04:00",
    r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):"
    r"[0-5]\d$": "a weekly window ddd:hh:mm-ddd:hh:mm in UTC, such as mon:04:00-mon:05:00",
    r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$": "a lowercase DNS name such as api.example.com",
    r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$": "a relative path of letters, digits and . _ - separated by /",
    r"^[A-Za-z0-9._/-]+$": "letters, digits and . _ / -",
    r"^[A-Za-z0-9/_+=.@-]+$": "a Secrets Manager name: letters, digits and / _ + = . @ -",
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$": "a GitHub repository owner/name",
    r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$": "an image tag: letters, digits and _ . -, at most 128",
    r"^[^\x00-\x1f\x7f`|<>\[\]{}]+$": "plain text without control characters or ` | < > [ ] { }",
    r"^[a-z][a-z0-9-]{0,19}$": "lowercase letters, digits and hyphens, from a letter, at most 20",
}


def _is_scalar(value: object) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None


def _clean_loc(loc: tuple) -> tuple:
    # pydantic adds the tag of a function validator or union member to loc; drop those.
    # Its tags hold a bracket: "function-after[_check(), str]", "list[str]".
    return tuple(p for p in loc if not (isinstance(p, str) and "[" in p))


def _allowed_keys(loc: tuple) -> list[str]:
    model = _model_at(Spec, loc)
    return sorted(_fields(model)) if model else []


def _model_at(annotation: object, loc: tuple) -> type[BaseModel] | None:
    current = annotation
    for part in loc:
        current = _unwrap(current)
        fields = _fields(current)
        if fields is not None:
            field = fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        else:
            args = typing.get_args(current)
            if not args:
                return None
            current = args[-1]  # list[X] -> X, dict[str, X] -> X
    current = _unwrap(current)
    return current if _fields(current) is not None else None


def _fields(annotation: object) -> dict | None:
    """A model's fields; None for anything else (a container such as dict[str, X] forwards attribute
    lookups to dict, which has none)."""
    return getattr(annotation, "model_fields", None)


def _unwrap(annotation: object) -> object:
    """Strip Optional[...] to the model or container inside. (pydantic keeps a field's Annotated[...] in its
    metadata, and no model of a spec sits in an Annotated inside a list or a map, so none is left here.)"""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(members[0]) if len(members) == 1 else annotation
    return annotation
