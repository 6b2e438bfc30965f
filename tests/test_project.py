"""The project's own automation: CI workflow, pre-commit hook, .ci/run."""

from __future__ import annotations

import shlex

import yaml

from conftest import ROOT
from helpers import run_cli


def test_ci_workflow_runs_the_tests_and_check() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    steps = [s.get("run", "") for s in workflow["jobs"]["test"]["steps"]]
    assert "scripts/test" in steps
    assert any("sagegen check" in s for s in steps)


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
