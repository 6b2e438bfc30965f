"""`sagegen cost`: the document's MVP table reproduced line by line, and every phase priced."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from helpers import run_cli, sage_data, write_spec
from support import ROOT, SAGE_SPEC

from sagegen import api, cost
from sagegen.cost import price_table
from sagegen.insight.cost_change import _resource

# The issue: within a few dollars per line, each difference explained; the total within $10 of $115.
LINE_TOLERANCE = 7.0
TOTAL_TOLERANCE = 10.0


@pytest.fixture(scope="module")
def mvp():
    (estimate,) = api.cost(SAGE_SPEC, "mvp")
    return estimate


def test_each_line_of_the_documents_table_is_reproduced(mvp) -> None:
    ours = mvp.document_lines()
    for line in price_table()["document"]["lines"]:
        got, want = ours[line["name"]], line["monthly"]
        assert abs(got - want) <= LINE_TOLERANCE, f"{line['name']}: ${got:.2f}, the document ${want}"
        if abs(got - want) > 1:
            assert len(line["note"]) > 20  # the difference is explained where it is printed
    assert abs(sum(ours.values()) - price_table()["document"]["total"]) <= TOTAL_TOLERANCE


def test_fargate_is_tasks_times_vcpu_and_memory_hours(mvp) -> None:
    (fargate,) = [r for r in mvp.resources if r.name == "aws_ecs_service.backend"]
    # By hand from AWS Fargate pricing (us-west-2, Linux/x86): 2 tasks x (0.5 vCPU x $0.04048 + 1 GB x
    # $0.004445) an hour x 730 hours = $36.04 (tests/render/test_documents_truth.py does it from the render).
    assert fargate.monthly == pytest.approx(36.04, abs=0.005)


def test_lcu_hours_are_the_lcus_in_use_times_the_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    """Elastic Load Balancing pricing: an ALB is billed per hour and per LCU-hour, the LCUs it uses in each
    hour. The table assumes 1 LCU, where a multiplication and a division agree: 2.5 tells them apart."""
    table = copy.deepcopy(price_table())  # the table is cached: never changed in place
    table["usage"]["alb_lcu"] = 2.5
    monkeypatch.setattr(cost, "price_table", lambda: table)
    (estimate,) = api.cost(SAGE_SPEC, "mvp")
    (alb,) = [r for r in estimate.resources if r.name == "aws_lb.main"]
    hours, lcu = alb.components
    assert (hours.quantity, lcu.quantity) == (table["hours_per_month"], table["hours_per_month"] * 2.5)
    assert lcu.monthly == pytest.approx(table["hours_per_month"] * 2.5 * table["prices"]["alb_lcu_hour"])


def test_the_table_names_what_the_document_leaves_out(mvp) -> None:
    names = {r.name for r in mvp.resources if r.document_line is None}
    assert {"aws_nat_gateway.main[0]", "aws_nat_gateway.main[1]", "aws_wafv2_web_acl.alb"} <= names
    assert mvp.total > sum(mvp.document_lines().values()) + 60  # two NAT gateways alone are ~$66


def test_cli_prints_the_documents_line_items() -> None:
    result = run_cli("cost", SAGE_SPEC, "--phase", "mvp")
    assert result.returncode == 0, result.stderr
    for line in price_table()["document"]["lines"]:
        assert f"document ${line['monthly']}: {line['note']}" in result.stdout
    assert "subtotal" in result.stdout and "total per month: $" in result.stdout


def test_json_has_infracosts_keys_and_adds_up() -> None:
    result = run_cli("cost", SAGE_SPEC, "--phase", "mvp", "--format", "json")
    body = json.loads(result.stdout)
    (project,) = body["projects"]
    resources = project["breakdown"]["resources"]
    for resource in resources:
        components = resource["costComponents"]
        assert {"monthlyQuantity", "price", "monthlyCost"} <= set(components[0])
        assert sum(float(c["monthlyCost"]) for c in components) == pytest.approx(float(resource["monthlyCost"]))
    assert float(body["totalMonthlyCost"]) == pytest.approx(sum(float(r["monthlyCost"]) for r in resources))


@pytest.mark.parametrize("phase", ["mvp", "scale"])
def test_the_json_says_what_the_table_says_to_the_cent(phase: str) -> None:
    """Infracost's shape carries the same money as the table: every priced component is its quantity
    times its price, each project's and the whole total are those of the table, the metadata are the
    price table's and the phase's own."""
    text = run_cli("cost", SAGE_SPEC, "--phase", phase).stdout
    body = json.loads(run_cli("cost", SAGE_SPEC, "--phase", phase, "--format", "json").stdout)
    lines = dict(re.findall(r"^  (\S+) +\$([\d,]+\.\d\d)", text, re.M))
    total = float(re.search(r"^total per month: \$([\d,.]+)$", text, re.M).group(1).replace(",", ""))
    assert float(body["totalMonthlyCost"]) == pytest.approx(total, abs=0.005)
    assert (body["currency"], body["pricesRead"], body["reserved"]) == ("USD", price_table()["read"], False)
    regions = [p["metadata"]["region"] for p in body["projects"]]
    assert [p["metadata"]["pricedAs"] for p in body["projects"]] == [price_table()["region"]] * len(regions)
    assert [p["name"] for p in body["projects"]] == [f"{phase}/{r}" for r in regions]
    for project in body["projects"]:
        resources = project["breakdown"]["resources"]
        assert float(project["breakdown"]["totalMonthlyCost"]) == pytest.approx(
            sum(float(r["monthlyCost"]) for r in resources), abs=0.0001
        )
        for resource in resources:
            if resource["name"] in lines and len(regions) == 1:
                assert float(resource["monthlyCost"]) == pytest.approx(
                    float(lines[resource["name"]].replace(",", "")), abs=0.005
                )
            for c in resource["costComponents"]:
                if c["price"] is not None:
                    assert float(c["monthlyQuantity"]) > 0 and float(c["price"]) > 0, c
                    assert float(c["monthlyCost"]) == pytest.approx(
                        float(c["monthlyQuantity"]) * float(c["price"]), rel=1e-5
                    )


def test_every_phase_costs_more_and_scale_prices_both_regions() -> None:
    mvp, growth, scale = api.cost(SAGE_SPEC, api.ALL_PHASES)
    assert mvp.total < growth.total < scale.total
    assert {r.region for r in scale.resources} == {"us-west-2", "ap-northeast-1"}
    assert scale.priced_as == {"ap-northeast-1": "us-west-2"}  # said, not hidden
    assert "ap-northeast-1 (priced at us-west-2 rates):" in run_cli("cost", SAGE_SPEC, "--phase", "scale").stdout
    replicas = [r for r in growth.resources if r.name.startswith("aws_db_instance.postgres_replica")]
    assert len(replicas) == 1


def test_reserved_instances_save_what_the_document_says() -> None:
    (on_demand,), (reserved,) = api.cost(SAGE_SPEC, "growth"), api.cost(SAGE_SPEC, "growth", reserved=True)

    def instance_cost(estimate, name: str) -> float:
        (r,) = [r for r in estimate.resources if r.name == name]
        return r.components[0].monthly

    for name, saving in (("aws_db_instance.postgres", 0.40), ("aws_elasticache_replication_group.redis", 0.30)):
        assert instance_cost(reserved, name) == pytest.approx(instance_cost(on_demand, name) * (1 - saving))
    fargate = [r.monthly for e in (on_demand, reserved) for r in e.resources if r.name == "aws_ecs_service.backend"]
    assert fargate[0] == fargate[1]


def test_a_class_without_a_price_is_listed_not_guessed(tmp_path: Path) -> None:
    data = sage_data()
    data["database"]["instance_class"] = "db.x2g.large"
    result = run_cli("cost", write_spec(tmp_path / "spec.yaml", data))
    assert result.returncode == 0, result.stderr
    assert "no price for: Instance (db.x2g.large)" in result.stdout
    # --strict: the same estimate, and exit 1 naming what it leaves out (a budget must not trust it).
    strict = run_cli("cost", tmp_path / "spec.yaml", "--strict")
    assert strict.returncode == 1 and strict.stdout == result.stdout
    assert "error: no price for aws_db_instance.postgres (Instance (db.x2g.large))" in strict.stderr
    assert run_cli("cost", SAGE_SPEC, "--phase", "all", "--strict").returncode == 0  # the document: all priced


def test_an_unknown_phase_is_a_clear_error() -> None:
    result = run_cli("cost", SAGE_SPEC, "--phase", "huge")
    assert result.returncode == 1 and "unknown phase 'huge'" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("phase", "sizes"),
    [
        ("mvp", ["2 tasks of 0.5 vCPU/1 GB", "db.t4g.micro single-AZ, 20 GB gp3", "2 cache.t4g.micro nodes"]),
        (
            "growth",
            ["5 tasks of 0.5 vCPU/1 GB", "db.t4g.small Multi-AZ + 1 replica(s) db.t4g.small", "2 cache.t4g.small"],
        ),
        (
            "scale",
            ["10 tasks of 0.5 vCPU/1 GB", "db.r6g.large Multi-AZ + 2 replica(s) db.r6g.large", "2 cache.r6g.large"],
        ),
    ],
)
def test_the_cost_notes_give_each_phases_own_sizes(phase: str, sizes: list[str]) -> None:
    """The document's table is the MVP's; a later phase's notes must not repeat the MVP's sizes."""
    printed = run_cli("cost", SAGE_SPEC, "--phase", phase).stdout
    for size in sizes:
        assert size in printed, f"{phase}: {size!r} missing"
    if phase != "mvp":
        assert "ECS Fargate" in printed and "  2 tasks of" not in printed


GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("cost-all.txt", ("specs/sage.yaml", "--phase", "all")),
        ("cost-scale-reserved.txt", ("specs/sage.yaml", "--phase", "scale", "--reserved")),
        ("cost-scale-reserved.json", ("specs/sage.yaml", "--phase", "scale", "--reserved", "--format", "json")),
        ("cost-minimal.txt", ("examples/minimal.yaml",)),  # a spec without phases
    ],
)
def test_the_estimate_is_the_golden_one(name: str, args: tuple[str, ...]) -> None:
    """The table a reviewer reads (every phase; Scale's two regions, Tokyo priced at us-west-2's rates, with
    the reserved discounts) and the JSON a CI job reads are exactly the reviewed ones: scripts/update-golden
    rewrites them."""
    result = run_cli("cost", *args, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / name).read_text(), "scripts/update-golden rewrites it: review the diff"


@pytest.mark.parametrize(
    ("value", "written"),
    [(0, "0"), (3.0, "3"), (2.50, "2.5"), (0.1234567, "0.123457"), (1200.0, "1200"), (-1e-9, "0"), (-0.5, "-0.5")],
)
def test_a_figure_is_written_as_infracost_writes_a_decimal(value: float, written: str) -> None:
    assert cost.decimal(value) == written


# A resource as the price table leaves some: one component priced with a reserved discount, two without.
MIXED = cost.ResourceCost(
    "aws_x.y",
    "us-west-2",
    (
        cost.Component("hours", "Hrs", 730, 0.1, 0.25),
        cost.Component("storage", "GB", 10, None),
        cost.Component("requests", "1M requests", 2, None),
    ),
)


def test_a_component_without_a_price_is_named_never_guessed_in_the_table_and_the_json() -> None:
    """The module's rule (sagegen/cost.py): what the price table has no price for is listed as unpriced,
    and in Infracost's JSON its price and costs are null (Infracost 0.10 writes null for an unknown cost)."""
    estimate = cost.Estimate(None, True, [MIXED], {"us-west-2": "us-west-2"})
    assert "  no price for: storage, requests" in cost.as_table(estimate)
    (project,) = cost.as_json(estimate)["projects"]
    (resource,) = project["breakdown"]["resources"]
    hours, storage, _ = resource["costComponents"]
    assert (hours["price"], hours["monthlyCost"]) == ("0.075", "54.75")
    assert (storage["price"], storage["monthlyCost"]) == (None, None)


def test_a_resource_of_a_cost_diff_carries_its_figure_and_keys_and_nulls_where_unpriced() -> None:
    whole = _resource(MIXED, 730)
    assert (whole["monthlyCost"], whole["hourlyCost"], whole["metadata"]) == ("54.75", "0.075", {"region": "us-west-2"})
    assert [c["price"] for c in whole["costComponents"]] == ["0.075", None, None]
    assert [c["monthlyCost"] for c in whole["costComponents"]] == ["54.75", None, None]
    diff = _resource(MIXED, 730, monthly=-73.0, keys=("database.instance_class",))
    assert (diff["monthlyCost"], diff["hourlyCost"], diff["costComponents"]) == ("-73", "-0.1", [])
    assert diff["metadata"]["specKeys"] == ["database.instance_class"]
