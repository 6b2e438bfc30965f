"""Every change priced by the key that caused it: `impact`'s cost, `cost --base`'s Infracost diff JSON,
the spec's budget, and the pull-request comment."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import run_cli, sage_data, write_spec
from support import ROOT, SAGE_SPEC

from sagegen.insight import cost_change, impact_report
from sagegen.spec.load import load_stack
from sagegen.spec.models import Spec

GOLDEN_COMMENT = Path(__file__).parent / "golden" / "impact-mvp-to-growth.md"

# AWS's on-demand prices for RDS for PostgreSQL in US West (Oregon), single-AZ, per instance-hour
# (https://aws.amazon.com/rds/postgresql/pricing/): db.t4g.micro $0.016, db.t4g.small $0.032; AWS bills a
# month as 730 hours (https://aws.amazon.com/calculator/ "Assumptions": 730 hours in a month).
MICRO, SMALL, HOURS = 0.016, 0.032, 730


def _mvp() -> Spec:
    return load_stack(SAGE_SPEC).spec("mvp")


def _with(spec: Spec, **database: object) -> Spec:
    data = spec.model_dump(mode="json")
    data["database"].update(database)
    return Spec.model_validate(data)


def test_an_instance_class_edit_costs_the_hand_computed_price_difference() -> None:
    before = _mvp()
    assert before.database.instance_class == "db.t4g.micro" and not before.database.multi_az
    result = cost_change.change(before, _with(before, instance_class="db.t4g.small"), "mvp", "mvp")
    assert result.diff == pytest.approx((SMALL - MICRO) * HOURS)  # $11.68
    (moved,) = result.resources
    assert moved.name == "aws_db_instance.postgres" and moved.keys == ("database.instance_class",)
    assert moved.diff == pytest.approx(11.68)


def test_each_figure_is_put_down_to_the_keys_that_moved_it() -> None:
    stack = load_stack(SAGE_SPEC)
    result = cost_change.change(stack.spec("mvp"), stack.spec("growth"), "mvp", "growth")
    keys = {r.name: r.keys for r in result.resources}
    assert keys["aws_ecs_service.backend"] == ("service.desired_count",)
    assert set(keys["aws_db_instance.postgres"]) == {"database.instance_class", "database.multi_az"}
    assert "database.read_replicas.count" in keys["aws_db_instance.postgres_replica[0]"]
    assert sum(r.diff for r in result.resources) == pytest.approx(result.diff)  # nothing priced is left out
    assert all(abs(r.diff) >= 0.005 for r in result.resources)  # and nothing unmoved is listed


def test_priced_as_reserved_each_figure_is_put_down_to_its_own_keys_alone() -> None:
    """Priced as Reserved Instances, each key's variant is priced as reserved too: the service's task count
    moves the service alone, not the reserved database (which an on-demand variant would seem to move)."""
    before = _mvp()
    data = before.model_dump(mode="json")
    data["database"]["instance_class"] = "db.t4g.small"
    data["service"]["desired_count"] = 3
    result = cost_change.change(before, Spec.model_validate(data), "mvp", "mvp", reserved=True)
    keys = {r.name: r.keys for r in result.resources}
    assert keys == {
        "aws_db_instance.postgres": ("database.instance_class",),
        "aws_ecs_service.backend": ("service.desired_count",),
    }


# What Infracost's JSON schema (infracost/infracost, schema/infracost.schema.json) allows in each object
# (additionalProperties: false) and requires of it.
INFRACOST = {
    "root": (
        {
            "version",
            "currency",
            "projects",
            "totalHourlyCost",
            "totalMonthlyCost",
            "pastTotalHourlyCost",
            "pastTotalMonthlyCost",
            "diffTotalHourlyCost",
            "diffTotalMonthlyCost",
            "timeGenerated",
            "summary",
        },
        {"runId", "shareUrl"},
    ),
    "project": ({"name", "metadata", "pastBreakdown", "breakdown", "diff", "summary"}, set()),
    "breakdown": ({"resources", "totalHourlyCost", "totalMonthlyCost"}, set()),
    "resource": ({"name", "metadata", "hourlyCost", "monthlyCost"}, {"tags", "costComponents", "subresources"}),
    "component": ({"name", "unit", "hourlyQuantity", "monthlyQuantity", "price", "hourlyCost", "monthlyCost"}, set()),
}


def _shape(kind: str, value: dict) -> None:
    required, optional = INFRACOST[kind]
    assert required <= set(value) <= required | optional, (kind, sorted(set(value) ^ required))


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    spec = write_spec(repo / "specs" / "sage.yaml", sage_data())
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "spec"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True)
    spec.write_text(spec.read_text().replace("instance_class: db.t4g.micro", "instance_class: db.t4g.small", 1))
    return repo


def test_cost_base_writes_infracost_diff_json_with_the_spec_keys(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    result = run_cli("cost", "specs/sage.yaml", "--base", "main", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    _shape("root", body)
    assert float(body["diffTotalMonthlyCost"]) == pytest.approx((SMALL - MICRO) * HOURS)
    assert float(body["totalMonthlyCost"]) - float(body["pastTotalMonthlyCost"]) == pytest.approx(11.68)
    for project in body["projects"]:
        _shape("project", project)
        for side in ("pastBreakdown", "breakdown", "diff"):
            _shape("breakdown", project[side])
            for resource in project[side]["resources"]:
                _shape("resource", resource)
                for component in resource.get("costComponents", []):
                    _shape("component", component)
    (moved,) = body["projects"][0]["diff"]["resources"]
    assert moved["name"] == "aws_db_instance.postgres" and moved["monthlyCost"] == "11.68"
    assert moved["metadata"]["specKeys"] == ["database.instance_class"]
    text = run_cli("cost", "specs/sage.yaml", "--base", "main", cwd=repo)
    assert "+$11.68" in text.stdout and "<- database.instance_class" in text.stdout


def test_a_budget_fails_check_and_impact_when_passed(tmp_path: Path) -> None:
    data = sage_data()
    mvp = cost_change.change(_mvp(), _mvp(), "mvp", "mvp").now.total
    data["budget"] = {"monthly": round(mvp) + 1}  # the MVP fits; the small class ($11.68 more) does not
    spec = write_spec(tmp_path / "sage.yaml", data)
    assert run_cli("render", spec, "--out", tmp_path / "out").returncode == 0
    fits = run_cli("check", spec, "--out", tmp_path / "out")
    assert fits.returncode == 0 and "over budget" not in fits.stderr, fits.stderr
    bigger = write_spec(
        tmp_path / "bigger.yaml", {**data, "database": {**data["database"], "instance_class": "db.t4g.small"}}
    )
    impact = run_cli("impact", bigger, "--base-spec", spec)
    assert impact.returncode == 1 and "over budget" in impact.stdout, impact.stdout
    assert run_cli("render", bigger, "--out", tmp_path / "out").returncode == 0
    over = run_cli("check", bigger, "--out", tmp_path / "out")
    assert over.returncode == 1 and "over budget" in over.stderr and "is up to date" in over.stdout


def test_the_pull_request_comment_is_the_golden_one() -> None:
    result = run_cli("impact", "specs/sage.yaml", "--from", "mvp", "--to", "growth", "--format", "markdown", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == GOLDEN_COMMENT.read_text(), "scripts/update-golden rewrites it: review the diff"


def test_the_comment_says_why_what_and_what_it_costs() -> None:
    text = GOLDEN_COMMENT.read_text()
    lines = SAGE_SPEC.read_text().splitlines()
    for key, where in [
        row.split(" | ")[:2]
        for row in (r.strip("| ") for r in text.splitlines())
        if row.startswith("`") and ("specs/" in row) and row.count(" | ") == 1
    ]:
        line = int(where.rsplit(":", 1)[1])
        assert key.strip("`").rsplit(".", 1)[-1] in lines[line - 1] or "{" in lines[line - 1], (key, line)
    assert "| `aws_ecs_service.backend` | $36.04 | $90.10 | +$54.06 | `service.desired_count` |" in text
    assert "next maintenance window" in text


def test_what_a_pull_request_writes_cannot_become_markup() -> None:
    hostile = "x|y @org/admins <img src=x> `code` [link](http://e) #1"
    cell = impact_report.md(hostile)
    assert "|" not in cell.replace("\\|", "") and "<img" not in cell and "@org" not in cell
    assert "](" not in cell.replace("\\](", "") and "#1" not in cell
    assert impact_report.code("a`b|c").count("`") == 2


def _money(value: str | None) -> float:
    assert value is not None and value == value.strip() and float(value) == float(value), value
    return float(value)


@pytest.mark.parametrize("reserved", [False, True], ids=["on-demand", "reserved"])
def test_the_infracost_diff_of_a_second_region_adds_up_in_every_project_and_component(reserved: bool) -> None:
    """MVP -> Scale (a second region): one project per region, each side's resources in its own region,
    every total the sum of its parts, the diff the two sides' difference, every hourly figure the
    monthly one over the month's hours, every component's cost its discounted price times its quantity
    (Infracost's own arithmetic; its schema, infracost/infracost schema/infracost.schema.json). Reserved:
    the price shown is the discounted one."""
    from sagegen import cost as costs

    stack = load_stack(SAGE_SPEC)
    result = cost_change.change(stack.spec("mvp"), stack.spec("scale"), "mvp", "scale", reserved)
    body = cost_change.as_infracost_diff(result)
    hours = costs.price_table()["hours_per_month"]
    assert body["version"] == "0.2" and body["currency"] == "USD"
    names = [p["name"] for p in body["projects"]]
    assert names == ["us-west-2", "ap-northeast-1"], names
    sides = {"pastBreakdown": 0.0, "breakdown": 0.0, "diff": 0.0}
    for project in body["projects"]:
        _shape("project", project)
        assert project["metadata"] == {"path": project["name"], "type": "sagegen_spec"}
        assert project["summary"] == {"totalResources": len(project["breakdown"]["resources"])}
        for side in sides:
            breakdown = project[side]
            _shape("breakdown", breakdown)
            total = _money(breakdown["totalMonthlyCost"])
            assert total == pytest.approx(sum(_money(r["monthlyCost"]) for r in breakdown["resources"]), abs=0.01)
            assert _money(breakdown["totalHourlyCost"]) == pytest.approx(total / hours, abs=1e-5)
            sides[side] += total
            for resource in breakdown["resources"]:
                _shape("resource", resource)
                assert resource["metadata"]["region"] == project["name"], (side, resource)
                assert _money(resource["hourlyCost"]) == pytest.approx(
                    _money(resource["monthlyCost"]) / hours, abs=1e-5
                )
                assert ("specKeys" in resource["metadata"]) == (side == "diff"), (side, resource)
                assert side != "diff" or resource["metadata"]["specKeys"], resource
                assert (side == "diff") == (resource["costComponents"] == []), (side, resource)
                for component in resource["costComponents"]:
                    _shape("component", component)
                    quantity = _money(component["monthlyQuantity"])
                    assert _money(component["hourlyQuantity"]) == pytest.approx(quantity / hours, abs=1e-5)
                    if component["price"] is not None:
                        cost = _money(component["monthlyCost"])
                        assert cost == pytest.approx(_money(component["price"]) * quantity, rel=1e-4, abs=0.01)
                        assert _money(component["hourlyCost"]) == pytest.approx(cost / hours, abs=1e-5)
        past, now, diff = (_money(project[s]["totalMonthlyCost"]) for s in sides)
        assert diff == pytest.approx(now - past, abs=0.01)
    tokyo = body["projects"][1]
    assert tokyo["pastBreakdown"]["resources"] == [] and tokyo["diff"]["resources"], "Tokyo is all new"
    assert _money(body["pastTotalMonthlyCost"]) == pytest.approx(sides["pastBreakdown"], abs=0.01)
    assert _money(body["totalMonthlyCost"]) == pytest.approx(sides["breakdown"], abs=0.01)
    assert _money(body["diffTotalMonthlyCost"]) == pytest.approx(sides["diff"], abs=0.01)
    for prefix in ("", "past", "diff"):
        monthly = _money(body[f"{prefix}TotalMonthlyCost" if prefix else "totalMonthlyCost"])
        hourly = _money(body[f"{prefix}TotalHourlyCost" if prefix else "totalHourlyCost"])
        assert hourly == pytest.approx(monthly / hours, abs=1e-5), prefix
    assert body["summary"] == {"totalResources": sum(p["summary"]["totalResources"] for p in body["projects"])}


def test_the_diffs_time_is_source_date_epoch_where_set_for_reproducible_output(monkeypatch) -> None:
    """reproducible-builds.org's SOURCE_DATE_EPOCH: seconds since 1970 in UTC; anything else is ignored."""
    import re
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")  # UTC+9: a local time would show it
    time.tzset()
    try:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "90061")  # 1 day, 1 hour, 1 minute, 1 second
        assert cost_change.generated_at() == "1970-01-02T01:01:01Z"
    finally:
        monkeypatch.undo()
        time.tzset()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    before = time.strftime("%Y-%m-%dT%H:%M", time.gmtime())
    now = cost_change.generated_at()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", now) and now[:16] >= before
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert cost_change.generated_at()[:4] == time.strftime("%Y", time.gmtime())
