"""What every command shares: the group, the path and number types, the common options and printers."""

from __future__ import annotations

import math
from pathlib import Path

import click

from .. import __version__
from ..output.report import Outcome, Report

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
      sagegen drift --plan drift.json         what changed outside Terraform, by spec key

    SPEC defaults to specs/sage.yaml. Exit codes: 0 success, 1 invalid spec,
    differing output or a refused file, 2 bad command line, 3 internal error,
    4 drift found (drift).
    """


def format_option(*choices: str, help: str | None = None):
    """`--format` with `choices`, the first the default."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True, help=help
    )


strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings (legal but risky choices, e.g. no alarm subscriber) as errors."
)


quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="Print no warnings (errors still print; --strict still fails on them)."
)


def print_warnings(warnings: list[str], quiet: bool = False) -> None:
    if quiet:
        return
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if warnings:
        click.echo(
            "hint: a warning the team accepts goes under accepted_risks, by the id in brackets, with the reason",
            err=True,
        )


def print_report(report: Report, out: Path) -> None:
    for entry in report.entries:
        if entry.outcome is Outcome.UNCHANGED:
            continue
        line = f"{entry.outcome.value:9} {out / entry.path}"
        if entry.reason:
            line += f": {entry.reason}"
        click.echo(line, err=entry.outcome is Outcome.REFUSED)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
