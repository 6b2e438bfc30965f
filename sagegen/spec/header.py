"""The keys that say how to read a spec, not what to build: its format `version` and the live `phase`.

```yaml
version: 1        # the spec format this file is written in
phase: growth     # the phase production runs now (default: the first of `phases`)
```

Both are read off the YAML before the models see it, like `phases`.
"""

from __future__ import annotations

from ..errors import Problem, UserError
from .phases import unknown_phase
from .yaml_reader import LocatedYaml

VERSION_KEY = "version"
PHASE_KEY = "phase"
FORMAT_VERSION = 1  # what this sagegen reads; CHANGELOG.md says what each version changed
HEADER_KEYS = (VERSION_KEY, PHASE_KEY)


def check_version(located: LocatedYaml) -> None:
    """A spec names the format it is written in; one this sagegen does not read is refused, saying why."""
    data = located.data
    if VERSION_KEY not in data:
        raise UserError(
            [Problem("the spec does not say which format it is written in", file=located.source, line=1, column=1,
                     key=VERSION_KEY)],
            hint=f"add `version: {FORMAT_VERSION}` as the spec's first line (CHANGELOG.md: what version 1 changed)",
        )  # fmt: skip
    version = data[VERSION_KEY]
    if isinstance(version, bool) or not isinstance(version, int):
        raise UserError(
            [located.problem((VERSION_KEY,), f"must be a whole number, e.g. {FORMAT_VERSION} (got {version!r})")]
        )
    if version > FORMAT_VERSION:
        raise UserError(
            [
                located.problem(
                    (VERSION_KEY,), f"spec format {version} is newer than this sagegen, which reads {FORMAT_VERSION}"
                )
            ],
            hint="upgrade sagegen (pip install -U sagegen)",
        )
    if version != FORMAT_VERSION:
        raise UserError(
            [located.problem((VERSION_KEY,), f"unknown spec format {version}; this sagegen reads {FORMAT_VERSION}")]
        )


def live_phase(located: LocatedYaml, phase_names: list[str] | None) -> str | None:
    """The phase production runs now: `phase`, else the first phase; None for a spec without phases."""
    data = located.data
    if PHASE_KEY not in data:
        return phase_names[0] if phase_names else None
    name = data[PHASE_KEY]
    if not phase_names:
        raise UserError([located.problem((PHASE_KEY,), "names the live phase, but the spec has no `phases`")])
    if name not in phase_names:
        raise UserError([located.problem((PHASE_KEY,), unknown_phase(name, list(phase_names)))])
    return name
