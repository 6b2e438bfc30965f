"""What a spec scalar may be: one reading in YAML 1.1 and 1.2, visible text, bounded numbers.

PyYAML reads YAML 1.1, where `05432` is the octal 2842, `010` is 8, `yes` is true and `1:20` is 80;
YAML 1.2 (every other modern reader: editors, yq, the JSON Schema tooling) reads them as 5432, 10,
the string "yes" and the string "1:20". A spec reviewed in one tool and rendered by another must not
change meaning in between, so a plain scalar the two versions read differently is refused, with the
spelling that is the same in both.
"""

from __future__ import annotations

import math
import re
import unicodedata

MAX_INTEGER = 2**53  # beyond any count, size or duration in a spec; JSON readers lose precision here

_CORE_NULL = re.compile(r"~|null|Null|NULL|")
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_CORE_INT10 = re.compile(r"[-+]?[0-9]+")
_CORE_INT8 = re.compile(r"0o[0-7]+")
_CORE_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_CORE_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_CORE_NAN = re.compile(r"\.(nan|NaN|NAN)")


def yaml12(text: str) -> object:
    """A plain scalar as the YAML 1.2 core schema reads it."""
    if _CORE_NULL.fullmatch(text):
        return None
    if text in _CORE_BOOL:
        return _CORE_BOOL[text]
    if _CORE_INT10.fullmatch(text):
        return int(text, 10)
    if _CORE_INT8.fullmatch(text):
        return int(text[2:], 8)
    if _CORE_INT16.fullmatch(text):
        return int(text[2:], 16)
    if _CORE_FLOAT.fullmatch(text) or _CORE_INF.fullmatch(text) or _CORE_NAN.fullmatch(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf").lower())
    return text


def ambiguity(text: str, read: object) -> str | None:
    """Why the plain scalar `text`, read by PyYAML (YAML 1.1) as `read`, cannot stand; None if it can."""
    other = yaml12(text)
    same = type(read) is type(other) and (
        read == other or (isinstance(read, float) and math.isnan(read) and math.isnan(other))
    )
    if same:
        return None
    if isinstance(read, int) and isinstance(other, int) and not isinstance(read, bool):
        fix = f"write {other} without the leading zero"  # what YAML 1.2, and the reader of the spec, mean
    elif isinstance(other, (int, float)) and not isinstance(other, bool):
        fix = f"write {other!r} for the number, or quote it for the text"
    else:
        fix = f"quote it ('{text}') for the text"
    return f"{text} is read as {read!r} by YAML 1.1 and as {other!r} by YAML 1.2; {fix}"


def number_problem(value: object) -> str | None:
    """Numbers a spec may hold: finite, and integers within ±2**53."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and abs(value) > MAX_INTEGER:
        return f"{len(str(abs(value)))}-digit number; no value of a spec is beyond {MAX_INTEGER}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number"
    return None


# Unicode's Other_Default_Ignorable_Code_Point (PropList.txt, Unicode 15.1): letters and marks by category
# that render as nothing (fillers, the combining grapheme joiner). With the format characters (Cf) and
# variation selectors they make Default_Ignorable_Code_Point, "invisible unless supported" (UAX #44).
OTHER_DEFAULT_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x2065, 0x2065),
    (0x3164, 0x3164),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0xE0000, 0xE0FFF),
)
VARIATION_SELECTORS = ((0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
NOT_SHOWN = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def invisible(char: str, after: str | None) -> bool:
    """Whether `char` (following `after`, None at the start) would not be seen: a control, format,
    surrogate, private or unassigned character, a line or paragraph separator, any space but U+0020, a
    default-ignorable code point, a blank pattern, or a combining mark with no visible character to
    combine with. The one definition every free-text field of a spec is held to."""
    kind, code = unicodedata.category(char), ord(char)
    if kind in NOT_SHOWN or (kind == "Zs" and char != " "):
        return True
    if any(low <= code <= high for low, high in OTHER_DEFAULT_IGNORABLE + VARIATION_SELECTORS):
        return True
    if kind == "So" and "BLANK" in unicodedata.name(char):  # U+2800 BRAILLE PATTERN BLANK: a space in disguise
        return True
    return kind[0] == "M" and (after is None or after == " " or invisible(after, None))


def text_problem(text: str) -> str | None:
    """Spec text is one line of visible characters (`invisible`): anything else would reach a file
    name, an HCL string or a shell line unseen."""
    if text.isascii() and text.isprintable():  # the usual case: nothing below 0x20, no DEL, nothing unseen
        return None
    after = None
    for char in text:
        if invisible(char, after):
            name = unicodedata.name(char, "a control character")
            return f"holds U+{ord(char):04X} ({name.lower()}); spec text is one line of visible characters"
        after = char
    return None
