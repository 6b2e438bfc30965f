"""Every Jinja filter and global sagegen's templates may use, registered here.

Filters raise on input they cannot handle; none of them returns "" to paper
over a missing value (the environment also runs with StrictUndefined).
"""

from __future__ import annotations

from jinja2 import Environment

from ..errors import TemplateError
from . import hcl


def label(value: object) -> str:
    """A Terraform block label or traversal step, checked to need no quoting."""
    if not isinstance(value, str) or not hcl.IDENTIFIER.match(value):
        raise TemplateError(f"not a valid Terraform identifier: {value!r}")
    return value


def expr(text: str) -> hcl.Expr:
    return hcl.Expr(text)


def interp(*parts: str | hcl.Expr) -> hcl.Interp:
    return hcl.Interp(*parts)


def register(env: Environment) -> None:
    env.filters["hcl"] = hcl.encode
    env.filters["hcl_inline"] = lambda value: hcl.encode(value, multiline=False)
    env.filters["label"] = label
    env.globals["expr"] = expr
    env.globals["interp"] = interp
