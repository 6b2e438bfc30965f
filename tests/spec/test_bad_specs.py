"""Every bad spec in tests/spec/bad_specs is refused with its exact, located message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from support import ROOT

from sagegen.cli import main
from sagegen.errors import Problem, UserError
from sagegen.spec.yaml_reader import MAX_SPEC_BYTES, LocatedYaml, _compose, _TooDeep, parse_yaml, read_yaml_file

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


def _shape(node: yaml.Node | None) -> object:
    """A node tree as plain data: tags, values, styles and where each node starts."""
    if node is None:  # no document
        return None
    where = (node.tag, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (*where, node.value, node.style)
    if isinstance(node, yaml.SequenceNode):
        return (*where, node.flow_style, [_shape(item) for item in node.value])
    return (*where, node.flow_style, [(_shape(k), _shape(v)) for k, v in node.value])


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # refused before any parser (bad_specs/not-utf8)
        return False
    return True


SPEC_TEXTS = sorted(
    p for p in {*ROOT.glob("specs/*.yaml"), *ROOT.glob("examples/*.yaml"), *CORPUS.glob("*.yaml")} if _utf8(p)
)


@pytest.mark.parametrize("path", SPEC_TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_spec_reader_builds_pyyamls_tree_with_either_parser(path: Path) -> None:
    """Specs are composed from libyaml's events where PyYAML has it (ten times faster), without recursion:
    the tree is PyYAML's own composer's, and where one parser refuses the text so does the other."""
    text = path.read_text(encoding="utf-8")
    try:
        expected = _shape(yaml.compose(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        expected = "refused"
    for parser in (yaml.CSafeLoader, yaml.SafeLoader):
        try:
            got = _shape(_compose(text, parser))
        except (yaml.YAMLError, _TooDeep):
            got = "refused"
        assert got == expected, parser.__name__


@pytest.mark.parametrize("text", ["a: " + "[" * 5_000 + "}", "a:\n  " + "- " * 5_000 + "}"])
def test_a_spec_nested_beyond_any_parser_is_refused_at_its_place_at_once(text: str) -> None:
    """libyaml stops at 1,000 levels and PyYAML's parser slows down with depth (minutes at 200,000): the
    reader stops at the first level beyond a spec's, where it stands, before reading on (to the stray
    brace a parser would refuse)."""
    with pytest.raises(UserError) as refused:
        parse_yaml(text.encode(), "deep.yaml")
    (problem,) = refused.value.problems
    assert problem.key.startswith("a[0][0]") and problem.line in (1, 2) and "nested deeper" in problem.message


def test_a_collection_nested_too_deep_as_a_mapping_key_is_named_by_a_question_mark() -> None:
    """A YAML key may be a collection (`? [x]: 1`); no spec key is, and such a key has no name to print: the
    place says `?` for it (YAML's own sign of a complex key), then the line and column."""
    with pytest.raises(UserError) as refused:
        parse_yaml(("a: " + "[" * 31 + "{? [x]: 1}" + "]" * 31).encode(), "deep.yaml")
    (problem,) = refused.value.problems
    assert str(problem) == "deep.yaml:1:38: a" + "[0]" * 31 + ".?: nested deeper than a spec goes (32 levels)"


def test_a_problem_of_a_document_without_positions_names_the_file_and_the_key() -> None:
    """A LocatedYaml built from data with no marks (a spec made in code) still names what it can."""
    bare = LocatedYaml(data={"a": {"b": 1}}, source="made.yaml")
    assert bare.problem(("a", "b"), "too big") == Problem("too big", file="made.yaml", key="a.b")
    assert bare.problem((), "empty") == Problem("empty", file="made.yaml", key=None)


def test_a_spec_is_named_as_its_caller_names_it_and_read_through_a_link(tmp_path: Path) -> None:
    """The name in messages is the caller's (a path relative to where the user stands, a git revision's);
    a spec given as a symbolic link is read (the user chose that path; only the output tree refuses links)."""
    big = tmp_path / "big.yaml"
    big.write_text("project: x\n" + "# padding\n" * (MAX_SPEC_BYTES // 10))
    with pytest.raises(UserError) as refused:
        read_yaml_file(big, source="specs/named.yaml")
    assert refused.value.problems[0].file == "specs/named.yaml"
    link = tmp_path / "link.yaml"
    link.symlink_to(ROOT / "specs" / "sage.yaml")
    assert read_yaml_file(link).data["project"] == "sage"
