"""The commands of the generated guides, read as what they ask of AWS (issue 25).

A guide's ```sh blocks are read without running them: each `aws SERVICE OPERATION --option value ...`
becomes a Call (nested `$(aws ...)` included), each `NAME=...` an assignment, each `terraform -chdir=D ...`
a Terraform call. tests/render/test_procedures.py judges them against the render and AWS's own API
definitions; the e2e lane runs them on the emulator.
"""

from __future__ import annotations

import functools
import re
import shlex
from dataclasses import dataclass, field

from runbook import sections

AWS = re.compile(r"(?<![\w./-])aws (?=[a-z0-9-]+ [a-z0-9-]+)")
ASSIGNMENT = re.compile(r"(?:^\s*|[;&|]\s*|\b(?:do|then|while|until|if)\s+)([A-Za-z_]\w*)=(\S)", re.M)
VARIABLE = re.compile(r"\$\{?([A-Za-z_]\w*)")
PLACEHOLDER = re.compile(r"<[A-Za-z][\w:. -]*>")
INTERPOLATION = re.compile(r"\$\{(aws_[\w]+\.[\w]+(?:\[\d+\])?)\.(\w+)\}")


@dataclass(frozen=True)
class Call:
    """One AWS CLI call: `options` maps each `--option` to its words (none for a flag)."""

    service: str
    operation: str
    options: dict[str, tuple[str, ...]] = field(hash=False)
    text: str

    def one(self, option: str) -> str | None:
        """The single value of `option`, or None when the call does not set it."""
        values = self.options.get(option)
        return values[0] if values else None

    @property
    def waiter(self) -> str | None:
        return self.operation == "wait" and self.options.get("") and self.options[""][0] or None


def command_text(text: str, start: int) -> str:
    """The text of the command starting at `start`: up to an unquoted `)`, `;`, `|`, `&` or `>` at its own
    depth (a `$(...)` inside it is kept whole)."""
    depth, quote, i = 0, None, start
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = None
            elif c == "\\" and quote == '"':
                i += 1
        elif c in "'\"":
            quote = c
        elif text.startswith("$(", i):
            depth += 1
            i += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and c in ";|&>\n":
            break
        i += 1
    return text[start:i]


def joined(block: str) -> str:
    """A block with continuation lines joined and comments dropped."""
    lines = block.replace("\\\n", " ").splitlines()
    return "\n".join(re.sub(r"(^|\s)#(?![!{]).*$", "", line) for line in lines)


def calls(block: str) -> list[Call]:
    """Every AWS CLI call of a block, outer ones before the calls nested in them, in the block's order."""
    text = PLACEHOLDER.sub("FILLED", joined(block))
    found = []
    for m in AWS.finditer(text):
        words = shlex.split(command_text(text, m.start()))
        service, operation, rest = words[1], words[2], words[3:]
        options: dict[str, list[str]] = {}
        current = ""
        for word in rest:
            if word.startswith("--"):
                current = word
                options[current] = []
            else:
                options.setdefault(current, []).append(word)
        found.append(Call(service, operation, {k: tuple(v) for k, v in options.items()}, text[m.start() :]))
    return found


def assigned(block: str) -> dict[str, str]:
    """{VARIABLE: the text assigned to it} of a block's assignments (the last one wins)."""
    text = joined(block)
    found = {}
    for m in ASSIGNMENT.finditer(text):
        found[m.group(1)] = command_text(text, m.start(2))
    return found


def read_variables(block: str) -> list[tuple[str, int]]:
    """(variable, position in the joined block) of each shell variable the block reads."""
    return [(m.group(1), m.start()) for m in VARIABLE.finditer(joined(block))]


def variables_set(block: str) -> dict[str, int]:
    """{variable: position in the joined block where it is first set} (assignments and `for` loops)."""
    text = joined(block)
    found: dict[str, int] = {}
    for m in [*ASSIGNMENT.finditer(text), *re.finditer(r"\bfor (\w+) in\b", text)]:
        found[m.group(1)] = min(found.get(m.group(1), m.start(1)), m.start(1))
    return found


def terraform_calls(block: str) -> list[list[str]]:
    """The argument lists of the block's `terraform` commands."""
    found = []
    for line in PLACEHOLDER.sub("FILLED", joined(block)).splitlines():
        for m in re.finditer(r"(?<![\w/=.-])terraform ", line):
            found.append(shlex.split(command_text(line, m.start())))
    return found


def guide_sections(markdown: str) -> dict[str, list[str]]:
    return sections(markdown)


def resolved(r: dict[str, dict], value: object) -> object:
    """`value` with each `${aws_x.y.attribute}` replaced by that argument of the render, where the render
    sets it to a value (an `id` or an ARN AWS assigns stays a reference)."""
    if not isinstance(value, str):
        return value
    whole = INTERPOLATION.fullmatch(value)
    if whole:
        got = r.get(whole.group(1), {}).get(whole.group(2))
        return resolved(r, got) if got is not None else value
    return INTERPOLATION.sub(lambda m: str(resolved(r, r.get(m.group(1), {}).get(m.group(2), m.group(0)))), value)


@functools.cache
def cli_driver():
    """The AWS CLI's own command table (awscli, the CLI the e2e lane runs): operations, waiters and their
    options, customisations included."""
    from awscli.clidriver import create_clidriver

    return create_clidriver()
