"""impact's report as a reviewer and a CI job read it (sagegen/insight/impact_report.py), byte for byte:
the pull-request comment and the JSON of the changes a review must stop, golden files rewritten by
scripts/update-golden (review their diff). Code mutation (issue 25) showed the one golden comment, of a
quiet phase move, held none of the warnings, the regions or the empty change."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import run_cli
from support import ROOT

from sagegen.insight import explain, impact_report
from sagegen.insight.impact import Action, Change, Impact

GOLDEN = Path(__file__).parent / "golden"
EDITED = "tests/insight/golden/edited.yaml"
REPORTS = [
    # over budget, a refusal, data lost, a key left to its default: exit 1
    (["impact", EDITED, "--base-spec", "specs/sage.yaml"], "impact-edited", 1),
    # the second region taken away: every row of it named by its region, its data lost
    (["impact", "specs/sage.yaml", "--from", "scale", "--to", "mvp"], "impact-scale-to-mvp", 1),
    (["impact", "specs/sage.yaml", "--base-spec", "specs/sage.yaml"], "impact-none", 0),
    # the RUNBOOK's failover written into the spec: Tokyo promoted, the old writer demoted to its replica
    (
        ["impact", "tests/insight/golden/tokyo-writes.yaml", "--base-spec", "tests/insight/golden/scale.yaml"],
        "impact-failover",
        1,
    ),
]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
@pytest.mark.parametrize(("args", "golden", "status"), REPORTS, ids=[r[1] for r in REPORTS])
def test_the_report_is_the_reviewed_one(args: list[str], golden: str, status: int, fmt: str) -> None:
    result = run_cli(*args, "--format", fmt, cwd=ROOT)
    assert result.returncode == status, result.stderr
    expected = GOLDEN / f"{golden}.{ {'text': 'txt', 'markdown': 'md', 'json': 'json'}[fmt] }"
    assert result.stdout == expected.read_text(), "scripts/update-golden rewrites it: review the diff"


def test_a_name_in_inline_code_cannot_end_it_split_its_cell_or_break_its_line() -> None:
    """GitHub Flavored Markdown: a code span ends at the next backtick; a table cell ends at an unescaped
    pipe, even inside a code span (GFM spec, "Tables": escape it as \\|); a line break ends the row."""
    assert impact_report.code('aws_x.y["a`b|c\nd"]') == '`aws_x.y["a\'b\\|c d"]`'


def test_created_resources_are_grouped_by_type_whatever_their_keys_hold() -> None:
    """A for_each key may hold dots (a domain name): the type is what comes before the first one."""
    created = [
        SimpleNamespace(address='aws_route53_record.cert["api.acme.example"]', stateful=False),
        SimpleNamespace(address="aws_route53_record.apex", stateful=False),
        SimpleNamespace(address="aws_db_instance.postgres", stateful=True),
    ]
    assert impact_report._by_type(created) == [
        "  aws_db_instance: postgres (stateful)",
        '  aws_route53_record: apex, cert["api.acme.example"]',
    ]


def test_a_row_names_the_keys_tried_alone_before_those_only_changed_together() -> None:
    """A markdown row's keys are those found argument by argument; the keys explain could only try together
    are named only when nothing else is, and a row without keys says so with a dash (as its notes do)."""
    together = (explain.TOGETHER, ("network.public_subnets", "network.vpc_cidr"))
    both = Change(
        "aws_vpc.main", Action.REPLACE, ("cidr_block",), causes=(("cidr_block", ("network.vpc_cidr",)), together)
    )
    assert impact_report._md_row(both) == "| replace | `aws_vpc.main` (cidr\\_block) | `network.vpc_cidr` | — |"
    alone = Change("aws_vpc.main", Action.UPDATE, causes=(together,))
    assert impact_report._md_row(alone).split(" | ")[2] == "`network.public_subnets`, `network.vpc_cidr`"
    assert impact_report._md_row(Change("aws_s3_bucket.x", Action.ADD)) == "| add | `aws_s3_bucket.x` | — | — |"


# A figure moved by the price table (a newer sagegen), not by the spec: no key to name.
UNKEYED_COST = SimpleNamespace(
    resources=[
        SimpleNamespace(
            region="us-west-2", name="aws_nat_gateway.main[0]", past_monthly=32.85, monthly=35.0, diff=2.15, keys=()
        )
    ],
    now=SimpleNamespace(primary_region="us-west-2", total=35.0),
    past=SimpleNamespace(total=32.85),
    diff=2.15,
    over_budget=False,
)


def test_a_cost_row_no_spec_key_moved_says_so_with_a_dash() -> None:
    assert "| `aws_nat_gateway.main[0]` | $32.85 | $35.00 | +$2.15 | — |" in impact_report._md_cost(UNKEYED_COST)


def test_a_change_terraform_plans_nothing_for_names_its_keys_and_why() -> None:
    why = (
        "an argument the render leaves to AWS after creation, such as the service's desired_count, which "
        "autoscaling owns (ignore_changes), or one no resource of this phase reads)"
    )
    one = impact_report.as_text(Impact("main", "branch", keys=["service.desired_count"]))
    assert one.splitlines()[1:4] == [
        "spec keys changed: service.desired_count",
        "no changes",
        f"(service.desired_count: Terraform plans nothing for it: {why}",
    ]
    two = impact_report.as_text(Impact("main", "branch", keys=["service.desired_count", "tags.Team"]))
    assert f"(service.desired_count, tags.Team: Terraform plans nothing for them: {why}" in two.splitlines()


def test_a_changes_causes_are_listed_argument_by_argument_after_the_keys_only_changed_together() -> None:
    change = Change(
        "aws_vpc.main",
        Action.REPLACE,
        ("cidr_block",),
        causes=(
            (explain.TOGETHER, ("network.public_subnets", "network.vpc_cidr")),
            ("cidr_block", ("network.vpc_cidr", "region")),
        ),
    )
    assert impact_report._change_line(change).splitlines() == [
        "  aws_vpc.main  [cidr_block]",
        f"      network.public_subnets, network.vpc_cidr {explain.TOGETHER} -> aws_vpc.main",
        "      network.vpc_cidr, region -> aws_vpc.main.cidr_block",
    ]


def test_a_region_added_is_one_line_and_its_resources_by_type() -> None:
    tokyo = "ap-northeast-1"
    added = [Change("aws_vpc.main", Action.ADD, region=tokyo), Change("aws_subnet.public[0]", Action.ADD, region=tokyo)]
    assert impact_report._whole_regions(Impact("mvp", "scale", changes=added, regions_added=[tokyo])) == [
        f"\nregion {tokyo} added: a root module of its own, 2 resources to create (apply it after the primary "
        "region), by type:",
        "  aws_subnet: public[0]",
        "  aws_vpc: main",
    ]


def test_a_cost_line_no_key_moved_ends_with_its_figures() -> None:
    line = "  aws_nat_gateway.main[0]       $32.85 ->      $35.00       +$2.15"
    assert impact_report.cost_lines(UNKEYED_COST)[1] == line
