"""Every bad spec in tests/spec/bad_specs is refused with its exact, located message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import ROOT

from sagegen.cli import main
from sagegen.spec.yaml_reader import MAX_SPEC_BYTES

CORPUS = Path(__file__).parent / "bad_specs"
CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))
FILE_LEVEL = {"empty-file", "only-comments", "not-utf8"}  # no key to name


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("name", CASES)
def test_bad_spec(name: str, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    path = f"tests/spec/bad_specs/{name}.yaml"
    assert main(["validate", path]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (CORPUS / f"{name}.err").read_text()
    assert "Traceback" not in captured.err
    if name not in FILE_LEVEL:
        assert re.search(rf"^error: {re.escape(path)}:\d+(:\d+)?: ", captured.err, re.M), captured.err


def test_an_oversized_spec(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("project: x\n" + "# padding\n" * (MAX_SPEC_BYTES // 10))
    assert main(["validate", str(big)]) == 1
    assert f"error: {big}: is {big.stat().st_size} bytes; sagegen reads at most" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_a_spec_that_is_not_a_file(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "spec.yaml"
    if kind == "directory":
        path.mkdir()
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ") and ("no such file" in err or "is a directory" in err)
