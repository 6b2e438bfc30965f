"""Spec text is one line of visible characters: `scalars.invisible` character by character, from Unicode's
own classes (UnicodeData.txt general categories; PropList.txt's Other_Default_Ignorable_Code_Point and
Variation_Selector, which with the format characters make Default_Ignorable_Code_Point, UAX #44), at the
edges of each range. The hostile-spec tests show a few of these refused end to end, in a process."""

from __future__ import annotations

import pytest

from sagegen.spec.scalars import invisible, text_problem

UNSEEN = {
    "\x07": "a control (Cc)",
    "\x7f": "DEL (Cc)",
    "\u200b": "zero width space (Cf)",
    "\u202e": "right-to-left override (Cf)",
    "\ud800": "a surrogate (Cs)",
    "\ue000": "private use (Co)",
    "\u0378": "unassigned (Cn)",
    "\u2028": "line separator (Zl)",
    "\u2029": "paragraph separator (Zp)",
    "\u00a0": "no-break space (Zs, not U+0020)",
    "\u3000": "ideographic space (Zs)",
    "\u034f": "combining grapheme joiner (Other_Default_Ignorable)",
    "\u115f": "Hangul choseong filler, first of its range",
    "\u1160": "Hangul jungseong filler, last of its range",
    "\u17b4": "Khmer vowel inherent aq, first of its range",
    "\u17b5": "Khmer vowel inherent aa, last of its range",
    "\u3164": "Hangul filler",
    "\uffa0": "halfwidth Hangul filler",
    "\U000e0000": "first of the tag range",
    "\U000e0fff": "last of the tag range",
    "\u180b": "Mongolian free variation selector one, first of its range",
    "\u180d": "Mongolian free variation selector three, last of its range",
    "\u180f": "Mongolian free variation selector four",
    "\ufe00": "variation selector-1",
    "\ufe0f": "variation selector-16",
    "\U000e0100": "variation selector-17",
    "\U000e01ef": "variation selector-256",
    "\u2800": "braille pattern blank (So, a space in disguise)",
}
SEEN = {
    " ": "the one space",
    "a": "a letter",
    "\u00e9": "e with acute, precomposed",
    "\u65e5": "a CJK ideograph",
    "\u20ac": "the euro sign (Sc)",
    "\u2801": "braille pattern dots-1 (So, not blank)",
    "\u115e": "a Hangul letter before the fillers",
    "\u1161": "a Hangul vowel after them",
    "\u3163": "a Hangul compatibility letter before the filler",
    "\u3165": "one after it",
    "\uff9f": "halfwidth katakana before the halfwidth filler",
    "\uffa1": "a halfwidth Hangul letter after it",
    "\u17b3": "a Khmer letter before its range",
    "\u1810": "a Mongolian digit after the selectors",
    "\ufe10": "a vertical comma after the selectors",
}


@pytest.mark.parametrize("char", UNSEEN, ids=[f"U+{ord(c):04X}" for c in UNSEEN])
def test_a_character_nobody_sees_is_invisible_anywhere(char: str) -> None:
    assert invisible(char, None) and invisible(char, "a"), UNSEEN[char]
    problem = text_problem(f"ab{char}cd")
    assert problem is not None and problem.startswith(f"holds U+{ord(char):04X} ("), problem


@pytest.mark.parametrize("char", SEEN, ids=[f"U+{ord(c):04X}" for c in SEEN])
def test_a_visible_character_is_not(char: str) -> None:
    assert not invisible(char, None) and not invisible(char, "a"), SEEN[char]
    assert text_problem(f"ab{char}cd") is None


def test_a_combining_mark_is_seen_only_on_a_visible_character() -> None:
    acute = "\u0301"
    assert not invisible(acute, "e") and text_problem(f"Cafe{acute}") is None
    assert invisible(acute, None), "at the start of the text, it combines with nothing"
    assert invisible(acute, " "), "on a space"
    assert invisible(acute, "\u200b"), "on a character nobody sees"
    assert text_problem(f"{acute}abc") == (
        "holds U+0301 (combining acute accent); spec text is one line of visible characters"
    )


def test_text_problem_names_the_first_unseen_character_and_its_name() -> None:
    assert text_problem("plain ascii text") is None
    assert text_problem("caf\u00e9\u200b\u00a0") == (
        "holds U+200B (zero width space); spec text is one line of visible characters"
    )
    assert text_problem("tab\there").startswith("holds U+0009 (a control character)")
