"""The one way a Python value becomes HCL text.

Templates never quote a value themselves: they pass it through `encode` (the
`hcl` filter). Strings are escaped by the HCL native syntax rules, so no spec
value can end a string early, start an interpolation or change the structure
of the generated file.

Two wrapper types let Python code build values that mix data and Terraform
expressions without hand-written HCL:

* `Expr("aws_vpc.main.id")`: a Terraform expression, emitted verbatim. Only
  sagegen's own code creates these; spec values are never wrapped.
* `Interp("service/", Expr("x.name"), "/", value)`: a quoted template string
  whose literal parts are escaped and whose `Expr` parts are interpolated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..errors import TemplateError

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
# Object keys stay bare only without dashes, which read like subtraction to a human.
BARE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True)
class Expr:
    """A Terraform expression, written out as is (never spec data)."""

    text: str

    def __post_init__(self) -> None:
        if not self.text or "\n" in self.text:
            raise TemplateError(f"an expression must be one non-empty line: {self.text!r}")


class Interp:
    """A quoted string built from escaped literals and interpolated expressions."""

    def __init__(self, *parts: str | Expr):
        for part in parts:
            if not isinstance(part, (str, Expr)):
                raise TemplateError(f"Interp takes str and Expr, not {type(part).__name__}")
        self.parts = parts

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Interp) and self.parts == other.parts

    def __repr__(self) -> str:
        return f"Interp{self.parts!r}"


# Every character the loop below would change; most values hold none and skip it.
_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]')


def escape_string_body(text: str) -> str:
    """Escape `text` for use between the quotes of an HCL string literal."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text.replace("${", "$${").replace("%{", "%%{")
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029":
            # Control characters and Unicode line breaks never appear raw in the output.
            out.append(f"\\u{ord(ch):04x}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            # A lone surrogate cannot be written as UTF-8; Terraform rejects it.
            raise TemplateError(f"string contains a lone surrogate U+{ord(ch):04X}")
        else:
            out.append(ch)
    # Template sequences: `${` and `%{` start interpolation and directives.
    return "".join(out).replace("${", "$${").replace("%{", "%%{")


def encode_string(text: str) -> str:
    return '"' + escape_string_body(text) + '"'


_UNESCAPES = re.compile(r'\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\\"nrt])|\$\$\{|%%\{')


def decode_string(literal: str) -> str:
    """The text of a quoted HCL string literal that holds no interpolation: `encode_string` undone."""
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        raise TemplateError(f"not a quoted string literal: {literal!r}")

    def one(match: re.Match) -> str:
        token = match.group(0)
        if token in ("$${", "%%{"):
            return token[1:]
        code = match.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return {"n": "\n", "r": "\r", "t": "\t"}.get(code, code)

    return _UNESCAPES.sub(one, literal[1:-1])


def encode_number(value: int | float) -> str:
    if isinstance(value, bool):
        raise TemplateError("a bool is not a number")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise TemplateError(f"HCL has no literal for {value!r}")
    # repr() is the shortest round-tripping form; Decimal removes the exponent.
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def encode_key(key: str) -> str:
    """An object key: bare when it is an identifier, quoted otherwise."""
    if not isinstance(key, str):
        raise TemplateError(f"object keys must be strings, not {type(key).__name__}")
    return key if BARE_KEY.match(key) else encode_string(key)


def encode(value: object, multiline: bool = True) -> str:
    """Encode a Python value as an HCL expression.

    Maps are written one key per line (the layout `terraform fmt` keeps);
    lists of scalars stay on one line, lists of maps take one line per item.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return encode_number(value)
    if isinstance(value, str):
        return encode_string(value)
    if isinstance(value, Expr):
        return value.text
    if isinstance(value, Interp):
        return _encode_interp(value)
    if isinstance(value, Mapping):
        return _encode_map(value, multiline)
    if isinstance(value, Sequence):
        return _encode_list(value, multiline)
    raise TemplateError(f"cannot encode {type(value).__name__} as HCL: {value!r}")


def _encode_interp(value: Interp) -> str:
    body = []
    for part in value.parts:
        body.append("${" + part.text + "}" if isinstance(part, Expr) else escape_string_body(part))
    return '"' + "".join(body) + '"'


def _encode_map(value: Mapping, multiline: bool) -> str:
    if not value:
        return "{}"
    items = [f"{encode_key(k)} = {encode(v, multiline)}" for k, v in value.items()]
    if not multiline:
        return "{ " + ", ".join(items) + " }"
    return "{\n" + "\n".join(items) + "\n}"


def _encode_list(value: Sequence, multiline: bool) -> str:
    if not value:
        return "[]"
    nested = any(isinstance(v, Mapping) for v in value)
    if multiline and nested:
        return "[\n" + ",\n".join(encode(v, multiline) for v in value) + ",\n]"
    return "[" + ", ".join(encode(v, False) for v in value) + "]"
