"""An Edit of a spec's text (sagegen/spec/edit.py) made on its own: the lines it names replaced, every
other byte kept, a text that moved on refused (issue 25: its arithmetic survived code mutation)."""

from __future__ import annotations

import pytest
import yaml
from support import SAGE_SPEC

from sagegen.spec.edit import Edit, _add, _set, adopt, located_key
from sagegen.spec.load import load_stack_bytes

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


def test_a_file_with_windows_line_breaks_keeps_them_and_the_edit_names_lines_without_them() -> None:
    """A spec saved on Windows (CRLF): the edit's lines are the text a reviewer reads, the edited file keeps
    its own line breaks, and applying the edit to the file gives the same text."""
    text = "a: 1\r\nb:\r\n  c: 2   \r\n  d: X\r\n"
    changed = _set(text, ("b", "c"), 5)
    assert changed == ("a: 1\r\nb:\r\n  c: 5   \r\n  d: X\r\n", 3, ("  c: 2   ",), ("  c: 5   ",))
    assert Edit("s.yaml", 3, "b.c", changed[2], changed[3]).apply_to(text) == changed[0]
    # a line ending in the letter X (which no line-break rule may eat) keeps it
    assert _set(text, ("b", "d"), "Y")[2:] == (("  d: X",), ("  d: Y",))
    added = _set(text, ("b", "e"), 7)
    assert added == ("a: 1\r\nb:\r\n  c: 2   \r\n  d: X\r\n  e: 7\r\n", 5, (), ("  e: 7",))
    assert Edit("s.yaml", 5, "b.e", (), ("  e: 7",)).apply_to(text) == added[0]


def test_a_key_added_to_a_file_of_one_line_goes_on_a_line_of_its_own() -> None:
    assert _set("a: 1", ("b",), 2) == ("a: 1\nb: 2\n", 2, (), ("b: 2",))


def test_only_a_written_scalar_or_a_key_of_a_written_block_is_edited() -> None:
    text = "a: {b: 1}\nc:\n  d: 1\n"
    assert _set(text, ("a",), 5) is None  # a mapping, even on one line, is not a value
    assert _set(text, ("x", "y"), 5) is None  # its section is not written: adding `x: 5` would not say x.y
    assert _set(text, ("c", "d", "e"), 5) is None  # a scalar has no keys
    assert _set(text, ("c", "e"), 5)[0] == "a: {b: 1}\nc:\n  d: 1\n  e: 5\n"


def test_an_edit_of_a_phase_that_is_not_live_is_validated_as_that_phase() -> None:
    text = SAGE_SPEC.read_text()
    stack = load_stack_bytes(text.encode(), "specs/sage.yaml")
    attempt = adopt(stack, text, "growth", "service.desired_count", 6)
    assert attempt is not None and attempt.edit.key == "phases.growth.service.desired_count"
    assert (attempt.spec.service.desired_count, attempt.spec.database.instance_class) == (6, "db.t4g.small")


def test_a_key_whose_section_the_file_does_not_write_is_its_default() -> None:
    text = "# the document's values\n" + "".join(
        line for line in SAGE_SPEC.read_text().splitlines(keepends=True) if not line.startswith("version")
    )
    stack = load_stack_bytes(("version: 1\n" + text).encode(), "s.yaml")
    assert located_key(stack, "mvp", "dns.zone") == "dns.zone (s.yaml: not written, its default)"
    assert located_key(stack, "mvp", "project") == "project (s.yaml:11)"
