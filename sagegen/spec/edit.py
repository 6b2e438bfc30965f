"""Edits of a spec's own text: one key set to a new value where the file writes it, the rest untouched.

`sagegen drift` proposes them (adopt a live value). The value goes through the one YAML encoder
(yaml_writer.scalar); the span replaced is the value's own, found by composing the text with PyYAML, so
comments, key order and every other line stay as the user wrote them. An edit is only offered once the
edited text has been read back and validated.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..errors import UserError
from .load import Stack, load_stack_bytes
from .models import Spec
from .phases import PHASES_KEY
from .yaml_writer import scalar


@dataclass(frozen=True)
class Edit:
    """Lines `line`.. of `file` replaced: `before` (the lines as written) by `after`."""

    file: str
    line: int  # 1-based; for an added key, the line it goes before
    key: str  # the key as the file writes it: `database.instance_class`, `phases.growth.service.cpu`
    before: tuple[str, ...]
    after: tuple[str, ...]
    also: tuple[str, ...] = ()  # other phases that read the value from the same line

    def apply_to(self, text: str) -> str:
        """`text` with this edit made (the text it was computed from, or a later one with the same lines),
        in the file's own line breaks."""
        raw = text.splitlines(keepends=True)
        lines = [_split_ending(line) for line in raw]
        at = self.line - 1
        if tuple(body for body, _ in lines[at : at + len(self.before)]) != self.before:
            raise ValueError(f"{self.file}:{self.line} no longer reads {self.before!r}")
        bodies = [body for body, _ in lines]
        bodies[at : at + len(self.before)] = self.after
        ending = _line_break(raw)
        return ending.join(bodies) + (ending if lines and lines[-1][1] else "")

    def as_diff(self) -> list[str]:
        return [f"--- {self.file}", f"+++ {self.file}", f"@@ line {self.line}: {self.key} @@"] + [
            *(f"-{line}" for line in self.before),
            *(f"+{line}" for line in self.after),
        ]


@dataclass(frozen=True)
class Attempt:
    spec: Spec  # the phase as the edited text validates it
    edit: Edit


def written_path(stack: Stack, phase: str | None, key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(where the file sets `key` for `phase`, the other phases reading that same line)."""
    path = tuple(key.split("."))
    # A phase's located YAML (phases.PhaseYaml) knows the keys its overlay sets; the base's (None) is not a phase.
    if phase is not None and path in stack.located[phase].overlay:
        return (PHASES_KEY, phase, *path), ()
    others = tuple(
        name
        for name, phase_yaml in stack.located.items()
        if name not in (None, phase) and path not in phase_yaml.overlay
    )
    return path, others


def key_line(stack: Stack, phase: str | None, key: str) -> str | None:
    """`file:line` where the file sets `key` for `phase` (or its nearest written parent); None when not even
    its top-level section is written (the document's root is no parent to point at)."""
    located = stack.located.get(phase)
    path = tuple(key.split("."))
    if located is None or path[:1] not in located.marks:
        return None
    return f"{stack.source}:{located.locate(path)[0]}"


def located_key(stack: Stack, phase: str | None, key: str) -> str:
    """`key (file:line)`, or `key (file: not written, its default)`."""
    line = key_line(stack, phase, key)
    return f"{key} ({line})" if line else f"{key} ({stack.source}: not written, its default)"


def adopt(stack: Stack, text: str, phase: str | None, key: str, value: object) -> Attempt | None:
    """The spec text with `key` (of `phase`) set to `value`, validated; None where it cannot be written so
    (no mapping to put it in, or the spec refuses the value)."""
    path, others = written_path(stack, phase, key)
    edited = _set(text, path, value)
    if edited is None:
        return None
    new_text, line, before, after = edited
    try:
        spec = load_stack_bytes(new_text.encode(), stack.source).spec(phase)
    except UserError:
        return None
    return Attempt(spec, Edit(stack.source, line, ".".join(path), before, after, others))


def _set(text: str, path: tuple[str, ...], value: object) -> tuple[str, int, tuple, tuple] | None:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node, parent = root, None
    for depth, part in enumerate(path):
        if not isinstance(node, yaml.MappingNode):
            return None
        found = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
        if found is None:
            return _add(text, node, path[depth:], value) if depth == len(path) - 1 else None
        parent, node = node, found
    if not isinstance(node, yaml.ScalarNode) or parent is None:
        return None
    start, end = node.start_mark, node.end_mark
    if start.line != end.line:
        return None  # a multi-line scalar: not a value drift adopts
    lines = text.splitlines(keepends=True)
    old, ending = _split_ending(lines[start.line])
    new = old[: start.column] + scalar(value) + old[end.column :]
    lines[start.line] = new + ending
    return "".join(lines), start.line + 1, (old,), (new,)


def _add(text: str, mapping: yaml.MappingNode, rest: tuple[str, ...], value: object):
    """`rest[0]: value` added as the last entry of a block `mapping` the file writes."""
    if mapping.flow_style or not mapping.value:
        return None
    first_key = mapping.value[0][0]
    last_value = mapping.value[-1][1]
    lines = text.splitlines(keepends=True)
    at = last_value.end_mark.line + (1 if last_value.end_mark.column else 0)
    new = " " * first_key.start_mark.column + f"{rest[0]}: {scalar(value)}"
    ending = _line_break(lines)
    if at == len(lines) and not _split_ending(lines[-1])[1]:  # the file's last line has no line break
        lines[-1] += ending
    lines.insert(at, new + ending)
    return "".join(lines), at + 1, (), (new,)


def _split_ending(line: str) -> tuple[str, str]:
    """A line of `splitlines(keepends=True)` as (its text, its line break: "\\n", "\\r\\n", ... or "")."""
    text = line.splitlines()[0]
    return text, line[len(text) :]


def _line_break(lines: list[str]) -> str:
    """The line break a file uses, from its `splitlines(keepends=True)`: its first line's ("\\r\\n" for a file
    written on Windows), "\\n" if it has none."""
    return (_split_ending(lines[0])[1] if lines else "") or "\n"
