"""The command line: parse, call `sagegen.api`, print. Nothing else lives here."""

from __future__ import annotations

import math
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_FAILURE, EXIT_INTERNAL, EXIT_USAGE, SagegenError, UserError
from .output.report import Outcome, Report

# The models, Jinja and python-hcl2 are imported inside the commands that use
# them, so that `--help` stays instant.


class PathType(click.Path):
    """A path on the command line: never empty (`--out ''` would mean the current directory), no NUL."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and (not value or "\0" in value):
            self.fail("an empty path, or one holding a NUL byte, names no file", param, ctx)
        return super().convert(value, param, ctx)


class Seconds(click.ParamType):
    """A finite number of seconds, 0 to an hour (`nan` or `inf` would wait for ever)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or not 0 <= seconds <= 3600:
            self.fail(f"{value!r} is not a number of seconds from 0 to 3600", param, ctx)
        return seconds


DEFAULT_SPEC = Path("specs/sage.yaml")
DEFAULT_OUT = Path("out")

spec_argument = click.argument("spec", type=PathType(path_type=Path), default=DEFAULT_SPEC, required=False)
out_option = click.option(
    "--out",
    "out",
    type=PathType(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Output directory: OUT/terraform/ for the primary region, OUT/<region>/terraform/ for each secondary one.",
)
phase_option = click.option(
    "--phase",
    metavar="NAME",
    help="A phase other than the live one (the spec's `phase`): a preview, for `terraform plan` only. "
    "Give it an --out of its own; sagegen refuses to put a preview over the live stack.",
)
compared_phase_option = click.option(
    "--phase",
    metavar="NAME",
    help="Compare with this phase's render instead of the live one's (e.g. a preview's --out).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sagegen")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def cli(debug: bool) -> None:
    """Render a reviewed YAML spec into a production Terraform root module.

    \b
    Typical use:
      sagegen validate                        check specs/sage.yaml
      sagegen render                          write the live phase: out/terraform/*.tf, workflows, guides
      sagegen check                           exit 1 if out/ is not what the spec renders (for CI)
      sagegen diff                            show what render would change
      sagegen impact --base main              what this branch's spec change does to the running stack
      sagegen impact --from mvp --to growth   what moving to the next phase adds, replaces or destroys
      sagegen cost --phase mvp                the monthly bill, beside the document's cost table

    SPEC defaults to specs/sage.yaml. Exit codes: 0 success, 1 invalid spec,
    differing output or a refused file, 2 bad command line, 3 internal error.
    """


strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings (legal but risky choices, e.g. no alarm subscriber) as errors."
)


quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="Print no warnings (errors still print; --strict still fails on them)."
)


def _print_warnings(warnings: list[str], quiet: bool = False) -> None:
    if quiet:
        return
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if warnings:
        click.echo(
            "hint: a warning the team accepts goes under accepted_risks, by the id in brackets, with the reason",
            err=True,
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
    from . import api
    from .errors import UserError
    from .spec.starter import Answers

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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
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
    from . import api

    if fmt != "text":
        from .output import findings

        found = api.findings(spec)
        click.echo(findings.as_json(found) if fmt == "json" else findings.as_sarif(found, __version__), nl=False)
        failed = {"error", "warning"} if strict else {"error"}
        sys.exit(EXIT_FAILURE if any(level in failed for level, _, _ in found) else 0)
    stack, warnings, accepted = api.validate(spec, strict=strict)
    _print_warnings(warnings, quiet)
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
    from . import api

    report = api.render_to(spec, out, force=force, wait=wait, phase=phase, strict=strict)
    _print_warnings(report.warnings, quiet)
    _print_report(report, out)
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
    `sagegen render` has run. Writes nothing.
    """
    from . import api

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
    from . import api

    report, texts = api.check(spec, out, phase)
    click.echo(api.unified_diff(out, texts), nl=False)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    sys.exit(1 if report.interrupted or (exit_code and texts) else 0)


@cli.command()
@spec_argument
@click.option(
    "--base",
    "ref",
    metavar="REF",
    help="Compare with SPEC as it is at this git revision (a branch, "
    "tag or commit), e.g. the pull request's target branch.",
)
@click.option(
    "--repo",
    type=PathType(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="With --base: the git repository to read the revision from (default: the working directory's; "
    "never found through the spec's own path).",
)
@click.option(
    "--base-spec",
    type=PathType(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Compare with another spec file (its live phase).",
)
@click.option("--from", "source", metavar="PHASE", help="Compare two phases of SPEC: the phase the stack is in now.")
@click.option("--to", "target", metavar="PHASE", help="With --from: the phase to move to (default: the live one).")
@click.option(
    "--allow-data-loss",
    is_flag=True,
    help="Exit 0 even when a stateful resource is replaced or destroyed, or AWS would refuse a change.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def impact(
    spec: Path,
    ref: str | None,
    repo: Path | None,
    base_spec: Path | None,
    source: str | None,
    target: str | None,
    allow_data_loss: bool,
    fmt: str,
) -> None:
    """Say what a spec change does to the running stack, before `terraform plan`.

    For every Terraform address (counts expanded): added, updated in place,
    replaced or destroyed; the spec keys that caused it; and for databases,
    caches, buckets and secrets what it means: data lost, a reboot or
    failover and how long, now or at the next maintenance window; and what
    AWS would refuse half-way through the apply. Exit 0, or 1 when data
    would be lost or AWS would refuse (unless --allow-data-loss).

    \b
    Examples:
      sagegen impact --base origin/main       this branch's spec against the target branch's
      sagegen impact --base-spec old.yaml     against another file
      sagegen impact --from mvp --to growth   moving production to the next phase
    """
    import json

    from . import api
    from .insight import impact as impacts
    from .insight.baseline import Base

    given = [name for name, value in (("--base", ref), ("--base-spec", base_spec), ("--from", source)) if value]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --base REF, --base-spec FILE, --from PHASE")
    if target and not source:
        raise click.UsageError("--to goes with --from")
    if repo and not ref:
        raise click.UsageError("--repo goes with --base")
    base = Base(ref=ref, repo=repo, spec_file=base_spec, source_phase=source, target_phase=target)
    result = api.impact(spec, base)
    if fmt == "json":
        click.echo(json.dumps(impacts.as_json(result), indent=2, sort_keys=True))
    else:
        click.echo(impacts.as_text(result), nl=False)
    sys.exit(EXIT_FAILURE if (result.data_loss or result.refusals) and not allow_data_loss else 0)


@cli.command()
@spec_argument
@click.option(
    "--phase",
    metavar="NAME",
    help="Estimate this phase instead of the live one, as every command takes --phase; `all`: every phase, in order.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: Infracost's breakdown keys (totalMonthlyCost, costComponents, monthlyQuantity, ...).",
)
@click.option(
    "--reserved", is_flag=True, help="Price RDS and ElastiCache as Reserved Instances (the document: -40% and -30%)."
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when a resource has no price in sagegen/data/prices.yaml (a class AWS offers that the "
    "table does not price yet): the estimate would be too low.",
)
def cost(spec: Path, phase: str | None, fmt: str, reserved: bool, strict: bool) -> None:
    """Estimate the monthly AWS bill of SPEC, per resource and in total.

    Prices are on-demand list prices of us-west-2 kept in sagegen/data/prices.yaml
    (with the date they were read); usage (100 GB CloudFront transfer, 10 GB of
    logs, ...) is the document's. When the spec names the document it implements
    (`document: sage-ai-1.0`), each phase prints the document's MVP table beside
    sagegen's figure for the same line, and what that table leaves out.

    \b
      sagegen cost --phase mvp
      sagegen cost --phase scale --reserved --format json
    """
    import json

    from . import api
    from . import cost as costs

    estimates = api.cost(spec, phase, reserved)
    if fmt == "json":
        body = [costs.as_json(e) for e in estimates]
        every = phase == api.ALL_PHASES
        shown = {"phases": {e.phase or "": b for e, b in zip(estimates, body, strict=True)}} if every else body[0]
        click.echo(json.dumps(shown, indent=2, sort_keys=True))
    else:
        click.echo("\n".join(costs.as_table(e) for e in estimates), nl=False)
    unpriced = sorted({f"{r.name} ({c})" for e in estimates for r in e.resources for c in r.unpriced})
    if strict and unpriced:
        from .errors import UserError

        raise UserError(
            f"no price for {', '.join(unpriced)}: the totals above leave them out",
            hint="add the class to sagegen/data/prices.yaml (with its source), or choose a priced one",
        )


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
    from . import api
    from .output import writer

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
    from . import api

    click.echo(api.json_schema(), nl=False)


def _print_report(report: Report, out: Path) -> None:
    for entry in report.entries:
        if entry.outcome is Outcome.UNCHANGED:
            continue
        line = f"{entry.outcome.value:9} {out / entry.path}"
        if entry.reason:
            line += f": {entry.reason}"
        click.echo(line, err=entry.outcome is Outcome.REFUSED)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and map every error to its exit code, here only."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="sagegen", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code if exc.exit_code else EXIT_USAGE
    except UserError as exc:
        click.echo(exc.render(), err=True)
        return exc.exit_code
    except (SagegenError, Exception) as exc:  # noqa: BLE001 - the last line of defence
        if debug:
            traceback.print_exc()
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "this is a bug in sagegen; rerun with --debug and report the traceback",
            err=True,
        )
        return EXIT_INTERNAL
    return 0


def entry_point() -> None:
    sys.exit(main())
