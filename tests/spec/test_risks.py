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


def test_warnings_on_one_line_come_in_the_order_of_their_columns(tmp_path: Path) -> None:
    """A flow mapping holds two risky keys on one line: the one written first is reported first."""
    text = (ROOT / "examples" / "minimal.yaml").read_text().replace("environment: staging", "environment: production")
    text = text.replace(
        "database:\n  db_name: mini\n  username: mini_admin\n",
        "database: {deletion_protection: false, multi_az: false, db_name: mini, username: mini_admin}\n",
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    result = run_cli("validate", spec)
    said = [
        line.split(": ")[2] for line in result.stderr.splitlines() if line.startswith("warning:") and "database" in line
    ]
    assert said == ["database.deletion_protection", "database.multi_az"], result.stderr
