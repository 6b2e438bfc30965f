"""The one way a value reaches a shell command in the generated documents: POSIX single quotes.

A value that needs no quoting (names, regions, numbers) is left bare, so commands read as typed;
anything else is single-quoted, so no character of a spec value is ever interpreted by the shell.
"""

from __future__ import annotations

import shlex

from ..errors import TemplateError


def quote(value: object) -> str:
    """`value` as one shell word."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TemplateError(f"not a value for a shell command: {value!r}")
    return shlex.quote(str(value))


def tags(values: dict[str, str]) -> str:
    """An AWS CLI `--tags` list: Key=...,Value=... words, each quoted."""
    return " ".join(quote(f"Key={k},Value={v}") for k, v in sorted(values.items()))
