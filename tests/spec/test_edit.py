"""An Edit of a spec's text (sagegen/spec/edit.py) made on its own: the lines it names replaced, every
other byte kept, a text that moved on refused (issue 25: its arithmetic survived code mutation)."""

from __future__ import annotations

import pytest
import yaml

from sagegen.spec.edit import Edit, _add

TEXT = "a: 1\nb:\n  c: 2\n  d: 3\ne: 4\n"


def test_the_named_lines_are_replaced_and_nothing_else() -> None:
    edit = Edit("s.yaml", 3, "b.c", ("  c: 2", "  d: 3"), ("  c: 5",))
    assert edit.apply_to(TEXT) == "a: 1\nb:\n  c: 5\ne: 4\n"
    assert edit.apply_to(TEXT.removesuffix("\n")) == "a: 1\nb:\n  c: 5\ne: 4"  # no newline added at the end


def test_an_added_key_goes_before_its_line() -> None:
    assert Edit("s.yaml", 2, "z", (), ("z: 0",)).apply_to(TEXT) == "a: 1\nz: 0\nb:\n  c: 2\n  d: 3\ne: 4\n"


def test_a_text_that_moved_on_is_refused_by_file_and_line() -> None:
    with pytest.raises(ValueError) as refused:
        Edit("specs/s.yaml", 2, "b.c", ("  c: 2",), ("  c: 5",)).apply_to(TEXT)
    assert str(refused.value) == "specs/s.yaml:2 no longer reads ('  c: 2',)"


def _mapping(text: str, key: str) -> yaml.MappingNode:
    return next(value for name, value in yaml.compose(text).value if name.value == key)


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("a:\n  b: 1\n  c: 2\nd: 3\n", ("a:\n  b: 1\n  c: 2\n  x: 5\nd: 3\n", 4)),
        ("a:\n  b:\n    e: 1\nd: 3\n", ("a:\n  b:\n    e: 1\n  x: 5\nd: 3\n", 4)),  # after a nested block
        ("d: 3\na:\n    b: 1", ("d: 3\na:\n    b: 1\n    x: 5\n", 4)),  # no line break at the end; its indent
    ],
)
def test_a_key_is_added_as_the_last_entry_of_its_block_at_its_indent(text: str, added: tuple[str, int]) -> None:
    assert _add(text, _mapping(text, "a"), ("x",), 5) == (*added, (), (added[0].splitlines()[added[1] - 1],))


def test_a_flow_mapping_gets_no_added_key() -> None:
    text = "a: {b: 1}\n"
    assert _add(text, _mapping(text, "a"), ("x",), 5) is None
