"""Golden files: out/ and every tests/cases/<name>/expected are what the spec renders, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from cases import CASES_DIR, Case, cases
from support import ROOT, SAGE_SPEC

from sagegen import api
from sagegen.output.report import Outcome

CASES = CASES_DIR


def assert_current(spec: Path, out: Path, phase: str | None = None) -> None:
    report, texts = api.check(spec, out, phase)
    differing = {e.path: e.outcome.value for e in report.entries if e.outcome is not Outcome.UNCHANGED}
    assert differing == {}, api.unified_diff(out, texts)[:4000] + "\nrun scripts/update-golden"


def test_committed_out_is_current() -> None:
    assert_current(SAGE_SPEC, ROOT / "out")


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_case(case: Case) -> None:
    assert_current(case.spec, case.expected, case.phase)


def test_the_other_phases_of_the_sage_spec_are_golden_cases() -> None:
    """out/ holds the live phase only; every other phase is kept as a golden preview."""
    from sagegen.spec.load import load_stack

    stack = load_stack(SAGE_SPEC)
    previews = {c.phase for c in cases() if c.spec == SAGE_SPEC}
    assert previews == set(stack.phases) - {stack.live}


def test_render_is_deterministic(sage_spec) -> None:
    from sagegen.render.module import render

    first, second = render(sage_spec), render(sage_spec)
    assert first == second
    assert list(first) == sorted(first)
