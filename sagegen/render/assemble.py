"""The whole render: every root module of every phase, the deploy workflows and the guides."""

from __future__ import annotations

from ..spec.layout import phase_dir, root_modules
from ..spec.models import Spec
from .guides import render_guides
from .module import render
from .workflows import render_workflows


def render_phases(specs: dict[str | None, Spec]) -> dict[str, str]:
    """Render every root module of every phase, each under its own directory (`<phase>/terraform/...`).

    A spec without phases ({None: spec}) renders at the top, as `render` does.
    """
    out: dict[str, str] = {}
    for module in root_modules(specs):
        out.update((module.prefix + path, text) for path, text in render(module.spec, module.phase).items())
    for name, spec in specs.items():  # one set of workflows per phase, deploying to each of its regions
        out.update((phase_dir(name) + path, text) for path, text in render_workflows(spec).items())
    out.update(render_guides(specs, out))  # the guides read the files rendered above
    return dict(sorted(out.items()))
