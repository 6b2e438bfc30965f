"""`validate`'s findings as data for CI: JSON, and SARIF 2.1.0, which GitHub code scanning and other
CI systems turn into annotations on the spec's lines (https://docs.oasis-open.org/sarif/sarif/v2.1.0/)."""

from __future__ import annotations

import json

from ..errors import Problem
from ..spec.models.accepted import RISKS

Finding = tuple[str, str, Problem]  # level (error, warning, note), rule id, the located problem
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _entry(level: str, rule: str, problem: Problem) -> dict:
    return {
        "level": level,
        "rule": rule,
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "key": problem.key,
        "message": problem.message,
    }


def as_json(findings: list[Finding]) -> str:
    levels = [level for level, _, _ in findings]
    body = {
        "valid": "error" not in levels,
        "errors": levels.count("error"),
        "warnings": levels.count("warning"),
        "findings": [_entry(*finding) for finding in findings],
    }
    return json.dumps(body, indent=2) + "\n"


def as_sarif(findings: list[Finding], version: str) -> str:
    rules = sorted({rule for _, rule, _ in findings})
    described = {
        **RISKS,
        "spec": "the spec is invalid: AWS or Terraform would refuse it, or it is malformed",
        "stale-acceptance": "an accepted_risks entry whose warning applies to no phase",
    }
    run = {
        "tool": {
            "driver": {
                "name": "sagegen",
                "version": version,
                "rules": [{"id": rule, "shortDescription": {"text": described.get(rule, rule)}} for rule in rules],
            }
        },
        "results": [_result(level, rule, problem) for level, rule, problem in findings],
    }
    return json.dumps({"version": "2.1.0", "$schema": SARIF_SCHEMA, "runs": [run]}, indent=2) + "\n"


def _result(level: str, rule: str, problem: Problem) -> dict:
    key = f"{problem.key}: " if problem.key else ""
    result: dict = {"ruleId": rule, "level": level, "message": {"text": key + problem.message}}
    if problem.file:
        region = {"startLine": problem.line or 1}
        if problem.column:
            region["startColumn"] = problem.column
        location = {"artifactLocation": {"uri": problem.file}, "region": region}
        result["locations"] = [{"physicalLocation": location}]
    return result
