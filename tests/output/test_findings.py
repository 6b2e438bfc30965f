"""validate's findings as JSON and SARIF 2.1.0 (sagegen/output/findings.py), on their own (issue 25: the
shape could change unseen). SARIF's own names, from the OASIS standard (sarifLog: version, $schema, runs;
run.tool.driver: name, version, rules; result: ruleId, level, message.text, locations[].physicalLocation
with artifactLocation.uri and region.startLine/startColumn)."""

from __future__ import annotations

import json

from sagegen.errors import Problem
from sagegen.output.findings import as_json, as_sarif
from sagegen.spec.models.accepted import RISKS

RISK = sorted(RISKS)[0]
FINDINGS = [
    ("error", "spec", Problem("is not an AWS region", file="specs/a.yaml", line=4, column=9, key="region")),
    ("warning", RISK, Problem("one AZ", file="specs/a.yaml", line=12, key="database.multi_az")),
    ("note", RISK, Problem("accepted: the team said so", file="specs/a.yaml")),
    ("warning", "stale-acceptance", Problem("applies to no phase")),
]


def test_sarif_has_the_standards_shape_and_one_rule_per_id() -> None:
    log = json.loads(as_sarif(FINDINGS, "9.9.9"))
    assert log["version"] == "2.1.0" and log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("sagegen", "9.9.9")
    assert [r["id"] for r in driver["rules"]] == sorted({RISK, "spec", "stale-acceptance"})
    described = {r["id"]: r["shortDescription"]["text"] for r in driver["rules"]}
    assert described[RISK] == RISKS[RISK]
    assert described["spec"] == "the spec is invalid: AWS or Terraform would refuse it, or it is malformed"
    assert described["stale-acceptance"] == "an accepted_risks entry whose warning applies to no phase"
    error, warning, note, stale = run["results"]
    assert (error["ruleId"], error["level"], error["message"]["text"]) == (
        "spec",
        "error",
        "region: is not an AWS region",
    )
    (location,) = error["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "specs/a.yaml"},
        "region": {"startLine": 4, "startColumn": 9},
    }
    assert warning["locations"][0]["physicalLocation"]["region"] == {"startLine": 12}
    assert note["level"] == "note" and note["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert stale["message"]["text"] == "applies to no phase" and "locations" not in stale


def test_json_counts_and_lists_every_finding_with_its_place() -> None:
    body = json.loads(as_json(FINDINGS))
    assert (body["valid"], body["errors"], body["warnings"]) == (False, 1, 2)
    first = body["findings"][0]
    assert first == {"level": "error", "rule": "spec", "file": "specs/a.yaml", "line": 4, "column": 9,
                     "key": "region", "message": "is not an AWS region"}  # fmt: skip
    assert json.loads(as_json(FINDINGS[1:]))["valid"] is True


def test_a_rule_without_a_description_is_described_by_its_id() -> None:
    """SARIF 2.1.0: shortDescription is a multiformatMessageString, whose `text` is required (a string)."""
    log = json.loads(as_sarif([("note", "other", Problem("x"))], "1"))
    assert log["runs"][0]["tool"]["driver"]["rules"] == [{"id": "other", "shortDescription": {"text": "other"}}]


def test_both_are_indented_by_two_and_end_with_a_newline() -> None:
    """Read in a CI log or a diff by people: the layout is part of the output."""
    for text in as_json(FINDINGS), as_sarif(FINDINGS, "1"):
        assert text == json.dumps(json.loads(text), indent=2) + "\n"
