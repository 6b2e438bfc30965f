"""The one HCL reader: rendered Terraform back into data.

Two depths, one module:

* `outline(text)`: the blocks (`resource`, `data`, `variable`, `output`) with
  their top-level one-line attributes, read by pattern over sagegen's own
  `terraform fmt` layout. Fast enough for every render (the guides and the
  checkov waivers use it); it understands only what `hclfmt` emits.
* `parse(text)`: the whole file through python-hcl2, for `impact` and the tests.
  python-hcl2 is lenient (it accepts some HCL Terraform rejects), so it compares
  structure and values and never judges validity: `terraform validate` does.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..errors import TemplateError
from .hcl import decode_string

# A resource block's first line, as hclfmt lays it out.
RESOURCE_HEADER = re.compile(r'^resource "([A-Za-z0-9_]+)" "([A-Za-z0-9_-]+)" \{$', re.M)
_BLOCK = re.compile(r'^(resource|data|variable|output) "([^"]+)"(?: "([^"]+)")? \{(?:\}|\n(.*?)^\})', re.M | re.S)
_ATTRIBUTE = re.compile(r"^  (\w+)\s*=\s*(.+)$", re.M)
_JSONENCODE = re.compile(r"^\$\{jsonencode\((.*)\)\}$", re.S)
_WHOLE_INTERP = re.compile(r"^\$\{([^{}]*)\}$")


@dataclass
class Block:
    """One top-level block: its kind, `type.name` (resources, data) or name, and one-line attributes as text."""

    kind: str
    name: str
    attributes: dict[str, str]

    def string(self, key: str) -> str:
        return decode_string(self.attributes[key])


def outline(text: str) -> list[Block]:
    """The top-level blocks of a file sagegen rendered, in order (see the module docstring)."""
    return [
        Block(m.group(1), ".".join(filter(None, (m.group(2), m.group(3)))), dict(_ATTRIBUTE.findall(m.group(4) or "")))
        for m in _BLOCK.finditer(text)
    ]


@lru_cache(maxsize=1)
def _options() -> object:
    # python-hcl2 (and lark) load only when something is parsed: render and check never do.
    from hcl2 import SerializationOptions

    return SerializationOptions(strip_string_quotes=True, explicit_blocks=False, with_comments=False)


# python-hcl2 8.x parses what follows an escaped `$${` or `%%{` as an expression,
# so it fails on valid HCL such as "$${" or "$${aws:username}" (python-hcl2
# issues #181, #201, #238; Terraform reads both). Two private-use characters
# stand in for the escapes while python-hcl2 reads the text, and the escapes
# are put back in the result. They are chosen per text among those that
# appear in it neither raw nor as a \u escape, so no decoded string value can
# hold a stand-in by accident (a fixed choice misread a value holding "\x02{").
_PRIVATE_USE = range(0xE000, 0xF900)


def _stand_ins(text: str) -> dict[str, str]:
    lowered = text.lower()
    free = (
        chr(cp)
        for cp in _PRIVATE_USE
        if chr(cp) not in text and f"\\u{cp:04x}" not in lowered and f"\\u{cp:08x}" not in lowered
    )
    return {"$${": next(free) + "{", "%%{": next(free) + "{"}


def _unshield(value: object, shield: dict[str, str]) -> object:
    if isinstance(value, str):
        for escape, stand_in in shield.items():
            value = value.replace(stand_in, escape)
        return value
    if isinstance(value, dict):
        return {_unshield(k, shield): _unshield(v, shield) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshield(v, shield) for v in value]
    return value


def parse(text: str) -> dict:
    """Parse HCL text into python-hcl2's data (escapes shielded, see above). The caller owns the result:
    a text parsed before is answered from a cache, as a copy (python-hcl2 takes ~15 ms a file, and
    `impact`, `drift` and the tests read the same files again and again)."""
    return copy.deepcopy(_parsed(text))


# python-hcl2 is not thread-safe: two threads parsing at once get each other's data (measured: 459 wrong
# results in 480 parses of a Scale render in 4 threads). `impact` and `drift` run from threads (the e2e
# lanes; any program embedding sagegen.api), so one parse at a time.
_HCL2 = threading.Lock()


@lru_cache(maxsize=256)
def _parsed(text: str) -> dict:
    import hcl2

    shield = _stand_ins(text)
    for escape, stand_in in shield.items():
        text = text.replace(escape, stand_in)
    try:
        with _HCL2:
            parsed = hcl2.loads(text, serialization_options=_options())
        return _unshield(parsed, shield)
    except Exception as exc:  # python-hcl2 raises lark's many error types
        raise TemplateError(f"python-hcl2 cannot parse the HCL: {exc}") from exc


def resources(parsed: dict, kind: str = "resource") -> dict[str, dict]:
    """{"type.name": attributes} of every `resource` (or `data`) block."""
    out = {}
    for block in parsed.get(kind, []):
        for rtype, named in block.items():
            for name, body in named.items():
                out[f"{rtype}.{name}"] = body
    return out


def index(files: dict[str, str]) -> dict[str, object]:
    """Every leaf of rendered Terraform files, by flattened path.

    Paths: `resource.<type>.<name>.<attr>...`, `data.<type>.<name>...`,
    `locals.<name>`, `variable.<name>.<attr>`, `provider.aws[.<alias>].<attr>`, `terraform.<attr>`;
    list indexes are numbers and `jsonencode(...)` is opened.
    """
    out: dict[str, object] = {}
    for path, text in files.items():
        if not path.endswith(".tf"):
            continue
        parsed = parse(text)
        for kind in ("resource", "data"):
            for address, body in resources(parsed, kind).items():
                out.update((f"{kind}.{address}.{k}", v) for k, v in flatten(body))
        for block in parsed.get("terraform", []):
            out.update((f"terraform.{k}", v) for k, v in flatten(block))
        for block in parsed.get("locals", []):
            out.update((f"locals.{k}", v) for k, v in flatten(block))
        for block in parsed.get("variable", []):
            out.update((f"variable.{k}", v) for k, v in flatten(block))
        for block in parsed.get("provider", []):
            for name, body in block.items():
                prefix = f"provider.{name}" + (f".{body['alias']}" if "alias" in body else "")
                out.update((f"{prefix}.{k}", v) for k, v in flatten(body))
    return out


def decode_jsonencode(value: object) -> object:
    """`${jsonencode(X)}` as python-hcl2 returns it, with X parsed into data."""
    if isinstance(value, str):
        match = _JSONENCODE.match(value)
        if match:
            return parse(f"x = {match.group(1)}\n")["x"]
    return value


def normalise(value: object) -> object:
    """Compare values as Terraform would: "443" == 443, "${a.b}" == a.b."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(float(value))
    if isinstance(value, str):
        match = _WHOLE_INTERP.match(value)
        if match:
            return "${" + match.group(1).strip() + "}"
        try:
            return repr(float(value))
        except ValueError:
            return value
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return tuple(normalise(v) for v in value)
    return value


def flatten(value: object, prefix: str = "") -> Iterator[tuple[str, object]]:
    """Leaves of nested data as ("a.0.b", normalised value); jsonencode is opened."""
    value = decode_jsonencode(value)
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        for i, item in enumerate(value):
            yield from flatten(item, f"{prefix}.{i}")
    else:
        yield prefix, normalise(value)


def literal(value: str) -> str:
    """The text of a parsed string that holds no interpolation.

    python-hcl2 leaves the template escapes `$${` and `%%{` as written, where
    Terraform reads them as a literal `${` and `%{`.
    """
    return value.replace("$${", "${").replace("%%{", "%{")
