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
from sagegen.insight.impact import Action, Change

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


def test_a_cost_row_no_spec_key_moved_says_so_with_a_dash() -> None:
    """A figure moved by the price table (a newer sagegen), not by the spec: no key to name."""
    moved = SimpleNamespace(region="us-west-2", name="aws_nat_gateway.main[0]", past_monthly=32.85, monthly=35.0)
    cost = SimpleNamespace(
        resources=[SimpleNamespace(**vars(moved), diff=2.15, keys=())],
        now=SimpleNamespace(primary_region="us-west-2", total=35.0),
        past=SimpleNamespace(total=32.85),
        diff=2.15,
    )
    assert "| `aws_nat_gateway.main[0]` | $32.85 | $35.00 | +$2.15 | — |" in impact_report._md_cost(cost)
