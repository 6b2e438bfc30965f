"""Credentials have no place in a spec: it is committed, reviewed by many, and rendered into files.

A secret belongs under `secrets:`, whose values come from sensitive Terraform variables and reach
the container through Secrets Manager, never a rendered file. This module finds what looks like a
credential anywhere else: a value in a known key format (in any text of the spec), and a plain
`environment` variable whose name says it holds one. The message never repeats the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Problem
from .yaml_reader import LocatedYaml

# Formats published by their issuers; each is specific enough not to match ordinary spec text.
KEY_FORMATS = {
    "an AWS access key ID": re.compile(r"(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Z0-9])"),
    "an AWS secret access key": re.compile(
        r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[0-9/+])"
        r"[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"
    ),
    "a Stripe key": re.compile(r"\b[rs]k_(live|test)_[0-9A-Za-z]{10,}"),
    "an Anthropic or OpenAI API key": re.compile(r"\bsk-(ant-|proj-)?[A-Za-z0-9_-]{20,}"),
    "a GitHub token": re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})"),
    "a Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "a Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}"),
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "a JSON Web Token": re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\."),
    "a URL with a password": re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"),
}

# Environment variable names that say they hold a credential (NODE_ENV, LOG_LEVEL... do not).
SECRET_ENV_NAME = re.compile(
    r"(^|_)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIALS?|PRIVATE_KEY|ACCESS_KEY|API_?KEY|AUTH)(_|$)|_KEY$"
)

WHERE = "put it under `secrets:` (its value then comes from a sensitive Terraform variable, never a rendered file)"


def credential_problems(doc: LocatedYaml) -> list[Problem]:
    """Every place in `doc` that holds, or is named for, a credential."""
    problems = []
    for path, value in _leaves(doc.data, ()):
        if len(path) >= 2 and path[-2] == "environment" and isinstance(path[-1], str):
            if SECRET_ENV_NAME.search(path[-1].upper()):
                problems.append(
                    doc.problem(
                        path,
                        f"{path[-1]} is named like a credential, and plain environment values are "
                        f"written into the task definition in clear text; {WHERE}",
                    )
                )
                continue
        if isinstance(value, str):
            kind = next((name for name, pattern in KEY_FORMATS.items() if pattern.search(value)), None)
            if kind is not None:
                problems.append(doc.problem(path, f"holds what looks like {kind} (not repeated here); {WHERE}"))
    return problems


def _leaves(data: object, path: tuple) -> Iterator[tuple[tuple, object]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, path + (index,))
    else:
        yield path, data
