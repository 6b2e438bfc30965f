"""The command line as users meet it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import run_cli, sage_data, snapshot, write_spec
from support import ROOT, SAGE_SPEC

from sagegen.cli import main


def test_validate_accepts_the_sage_spec(capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", str(SAGE_SPEC)]) == 0
    assert "valid" in capsys.readouterr().out


def test_wrong_type_names_file_line_and_key(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = sage_data()
    data["database"]["allocated_storage"] = "twenty"
    spec = write_spec(tmp_path / "spec.yaml", data)
    assert main(["validate", str(spec)]) == 1
    err = capsys.readouterr().err
    line = spec.read_text().splitlines().index("  allocated_storage: twenty") + 1
    assert f"{spec}:{line}:3: database.allocated_storage: Input should be a valid integer" in err


def test_unknown_key_suggests_the_closest(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = sage_data()
    data["database"]["instance_clas"] = data["database"].pop("instance_class")
    spec = write_spec(tmp_path / "spec.yaml", data)
    assert main(["validate", str(spec)]) == 1
    err = capsys.readouterr().err
    assert "database.instance_clas: unknown key; did you mean `instance_class`?" in err


def test_every_error_is_listed_at_once(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = sage_data()
    data["service"]["cpu"] = "lots"
    data["cache"]["snapshot_retention_limit"] = 99
    data["typo_at_root"] = 1
    spec = write_spec(tmp_path / "spec.yaml", data)
    assert main(["validate", str(spec)]) == 1
    err = capsys.readouterr().err
    assert "service.cpu" in err and "cache.snapshot_retention_limit" in err and "typo_at_root" in err
    assert "3 errors" in err and err.count("error: ") == 3


def test_bad_input_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("project: [unclosed\n")
    for args in (
        ["validate", bad],
        ["render", bad, "--out", tmp_path / "o"],
        ["check", tmp_path / "missing.yaml"],
        ["validate", tmp_path],
    ):
        result = run_cli(*args, process=True)
        assert result.returncode == 1, result
        assert "Traceback" not in result.stderr and "error" in result.stderr
    assert not (tmp_path / "o").exists()


def test_an_invalid_spec_leaves_the_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["render", str(SAGE_SPEC), "--out", str(out)]) == 0
    before = snapshot(out)
    data = sage_data()
    data["service"]["memory"] = 999
    assert main(["render", str(write_spec(tmp_path / "bad.yaml", data)), "--out", str(out)]) == 1
    assert snapshot(out) == before


def test_bare_render_in_the_repository_reproduces_the_golden_files(tmp_path: Path) -> None:
    """`sagegen render` with no arguments, run at the root of a copy of the repository."""
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "out", tmp_path / "out")
    before = snapshot(tmp_path / "out")
    result = run_cli("render", cwd=tmp_path, process=True)
    assert result.returncode == 0, result.stderr
    assert f"{len(before) - 1} unchanged" in result.stdout  # every file but the manifest
    assert snapshot(tmp_path / "out") == before
    assert run_cli("check", cwd=tmp_path, process=True).returncode == 0


def test_help_explains_the_commands() -> None:
    result = run_cli("--help", process=True)
    assert result.returncode == 0
    for command in ("validate", "render", "check", "diff"):
        assert command in result.stdout


def test_usage_errors_exit_2() -> None:
    result = run_cli("render", "--no-such-option", process=True)
    assert result.returncode == 2 and "No such option" in result.stderr
