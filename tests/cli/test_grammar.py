"""One grammar across commands: diff takes --phase and --exit-code like check; check names hand edits."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import run_cli
from support import ROOT, SAGE_SPEC


def test_diff_exits_1_on_a_difference_with_exit_code_and_takes_a_phase(tmp_path: Path) -> None:
    same = run_cli("diff", SAGE_SPEC, "--out", ROOT / "out", "--exit-code", process=True)
    assert same.returncode == 0 and same.stdout == "", same.stderr
    growth = run_cli("diff", SAGE_SPEC, "--out", tmp_path / "growth", "--phase", "growth", "--exit-code", process=True)
    assert growth.returncode == 1 and f"+++ {tmp_path / 'growth'}/terraform/rds.tf" in growth.stdout
    assert '"db.t4g.small"' in growth.stdout and '"db.t4g.micro"' not in growth.stdout  # growth, not the live MVP
    assert run_cli("diff", SAGE_SPEC, "--out", tmp_path / "growth", "--phase", "growth", process=True).returncode == 0


def test_check_says_a_hand_edit_is_one_render_refuses(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "out", tmp_path / "out")
    with (tmp_path / "out" / "terraform" / "ecs.tf").open("a") as handle:
        handle.write("# a hand edit\n")
    checked = run_cli("check", SAGE_SPEC, "--out", tmp_path / "out", process=True)
    assert checked.returncode == 1
    assert "ecs.tf: edited by hand since the last render, so `sagegen render` refuses it" in checked.stdout
    assert "holds generated files edited by hand (listed above)" in checked.stderr
    assert "run `sagegen render`" not in checked.stderr


def test_validate_gives_its_findings_as_json_and_sarif_for_ci(tmp_path: Path) -> None:
    import json

    text = run_cli("validate", SAGE_SPEC, process=True)
    sarif = run_cli("validate", SAGE_SPEC, "--format", "sarif", process=True)
    assert sarif.returncode == 0 and sarif.stderr == ""
    (run,) = json.loads(sarif.stdout)["runs"]
    warned = [line for line in text.stderr.splitlines() if line.startswith("warning: ")]
    results = [r for r in run["results"] if r["level"] == "warning"]
    assert len(results) == len(warned) == 3
    for result, line in zip(results, warned, strict=True):
        where = result["locations"][0]["physicalLocation"]
        assert line.startswith(f"warning: {where['artifactLocation']['uri']}:{where['region']['startLine']}:")
        assert line.endswith(f"[{result['ruleId']}]")
    assert {r["ruleId"] for r in run["results"] if r["level"] == "note"} == {"single-az-database"}
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == {r["ruleId"] for r in run["results"]}
    assert run_cli("validate", SAGE_SPEC, "--format", "sarif", "--strict", process=True).returncode == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAGE_SPEC.read_text().replace("  db_name: sage\n", "  db_name: Sage-db\n"))
    refused = run_cli("validate", bad, "--format", "json", process=True)
    body = json.loads(refused.stdout)
    assert refused.returncode == 1 and body["valid"] is False and body["errors"] == 1
    (error,) = [f for f in body["findings"] if f["level"] == "error"]
    assert (error["key"], error["rule"]) == ("database.db_name", "spec") and error["line"] > 1


def test_cost_selects_phases_as_every_command_does() -> None:
    """`cost` used to default to every phase where docs, render, check and diff take the live one."""
    live = run_cli("cost", SAGE_SPEC, process=True)
    assert live.returncode == 0 and live.stdout == run_cli("cost", SAGE_SPEC, "--phase", "mvp", process=True).stdout
    every = run_cli("cost", SAGE_SPEC, "--phase", "all", process=True)
    assert [line.split(",")[0] for line in every.stdout.splitlines() if line.startswith("monthly cost of")] == [
        "monthly cost of phase mvp", "monthly cost of phase growth", "monthly cost of phase scale"
    ]  # fmt: skip


def test_no_text_says_out_phase_and_check_does_not_teach_previews() -> None:
    """Renders went to out/ long ago, but specs/sage.yaml's comments and `docs --help` still said
    out/<phase>/; `check --help` repeated render's text about writing previews, which check never does."""
    assert "out/<phase>" not in SAGE_SPEC.read_text()
    for command in ("docs", "check", "diff", "render", "cost"):
        helped = run_cli(command, "--help", process=True)
        assert helped.returncode == 0 and "<phase>/" not in helped.stdout, command
    for command in ("check", "diff"):
        assert "refuses to put a preview over the live stack" not in run_cli(command, "--help", process=True).stdout


def test_keys_changed_together_say_why_they_are_not_tried_apart() -> None:
    """MVP -> Growth raises min_capacity above the MVP's desired_count: valid only with both changed."""
    result = run_cli("impact", SAGE_SPEC, "--from", "mvp", "--to", "growth", process=True)
    assert "(valid only together)" not in result.stdout
    assert "(changed together: the spec is valid only with all of them, so they are not tried one by one)" in (
        result.stdout
    ), result.stdout
