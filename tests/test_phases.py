"""The document's scaling phases as overlays: merge rules, located errors, the numbers of each phase."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SAGE_SPEC
from helpers import run_cli, sage_data, snapshot, write_spec

from sagegen.output.manifest import MANIFEST_NAME
from sagegen.render import hcl_reader
from sagegen.spec.phases import merge

OUT = ROOT / "out"


def test_overlays_merge_the_way_helm_merges_values() -> None:
    base = {"a": {"x": 1, "y": 2}, "list": [1, 2, 3], "gone": {"k": 1}, "kept": 5}
    overlay = {"a": {"y": 20, "z": 30}, "list": [9], "gone": None, "new": {"n": 1, "dropped": None}}
    assert merge(base, overlay) == {"a": {"x": 1, "y": 20, "z": 30}, "list": [9], "kept": 5, "new": {"n": 1}}
    assert base["a"] == {"x": 1, "y": 2}  # the base is not changed


def _resources(phase: str) -> dict[str, dict]:
    files = {p.name: p.read_text() for p in (OUT / phase / "terraform").glob("*.tf")}
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


def test_out_holds_every_phase_side_by_side() -> None:
    owned = json.loads((OUT / MANIFEST_NAME).read_text())["files"]
    assert sorted({path.split("/")[0] for path in owned}) == ["growth", "mvp", "scale"]
    assert not (OUT / "terraform").exists()


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
    assert "unknown phase 'huge'; the spec defines: mvp, growth, scale" in result.stderr
    assert not (tmp_path / "out").exists()


def test_render_of_one_phase_leaves_the_others_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", SAGE_SPEC, "--out", out).returncode == 0
    before = snapshot(out)
    data = sage_data(phases=True)
    data["phases"]["growth"]["database"]["instance_class"] = "db.t4g.medium"
    spec = write_spec(tmp_path / "spec.yaml", data)
    result = run_cli("render", spec, "--out", out, "--phase", "growth")
    assert result.returncode == 0, result.stderr
    after = snapshot(out)
    changed = sorted(p for p in after if after[p] != before.get(p))
    # The phase's README (its cost) and RUNBOOK (the restore command's class) describe the change too.
    assert changed == [MANIFEST_NAME, "growth/README.md", "growth/RUNBOOK.md", "growth/terraform/rds.tf"]
    owned = json.loads(after[MANIFEST_NAME])["files"]
    assert {p.split("/")[0] for p in owned} == {"mvp", "growth", "scale"}  # the others stay owned
    assert run_cli("check", spec, "--out", out).returncode == 0


def test_the_phases_key_is_in_the_editor_schema() -> None:
    schema = json.loads((ROOT / "schema" / "spec.json").read_text())
    assert schema["properties"]["phases"]["additionalProperties"] == {"type": ["object", "null"]}
    assert "phases" in yaml.safe_load(SAGE_SPEC.read_text())


def test_each_phase_keeps_its_own_locked_encrypted_remote_state() -> None:
    keys = set()
    for phase in PHASES:
        text = (OUT / phase / "terraform" / "versions.tf").read_text()
        (block,) = hcl_reader.parse(text)["terraform"]
        (backend,) = block["backend"]
        s3 = backend["s3"]
        assert (s3["bucket"], s3["region"]) == ("sage-terraform-state-prod", "us-west-2")
        assert s3["key"] == f"sage/{phase}/terraform.tfstate"
        assert str(s3["encrypt"]).lower() == "true" and str(s3["use_lockfile"]).lower() == "true"
        assert block["required_version"] == ">= 1.10"  # S3 lock files arrived in Terraform 1.10
        keys.add(s3["key"])
    assert len(keys) == len(PHASES)
