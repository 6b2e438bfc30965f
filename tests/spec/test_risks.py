"""Every warning `validate` gives, as a team reads it and as CI reads it (text, JSON, SARIF), byte for
byte: tests/spec/golden/risky.yaml fires each in its live phase, accepts one and holds an acceptance that
applies to no phase. scripts/update-golden rewrites the reports (review their diff: each line is what a
team is told to change). Code mutation (issue 25) showed no test held a warning's text or its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_cli
from support import ROOT

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_every_warning_is_the_reviewed_one_at_its_line(fmt: str) -> None:
    result = run_cli("validate", "tests/spec/golden/risky.yaml", "--format", fmt, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    said = result.stderr + result.stdout if fmt == "text" else result.stdout
    assert said == (GOLDEN / f"risky.{fmt}").read_text(), "scripts/update-golden rewrites it: review the diff"
