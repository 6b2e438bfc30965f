"""The commands that make and compare the output: init, validate, render, check, diff, docs, schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import EXIT_FAILURE
from ..output.report import Outcome
from .common import (
    PathType,
    Seconds,
    cli,
    compared_phase_option,
    format_option,
    out_option,
    phase_option,
    print_report,
    print_warnings,
    quiet_option,
    spec_argument,
    strict_option,
)


@cli.command()
@click.argument("directory", type=PathType(path_type=Path), default=Path("."), required=False)
@click.option("--project", help="Short lowercase name; every AWS name starts with it (e.g. acme).")
@click.option("--region", help="AWS region of the stack (e.g. eu-west-1).")
@click.option("--domain", help="Your domain: the API is api.DOMAIN, the web app app.DOMAIN.")
@click.option("--environment", default="production", show_default=True, help="Tagged on every resource.")
@click.option("--secret", "secrets", multiple=True, metavar="ENV_NAME", help="An application secret (repeat).")
@click.option(
    "--phases",
    default="",
    metavar="LIST",
    help="Phases to state, e.g. mvp,growth,scale (the document's sizes); the first is live. Default: none.",
)
@click.option("--alarm-email", "alarm_emails", multiple=True, metavar="ADDRESS", help="Who hears alarms (repeat).")
@click.option("--repository", metavar="OWNER/NAME", help="GitHub repository whose main branch deploys.")
@click.option("--account-id", metavar="ID", help="Your AWS account ID: bucket names become your own.")
@click.option("--zone", is_flag=True, help="DOMAIN is a Route 53 hosted zone of the account: DNS is managed too.")
def init(directory: Path, **given) -> None:
    """Write a starter spec for your team at DIRECTORY/specs/PROJECT.yaml (default DIRECTORY: .).

    The spec is commented, valid, and renders a small production stack; change it
    to your needs. Missing --project, --region or --domain are asked for when
    stdin is a terminal, and are errors otherwise. An existing file is never
    written over.

    \b
      sagegen init --project acme --region eu-west-1 --domain acme.example
      sagegen init infra --project acme --region eu-west-1 --domain acme.example \\
        --secret PAYMENTS_API_KEY --phases mvp,growth --alarm-email oncall@acme.example
    """
    from .. import api
    from ..errors import UserError
    from ..spec.starter import Answers

    for name in ("project", "region", "domain"):
        if not given[name]:
            if not sys.stdin.isatty():
                raise UserError(f"--{name} is needed (stdin is not a terminal, so sagegen does not ask)")
            given[name] = click.prompt(name.capitalize())
    given["phases"] = tuple(p.strip() for p in given["phases"].split(",") if p.strip())
    for name in ("secrets", "alarm_emails"):
        given[name] = tuple(given[name])
    written = api.init(directory, Answers(**given))
    click.echo(f"wrote {written}")
    click.echo(f"next: sagegen validate {written} && sagegen render {written} --out {directory / 'out'}")


@cli.command()
@spec_argument
@strict_option
@quiet_option
@format_option(
    "text",
    "json",
    "sarif",
    help="json: every finding as data; sarif: SARIF 2.1.0, for CI annotations (GitHub code scanning). "
    "Both go to stdout, errors included; the exit code is the same.",
)
def validate(spec: Path, strict: bool, quiet: bool, fmt: str) -> None:
    """Check SPEC against the models and AWS's rules; write nothing.

    Also warns, with file, line and key, about choices that are legal but risky in
    production (no alarm subscriber, a single-AZ database, bucket names anyone may
    already own, a second region no DNS routes users to, deletion protection off in
    a production environment). Warnings leave the exit code alone; --strict makes
    them errors. Each ends with its id: a spec accepts one, with the team's reason,
    and it is listed here as accepted instead, and nowhere else:

    \b
      accepted_risks:
        single-az-database: one zone until launch; multi_az goes on in Growth
    """
    from .. import api

    if fmt != "text":
        from ..output import findings

        found = api.findings(spec)
        click.echo(findings.as_json(found) if fmt == "json" else findings.as_sarif(found, __version__), nl=False)
        failed = {"error", "warning"} if strict else {"error"}
        sys.exit(EXIT_FAILURE if any(level in failed for level, _, _ in found) else 0)
    stack, warnings, accepted = api.validate(spec, strict=strict)
    print_warnings(warnings, quiet)
    if not quiet:
        for risk in accepted:
            click.echo(f"note: {risk}", err=True)
    phases = [name for name in stack.phases if name]
    described = f" ({len(phases)} phases: {', '.join(phases)}; live: {stack.live})" if phases else ""
    click.echo(f"{spec}: valid{described}")


@cli.command()
@spec_argument
@out_option
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite or delete generated files edited by hand, and take over files sagegen does not own yet.",
)
@click.option(
    "--wait",
    type=Seconds(),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for another sagegen writing to OUT before giving up.",
)
@phase_option
@strict_option
@quiet_option
def render(spec: Path, out: Path, force: bool, wait: float, phase: str | None, strict: bool, quiet: bool) -> None:
    """Render the live phase of SPEC into OUT: the stack production runs.

    OUT/terraform/ is the primary region's root module, OUT/<region>/terraform/
    each secondary region's; beside them the deploy workflows, README.md and
    RUNBOOK.md. To move production to the next phase, change the spec's
    `phase`, render, and `terraform plan`: the state is the same, the plan
    shows what changes (`sagegen impact` says so first).

    Only files sagegen wrote are touched: a generated file edited by hand is
    refused (unless --force), files you add (e.g. *_override.tf) are left
    alone, and generated files the spec no longer produces are removed.
    The write is atomic: an interrupted render leaves the old tree or the new.
    """
    from .. import api

    report = api.render_to(spec, out, force=force, wait=wait, phase=phase, strict=strict)
    print_warnings(report.warnings, quiet)
    print_report(report, out)
    verb = "refused to render" if report.refused else "rendered"  # a refusal writes nothing at all
    click.echo(f"{verb} {spec} into {out}: {report.summary()}", err=report.refused)
    sys.exit(report.exit_code())


@cli.command()
@spec_argument
@out_option
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of every difference.")
@compared_phase_option
def check(spec: Path, out: Path, show_diff: bool, phase: str | None) -> None:
    """Exit 0 if OUT holds exactly what SPEC renders, 1 otherwise (for CI).

    Validates SPEC, renders it in memory and compares the bytes with OUT.
    Lists every changed, missing and extra generated file, and every file in
    a root module (OUT/terraform/, OUT/<region>/terraform/) that sagegen does
    not own: Terraform reads those too. Files of your own there (an
    *_override.tf, a tfvars file) pass when the spec's `user_files` names them
    with a reason; Terraform's own `.terraform/` and `.terraform.lock.hcl` are
    left to Terraform. A render that was interrupted fails the check until
    `sagegen render` has run. Fails too when the spec sets a `budget` and
    the phase's monthly estimate (`sagegen cost`) is above it. Writes nothing.
    """
    from .. import api

    report, texts = api.check(spec, out, phase)
    names = {Outcome.CREATED: "missing", Outcome.CHANGED: "changed", Outcome.REMOVED: "extra", Outcome.USER: "yours"}
    for entry in report.entries:
        if entry.outcome is not Outcome.UNCHANGED:
            line = f"{names.get(entry.outcome, entry.outcome.value):8} {out / entry.path}"
            click.echo(f"{line}: {entry.reason}" if entry.reason else line)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if show_diff:
        click.echo(api.unified_diff(out, texts), nl=False)
    if report.interrupted:
        click.echo(f"{out} holds a render that did not finish: run `sagegen render`", err=True)
    elif report.of(Outcome.UNOWNED) and len(texts) == 0:
        click.echo(f"{out} holds files sagegen does not own (listed above)", err=True)
    elif any(entry.reason == api.HAND_EDITED for entry in report.entries):
        click.echo(
            f"{out} holds generated files edited by hand (listed above): `sagegen render` refuses them", err=True
        )
    elif report.differs:
        click.echo(f"{out} is out of date with {spec}: run `sagegen render`", err=True)
    else:
        click.echo(f"{out} is up to date with {spec}")
    if report.over_budget:
        click.echo(f"over budget: {report.over_budget}", err=True)
    sys.exit(report.exit_code(strict=True))


@cli.command()
@spec_argument
@out_option
@compared_phase_option
@click.option("--exit-code", is_flag=True, help="Exit 1 when there is a difference, as `git diff --exit-code` does.")
def diff(spec: Path, out: Path, phase: str | None, exit_code: bool) -> None:
    """Print the unified diff `sagegen render` would apply; write nothing.

    Exits 1 when OUT holds a render that did not finish (its files are
    neither render; `sagegen render` renders the spec again), or, with
    --exit-code, when anything differs; 0 otherwise.
    """
    from .. import api

    report, texts = api.check(spec, out, phase)
    click.echo(api.unified_diff(out, texts), nl=False)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    sys.exit(1 if report.interrupted or (exit_code and texts) else 0)


@cli.command()
@spec_argument
@click.option("--phase", metavar="NAME", help="The phase to document (default: the live one).")
@click.option("--diagram", "diagram_only", is_flag=True, help="Print only the architecture diagram (Mermaid).")
@click.option("--dot", "as_dot", is_flag=True, help="Print the diagram in Graphviz's DOT language instead.")
@click.option(
    "--svg",
    "svg",
    type=PathType(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Draw the diagram into FILE as SVG (needs Graphviz's `dot` on PATH).",
)
def docs(spec: Path, phase: str | None, diagram_only: bool, as_dot: bool, svg: Path | None) -> None:
    """Print the README that `render` writes beside a phase's Terraform.

    It lists the root modules and their state, inputs, outputs and resources per
    file, the monthly cost beside the document's table, the deploy workflows, and
    an architecture diagram in Mermaid (GitHub and GitLab draw it) whose arrows
    are the security group rules actually rendered. `render` keeps OUT/README.md
    and RUNBOOK.md current, and `check` fails when they are not.

    \b
      sagegen docs --phase scale --diagram > architecture.mmd
      sagegen docs --phase scale --svg architecture.svg
    """
    from .. import api
    from ..output import writer

    if svg is not None:
        writer.write_svg(api.docs(spec, phase, diagram_only=True, fmt="dot"), svg)
        click.echo(f"wrote {svg}")
        return
    click.echo(api.docs(spec, phase, diagram_only or as_dot, "dot" if as_dot else "mermaid"), nl=False)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a spec (for editors: completion, descriptions, errors as you type).

    specs/sage.yaml points yaml-language-server at the committed copy in schema/spec.json.
    """
    from .. import api

    click.echo(api.json_schema(), nl=False)
