"""The JSON that `impact`, `drift` and `cost` print holds to the schemas published in schema/outputs/: what a
CI job reading them may rely on (every key always present, no other key, each value of its type). The
outputs are made in-process from cases that reach every branch of their shape: a phase move with and
without a budget, a move that loses data, drift of each class with and without an edit, one and two
regions priced on demand and reserved."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jsonschema
import pytest
from helpers import run_cli, sage_data, write_spec
from support import ROOT, SAGE_SPEC
from test_drift import _database, _entry, _report

from sagegen import cost as costs
from sagegen.insight import drift, impact, impact_report
from sagegen.spec.load import load_stack

SCHEMAS = ROOT / "schema" / "outputs"


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _valid(name: str, document: dict) -> None:
    errors = sorted(_validator(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_every_output_schema_is_a_schema_and_forbids_keys_it_does_not_name() -> None:
    names = sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))
    assert names == ["cost", "drift", "impact"]

    def objects(node: object):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    for name in names:
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
        _validator(name)
        for node in objects(schema):
            assert node.get("additionalProperties") is False, (name, sorted(node["properties"]))
            assert sorted(node["required"]) == sorted(node["properties"]), (name, sorted(node["properties"]))


@pytest.mark.parametrize(("source", "target"), [("mvp", "growth"), ("mvp", "scale"), ("scale", "mvp")])
def test_impact_json_holds_to_its_schema(source: str, target: str) -> None:
    result = run_cli("impact", SAGE_SPEC, "--from", source, "--to", target, "--format", "json", "--allow-data-loss")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    _valid("impact", body)
    assert body["cost"] is not None and body["changes"]
    if target == "scale":
        assert body["regionsAdded"] == ["ap-northeast-1"] and any(c["region"] for c in body["changes"])
    if source == "scale":
        assert body["losesData"] and body["regionsRemoved"] == ["ap-northeast-1"]


def test_an_impact_made_without_prices_has_a_null_cost() -> None:
    """impact.compare_regions (the library's comparison of two renders, which `explain` probes with) prices
    nothing: its JSON says `"cost": null`, as the schema allows, and nothing else changes shape."""
    spec = load_stack(SAGE_SPEC).spec("mvp")
    grown = load_stack(SAGE_SPEC).spec("growth")
    found = impact.compare_regions("mvp", impact.render_regions(spec), "growth", impact.render_regions(grown))
    body = impact_report.as_json(found)
    _valid("impact", body)
    assert body["cost"] is None and body["changes"]


def test_impact_json_with_a_budget_passed_holds_to_its_schema(tmp_path: Path) -> None:
    data = sage_data()
    data["budget"] = {"monthly": 100}
    spec = write_spec(tmp_path / "spec.yaml", data)
    data["database"] = {**data["database"], "instance_class": "db.t4g.small"}
    bigger = write_spec(tmp_path / "bigger.yaml", data)
    result = run_cli("impact", bigger, "--base-spec", spec, "--format", "json")
    assert result.returncode == 1, result.stderr
    body = json.loads(result.stdout)
    _valid("impact", body)
    assert body["cost"]["budget"] == "100" and body["cost"]["overBudget"] is True
    assert body["keyLines"] == {"database.instance_class": f"{bigger}:{_line(bigger, 'instance_class:')}"}


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_drift_json_of_every_class_holds_to_its_schema() -> None:
    tagged = _database()
    tagged["change"]["after"]["tags_all"] = {**tagged["change"]["before"]["tags_all"], "Owner": "bob"}
    entries = [
        _database(instance_class="db.t4g.small", latest_restorable_time="2026-12-07T11:00:00Z"),
        _entry("aws_cloudwatch_log_group.backend", {"name": "/ecs/sage-backend"}, None),
    ]
    for report in (_report(*entries), _report(tagged), _report(_database(storage_encrypted=False))):
        body = drift.as_json(report)
        _valid("drift", body)
        assert body["found"] is True and body["region"] == "us-west-2"
    classes = {d["class"] for d in drift.as_json(_report(*entries))["drifts"]}
    assert classes == {"owned", "computed"}
    edits = [d["edit"] for d in drift.as_json(_report(*entries))["drifts"] if d["edit"]]
    assert edits and edits[0]["key"] == "database.instance_class"


@pytest.mark.parametrize("phase", ["mvp", "scale"])
@pytest.mark.parametrize("reserved", [False, True])
def test_cost_json_holds_to_its_schema(phase: str, reserved: bool) -> None:
    stack = load_stack(SAGE_SPEC)
    body = costs.as_json(costs.estimate(stack.spec(phase), phase, reserved))
    _valid("cost", body)
    assert body["reserved"] is reserved and len(body["projects"]) == (2 if phase == "scale" else 1)
    cli = run_cli("cost", SAGE_SPEC, "--phase", phase, "--format", "json", *(["--reserved"] if reserved else []))
    assert json.loads(cli.stdout) == body


def test_a_schema_refuses_an_output_whose_key_is_renamed() -> None:
    """The guard itself: each schema fails an output with one key renamed, deep or at the top."""
    body = json.loads(run_cli("impact", SAGE_SPEC, "--from", "mvp", "--to", "growth", "--format", "json").stdout)
    body["cost"]["resources"][0]["specKeys"] = body["cost"]["resources"][0].pop("specKeys")
    _valid("impact", body)
    body["cost"]["resources"][0]["speckeys"] = body["cost"]["resources"][0].pop("specKeys")
    with pytest.raises(AssertionError, match="speckeys"):
        _valid("impact", body)
