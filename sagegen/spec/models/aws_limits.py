"""AWS limits and naming rules that more than one model needs, as plain functions raising ValueError."""

from __future__ import annotations

import re
import unicodedata

HH_MM = r"([01]\d|2[0-3]):[0-5]\d"
DAY = r"(mon|tue|wed|thu|fri|sat|sun)"
DAILY_WINDOW = re.compile(rf"^{HH_MM}-{HH_MM}$")
WEEKLY_WINDOW = re.compile(rf"^{DAY}:{HH_MM}-{DAY}:{HH_MM}$")

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEK = 7 * 24 * 60


def _minutes(hh_mm: str) -> int:
    hours, minutes = hh_mm.split(":")
    return int(hours) * 60 + int(minutes)


def daily_window(value: str) -> tuple[int, int]:
    """`hh:mm-hh:mm` as (start, end) minutes of the day; end may pass midnight (end > 1440)."""
    if not DAILY_WINDOW.fullmatch(value):
        raise ValueError(f"{value!r} is not a daily window hh:mm-hh:mm (UTC)")
    start, end = (_minutes(part) for part in value.split("-"))
    if end <= start:
        end += 24 * 60
    if end - start < 30:
        raise ValueError(f"window {value} is shorter than the 30 minutes AWS requires")
    return start, end


def weekly_window(value: str) -> tuple[int, int]:
    """`ddd:hh:mm-ddd:hh:mm` as (start, end) minutes of the week; end may wrap past Sunday."""
    if not WEEKLY_WINDOW.fullmatch(value):
        raise ValueError(f"{value!r} is not a weekly window ddd:hh:mm-ddd:hh:mm (UTC)")
    start, end = (DAYS.index(part[:3]) * 1440 + _minutes(part[4:]) for part in value.split("-"))
    if end <= start:
        end += WEEK
    if end - start < 30:
        raise ValueError(f"window {value} is shorter than the 30 minutes AWS requires")
    if end - start > 24 * 60:
        raise ValueError(f"window {value} is longer than the 24 hours AWS allows")
    return start, end


def checked_daily_window(value: str) -> str:
    daily_window(value)
    return value


def checked_weekly_window(value: str) -> str:
    weekly_window(value)
    return value


def windows_overlap(daily: str, weekly: str) -> bool:
    """Whether a daily window meets a weekly one on any day. Touching ends do not count (AWS agrees)."""
    d_start, d_end = daily_window(daily)
    w_start, w_end = weekly_window(weekly)
    for day in range(-1, 8):
        a, b = d_start + day * 1440, d_end + day * 1440
        for shift in (-WEEK, 0, WEEK):
            if a < w_end + shift and w_start + shift < b:
                return True
    return False


def s3_bucket_name(name: str) -> str:
    """https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"""
    if not 3 <= len(name) <= 63:
        raise ValueError("an S3 bucket name has 3 to 63 characters")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*[a-z0-9]", name):
        raise ValueError(
            "an S3 bucket name has lowercase letters, digits, dots and hyphens, "
            "and starts and ends with a letter or digit"
        )
    if ".." in name or ".-" in name or "-." in name:
        raise ValueError("an S3 bucket name has no two dots, nor a dot beside a hyphen, in a row")
    if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", name):
        raise ValueError("an S3 bucket name must not look like an IP address")
    for prefix in ("xn--", "sthree-", "amzn-s3-demo-"):
        if name.startswith(prefix):
            raise ValueError(f"an S3 bucket name must not start with {prefix!r}")
    for suffix in ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"):
        if name.endswith(suffix):
            raise ValueError(f"an S3 bucket name must not end with {suffix!r}")
    return name


def tags(value: dict[str, str]) -> dict[str, str]:
    """https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html"""
    if len(value) > 40:  # AWS allows 50; sagegen adds Project, Environment, ManagedBy and Name
        raise ValueError(f"{len(value)} tags; at most 40 leave room for the 4 sagegen adds (AWS allows 50)")
    for key, text in value.items():
        if not 1 <= len(key) <= 128:
            raise ValueError(f"tag key {key!r} must have 1 to 128 characters")
        if len(text) > 256:
            raise ValueError(f"the value of tag {key!r} has more than 256 characters")
        if key.lower().startswith("aws:"):
            raise ValueError(f"tag key {key!r} uses the reserved prefix aws:")
        if key in ("Project", "Environment", "ManagedBy", "Name"):
            raise ValueError(f"tag {key!r} is set by sagegen; use the spec field instead")
        for what, part in (("key", key), ("value", text)):
            bad = next((c for c in part if not tag_character(c)), None)
            if bad is not None:
                raise ValueError(
                    f"tag {what} {part!r} holds {bad!r} (U+{ord(bad):04X}); AWS allows letters, digits, "
                    "spaces and _ . : / = + - @ in tags"
                )
    return value


# Besides letters, digits and spaces (Tagging AWS Resources, "Tag naming limits and requirements").
TAG_PUNCTUATION = frozenset("_.:/=+-@")


def tag_character(char: str) -> bool:
    """A character AWS accepts in a tag key or value: Unicode letters, digits, spaces, `_.:/=+-@`.
    (Not combining marks, zero-width or bidi controls: they also break `terraform fmt` alignment.)"""
    category = unicodedata.category(char)
    return category[0] in ("L", "N") or category == "Zs" or char in TAG_PUNCTUATION


# The retention periods CloudWatch Logs accepts, in days.
LOG_RETENTION_DAYS = [
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
]


def log_retention_days(value: int) -> int:
    if value not in LOG_RETENTION_DAYS:
        raise ValueError(f"CloudWatch keeps logs for one of {LOG_RETENTION_DAYS} days, not {value}")
    return value
