"""The spec `sagegen init` writes for a new team: sagegen/data/starter.yaml.j2, filled from a few answers.

Pure: answers in, spec text out. The text is validated like any spec before anyone writes it, so
`init` never leaves a spec that `validate` refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import jinja2

from ..errors import Problem, UserError
from . import yaml_writer
from .load import load_stack_bytes
from .models.base import NAME_PATTERN
from .models.deploy import REPOSITORY
from .models.regions import known_region

PHASES = ("mvp", "growth", "scale")
HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
ACCOUNT_ID = re.compile(r"^\d{12}$")
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The starter's service is `backend` on port 3000: its target group is named <project>-backend-3000, and
# a target group name has at most 32 characters (Elastic Load Balancing API Reference, CreateTargetGroup: Name).
PROJECT_MAX = 32 - len("-backend-3000")


@dataclass(frozen=True)
class Answers:
    """What a team tells `sagegen init`; every other value is a safe default."""

    project: str
    region: str
    domain: str  # the API is api.<domain>, the web app app.<domain>
    environment: str = "production"
    secrets: tuple[str, ...] = ()  # environment variable names, e.g. PAYMENTS_API_KEY
    phases: tuple[str, ...] = ()  # empty: a spec of one stack, without phases
    alarm_emails: tuple[str, ...] = ()
    repository: str | None = None  # GitHub owner/name for the deploy workflows
    account_id: str | None = None  # makes the bucket names the account's own
    zone: bool = False  # the domain is a Route 53 hosted zone of the account

    def check(self) -> None:
        """A UserError naming every flag whose value no spec could take."""
        found = [Problem(message, key=flag) for flag, message in self._wrong()]
        if found:
            raise UserError(found, hint="sagegen init --help lists the flags")

    def _wrong(self):
        if not re.fullmatch(NAME_PATTERN, self.project) or len(self.project) > PROJECT_MAX:
            yield (
                "--project",
                (
                    f"{self.project!r}: up to {PROJECT_MAX} lowercase letters, digits and hyphens, from a letter "
                    f"(the starter's target group {self.project}-backend-3000 keeps to AWS's 32 characters)"
                ),
            )
        try:
            known_region(self.region)
        except ValueError as exc:
            yield "--region", str(exc)
        if not HOSTNAME.match(self.domain):
            yield "--domain", f"{self.domain!r} is not a DNS name such as example.com"
        if not re.fullmatch(r"[a-z]([a-z0-9-]{0,30}[a-z0-9])?", self.environment):
            yield (
                "--environment",
                (
                    f"{self.environment!r}: lowercase letters, digits and hyphens, at most 32, "
                    "ending with a letter or digit (it ends the bucket names, as S3 requires)"
                ),
            )
        elif not self.account_id and len(bucket := self.bucket("terraform-state")) > 63:
            yield (
                "--environment",
                (
                    f"{self.environment!r} makes the state bucket {bucket!r} {len(bucket)} characters; S3 allows 63: "
                    "shorten it, or give --account-id"
                ),
            )
        for name in self.secrets:
            if not ENV_NAME.match(name):
                yield "--secret", f"{name!r} is not an environment variable name"
        for phase in self.phases:
            if phase not in PHASES:
                yield "--phases", f"{phase!r} is not one of {', '.join(PHASES)}"
        for address in self.alarm_emails:
            if not EMAIL.match(address):
                yield "--alarm-email", f"{address!r} is not an email address"
        if self.repository is not None and not re.fullmatch(REPOSITORY, self.repository):
            yield "--repository", f"{self.repository!r} is not a GitHub repository (owner/name)"
        if self.account_id is not None and not ACCOUNT_ID.match(self.account_id):
            yield "--account-id", f"{self.account_id!r} is not a 12-digit AWS account ID"

    def bucket(self, purpose: str) -> str:
        """A bucket name of the starter: global in S3, so it ends with the account ID or the environment."""
        return f"{self.project}-{purpose}-{self.account_id or self.environment}"


def starter_text(answers: Answers, path: str) -> str:
    """The spec text for `answers`, to be written at `path` (named in its comments), validated."""
    answers.check()
    db_name = answers.project.replace("-", "_")  # RDS allows 63 letters, digits and underscores: a project fits
    values = {
        "path": path,
        "project": answers.project,
        "environment": answers.environment,
        "region": answers.region,
        "db_name": db_name,
        "username": f"{db_name}_admin",
        "cache_description": f"{answers.project} cache",
        "frontend_bucket": answers.bucket("frontend"),
        "frontend_aliases": [f"app.{answers.domain}"],
        "api_domain": f"api.{answers.domain}",
        "logs_bucket": answers.bucket("logs"),
        "zone": answers.domain if answers.zone else None,
        "alarm_emails": list(answers.alarm_emails),
        "secrets": [(env.lower(), env) for env in answers.secrets],
        "repository": answers.repository,
        "state_bucket": answers.bucket("terraform-state"),
        "phases": list(dict.fromkeys(answers.phases)),
    }
    text = _template().render(values)
    load_stack_bytes(text.encode(), path)  # a spec init writes is one validate accepts
    return text


def _template() -> jinja2.Template:
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - YAML, not HTML: every value goes through yaml_writer
        trim_blocks=True,  # every block tag is alone on its line, from column 0: its line break goes too
    )
    env.filters["yaml"] = yaml_writer.scalar
    env.filters["flow"] = yaml_writer.flow
    source = (resources.files("sagegen") / "data" / "starter.yaml.j2").read_bytes().decode()
    return env.from_string(source)
