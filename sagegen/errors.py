"""The error types of sagegen and the one place they become exit codes.

Every failure a user can cause is a `UserError`: it carries a message that is
complete on its own (file, line, key) and is printed without a traceback.
Anything else that escapes is a bug in sagegen and is reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FAILURE = 1  # the spec is invalid, or the output differs / was refused
EXIT_USAGE = 2  # click's own code for a bad command line
EXIT_INTERNAL = 3  # a bug in sagegen


class SagegenError(Exception):
    """Root of every error sagegen raises on purpose."""

    exit_code = EXIT_INTERNAL


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    key: str | None = None  # dotted key path, e.g. database.instance_class

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


class UserError(SagegenError):
    """A failure caused by input or environment, explained to the user."""

    exit_code = EXIT_FAILURE

    def __init__(self, problems: list[Problem] | str, hint: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"error: {p}" for p in self.problems]
        if len(self.problems) > 1:
            lines.append(f"{len(self.problems)} errors")
        if self.hint:
            lines.append(f"hint: {self.hint}")
        return "\n".join(lines)


class TemplateError(SagegenError):
    """A template or filter misbehaved: a bug in sagegen, never the user's."""
