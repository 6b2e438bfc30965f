"""Every Jinja filter and global sagegen's templates may use, registered here.

Filters raise on input they cannot handle; none of them returns "" to paper
over a missing value (the environment also runs with StrictUndefined).
"""

from __future__ import annotations

from jinja2 import Environment

from ..errors import TemplateError
from . import hcl, shell


def label(value: object) -> str:
    """A Terraform block label or traversal step, checked to need no quoting."""
    if not isinstance(value, str) or not hcl.IDENTIFIER.match(value):
        raise TemplateError(f"not a valid Terraform identifier: {value!r}")
    return value


def expr(text: str) -> hcl.Expr:
    return hcl.Expr(text)


def interp(*parts: str | hcl.Expr) -> hcl.Interp:
    return hcl.Interp(*parts)


# What the first step of a first apply creates: the certificates (their records can then be made)
# and the image repository (the first image can then be pushed).
FIRST_APPLY_TYPES = ("aws_acm_certificate", "aws_ecr_repository")


def first_apply_target(address: object, certificates: bool = True) -> bool:
    """Whether a first apply's first step creates `address` (the certificates only without a hosted zone)."""
    kind = str(address).split(".")[0]
    return kind in FIRST_APPLY_TYPES and (certificates or kind != "aws_acm_certificate")


def register(env: Environment) -> None:
    env.tests["first_apply_target"] = first_apply_target
    env.filters["hcl"] = hcl.encode
    env.filters["hcl_inline"] = lambda value: hcl.encode(value, multiline=False)
    env.filters["label"] = label
    env.filters["sh"] = shell.quote
    env.filters["sh_tags"] = shell.tags
    env.globals["expr"] = expr
    env.globals["interp"] = interp
