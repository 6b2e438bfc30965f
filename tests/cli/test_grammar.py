"""One grammar across commands: diff takes --phase and --exit-code like check; check names hand edits."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import run_cli
from support import ROOT, SAGE_SPEC


def test_diff_exits_1_on_a_difference_with_exit_code_and_takes_a_phase(tmp_path: Path) -> None:
    same = run_cli("diff", SAGE_SPEC, "--out", ROOT / "out", "--exit-code")
    assert same.returncode == 0 and same.stdout == "", same.stderr
    growth = run_cli("diff", SAGE_SPEC, "--out", tmp_path / "growth", "--phase", "growth", "--exit-code")
    assert growth.returncode == 1 and f"+++ {tmp_path / 'growth'}/terraform/rds.tf" in growth.stdout
    assert '"db.t4g.small"' in growth.stdout and '"db.t4g.micro"' not in growth.stdout  # growth, not the live MVP
    assert run_cli("diff", SAGE_SPEC, "--out", tmp_path / "growth", "--phase", "growth").returncode == 0


def test_check_says_a_hand_edit_is_one_render_refuses(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "out", tmp_path / "out")
    with (tmp_path / "out" / "terraform" / "ecs.tf").open("a") as handle:
        handle.write("# a hand edit\n")
    checked = run_cli("check", SAGE_SPEC, "--out", tmp_path / "out")
    assert checked.returncode == 1
    assert "ecs.tf: edited by hand since the last render, so `sagegen render` refuses it" in checked.stdout
    assert "holds generated files edited by hand (listed above)" in checked.stderr
    assert "run `sagegen render`" not in checked.stderr
