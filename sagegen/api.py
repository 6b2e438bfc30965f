"""The operations behind the CLI, callable without click.

Each returns a `Report` (or text); none prints. The CLI only parses
arguments, calls these and prints what they return.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from .output import writer
from .output.manifest import MANIFEST_NAME, digest
from .output.report import Outcome, Report
from .render.assemble import render_phases
from .render.module import render
from .spec.layout import phase_dir, root_modules
from .spec.load import load_phases
from .spec.models import Spec
from .spec.phases import PHASE_NAME, pick


def spec_digest(specs: dict[str | None, Spec]) -> str:
    """Hash of the validated phases: comments and key order do not change it."""
    dumped = {name or "": spec.model_dump(mode="json") for name, spec in specs.items()}
    return digest(json.dumps(dumped, sort_keys=True, separators=(",", ":")))


def selected(specs: dict[str | None, Spec], source: str, phase: str | None) -> tuple[dict[str | None, Spec], str]:
    """The phases to render and the output prefix they own ("" for all of them)."""
    if phase is None:
        return specs, ""
    return {phase: pick(specs, source, phase)}, phase_dir(phase)


def render_to(
    spec_path: Path, out: Path, *, force: bool = False, wait: float = writer.LOCK_WAIT_SECONDS, phase: str | None = None
) -> Report:
    every = load_phases(spec_path)
    specs, scope = selected(every, str(spec_path), phase)
    files = render_phases(specs)
    with writer.locked(out, create=True, wait=wait):
        note = writer.recover(out)
        todo = writer.plan(out, files, spec_digest(every), force=force, scope=scope)
        writer.apply(out, todo)
    if note:
        todo.report.notes.append(note)
    return todo.report


def check(spec_path: Path, out: Path) -> tuple[Report, dict[str, tuple[str | None, str | None]]]:
    """Compare a fresh render with `out`, byte for byte (as black's --check does). Writes nothing.

    Returns the report and (old, new) text per differing file. Whether each
    spec value lands where it should is a property of the templates, held by
    sagegen's own test suite (tests/bindings.py), not re-verified here.
    """
    specs = load_phases(spec_path)
    files = render_phases(specs)
    with writer.locked(out, create=False):
        note = writer.recover(out) if out.is_dir() else None
        todo = writer.plan(out, files, spec_digest(specs), force=True)
    report = Report(notes=[note] if note else [])
    texts: dict[str, tuple[str | None, str | None]] = {}
    for entry in todo.report.entries:
        report.add(entry.path, entry.outcome)
        if entry.outcome is not Outcome.UNCHANGED:
            texts[entry.path] = (todo.current[entry.path], files.get(entry.path))
    if MANIFEST_NAME in todo.writes:
        old = todo.current[MANIFEST_NAME]
        report.add(MANIFEST_NAME, Outcome.CREATED if old is None else Outcome.CHANGED)
        texts[MANIFEST_NAME] = (old, todo.writes[MANIFEST_NAME])
    return report, texts


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
        "a key. `sagegen render` renders every phase into OUT/<phase>/.",
        "type": "object",
        "propertyNames": {"pattern": PHASE_NAME.pattern},
        "additionalProperties": {"type": ["object", "null"]},
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://sagegen.dev/schema/spec.json"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def impact(spec_path: Path, source: str, target: str):
    """What moving the stack from phase `source` to phase `target` adds, changes, replaces, destroys."""
    from .insight import impact as impacts

    every = load_phases(spec_path)
    renders = []
    for phase in (source, target):
        modules = root_modules({phase: pick(every, str(spec_path), phase)})
        renders.append({m.spec.secondary_region: render(m.spec, phase) for m in modules})
    return impacts.compare_regions(source, renders[0], target, renders[1])


def cost(spec_path: Path, phase: str | None, reserved: bool = False) -> list:
    """The monthly estimate of one phase, or of every phase in the spec's order."""
    from . import cost as costs

    every = load_phases(spec_path)
    specs, _ = selected(every, str(spec_path), phase)
    return [costs.estimate(every, name, reserved) for name in specs]


def docs(spec_path: Path, phase: str | None, diagram_only: bool = False, fmt: str = "mermaid") -> str:
    """The generated README.md of one phase (the first by default), or only its diagram (Mermaid or DOT)."""
    from .render.guides import diagram, dot, read_module

    every = load_phases(spec_path)
    name = phase if phase is not None else next(iter(every))
    chosen = {name: pick(every, str(spec_path), name) if name is not None else every[None]}
    files = render_phases(chosen)
    if diagram_only:
        facts = [read_module(m, files) for m in root_modules(chosen)]
        return dot(facts) if fmt == "dot" else diagram(facts) + "\n"
    return files[phase_dir(name) + "README.md"]
