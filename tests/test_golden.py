"""Golden files: out/ and every tests/cases/<name>/expected are what the spec renders, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SAGE_SPEC

from sagegen import api
from sagegen.output.report import Outcome

CASES = Path(__file__).parent / "cases"


def assert_current(spec: Path, out: Path) -> None:
    report, texts = api.check(spec, out)
    differing = {e.path: e.outcome.value for e in report.entries if e.outcome is not Outcome.UNCHANGED}
    assert differing == {}, api.unified_diff(out, texts)[:4000] + "\nrun scripts/update-golden"


def test_committed_out_is_current() -> None:
    assert_current(SAGE_SPEC, ROOT / "out")


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_case(case: str) -> None:
    assert_current(CASES / case / "spec.yaml", CASES / case / "expected")


def test_render_is_deterministic(sage_spec) -> None:
    from sagegen.render.module import render

    first, second = render(sage_spec), render(sage_spec)
    assert first == second
    assert list(first) == sorted(first)
