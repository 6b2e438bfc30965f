"""`writer.write_svg`, in this process: Graphviz's `dot` (a stand-in on PATH) draws the diagram, and the
SVG lands whole under its name or not at all. (tests/render/test_documents.py runs `sagegen docs --svg`
in a process of its own, end to end.)"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest
from helpers import stand_in

from sagegen.errors import UserError
from sagegen.output import writer

DOT = "digraph architecture { a -> b; }"


def _dot(directory: Path, body: str) -> None:
    """A `dot` on PATH that runs `body` (Python) with the diagram read from its standard input as `given`."""
    stand_in(directory / "dot", f"given = sys.stdin.read()\n{body}")


@pytest.fixture
def path_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "bin"
    monkeypatch.setenv("PATH", str(directory))
    return directory


def test_dot_draws_the_diagram_into_the_file_whole(tmp_path: Path, path_dir: Path) -> None:
    _dot(path_dir, "assert sys.argv[1:] == ['-Tsvg'], sys.argv\nprint('<svg>' + given + '</svg>', end='')")
    target = tmp_path / "out" / "architecture.svg"
    target.parent.mkdir()
    writer.write_svg(DOT, target)
    assert target.read_text(encoding="utf-8") == f"<svg>{DOT}</svg>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["architecture.svg"], "a staged copy was left"


def test_an_svg_replaces_a_link_planted_at_its_name_and_writes_nothing_through_it(
    tmp_path: Path, path_dir: Path
) -> None:
    _dot(path_dir, "print('<svg/>')")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "out.svg"
    target.symlink_to(victim)
    writer.write_svg(DOT, target)
    assert victim.read_text() == "keep me" and not target.is_symlink() and target.read_text() == "<svg/>\n"


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("sys.stderr.write('syntax error in line 1'); sys.exit(1)", "dot could not draw the diagram: syntax error"),
        ("print('no picture here')", "dot could not draw the diagram: no SVG on its output"),
        ("print('<svg/>'); sys.exit(2)", "dot could not draw the diagram: no SVG on its output"),
    ],
    ids=["dot-fails", "no-svg", "svg-but-failed"],
)
def test_a_failing_dot_is_a_clear_error_and_writes_nothing(tmp_path: Path, path_dir: Path, body: str, said: str):
    _dot(path_dir, body)
    target = tmp_path / "architecture.svg"
    with pytest.raises(UserError) as raised:
        writer.write_svg(DOT, target)
    assert str(raised.value).startswith(f"error: {said}"), str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]


def test_without_dot_or_a_directory_it_says_what_is_missing(tmp_path: Path, path_dir: Path) -> None:
    with pytest.raises(UserError) as raised:
        writer.write_svg(DOT, tmp_path / "a.svg")
    assert str(raised.value) == (
        "error: --svg needs Graphviz's `dot`, which is not on PATH (apt install graphviz, brew install graphviz); "
        "the Mermaid diagram in README.md needs nothing"
    )
    _dot(path_dir, "print('<svg/>')")
    missing = tmp_path / "nowhere" / "a.svg"
    with pytest.raises(UserError, match=f"the directory {missing.parent} does not exist"):
        writer.write_svg(DOT, missing)
    assert not missing.parent.exists()


def test_a_write_that_fails_leaves_no_staged_copy(tmp_path: Path, path_dir: Path, monkeypatch) -> None:
    _dot(path_dir, "print('<svg/>')")

    def refuse(*_args) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        writer.write_svg(DOT, tmp_path / "a.svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]


def test_a_dot_that_hangs_is_stopped_and_named(tmp_path: Path, path_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr(writer, "GRAPHVIZ_TIMEOUT", 0.5)
    _dot(path_dir, "import time\ntime.sleep(30)")
    with pytest.raises(UserError, match="dot did not finish drawing the diagram within 0.5 s"):
        writer.write_svg(DOT, tmp_path / "a.svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]


def test_the_svg_is_dots_bytes_staged_hidden_beside_it(tmp_path: Path, path_dir: Path, monkeypatch) -> None:
    """Staged in the target's own directory (a rename within one directory is atomic; from elsewhere it
    may cross file systems), under a dot name marked as sagegen's (a crash leaves a file every listing
    hides and sagegen recognises); the bytes are dot's own, in any locale."""
    _dot(path_dir, "sys.stdout.buffer.write('<svg>東京 \\r\\n</svg>'.encode())")
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append((Path(a), Path(b))), real_replace(a, b)))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-directory"))
    target = tmp_path / "architecture.svg"
    writer.write_svg(DOT, target)
    ((staged, final),) = renamed
    assert final == target and staged.parent == tmp_path
    assert staged.name.startswith(".architecture.svg.") and staged.name.endswith(".sagegen-tmp")
    assert target.read_bytes() == "<svg>東京 \r\n</svg>".encode()


def test_dots_complaint_is_read_whatever_its_bytes(tmp_path: Path, path_dir: Path) -> None:
    _dot(path_dir, "sys.stderr.buffer.write(b'bad \\xff label'); sys.exit(1)")
    with pytest.raises(UserError) as raised:
        writer.write_svg(DOT, tmp_path / "a.svg")
    assert str(raised.value) == "error: dot could not draw the diagram: bad \ufffd label"


def test_the_first_error_is_the_one_reported_when_the_staged_copy_is_gone(
    tmp_path: Path, path_dir: Path, monkeypatch
) -> None:
    """The clean-up of a failed write does not hide its cause behind a FileNotFoundError of its own."""
    _dot(path_dir, "print('<svg/>')")

    def vanish(staged, _mode) -> None:
        os.unlink(staged)
        raise PermissionError("no chmod here")

    monkeypatch.setattr(os, "chmod", vanish)
    with pytest.raises(PermissionError, match="no chmod here"):
        writer.write_svg(DOT, tmp_path / "a.svg")
