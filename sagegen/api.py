"""The operations behind the CLI, callable without click.

Each returns a `Report` (or text); none prints. The CLI only parses
arguments, calls these and prints what they return.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

from .errors import Problem, UserError
from .output import writer
from .output.manifest import MANIFEST_NAME, digest
from .output.report import Outcome, Report
from .render.assemble import render_stack
from .spec.header import FORMAT_VERSION
from .spec.layout import root_modules
from .spec.load import Stack, load_stack, load_stack_bytes
from .spec.models import Spec
from .spec.phases import PHASE_NAME


def spec_digest(stack: Stack) -> str:
    """Hash of the validated phases: comments and key order do not change it."""
    dumped = {name or "": spec.model_dump(mode="json") for name, spec in stack.phases.items()}
    return digest(json.dumps(dumped, sort_keys=True, separators=(",", ":")))


def _render(spec_path: Path, phase: str | None) -> tuple[Stack, str | None, dict[str, str]]:
    """The stack of `phase` (None: the live phase) and its files."""
    stack = load_stack(spec_path)
    spec = stack.spec(phase)
    chosen = stack.live if phase is None else phase
    return stack, chosen, render_stack(spec, chosen)


def validate(spec_path: Path, *, strict: bool = False) -> tuple[Stack, list[str], list[str]]:
    """The validated spec, the warnings about its live phase and the warnings it accepts
    (`accepted_risks`); with `strict`, a warning it does not accept is an error."""
    stack = load_stack(spec_path)
    risks = _risks(stack)
    return stack, _warnings(risks, strict), [str(r.problem) for r in risks.accepted]


def findings(spec_path: Path) -> list[tuple[str, str, Problem]]:
    """Every finding of `validate` as (level, rule id, problem): errors (level "error", rule "spec"), or
    else the live phase's warnings and the warnings the spec accepts (level "note")."""
    try:
        stack = load_stack(spec_path)
    except UserError as exc:
        return [("error", "spec", problem) for problem in exc.problems]
    risks = _risks(stack)
    return [("warning", r.id, r.problem) for r in risks.warnings] + [("note", r.id, r.problem) for r in risks.accepted]


def _risks(stack: Stack):
    from .spec.risks import risks

    return risks(stack)


def _warnings(risks, strict: bool) -> list[str]:
    """The warnings of `risks` (spec.risks.Risks) as text; with `strict`, a UserError instead."""
    found = [r.problem for r in risks.warnings]
    if strict and found:
        raise UserError(
            found,
            hint="--strict turns warnings into errors; change the spec, accept a warning under accepted_risks "
            "with the id it ends with and your reason, or drop --strict",
        )
    return [str(p) for p in found]


def render_to(
    spec_path: Path,
    out: Path,
    *,
    force: bool = False,
    wait: float = writer.LOCK_WAIT_SECONDS,
    phase: str | None = None,
    strict: bool = False,
) -> Report:
    """Render the live phase into `out`, or with `phase`, that phase (a preview unless it is the live one).

    With `strict`, a warning about the spec is an error and nothing is written. An interrupted render
    is finished by this one: the spec is rendered again (writer.py)."""
    stack, chosen, files = _render(spec_path, phase)
    warnings = _warnings(_risks(stack), strict)
    with writer.locked(out, create=True, wait=wait) as tree:
        todo = writer.plan(tree, files, spec_digest(stack), force=force, phase=chosen, preview=chosen != stack.live)
        writer.apply(tree, todo)
    if todo.manifest is not None and todo.manifest.pending and not todo.report.refused:
        todo.report.notes.append("rendered the spec again over a render that was interrupted before it finished")
    todo.report.warnings = warnings
    return todo.report


# Why `check` says a file differs when `render` would refuse it, and what to do instead.
HAND_EDITED = (
    "edited by hand since the last render, so `sagegen render` refuses it: move the change into the spec, "
    "or render --force to put the render back"
)


def check(
    spec_path: Path, out: Path, phase: str | None = None
) -> tuple[Report, dict[str, tuple[str | None, str | None]]]:
    """Compare a fresh render with `out`, byte for byte (as black's --check does). Writes nothing.

    Returns the report and (old, new) text per differing file. Files in a root module that sagegen does
    not own are listed too (UNOWNED), unless the spec names them as the user's (USER). A render that was
    interrupted fails the check: its files are neither render. Whether each spec value lands where it
    should is a property of the templates, held by sagegen's own test suite (tests/bindings.py).
    """
    stack, chosen, files = _render(spec_path, phase)
    with writer.locked(out, create=False) as tree:
        todo = writer.plan(tree, files, spec_digest(stack), force=True, phase=chosen, preview=chosen != stack.live)
        allowed = writer.allowed_by(stack.spec(chosen).user_files)
        others = writer.survey(tree, files, todo.manifest, allowed) if tree is not None else []
    note = writer.pending_note(todo.manifest)
    report = Report(notes=[note] if note else [], interrupted=note is not None)
    texts: dict[str, tuple[str | None, str | None]] = {}
    owned = todo.manifest.owned if todo.manifest is not None else None
    for entry in todo.report.entries:
        now = todo.current.get(entry.path)
        by_hand = (
            entry.outcome is not Outcome.UNCHANGED
            and owned
            and now is not None
            and digest(now) not in owned(entry.path)
        )
        report.add(entry.path, entry.outcome, HAND_EDITED if by_hand else None)
        if entry.outcome is not Outcome.UNCHANGED:
            texts[entry.path] = (now, files.get(entry.path))
    if todo.finished:
        old = todo.current[MANIFEST_NAME]
        report.add(MANIFEST_NAME, Outcome.CREATED if old is None else Outcome.CHANGED)
        texts[MANIFEST_NAME] = (old, todo.finished.dumps())
    for path, outcome, why in others:
        report.add(path, outcome, why)
    report.over_budget = _over_budget(stack.spec(chosen), chosen)
    return report, texts


def _over_budget(spec: Spec, phase: str | None) -> str | None:
    """Why the phase's monthly estimate passes the spec's `budget`, or None when it does not (or has none)."""
    if spec.budget is None:
        return None
    from . import cost as costs

    total = costs.estimate(spec, phase).total
    if total <= spec.budget.monthly:
        return None
    return (
        f"the estimate of {f'phase {phase}' if phase else 'the spec'}, {costs.money(total)} a month, is above its "
        f"budget of {costs.money(spec.budget.monthly)} (`sagegen cost` itemises it)"
    )


def unified_diff(out: Path, texts: dict[str, tuple[str | None, str | None]]) -> str:
    chunks = []
    for path, (old, new) in sorted(texts.items()):
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=str(out / path) if old is not None else "/dev/null",
                tofile=str(out / path) if new is not None else "/dev/null",
            )
        )
    return "".join(chunks)


def json_schema() -> str:
    """The JSON Schema of a spec, generated from the models, for editors (yaml-language-server)."""
    schema = Spec.model_json_schema(mode="validation")
    # `phases` is read before the models see the spec: each overlay is a partial spec.
    schema["properties"]["phases"] = {
        "title": "Phases",
        "description": "Each phase as an overlay of only what changes: maps merge, lists replace, null removes "
        "a key. `phase` names the one production runs now; `sagegen render` renders that one.",
        "type": "object",
        "propertyNames": {"pattern": PHASE_NAME.pattern},
        "additionalProperties": {"type": ["object", "null"]},
    }
    schema["properties"]["version"] = {
        "title": "Version",
        "description": f"The spec format this file is written in ({FORMAT_VERSION}; CHANGELOG.md lists the changes).",
        "const": FORMAT_VERSION,
    }
    schema["properties"]["phase"] = {
        "title": "Phase",
        "description": "The phase production runs now (default: the first of `phases`). Move to the next phase by "
        "changing it, `sagegen render`, then `terraform plan` and `apply`.",
        "type": "string",
        "pattern": PHASE_NAME.pattern,
    }
    schema["required"] = ["version", *schema.get("required", [])]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://sagegen.dev/schema/spec.json"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def impact(spec_path: Path, base):
    """What the change from `base` to the spec's live phase (or to `base.target` phase) does to each resource."""
    from .insight import impact as impacts

    return impacts.between(spec_path, base)


def cost_change(spec_path: Path, ref: str, repo: Path | None, reserved: bool = False):
    """The monthly estimate of the spec at git revision `ref` and now, per resource, with the keys that moved it."""
    from .insight import baseline
    from .insight import cost_change as changes

    sides = baseline.sides(spec_path, baseline.Base(ref=ref, repo=repo))
    return changes.change(sides.before, sides.after, None, None, reserved)


ALL_PHASES = "all"


def cost(spec_path: Path, phase: str | None, reserved: bool = False) -> list:
    """The monthly estimate of the live phase (phase None), of `phase`, or of every phase in the spec's
    order (phase "all"), as every command selects phases."""
    from . import cost as costs

    stack = load_stack(spec_path)
    names = list(stack.phases) if phase == ALL_PHASES else [stack.live if phase is None else phase]
    return [costs.estimate(stack.spec(name), name, reserved) for name in names]


def docs(spec_path: Path, phase: str | None, diagram_only: bool = False, fmt: str = "mermaid") -> str:
    """The generated README.md of one phase (the live one by default), or only its diagram (Mermaid or DOT)."""
    from .render.guides import diagram, dot, read_module

    stack, chosen, files = _render(spec_path, phase)
    if diagram_only:
        facts = [read_module(m, files) for m in root_modules(stack.spec(chosen))]
        return dot(facts) if fmt == "dot" else diagram(facts) + "\n"
    return files["README.md"]


def init(directory: Path, answers) -> Path:
    """Write the starter spec for `answers` at DIRECTORY/specs/<project>.yaml; never over a file there."""
    import os

    from .output.tree import opened
    from .spec.starter import starter_text

    name = f"{answers.project}.yaml"
    text = starter_text(answers, f"specs/{name}")
    # specs/ is the directory opened, not DIRECTORY: DIRECTORY is often the working directory itself ("."),
    # which the output tree refuses as a whole (sagegen owns none of it).
    with opened(directory / "specs", create=True) as tree:
        assert tree is not None  # created when absent
        if not tree.create(name, text, temporary=f".{name}.{os.getpid()}.tmp"):
            raise UserError(
                [Problem("exists already: sagegen init never writes over a file", file=tree.where(name))],
                hint="choose another directory or --project, or move the file away",
            )
    return directory / "specs" / name


MAX_PLAN_BYTES = 256 * 1024 * 1024  # a plan's JSON holds the whole state and configuration: megabytes


def drift(
    spec_path: Path,
    plan_path: Path | None,
    phase: str | None,
    terraform_dir: Path | None = None,
    binary: str = "terraform",
):
    """What drifted in the live stack (sagegen.insight.drift.Report), from the JSON of a refresh-only plan at
    `plan_path` ("-": standard input), or from the one Terraform makes in `terraform_dir`."""
    from .files import decode
    from .insight import drift as drifts
    from .spec.yaml_reader import read_spec_bytes

    source = str(spec_path)
    raw = read_spec_bytes(spec_path, source)
    stack = load_stack_bytes(raw, source)  # the bytes read once: the edit offered is of this text
    plan_source, plan = _plan_json(plan_path, terraform_dir, binary)
    region, entries = drifts.from_plan(plan, plan_source)
    chosen = stack.live if phase is None else phase
    regions = [m.spec.region for m in root_modules(stack.spec(chosen))]
    if region is not None and region not in regions:
        raise UserError(
            [
                Problem(
                    f"plans a stack in {region}; phase {chosen or '(none)'} of the spec has {', '.join(regions)}",
                    file=plan_source,
                )
            ],
            hint="pass the plan of one of the spec's root modules, or --phase for the phase the stack runs",
        )
    context = drifts.Context(stack, decode(raw, source), chosen, region or regions[0])
    return drifts.report(context, entries)


def _plan_json(plan_path: Path | None, terraform_dir: Path | None, binary: str) -> tuple[str, object]:
    """(how to name it, the parsed JSON) of the plan: Terraform's in `terraform_dir`, or the file (or "-")."""
    from .files import decode, read_bytes
    from .insight.drift import PLAN_HINT
    from .insight.live import refresh_only_plan

    if terraform_dir is not None:
        plan_source, plan_bytes = str(terraform_dir), refresh_only_plan(terraform_dir, binary)
    else:
        assert plan_path is not None
        stdin = str(plan_path) == "-"
        plan_source = "standard input" if stdin else str(plan_path)
        plan_bytes = sys.stdin.buffer.read(MAX_PLAN_BYTES + 1) if stdin else read_bytes(plan_path, limit=MAX_PLAN_BYTES)
        if plan_bytes is None:
            raise UserError([Problem("no such file", file=plan_source)], hint=PLAN_HINT)
        if len(plan_bytes) > MAX_PLAN_BYTES:  # read_bytes checks a file; standard input is checked here
            raise UserError(
                [Problem(f"is more than {MAX_PLAN_BYTES} bytes; a plan's JSON is megabytes", file=plan_source)]
            )
    try:
        return plan_source, json.loads(decode(plan_bytes, plan_source))
    except json.JSONDecodeError as exc:
        raise UserError([Problem(f"not JSON: {exc.msg}", file=plan_source, line=exc.lineno)], hint=PLAN_HINT) from None
