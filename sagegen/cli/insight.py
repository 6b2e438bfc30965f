"""The commands that read the stack: impact (a change), cost (a bill) and drift (the live stack)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_FAILURE
from .common import PathType, cli, format_option, spec_argument


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
@format_option(
    "text",
    "json",
    "markdown",
    help="markdown: one pull-request comment (what changes, why, what it means, what it costs), to post as it is.",
)
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
    AWS would refuse half-way through the apply; and the monthly cost before
    and after, per resource, with the spec keys that moved it (`sagegen
    cost`'s prices). Exit 0, or 1 when data would be lost or AWS would
    refuse (unless --allow-data-loss), or when the spec's `budget` is passed.

    \b
    Examples:
      sagegen impact --base origin/main       this branch's spec against the target branch's
      sagegen impact --base-spec old.yaml     against another file
      sagegen impact --from mvp --to growth   moving production to the next phase
      sagegen impact --base origin/main --format markdown > comment.md
    """
    import json

    from .. import api
    from ..insight import impact_report as reports
    from ..insight.baseline import Base

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
        click.echo(json.dumps(reports.as_json(result), indent=2, sort_keys=True))
    elif fmt == "markdown":
        click.echo(reports.as_markdown(result), nl=False)
    else:
        click.echo(reports.as_text(result), nl=False)
    over_budget = result.cost is not None and result.cost.over_budget
    sys.exit(EXIT_FAILURE if ((result.data_loss or result.refusals) and not allow_data_loss) or over_budget else 0)


@cli.command()
@spec_argument
@click.option(
    "--phase",
    metavar="NAME",
    help="Estimate this phase instead of the live one, as every command takes --phase; `all`: every phase, in order.",
)
@format_option(
    "table", "json", help="json: Infracost's breakdown keys (totalMonthlyCost, costComponents, monthlyQuantity, ...)."
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
@click.option(
    "--base",
    "ref",
    metavar="REF",
    help="Price the change from SPEC at this git revision (e.g. origin/main) to SPEC now: before, after and "
    "the difference per resource, with the spec keys that moved it; json: Infracost 0.10's `diff` keys "
    "(pastTotalMonthlyCost, diffTotalMonthlyCost, per-project diff), each resource's keys in its metadata.",
)
@click.option(
    "--repo",
    type=PathType(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="With --base: the git repository to read the revision from (default: the working directory's).",
)
def cost(
    spec: Path, phase: str | None, fmt: str, reserved: bool, strict: bool, ref: str | None, repo: Path | None
) -> None:
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

    from .. import api
    from .. import cost as costs

    if ref is not None or repo is not None:
        _cost_change(spec, ref, repo, phase, fmt, reserved)
        return
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
        from ..errors import UserError

        raise UserError(
            f"no price for {', '.join(unpriced)}: the totals above leave them out",
            hint="add the class to sagegen/data/prices.yaml (with its source), or choose a priced one",
        )


def _cost_change(spec: Path, ref: str | None, repo: Path | None, phase: str | None, fmt: str, reserved: bool) -> None:
    import json

    from .. import api
    from ..insight import cost_change, impact_report

    if ref is None:
        raise click.UsageError("--repo goes with --base")
    if phase is not None:
        raise click.UsageError("--base compares the live phases of both revisions; --phase does not go with it")
    result = api.cost_change(spec, ref, repo, reserved)
    if fmt == "json":
        click.echo(json.dumps(cost_change.as_infracost_diff(result), indent=2, sort_keys=True))
    else:
        click.echo("\n".join(impact_report.cost_lines(result)).lstrip("\n") + "\n", nl=False)


EXIT_DRIFT = 4  # drift found: neither an error (1) nor a bad command line (2)


@cli.command()
@spec_argument
@click.option(
    "--plan",
    "plan_path",
    type=PathType(path_type=Path, dir_okay=False, allow_dash=True),
    metavar="FILE",
    help="The JSON of a refresh-only plan: `terraform show -json PLANFILE` (or OpenTofu's `tofu show -json`); "
    "- reads standard input.",
)
@click.option(
    "--terraform",
    "terraform_dir",
    type=PathType(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="Run `plan -refresh-only` and `show -json` in this initialised root module (e.g. out/terraform) "
    "instead; the plan file lives in a private temporary directory, removed at once.",
)
@click.option(
    "--binary",
    default="terraform",
    show_default=True,
    help="With --terraform: the program to run (`tofu` for OpenTofu).",
)
@click.option("--phase", metavar="NAME", help="The phase the stack runs, if not the spec's live one.")
@format_option("text", "json")
def drift(
    spec: Path, plan_path: Path | None, terraform_dir: Path | None, binary: str, phase: str | None, fmt: str
) -> None:
    """Say what changed in the live stack outside Terraform, by the spec key that owns each value.

    Each attribute a refresh-only plan finds changed is classed: owned (the
    render sets it: the next apply restores the spec's value; the spec key and
    its line are named, with the YAML edit that adopts the live value instead,
    checked by rendering), inexpressible (the spec cannot say it, e.g. a tag or
    a rule added by hand: whether the next apply removes or keeps it), or
    computed (AWS or the provider sets it: named and ignored).

    Exit 0 when nothing but computed values drifted, 4 when something else
    did (for a scheduled job), 1 on bad input.

    \b
    Examples:
      terraform -chdir=out/terraform plan -refresh-only -out=drift.tfplan
      terraform -chdir=out/terraform show -json drift.tfplan > drift.json
      sagegen drift --plan drift.json
      sagegen drift --terraform out/terraform --format json
    """
    import json

    from .. import api
    from ..insight import drift as drifts

    if (plan_path is None) == (terraform_dir is None):
        raise click.UsageError("give exactly one of --plan FILE and --terraform DIR")
    if binary != "terraform" and terraform_dir is None:
        raise click.UsageError("--binary goes with --terraform")
    result = api.drift(spec, plan_path, phase, terraform_dir, binary)
    if fmt == "json":
        click.echo(json.dumps(drifts.as_json(result), indent=2, sort_keys=True))
    else:
        click.echo(drifts.as_text(result), nl=False)
    sys.exit(EXIT_DRIFT if result.found else 0)
