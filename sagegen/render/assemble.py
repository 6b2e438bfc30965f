"""The whole render of one phase: every root module, the deploy workflows and the guides."""

from __future__ import annotations

from ..spec.layout import root_modules
from ..spec.models import Spec
from .guides import render_guides
from .module import render
from .workflows import render_workflows


def render_stack(spec: Spec, phase: str | None = None) -> dict[str, str]:
    """{path: text} of the stack of `spec` in phase `phase`: `terraform/`, `<region>/terraform/` per
    secondary region, `.github/workflows/`, README.md and RUNBOOK.md."""
    out: dict[str, str] = {}
    for module in root_modules(spec):
        out.update((module.prefix + path, text) for path, text in render(module.spec).items())
    out.update(render_workflows(spec))  # one set of workflows, deploying to each region
    out.update(render_guides(spec, phase, out))  # the guides read the files rendered above
    return dict(sorted(out.items()))
