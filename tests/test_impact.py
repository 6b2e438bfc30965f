"""`sagegen impact`: what a phase change adds, replaces and destroys, before terraform plan."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SAGE_SPEC
from helpers import run_cli, sage_data, write_spec

from sagegen import api
from sagegen.insight.impact import FORCES_REPLACEMENT, STATEFUL, Action


def test_mvp_to_scale_adds_the_replicas_and_loses_nothing() -> None:
    result = api.impact(SAGE_SPEC, "mvp", "scale")
    added = result.of(Action.ADD)
    assert {
        "aws_db_instance.postgres_replica[0]",
        "aws_db_instance.postgres_replica[1]",
        "aws_cloudwatch_metric_alarm.rds_replica_lag[0]",
        "aws_cloudwatch_metric_alarm.rds_replica_lag[1]",
    } <= set(added)
    assert result.of(Action.DESTROY) == [] and result.of(Action.REPLACE) == [] and result.data_loss == []
    updated = {c.address: c.arguments for c in result.changes if c.action is Action.UPDATE}
    assert updated["aws_db_instance.postgres"] == ("instance_class", "multi_az")
    assert updated["aws_elasticache_replication_group.redis"] == ("node_type",)
    # ECS owns desired_count after the first apply (ignore_changes): not a change Terraform makes.
    assert "aws_ecs_service.backend" not in updated


def test_a_change_that_replaces_the_primary_database_is_flagged(tmp_path: Path) -> None:
    data = sage_data(phases=True)
    data["phases"]["growth"]["database"]["db_name"] = "sage2"  # RDS cannot rename the initial database
    spec = write_spec(tmp_path / "spec.yaml", data)
    result = api.impact(spec, "mvp", "growth")
    (lost,) = result.data_loss
    assert (lost.address, lost.action, lost.arguments) == ("aws_db_instance.postgres", Action.REPLACE, ("db_name",))
    cli = run_cli("impact", spec, "--from", "mvp", "--to", "growth")
    assert cli.returncode == 1
    assert "aws_db_instance.postgres  [db_name]  LOSES DATA" in cli.stdout
    assert "1 stateful resource(s) replaced or destroyed" in cli.stdout


def test_scaling_down_drops_replicas_without_data_loss() -> None:
    result = api.impact(SAGE_SPEC, "scale", "mvp")
    assert set(result.of(Action.DESTROY)) >= {
        "aws_db_instance.postgres_replica[0]",
        "aws_db_instance.postgres_replica[1]",
    }
    # A read replica is a copy; what is lost is the Tokyo region's own stack (tests/test_regions.py).
    assert [c for c in result.data_loss if c.region is None] == []


def test_json_uses_stable_keys() -> None:
    cli = run_cli("impact", SAGE_SPEC, "--from", "mvp", "--to", "growth", "--format", "json")
    assert cli.returncode == 0, cli.stderr
    body = json.loads(cli.stdout)
    assert (body["from"], body["to"], body["losesData"]) == ("mvp", "growth", [])
    assert {
        "address": "aws_db_instance.postgres_replica[0]",
        "region": None,
        "action": "add",
        "arguments": [],
        "stateful": False,
        "losesData": False,
    } in body["changes"]
    assert (body["regionsAdded"], body["regionsRemoved"]) == ([], [])


def test_an_unknown_phase_is_a_clear_error() -> None:
    cli = run_cli("impact", SAGE_SPEC, "--from", "mvp", "--to", "huge")
    assert cli.returncode == 1 and "unknown phase 'huge'" in cli.stderr and "Traceback" not in cli.stderr


def test_the_table_covers_every_stateful_type() -> None:
    assert STATEFUL - {"aws_secretsmanager_secret_version"} <= set(FORCES_REPLACEMENT)
