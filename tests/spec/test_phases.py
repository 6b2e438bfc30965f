"""The document's scaling phases as overlays: merge rules, located errors, the numbers of each phase."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from cases import RENDERED
from helpers import run_cli, sage_data, snapshot, write_spec
from support import ROOT, SAGE_SPEC

from sagegen.errors import Problem
from sagegen.output.manifest import MANIFEST_NAME
from sagegen.render import hcl_reader
from sagegen.spec import load
from sagegen.spec.phases import merge

OUT = ROOT / "out"


def test_overlays_merge_the_way_helm_merges_values() -> None:
    base = {"a": {"x": 1, "y": 2}, "list": [1, 2, 3], "gone": {"k": 1}, "kept": 5}
    overlay = {"a": {"y": 20, "z": 30}, "list": [9], "gone": None, "new": {"n": 1, "dropped": None}}
    assert merge(base, overlay) == {"a": {"x": 1, "y": 20, "z": 30}, "list": [9], "kept": 5, "new": {"n": 1}}
    assert base["a"] == {"x": 1, "y": 2}  # the base is not changed


def _resources(phase: str) -> dict[str, dict]:
    files = {p.name: p.read_text() for p in (RENDERED[phase] / "terraform").glob("*.tf")}
    return {
        address: body
        for text in files.values()
        for address, body in hcl_reader.resources(hcl_reader.parse(text)).items()
    }


# The document's Scaling Strategy: tasks, autoscaling bounds, classes, replicas.
PHASES = {
    "mvp": {
        "desired": 2,
        "bounds": (2, 10),
        "db": "db.t4g.micro",
        "replicas": 0,
        "cache": "cache.t4g.micro",
        "multi_az": False,
    },
    "growth": {
        "desired": 5,
        "bounds": (5, 10),
        "db": "db.t4g.small",
        "replicas": 1,
        "cache": "cache.t4g.small",
        "multi_az": True,
    },
    "scale": {
        "desired": 10,
        "bounds": (10, 20),
        "db": "db.r6g.large",
        "replicas": 2,
        "cache": "cache.r6g.large",
        "multi_az": True,
    },
}


@pytest.mark.parametrize("phase", PHASES)
def test_each_phase_renders_the_documents_numbers(phase: str) -> None:
    want, r = PHASES[phase], _resources(phase)
    assert r["aws_ecs_service.backend"]["desired_count"] == want["desired"]
    target = r["aws_appautoscaling_target.backend"]
    assert (target["min_capacity"], target["max_capacity"]) == want["bounds"]
    assert r["aws_db_instance.postgres"]["instance_class"] == want["db"]
    assert r["aws_db_instance.postgres"]["multi_az"] is want["multi_az"]
    assert r["aws_db_instance.postgres_replica"]["count"] == want["replicas"]
    assert r["aws_cloudwatch_metric_alarm.rds_replica_lag"]["count"] == want["replicas"]
    assert r["aws_elasticache_replication_group.redis"]["node_type"] == want["cache"]
    assert r["aws_elasticache_replication_group.redis"]["num_cache_clusters"] == 2  # the document: x2 in every phase


def test_out_holds_exactly_the_live_stack() -> None:
    manifest = json.loads((OUT / MANIFEST_NAME).read_text())
    assert (manifest["phase"], manifest["preview"]) == ("mvp", False)
    assert sorted({path.split("/")[0] for path in manifest["files"]}) == [
        ".github",
        "README.md",
        "RUNBOOK.md",
        "terraform",
    ]
    assert not [p for p in OUT.iterdir() if p.name in PHASES]


def test_a_broken_overlay_names_the_phase_and_the_key(tmp_path: Path) -> None:
    data = sage_data(phases=True)
    data["phases"]["growth"]["cache"]["node_typ"] = "cache.t4g.small"
    data["phases"]["scale"]["service"]["desired_count"] = "ten"
    spec = write_spec(tmp_path / "spec.yaml", data)
    result = run_cli("render", spec, "--out", tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(
        ":" in line and "phases.growth.cache.node_typ: unknown key; did you mean `node_type`?" in line for line in lines
    ), result.stderr
    assert any("phases.scale.service.desired_count: Input should be a valid integer" in line for line in lines)
    assert not (tmp_path / "out").exists()


def test_an_error_only_the_merge_causes_says_which_phase(tmp_path: Path) -> None:
    data = sage_data(phases=True)
    data["phases"]["growth"]["service"] = {"desired_count": 12}  # above the base's max_capacity of 10
    spec = write_spec(tmp_path / "spec.yaml", data)
    result = run_cli("validate", spec)
    assert result.returncode == 1
    # The rule sits on the base's autoscaling block: located there, and the phase is named.
    assert (
        "service.autoscaling: in phase growth: desired_count (12) must lie within min_capacity..max_capacity "
        "(2..10)" in result.stderr
    ), result.stderr


def test_removing_a_required_key_in_an_overlay_is_located_in_the_overlay(tmp_path: Path) -> None:
    data = sage_data(phases=True)
    data["phases"]["growth"]["service"]["autoscaling"] = None  # null removes the key; it has no default
    spec = write_spec(tmp_path / "spec.yaml", data)
    result = run_cli("validate", spec)
    assert result.returncode == 1 and "phases.growth.service.autoscaling: required key is missing" in result.stderr


def test_an_unknown_phase_is_an_error_that_writes_nothing(tmp_path: Path) -> None:
    result = run_cli("render", SAGE_SPEC, "--out", tmp_path / "out", "--phase", "huge")
    assert result.returncode == 1
    assert "unknown phase 'huge' (the spec defines: mvp, growth, scale)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_preview_is_refused_over_the_live_stack_and_written_beside_it(tmp_path: Path) -> None:
    out, preview = tmp_path / "out", tmp_path / "previews" / "growth"
    assert run_cli("render", SAGE_SPEC, "--out", out).returncode == 0
    before = snapshot(out)
    refused = run_cli("render", SAGE_SPEC, "--out", out, "--phase", "growth")
    assert refused.returncode == 1 and "holds the live stack (phase mvp)" in refused.stderr
    assert "--phase NAME --out DIR" in refused.stderr and snapshot(out) == before
    result = run_cli("render", SAGE_SPEC, "--out", preview, "--phase", "growth")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((preview / MANIFEST_NAME).read_text())
    assert (manifest["phase"], manifest["preview"]) == ("growth", True)
    assert run_cli("check", SAGE_SPEC, "--out", preview, "--phase", "growth").returncode == 0
    assert run_cli("check", SAGE_SPEC, "--out", preview).returncode == 1  # the live phase is not what it holds


def test_moving_the_live_phase_changes_the_stack_in_place(tmp_path: Path) -> None:
    """Editing `phase:` re-renders the same paths: the state key stays, the Terraform changes."""
    out = tmp_path / "out"
    data = sage_data(phases=True)
    spec = write_spec(tmp_path / "spec.yaml", data)
    assert run_cli("render", spec, "--out", out).returncode == 0
    before = snapshot(out)
    data["phase"] = "scale"
    write_spec(spec, data)
    result = run_cli("render", spec, "--out", out)
    assert result.returncode == 0, result.stderr
    after = snapshot(out)
    assert set(before) <= set(after)  # nothing removed; Tokyo's module added
    assert {p.split("/")[0] for p in set(after) - set(before)} == {"ap-northeast-1"}
    assert after["terraform/versions.tf"] == before["terraform/versions.tf"]  # same backend, same key
    assert after["terraform/rds.tf"] != before["terraform/rds.tf"]


@pytest.mark.parametrize(
    "edit, message",
    [
        ({"version": None}, "version: the spec does not say which format it is written in"),
        ({"version": 2}, "version: spec format 2 is newer than this sagegen, which reads 1"),
        ({"version": "one"}, "version: must be a whole number, e.g. 1 (got 'one')"),
        ({"version": 0}, "version: unknown spec format 0; this sagegen reads 1"),
        ({"phase": "huge"}, "phase: unknown phase 'huge' (the spec defines: mvp, growth, scale)"),
    ],
)
def test_the_format_version_and_the_live_phase_are_checked(tmp_path: Path, edit: dict, message: str) -> None:
    data = sage_data(phases=True)
    for key, value in edit.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    spec = write_spec(tmp_path / "spec.yaml", data)
    result = run_cli("render", spec, "--out", tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{spec}:" in result.stderr and message in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_a_live_phase_needs_phases(tmp_path: Path) -> None:
    data = sage_data()
    data["phase"] = "mvp"
    result = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    assert result.returncode == 1 and "phase: names the live phase, but the spec has no `phases`" in result.stderr


def test_the_phases_key_is_in_the_editor_schema() -> None:
    schema = json.loads((ROOT / "schema" / "spec.json").read_text())
    assert schema["properties"]["phases"]["additionalProperties"] == {"type": ["object", "null"]}
    assert "phases" in yaml.safe_load(SAGE_SPEC.read_text())


def test_every_phase_uses_the_same_locked_encrypted_remote_state() -> None:
    keys = set()
    for phase in PHASES:
        text = (RENDERED[phase] / "terraform" / "versions.tf").read_text()
        (block,) = hcl_reader.parse(text)["terraform"]
        (backend,) = block["backend"]
        s3 = backend["s3"]
        assert (s3["bucket"], s3["region"]) == ("sage-terraform-state-prod", "us-west-2")
        assert s3["key"] == "sage/terraform.tfstate"
        assert str(s3["encrypt"]).lower() == "true" and str(s3["use_lockfile"]).lower() == "true"
        assert block["required_version"] == ">= 1.11"  # write-only arguments (1.11); S3 lock files need 1.10
        keys.add(s3["key"])
    assert len(keys) == 1  # moving to the next phase never moves the state


def test_an_error_of_some_phases_names_each_of_them(tmp_path: Path) -> None:
    data = sage_data(phases=True)
    for phase in ("growth", "scale"):
        data["phases"][phase]["service"] = {"desired_count": 12}
    result = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    assert result.returncode == 1
    assert "service.autoscaling: in phase growth, scale: desired_count (12) must lie within" in result.stderr, (
        result.stderr
    )


def test_the_errors_of_the_phases_are_said_once_in_the_files_order() -> None:
    """A problem every phase has is the base's: said once, unprefixed; one only some phases have names them,
    with or without a key (a file-level problem has none), unless the key is the phase's own overlay. The
    list reads top to bottom: by line, then column, a problem with no place first, then by key."""
    shared = Problem("shared", line=9, column=3, key="database.instance_class")
    keyless = Problem("keyless", line=2, column=None, key=None)
    overlay = Problem("overlay", line=40, column=5, key="phases.growth.service.cpu")
    unplaced = Problem("unplaced", key="b")
    first_of_line_1 = Problem("line one", line=1, column=None, key="a")
    same_place = [Problem("second", line=7, column=1, key="b.y"), Problem("first", line=7, column=1, key="a.x")]
    failures = {
        "mvp": [shared, keyless, *same_place],
        "growth": [first_of_line_1, shared, overlay, unplaced],
        "scale": [shared],
    }
    said = load._phase_problems(failures, phase_count=3)
    assert [(p.message, p.key) for p in said] == [
        ("in phase growth: unplaced", "b"),
        ("in phase growth: line one", "a"),
        ("in phase mvp: keyless", None),
        ("in phase mvp: first", "a.x"),
        ("in phase mvp: second", "b.y"),
        ("shared", "database.instance_class"),
        ("overlay", "phases.growth.service.cpu"),
    ]
    # the same order for the errors of one validation: no column before column 1, no key before any key
    one_line = [Problem("c1", line=3, column=1, key="a"), Problem("b", line=3, key="b"), Problem("A", line=3, key="A")]
    one_line.append(Problem("none", line=3))
    assert [p.message for p in sorted(one_line, key=load._reading_order)] == ["none", "A", "b", "c1"]


def test_a_key_missing_deep_in_an_overlay_is_located_at_the_overlays_nearest_line(tmp_path: Path) -> None:
    """The overlay writes Tokyo's `network` without its vpc_cidr: the error names the overlay's key and the line
    of the nearest key it writes (`network:`), not the base's nor `secondary_regions:`."""
    data = sage_data(phases=True)
    del data["phases"]["scale"]["secondary_regions"][0]["network"]["vpc_cidr"]
    spec = write_spec(tmp_path / "spec.yaml", data)
    network = next(
        n for n, line in enumerate(spec.read_text().splitlines(), 1) if line.strip() == "network:" and n > 100
    )
    result = run_cli("validate", spec)
    assert result.returncode == 1
    assert f"spec.yaml:{network}:7: phases.scale.secondary_regions[0].network.vpc_cidr: required key is missing" in (
        result.stderr
    ), result.stderr


def test_a_phase_asked_of_a_spec_without_phases_is_named_with_the_file() -> None:
    result = run_cli("cost", "examples/minimal.yaml", "--phase", "growth", cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == (
        "error: examples/minimal.yaml: phases: unknown phase 'growth' (the spec defines: none (the spec has no "
        "`phases`))\n"
    )


def test_an_overlay_that_changes_a_keys_shape_is_refused_at_its_line(tmp_path: Path) -> None:
    """A mapping replaced by a scalar, or a scalar by a mapping, is the overlay's value (a merge only joins
    two mappings), refused by validation where the overlay writes it; a null for a key the base leaves
    unwritten removes nothing and is no error."""
    data = sage_data(phases=True)
    data["phases"]["growth"]["cache"] = "big"
    data["phases"]["scale"]["service"]["desired_count"] = {"min": 10}
    data["phases"]["growth"]["budget"] = None
    result = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line.split(": ", 3)[2:] for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        ["phases.growth.cache", "Input should be a valid dictionary or instance of Cache (got 'big')"],
        ["phases.scale.service.desired_count", "Input should be a valid integer"],
    ], result.stderr
