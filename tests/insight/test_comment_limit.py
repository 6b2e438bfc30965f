"""The pull-request comment fits GitHub's limit (a comment above 65,536 characters is refused): `_fit` keeps
it whole up to COMMENT_LIMIT, and above that cuts it at a line, leaving room for the note that says so."""

from __future__ import annotations

from sagegen.insight.impact_report import COMMENT_LIMIT, _fit

NOTE = f"\n\n*(cut at {COMMENT_LIMIT} characters: `sagegen impact` prints it all)*\n"


def test_a_comment_up_to_the_limit_is_whole_and_ends_in_one_newline() -> None:
    lines = ["", "x" * (COMMENT_LIMIT - 3), "", ""]  # blank lines at the end dropped, the first kept
    text = _fit(lines)
    assert len(text) == COMMENT_LIMIT - 1 and text == "\n" + "x" * (COMMENT_LIMIT - 3) + "\n"
    assert _fit(["y" * (COMMENT_LIMIT - 1)]) == "y" * (COMMENT_LIMIT - 1) + "\n"  # exactly the limit: whole


def test_a_longer_comment_is_cut_at_a_line_with_room_for_its_note() -> None:
    row = "r" * 99  # with its newline, 100 characters: 598 rows fill the room before the note exactly
    text = _fit([row] * 1000)
    assert text == "\n".join([row] * ((COMMENT_LIMIT - 200) // 100)) + NOTE
    assert len(text) <= COMMENT_LIMIT


def test_a_line_that_fills_the_room_exactly_is_kept_and_the_next_one_is_not() -> None:
    """The room before the note is COMMENT_LIMIT - 200 characters, each line counted with its newline."""
    first = "a" * (COMMENT_LIMIT - 201)  # with its newline: the room, exactly
    assert _fit([first, "b", "c" * 300]) == first + NOTE
