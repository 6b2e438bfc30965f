"""The project's own automation: CI workflow, pre-commit hook, .ci/run."""

from __future__ import annotations

import re
import shlex

import yaml
from helpers import run_cli
from support import ROOT


def test_pre_commit_hook_entry_runs() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "sagegen-check" and hook["pass_filenames"] is False
    program, *args = shlex.split(hook["entry"])
    assert program == "sagegen"
    result = run_cli(*args, cwd=ROOT)  # what pre-commit runs, at the repository root
    assert result.returncode == 0, result.stderr


def test_ci_run_calls_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci_run = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test" in readme and "exec scripts/test" in ci_run


def test_committed_schema_is_current() -> None:
    from sagegen import api

    assert (ROOT / "schema" / "spec.json").read_text() == api.json_schema(), "run: sagegen schema > schema/spec.json"


def test_sage_spec_points_editors_at_the_schema() -> None:
    first = (ROOT / "specs" / "sage.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/spec.json"
    assert (ROOT / "specs" / "../schema/spec.json").resolve().is_file()


def test_schema_describes_fields_and_validates_the_spec() -> None:
    import json

    from sagegen import api

    schema = json.loads(api.json_schema())
    database = schema["$defs"]["Database"]["properties"]
    assert database["backup_retention_period"]["maximum"] == 35
    assert "description" in database["instance_class"]
    assert schema["$defs"]["Database"]["additionalProperties"] is False


def _jinja_inside_quotes(line: str) -> bool:
    inside = False
    i = 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == '"':
            inside = not inside
        elif line.startswith("{{", i) and inside:
            return True
        i += 1
    return False


def test_no_template_quotes_a_value_by_hand() -> None:
    """Values reach HCL only through the `hcl` filter: no `{{` inside quotes, no output without a filter.

    The Markdown templates (README, RUNBOOK) write prose and shell lines for people, not HCL.
    """
    offenders = []
    for template in sorted((ROOT / "templates").glob("*.tf.j2")):
        text = template.read_text()
        # A macro or a `{% set %}` block emits template text, not a value: those may be output as they are.
        blocks = set(re.findall(r"\{%-?\s*(?:macro|set)\s+(\w+)\s*(?:\(|%)", text))
        for number, line in enumerate(text.splitlines(), 1):
            unfiltered = re.search(r"\{\{(?![^}]*\|\s*(hcl|hcl_inline|label)\s*\}\})[^}]*\}\}", line)
            if (
                unfiltered
                and re.fullmatch(r"\{\{\s*(\w+)\b[^}]*\}\}", unfiltered.group(0))
                and re.match(r"\{\{\s*(\w+)", unfiltered.group(0)).group(1) in blocks
            ):
                unfiltered = None
            if _jinja_inside_quotes(line) or unfiltered:
                offenders.append(f"{template.name}:{number}: {line.strip()}")
    assert offenders == []


def test_the_template_check_catches_a_hand_quoted_value() -> None:
    assert _jinja_inside_quotes('  name = "{{ spec.project }}-cluster"')
    assert not _jinja_inside_quotes('resource "aws_ecs_cluster" {{ n.label | label | hcl }} {')
