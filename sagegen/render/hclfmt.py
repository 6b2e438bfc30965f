"""Lay out generated HCL exactly as `terraform fmt` would.

Templates only need to get the tokens right; this module owns indentation
and the alignment of `=` so that rendered files pass `terraform fmt -check`
without Terraform being installed. It follows hclwrite's rules:

* indentation: a line with more opening than closing brackets indents the
  lines after it one level, however many brackets it opened;
* alignment: consecutive single-line attributes align their `=`; a blank
  line, a comment, a block or a multi-line value ends the run.

It also tidies what fmt would leave alone but a reviewer would not want:
runs of blank lines, and blank lines just inside brackets.

It only has to understand what sagegen's encoder emits: no heredocs, no
strings spanning lines. Anything else raises rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import TemplateError

_ATTRIBUTE = re.compile(r'^([A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*")\s*=(?!=)\s*(.*)$')
_OPEN = "{[("
_CLOSE = "}])"


@dataclass
class _Line:
    text: str  # stripped
    net: int  # opening minus closing brackets outside strings


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _bracket_change(line: str, lineno: int) -> int:
    """Return opening minus closing brackets of one line, outside strings.

    Most lines hold no string, or only strings without interpolation: those are
    counted with `str.count` once the strings are cut out (rendering is
    dominated by this function otherwise); the rest take the full scan.
    """
    # A string becomes one plain character, so that what surrounds it cannot join into a `//` comment.
    code = line if '"' not in line else _STRING.sub("s", line) if "${" not in line and "%{" not in line else None
    if code is not None and '"' not in code:
        for marker in ("#", "//"):
            if marker in code:
                code = code[: code.index(marker)]
        return sum(map(code.count, _OPEN)) - sum(map(code.count, _CLOSE))
    return _bracket_change_scanning(line, lineno)


def _string_step(line: str, i: int, stack: list[object]) -> int:
    """One step inside a quoted string: past an escape, into an interpolation, or out of the string."""
    if line[i] == "\\":
        return i + 2
    if line.startswith("$${", i) or line.startswith("%%{", i):
        return i + 3
    if line.startswith("${", i) or line.startswith("%{", i):
        stack.append(0)
        return i + 2
    if line[i] == '"':
        stack.pop()
    return i + 1


def _bracket_change_scanning(line: str, lineno: int) -> int:
    """The full scan: strings, escapes and interpolations nested in them."""
    net = 0
    i = 0
    # stack of string/interp contexts: "s" in a string, int = brace depth in an interpolation
    stack: list[object] = []
    while i < len(line):
        ch = line[i]
        top = stack[-1] if stack else None
        if top == "s":
            i = _string_step(line, i, stack)
            continue
        if ch == '"':
            stack.append("s")
        elif ch == "#" or line.startswith("//", i):
            break
        elif isinstance(top, int):
            if ch == "{":
                stack[-1] = top + 1
            elif ch == "}":
                if top == 0:
                    stack.pop()
                else:
                    stack[-1] = top - 1
        elif ch in _OPEN:
            net += 1
        elif ch in _CLOSE:
            net -= 1
        i += 1
    if stack:
        raise TemplateError(f"generated HCL line {lineno} leaves a string open: {line.strip()!r}")
    return net


def _indent_levels(lines: list[_Line]) -> list[int]:
    """hclwrite's indent stack: remember how many brackets each level opened."""
    levels = []
    indents: list[int] = []
    for line in lines:
        if not line.text:
            levels.append(0)
            continue
        if line.net > 0:
            levels.append(len(indents))
            indents.append(line.net)
            continue
        closed = -line.net
        while closed > 0 and indents:
            if closed >= indents[-1]:
                closed -= indents.pop()
            else:
                indents[-1] -= closed
                closed = 0
        levels.append(len(indents))
    return levels


def _tidy_blank_lines(raw: list[str]) -> list[str]:
    out: list[str] = []
    for text in raw:
        if not text:
            if not out or not out[-1] or out[-1][-1] in _OPEN:
                continue
        elif out and not out[-1] and text[0] in _CLOSE:
            out.pop()
        out.append(text)
    while out and not out[-1]:
        out.pop()
    return out


def format_hcl(text: str) -> str:
    """Return `text` laid out as `terraform fmt` lays it out."""
    # split("\n"), not splitlines(): the latter also breaks at U+0085, U+2028 and friends.
    stripped = _tidy_blank_lines([line.strip(" \t\r") for line in text.split("\n")])
    lines = []
    for n, s in enumerate(stripped, 1):
        lines.append(_Line(s, _bracket_change(s, n) if s else 0))
    levels = _indent_levels(lines)
    out = []
    run: list[tuple[int, str, str]] = []

    def flush() -> None:
        width = max((len(key) for _, key, _ in run), default=0)
        for level, key, value in run:
            out.append("  " * level + key.ljust(width) + " = " + value)
        run.clear()

    for line, level in zip(lines, levels, strict=True):
        match = _ATTRIBUTE.match(line.text) if line.text else None
        if match and line.net == 0:
            run.append((level, match.group(1), match.group(2)))
            continue
        flush()
        if not line.text:
            out.append("")
        elif match:
            out.append("  " * level + f"{match.group(1)} = {match.group(2)}")
        else:
            out.append("  " * level + line.text)
    flush()
    return "\n".join(out) + "\n"
