"""What happened to each output file, and the exit code that follows."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ..errors import EXIT_FAILURE, EXIT_OK


class Outcome(enum.Enum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REMOVED = "removed"
    REFUSED = "refused"
    UNOWNED = "unowned"  # in a root module, not written by sagegen, not named by the spec (check)
    USER = "user's"  # in a root module, named by the spec as the user's, with a reason (check)


@dataclass(frozen=True)
class Entry:
    path: str
    outcome: Outcome
    reason: str = ""


@dataclass
class Report:
    """Outcomes of one render/check, in path order. Owns the exit code."""

    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # legal but risky choices of the spec; never the exit code
    interrupted: bool = False  # a render started here and did not finish: the files are neither render
    over_budget: str | None = None  # check: the live phase's estimate passes the spec's `budget` (why)

    def add(self, path: str, outcome: Outcome, reason: str = "") -> None:
        self.entries.append(Entry(path, outcome, reason))

    def of(self, outcome: Outcome) -> list[Entry]:
        return [e for e in self.entries if e.outcome is outcome]

    @property
    def refused(self) -> bool:
        return bool(self.of(Outcome.REFUSED))

    @property
    def differs(self) -> bool:
        return self.interrupted or any(e.outcome not in (Outcome.UNCHANGED, Outcome.USER) for e in self.entries)

    def exit_code(self, *, strict: bool = False) -> int:
        """Failure on any refusal; with `strict` (check), on any difference at all."""
        if self.refused or (strict and (self.differs or self.over_budget)):
            return EXIT_FAILURE
        return EXIT_OK

    def summary(self) -> str:
        counts = [f"{len(self.of(o))} {o.value}" for o in Outcome if self.of(o) and o is not Outcome.USER]
        return ", ".join(counts) if counts else "no files"
