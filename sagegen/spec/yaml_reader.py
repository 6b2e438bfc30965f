"""Read a spec file into plain data, remembering where every key stood.

The result is a `LocatedYaml`: the data (dicts, lists, scalars) and a map from
key paths to their position in the file, so that a validation error found
later can still say `specs/sage.yaml:42:7: database.instance_class: ...`.

PyYAML's safe parser (libyaml's where PyYAML has it) is used for syntax and
scalar typing; the node tree and the mappings are built here so that a deep
document cannot exhaust the stack, and so that duplicate keys are errors (YAML forbids them; PyYAML keeps the
last one silently) and aliases are refused (a spec has no need for them, and
they make exponential "billion laughs" expansions possible).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Problem, UserError
from ..files import read_bytes
from . import scalars

MAX_SPEC_BYTES = 1024 * 1024  # a spec is a page of settings, not a data set
MAX_DEPTH = 32  # a spec nests a few levels; a deeper document is not one


@dataclass
class LocatedYaml:
    data: object
    source: str  # how to name the file in messages
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col)

    def locate(self, path: tuple) -> tuple[int, int] | None:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path)

    def problem(self, path: tuple, message: str) -> Problem:
        where = self.locate(path)
        key = dotted(path)
        if where is None:
            return Problem(message, file=self.source, key=key or None)
        return Problem(message, file=self.source, line=where[0], column=where[1], key=key or None)


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_yaml_file(path: Path, source: str | None = None) -> LocatedYaml:
    """Read and parse the spec at `path`. Every failure is a located UserError."""
    source = source or str(path)
    return parse_yaml(read_spec_bytes(path, source), source)


def read_spec_bytes(path: Path, source: str) -> bytes:
    """The bytes of the spec at `path`, read once (a caller that edits the text edits what was validated)."""
    # Size and file type are checked before reading: `validate /dev/zero` must not read for ever.
    raw = read_bytes(path, limit=MAX_SPEC_BYTES, source=source, follow=True)
    if raw is None:
        raise UserError([Problem("no such file", file=source)], hint="pass the path of a spec, e.g. specs/sage.yaml")
    return raw


def parse_yaml(raw: bytes, source: str) -> LocatedYaml:
    if len(raw) > MAX_SPEC_BYTES:
        raise UserError([Problem(f"file is {len(raw)} bytes; a spec may have at most {MAX_SPEC_BYTES}", file=source)])
    try:
        text = raw.decode()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError([Problem(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", file=source, line=line)]) from exc
    try:
        try:
            node = _compose(text, yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
        except yaml.YAMLError:  # libyaml words its errors otherwise: say PyYAML's, the same on every machine
            node = _compose(text, yaml.SafeLoader)
    except _TooDeep as exc:
        problem = Problem(
            f"nested deeper than a spec goes ({MAX_DEPTH} levels)",
            source,
            exc.mark.line + 1,
            exc.mark.column + 1,
            dotted(exc.path),
        )
        raise UserError([problem]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.context and exc.context_mark and exc.problem_mark:
            message += (
                f", {exc.context} started at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
            )
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise UserError([Problem(message, file=source, line=line, column=col)]) from exc
    except yaml.YAMLError as exc:
        raise UserError([Problem(f"YAML error: {exc}", file=source)]) from exc
    if node is None:
        raise UserError([Problem("the spec is empty", file=source)], hint="start from specs/sage.yaml")
    doc = LocatedYaml(data=None, source=source)
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    if builder.problems:
        raise UserError(builder.problems)
    if not isinstance(doc.data, dict):
        raise UserError([Problem("the spec must be a mapping of keys to values", file=source, line=1, column=1)])
    return doc


def _compose(text: str, parser: type[yaml.SafeLoader]) -> yaml.Node | None:
    """The document's node tree, as PyYAML's composer makes it, from the parser's events and without
    recursion: PyYAML's composer recurses once per level, so a deep document exhausted the stack (the
    builder below stops at MAX_DEPTH). The events come from libyaml where PyYAML was built with it
    (every wheel on PyPI): parsing specs/sage.yaml takes 1 ms there and 27 ms in pure Python, which
    every command and test pays; the events, and so the nodes, are the same."""
    resolver = yaml.SafeLoader("")  # the implicit tags of untagged nodes (int, bool, ...)
    anchors: dict[str, yaml.Node] = {}
    open_nodes: list[list] = []  # [collection node, the key waiting for its value]
    root, documents = None, 0
    for event in yaml.parse(text, Loader=parser):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream", root.start_mark, "but found another document",
                    event.start_mark,
                )  # fmt: skip
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            open_nodes.pop()[0].end_mark = event.end_mark
            continue
        node = _node(event, anchors, resolver)
        if node is None:  # stream and document boundaries
            continue
        if not open_nodes:
            root = node
        elif isinstance(open_nodes[-1][0], yaml.SequenceNode):
            open_nodes[-1][0].value.append(node)
        elif open_nodes[-1][1] is None:
            open_nodes[-1][1] = node
        else:
            open_nodes[-1][0].value.append((open_nodes[-1][1], node))
            open_nodes[-1][1] = None
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(open_nodes) > MAX_DEPTH:  # stop here: the parsers slow down with depth (quadratically)
                raise _TooDeep(_path(open_nodes), event.start_mark)
            open_nodes.append([node, None])
    return root


class _TooDeep(Exception):
    def __init__(self, path: tuple, mark: yaml.Mark):
        self.path, self.mark = path, mark


def _path(open_nodes: list[list]) -> tuple:
    """The key path of the node just attached to the innermost open collection."""
    path = []
    for collection, pending_key in open_nodes:
        if isinstance(collection, yaml.SequenceNode):
            path.append(len(collection.value) - 1)
        else:
            path.append("?" if pending_key is not None else collection.value[-1][0].value)
    return tuple(path)


_NODES = {
    yaml.ScalarEvent: yaml.ScalarNode,
    yaml.SequenceStartEvent: yaml.SequenceNode,
    yaml.MappingStartEvent: yaml.MappingNode,
}


def _node(event: yaml.Event, anchors: dict[str, yaml.Node], resolver: yaml.SafeLoader) -> yaml.Node | None:
    """The node an event opens or stands for, its anchor recorded (PyYAML's composer's rules)."""
    if isinstance(event, yaml.AliasEvent):
        if event.anchor not in anchors:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        return anchors[event.anchor]  # the same node: the builder refuses aliases where it meets one
    kind = _NODES.get(type(event))
    if kind is None:  # stream and document boundaries
        return None
    scalar = kind is yaml.ScalarNode
    tag = event.tag
    if tag in (None, "!"):
        tag = resolver.resolve(kind, event.value if scalar else None, event.implicit)
    if scalar:  # libyaml gives "" for a plain scalar's style, PyYAML None
        node = kind(tag, event.value, event.start_mark, event.end_mark, style=event.style or None)
    else:  # filled, and its end set, by _compose
        node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
    if event.anchor is not None:
        if event.anchor in anchors:
            raise yaml.composer.ComposerError(
                f"found duplicate anchor {event.anchor!r}; first occurrence", anchors[event.anchor].start_mark,
                "second occurrence", event.start_mark,
            )  # fmt: skip
        anchors[event.anchor] = node
    return node


class _Builder:
    def __init__(self, doc: LocatedYaml):
        self.doc = doc
        self.seen: set[int] = set()
        self.alias_reported = False
        self.problems: list[Problem] = []
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: tuple) -> object:
        self.doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if len(path) > MAX_DEPTH:
            self.problems.append(self.doc.problem(path, f"nested deeper than a spec goes ({MAX_DEPTH} levels)"))
            return None
        if id(node) in self.seen:
            if not self.alias_reported:  # once: an alias bomb would repeat it millions of times
                self.alias_reported = True
                self.problems.append(self.doc.problem(path, "YAML anchors and aliases are not supported in a spec"))
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: tuple) -> object:
        if node.style is None and len(node.value) > 40 and node.value.lstrip("+-").isdigit():
            self.problems.append(self.doc.problem(path, f"{len(node.value)}-digit number; too large for a spec"))
            return None
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            self.problems.append(self.doc.problem(path, f"cannot read value: {getattr(exc, 'problem', exc)}"))
            return None
        problem = scalars.ambiguity(node.value, value) if node.style is None else None
        if isinstance(value, str):
            problem = problem or scalars.text_problem(value)
        elif not isinstance(value, (int, float, bool)) and value is not None:
            problem = problem or f"{node.value} is read as a {type(value).__name__}; quote it"
        problem = problem or scalars.number_problem(value)
        if problem:
            self.problems.append(self.doc.problem(path, problem))
            return None
        return value

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(self.doc.problem(path, "YAML merge keys (<<) are not supported in a spec"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(self.doc.problem(path, "a key must be a plain string"))
                continue
            key = str(key_node.value)
            child = path + (key,)
            unreadable = scalars.text_problem(key)
            if unreadable:
                self.problems.append(self.doc.problem(path, f"key {key!r} {unreadable}"))
                continue
            if key in out:
                line = key_node.start_mark.line + 1
                first = self.doc.marks[child][0]
                self.problems.append(
                    Problem(
                        f"duplicate key (first set on line {first})",
                        self.doc.source,
                        line,
                        key_node.start_mark.column + 1,
                        dotted(child),
                    )
                )
                continue
            self.doc.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child)
        return out
