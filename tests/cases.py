"""The golden cases: tests/cases/<name>/ holds `spec.yaml`, or `case.yaml` naming a spec of the
repository and a phase to render (`spec: specs/sage.yaml`, `phase: growth`); `expected/` is its render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from support import ROOT

CASES_DIR = ROOT / "tests" / "cases"
# The example specs users start from (README); each is a golden case too (tests/cases/<name>/case.yaml).
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@dataclass(frozen=True)
class Case:
    name: str
    spec: Path
    phase: str | None
    expected: Path


def cases() -> list[Case]:
    found = []
    for directory in sorted(p for p in CASES_DIR.iterdir() if p.is_dir()):
        spec, phase = directory / "spec.yaml", None
        if (directory / "case.yaml").exists():
            described = yaml.safe_load((directory / "case.yaml").read_text())
            spec, phase = ROOT / described["spec"], described.get("phase")
        found.append(Case(directory.name, spec, phase, directory / "expected"))
    return found


# Where each phase of specs/sage.yaml is kept rendered: the live one in out/, the others as cases.
GOLDEN = {
    "mvp": ROOT / "out",
    "growth": CASES_DIR / "sage-growth" / "expected",
    "scale": CASES_DIR / "sage-scale" / "expected",
}


def sage_modules() -> list:
    """Every root module of every phase of specs/sage.yaml: (phase, RootModule), in the spec's order."""
    from support import SAGE_SPEC

    from sagegen.spec.layout import root_modules
    from sagegen.spec.load import load_stack

    stack = load_stack(SAGE_SPEC)
    return [(phase, m) for phase, spec in stack.phases.items() for m in root_modules(spec)]


def render_every_phase(spec_path: Path) -> dict[str, str]:
    """Each phase's render under `<phase>/` (the whole render at the top for a spec without phases)."""
    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_stack

    stack = load_stack(spec_path)
    out = {}
    for phase, spec in stack.phases.items():
        out.update(((f"{phase}/" if phase else "") + path, text) for path, text in render_stack(spec, phase).items())
    return out


class _Rendered(dict):
    """{phase: directory} of each phase of specs/sage.yaml rendered now, into a temporary directory,
    the first time a test asks: tests about what sagegen renders read this, never the committed files
    (which test_golden compares with it), so they cannot pass on a stale out/."""

    def __missing__(self, phase: str) -> Path:
        import atexit
        import shutil
        import tempfile

        from support import SAGE_SPEC, write_tree

        from sagegen.render.assemble import render_stack
        from sagegen.spec.load import load_stack

        directory = Path(tempfile.mkdtemp(prefix=f"sagegen-{phase}-"))
        atexit.register(shutil.rmtree, directory, True)
        write_tree(directory, render_stack(load_stack(SAGE_SPEC).phases[phase], phase))
        self[phase] = directory
        return directory


RENDERED: dict[str, Path] = _Rendered()
