"""`sagegen impact`: what a phase change adds, replaces and destroys, before terraform plan."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import invariants
import pytest
from helpers import run_cli, sage_data, write_spec
from support import ROOT, SAGE_SPEC

from sagegen import api
from sagegen.insight import consequences, impact
from sagegen.insight.baseline import Base
from sagegen.insight.impact import FORCES_REPLACEMENT, STATEFUL, Action, compare_specs, provider_alias
from sagegen.spec.load import load_stack
from sagegen.spec.models import Spec

TOKYO_WRITES = ROOT / "tests" / "insight" / "golden" / "tokyo-writes.yaml"  # RUNBOOK failover done


def test_mvp_to_scale_adds_the_replicas_and_loses_nothing() -> None:
    result = api.impact(SAGE_SPEC, Base(source_phase="mvp", target_phase="scale"))
    added = result.of(Action.ADD)
    assert {
        "aws_db_instance.postgres_replica[0]",
        "aws_db_instance.postgres_replica[1]",
        "aws_cloudwatch_metric_alarm.rds_replica_lag[0]",
        "aws_cloudwatch_metric_alarm.rds_replica_lag[1]",
        "aws_route53_zone.internal",
        "aws_route53_record.database_read[0]",
        "aws_route53_record.database_read[1]",
    } <= set(added)
    # The tasks' DATABASE_READ_URL moves from the primary to the replicas: a new task definition revision.
    assert result.of(Action.REPLACE) == ["aws_ecs_task_definition.backend"]
    assert result.of(Action.DESTROY) == [] and result.data_loss == []
    updated = {c.address: c.arguments for c in result.changes if c.action is Action.UPDATE}
    assert updated["aws_db_instance.postgres"] == ("instance_class", "multi_az")
    assert updated["aws_elasticache_replication_group.redis"] == ("node_type",)
    # ECS owns desired_count after the first apply (ignore_changes): not a change Terraform makes.
    assert "aws_ecs_service.backend" not in updated


def test_a_change_that_replaces_the_primary_database_is_flagged(tmp_path: Path) -> None:
    data = sage_data(phases=True)
    data["phases"]["growth"]["database"]["db_name"] = "sage2"  # RDS cannot rename the initial database
    spec = write_spec(tmp_path / "spec.yaml", data)
    result = api.impact(spec, Base(source_phase="mvp", target_phase="growth"))
    (lost,) = result.data_loss
    assert (lost.address, lost.action, lost.arguments) == ("aws_db_instance.postgres", Action.REPLACE, ("db_name",))
    cli = run_cli("impact", spec, "--from", "mvp", "--to", "growth")
    assert cli.returncode == 1
    assert "aws_db_instance.postgres  [db_name]  LOSES DATA" in cli.stdout
    assert "1 stateful resource(s) replaced or destroyed" in cli.stdout
    # The final snapshot by its whole name, and the stop deletion protection makes (RDS: "The database
    # can't be deleted when deletion protection is enabled"), which the MVP has on.
    (note,) = lost.notes
    assert "its final snapshot sage-postgres-final-<6 characters> kept" in note
    assert "The apply stops at the delete while deletion protection is on" in note
    data["database"]["deletion_protection"] = False  # the running MVP has it off: the delete goes through
    data["phases"]["growth"]["database"]["deletion_protection"] = False
    unprotected = api.impact(write_spec(spec, data), Base(source_phase="mvp", target_phase="growth"))
    (note,) = unprotected.data_loss[0].notes
    assert "deletion protection" not in note


@pytest.mark.parametrize(("running", "target"), [(True, False), (False, True)])
def test_the_running_databases_protection_decides_whether_its_replacement_stops(
    tmp_path: Path, running: bool, target: bool
) -> None:
    """The delete meets the protection of the database as it runs, not as the change leaves it: turning it
    off in the same change as the replacement still stops the apply (Terraform deletes before it updates the
    new one's settings), and turning it on does not stop the delete of the unprotected one."""
    data = sage_data(phases=True)
    data["phases"]["growth"]["database"]["db_name"] = "sage2"
    data["database"]["deletion_protection"] = running
    data["phases"]["growth"]["database"]["deletion_protection"] = target
    result = api.impact(write_spec(tmp_path / "spec.yaml", data), Base(source_phase="mvp", target_phase="growth"))
    (note,) = result.data_loss[0].notes
    assert ("The apply stops at the delete while deletion protection is on" in note) is running


def test_a_password_rotation_says_new_tasks_must_start(tmp_path: Path) -> None:
    """Raising database.password_version writes a new password at once: impact says the tasks need a deploy,
    not that the change is harmless."""
    before = write_spec(tmp_path / "before.yaml", sage_data())
    data = sage_data()
    data["database"]["password_version"] = 2
    after = write_spec(tmp_path / "after.yaml", data)
    result = api.impact(after, Base(spec_file=before))
    changes = {c.address: c for c in result.changes}
    assert set(changes) == {"aws_db_instance.postgres", "aws_secretsmanager_secret_version.db_password"}
    assert changes["aws_db_instance.postgres"].arguments == ("password_wo_version",)
    assert result.data_loss == []
    cli = run_cli("impact", after, "--base-spec", before)
    assert "new ones fail until new tasks start" in cli.stdout and "without interruption" not in cli.stdout


def test_a_cache_token_rotation_replaces_the_secret_version_through_its_trigger(tmp_path: Path) -> None:
    """Raising cache.auth_token_version changes only terraform_data.redis_auth_version; Terraform replaces
    the secret's version through replace_triggered_by, and impact says so (a new token, both valid),
    without calling it data loss."""
    before = write_spec(tmp_path / "before.yaml", sage_data())
    data = sage_data()
    data["cache"]["auth_token_version"] = 2
    after = write_spec(tmp_path / "after.yaml", data)
    result = api.impact(after, Base(spec_file=before))
    changes = {c.address: (c.action, c.arguments) for c in result.changes}
    assert changes["terraform_data.redis_auth_version"] == (Action.UPDATE, ("input",))
    assert changes["aws_secretsmanager_secret_version.redis_auth"] == (Action.REPLACE, ("replace_triggered_by",))
    assert result.data_loss == []
    cli = run_cli("impact", after, "--base-spec", before)
    assert cli.returncode == 0 and "added to the cache beside the old one (ROTATE)" in cli.stdout


def test_scaling_down_drops_replicas_without_data_loss() -> None:
    result = api.impact(SAGE_SPEC, Base(source_phase="scale", target_phase="mvp"))
    assert set(result.of(Action.DESTROY)) >= {
        "aws_db_instance.postgres_replica[0]",
        "aws_db_instance.postgres_replica[1]",
    }
    # A read replica is a copy; what is lost is the Tokyo region's own stack (tests/render/test_regions.py).
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
        "causes": {"*": ["database.read_replicas.count"]},
        "consequences": [],
    } in body["changes"]
    (database,) = [c for c in body["changes"] if c["address"] == "aws_db_instance.postgres"]
    assert database["causes"] == {"instance_class": ["database.instance_class"], "multi_az": ["database.multi_az"]}
    assert any("next maintenance window (mon:04:00-mon:05:00 UTC)" in note for note in database["consequences"])
    assert (body["regionsAdded"], body["regionsRemoved"]) == ([], [])


def test_a_deferred_change_names_its_own_resources_maintenance_window() -> None:
    """A change RDS or ElastiCache defers waits for that resource's maintenance window, the one the render
    gives it (ElastiCache User Guide, "Managing maintenance"), not its backup or snapshot window, nor the
    other resource's."""
    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_stack

    spec = load_stack(SAGE_SPEC).phases["growth"]
    module = {p: t for p, t in render_stack(spec, "growth").items() if p.startswith("terraform/") and p.endswith(".tf")}
    rendered = invariants.expanded(module)
    result = api.impact(SAGE_SPEC, Base(source_phase="mvp", target_phase="growth"))
    notes = {c.address: " ".join(c.notes) for c in result.changes}
    for address in ("aws_db_instance.postgres", "aws_elasticache_replication_group.redis"):
        window = rendered[address]["maintenance_window"]
        assert f"next maintenance window ({window} UTC)" in notes[address], (address, notes[address])


def test_an_unknown_phase_is_a_clear_error() -> None:
    cli = run_cli("impact", SAGE_SPEC, "--from", "mvp", "--to", "huge")
    assert cli.returncode == 1 and "unknown phase 'huge'" in cli.stderr and "Traceback" not in cli.stderr


def test_the_table_covers_every_stateful_type() -> None:
    # The types that hold data are stated independently in tests/invariants.py (HOLDS_DATA), which
    # checks each rendered one is stateful here; this only keeps the two tables in step.
    assert STATEFUL - {"aws_secretsmanager_secret_version"} <= set(FORCES_REPLACEMENT)


@pytest.mark.parametrize(
    ("edit", "address", "action", "arguments"),
    [
        (
            ("cache", "at_rest_encryption", False),
            "aws_elasticache_replication_group.redis",
            Action.REPLACE,
            ("at_rest_encryption_enabled",),
        ),
        (("cache", "port", 6380), "aws_elasticache_replication_group.redis", Action.REPLACE, ("port",)),
        (("frontend", "bucket_name", "sage-frontend-prod-2"), "aws_s3_bucket.frontend", Action.REPLACE, ("bucket",)),
        (("logs", "bucket_name", "sage-logs-prod-2"), "aws_s3_bucket.logs", Action.REPLACE, ("bucket",)),
        (("secrets", "sentry_dsn", None), "aws_secretsmanager_secret.sentry_dsn", Action.DESTROY, ()),
    ],
    ids=["redis-encryption", "redis-port", "frontend-bucket", "logs-bucket", "secret-removed"],
)
def test_replacing_or_destroying_a_cache_bucket_or_secret_is_data_loss(
    tmp_path: Path, edit: tuple, address: str, action: Action, arguments: tuple
) -> None:
    """Issue 17: no test replaced or destroyed a Redis group, a bucket or a secret; with Redis out of
    STATEFUL, or a forcing argument out of its table, impact would have called these harmless."""
    before = write_spec(tmp_path / "before.yaml", sage_data())
    data = sage_data()
    section, key, value = edit
    if value is None:
        del data[section][key]
        data.get("monitoring", {}).pop("sentry_dsn_secret", None)
    else:
        data[section][key] = value
    result = api.impact(write_spec(tmp_path / "after.yaml", data), Base(spec_file=before))
    lost = {c.address: c for c in result.data_loss}
    assert address in lost, [(c.address, c.action) for c in result.changes]
    assert lost[address].action is action and lost[address].arguments[: len(arguments)] == arguments


# --- any spec change, against a git revision or another file -------------------------------------------


def _repository(tmp_path: Path) -> tuple[Path, Path]:
    """A git repository holding specs/sage.yaml, committed on `main`."""
    import subprocess

    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    spec = write_spec(repo / "specs" / "sage.yaml", sage_data(phases=True))
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "spec"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True)
    return repo, spec


def test_a_size_change_is_explained_by_its_key(tmp_path: Path) -> None:
    repo, spec = _repository(tmp_path)
    data = sage_data(phases=True)
    data["database"]["instance_class"] = "db.t4g.small"
    write_spec(spec, data)
    cli = run_cli("impact", spec, "--base", "main", cwd=repo)
    assert cli.returncode == 0, cli.stderr
    assert "spec keys changed: database.instance_class" in cli.stdout
    assert "database.instance_class -> aws_db_instance.postgres.instance_class" in cli.stdout
    assert "takes effect in the next maintenance window (mon:04:00-mon:05:00 UTC)" in cli.stdout
    assert "nothing stateful is replaced or destroyed" in cli.stdout


def test_a_project_rename_flags_the_replacements_that_lose_data(tmp_path: Path) -> None:
    repo, spec = _repository(tmp_path)
    data = sage_data(phases=True)
    data["project"] = "sage2"
    write_spec(spec, data)
    cli = run_cli("impact", spec, "--base", "main", cwd=repo)
    assert cli.returncode == 1, cli.stdout + cli.stderr
    assert "aws_elasticache_replication_group.redis  [replication_group_id]  LOSES DATA" in cli.stdout
    assert "project -> aws_elasticache_replication_group.redis.replication_group_id" in cli.stdout
    assert "LOSES DATA: every key in the cache is gone" in cli.stdout
    allowed = run_cli("impact", spec, "--base", "main", "--allow-data-loss", cwd=repo)
    assert allowed.returncode == 0 and "LOSES DATA" in allowed.stdout


def test_a_phase_move_adds_the_replica_and_loses_nothing(tmp_path: Path) -> None:
    repo, spec = _repository(tmp_path)
    data = sage_data(phases=True)
    data["phase"] = "growth"
    write_spec(spec, data)
    cli = run_cli("impact", spec, "--base", "main", "--format", "json", cwd=repo)
    assert cli.returncode == 0, cli.stderr
    body = json.loads(cli.stdout)
    added = {c["address"] for c in body["changes"] if c["action"] == "add"}
    assert "aws_db_instance.postgres_replica[0]" in added and body["losesData"] == []
    assert body["from"] == f"{spec} at main (phase mvp)" and body["to"] == f"{spec} (phase growth)"


def test_base_spec_compares_with_another_file(tmp_path: Path) -> None:
    data = sage_data(phases=True)
    old = write_spec(tmp_path / "old.yaml", data)
    data["cache"]["node_type"] = "cache.t4g.small"
    new = write_spec(tmp_path / "new.yaml", data)
    cli = run_cli("impact", new, "--base-spec", old)
    assert cli.returncode == 0 and "cache.node_type -> aws_elasticache_replication_group.redis.node_type" in cli.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--base", "no-such-branch"], "revision 'no-such-branch' does not exist in this repository"),
        (["--base", "--orphan"], "is not a revision"),
        (["--base", "HEAD~5"], "does not exist"),
        (["--from", "mvp", "--base", "main"], "give exactly one of --base REF, --base-spec FILE, --from PHASE"),
        (["--to", "growth"], "give exactly one of"),
    ],
)
def test_a_bad_base_is_a_clear_error(tmp_path: Path, args: list, message: str) -> None:
    repo, spec = _repository(tmp_path)
    cli = run_cli("impact", spec, *args, cwd=repo)
    assert cli.returncode in (1, 2) and message in cli.stderr, cli.stderr
    assert "Traceback" not in cli.stderr


def test_a_revision_without_the_spec_or_with_an_invalid_one_is_named(tmp_path: Path) -> None:
    import subprocess

    repo, spec = _repository(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    (repo / "specs" / "sage.yaml").write_text("version: 1\nproject: [\n")
    subprocess.run([*git, "commit", "-qam", "broken"], cwd=repo, check=True)
    subprocess.run([*git, "mv", "specs/sage.yaml", "specs/other.yaml"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "moved"], cwd=repo, check=True)
    write_spec(spec, sage_data(phases=True))
    broken = run_cli("impact", spec, "--base", "HEAD~1", cwd=repo)
    assert broken.returncode == 1 and "HEAD~1:specs/sage.yaml:" in broken.stderr and "YAML" in broken.stderr
    missing = run_cli("impact", spec, "--base", "HEAD", cwd=repo)
    assert missing.returncode == 1 and "revision HEAD has no file specs/sage.yaml" in missing.stderr
    assert "Traceback" not in broken.stderr + missing.stderr


def test_outside_a_git_repository_base_says_so(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec.yaml", sage_data(phases=True))
    cli = run_cli("impact", spec, "--base", "main", cwd=tmp_path)
    assert cli.returncode == 1 and "is not inside a git repository" in cli.stderr


def test_a_class_change_says_the_outcome_of_this_database_not_both() -> None:
    """The MVP is single-AZ: a restart with downtime. Growth to Scale (Multi-AZ on both sides): a failover."""
    mvp = api.impact(SAGE_SPEC, Base(source_phase="mvp", target_phase="growth"))
    growth = api.impact(SAGE_SPEC, Base(source_phase="growth", target_phase="scale"))
    said = {
        name: " ".join(n for c in result.changes if c.address == "aws_db_instance.postgres" for n in c.notes)
        for name, result in (("mvp", mvp), ("growth", growth))
    }
    assert "~5-10 min of downtime (one zone" in said["mvp"] and "fails over" not in said["mvp"]
    assert "then RDS fails over to it" in said["growth"] and "downtime" not in said["growth"]


def test_a_key_terraform_plans_nothing_for_is_said_so(tmp_path: Path) -> None:
    """desired_count is autoscaling's after creation (ignore_changes): the key is listed, and why no
    resource changes, instead of a bare "no changes"."""
    data = sage_data()
    data["service"]["desired_count"] = 3
    result = run_cli("impact", "--base-spec", SAGE_SPEC, write_spec(tmp_path / "spec.yaml", data))
    assert result.returncode == 0 and "no changes" in result.stdout
    assert (
        "(service.desired_count: Terraform plans nothing for it: an argument the render leaves to AWS" in result.stdout
    )


def test_the_provider_a_block_uses_is_read_from_its_provider_argument() -> None:
    """None: the default aws provider; an alias as Terraform writes it (`aws.us_east_1`, python-hcl2 reading
    it as an interpolation or not); "" for a block of another provider (Terraform's own terraform_data)."""
    assert provider_alias({}) is None and provider_alias({"provider": None}) is None
    assert provider_alias({"provider": "${aws.us_east_1}"}, "aws_wafv2_web_acl.cloudfront") == "us_east_1"
    assert provider_alias({"provider": "aws.writer"}, "data.aws_db_instance.writer") == "writer"
    assert provider_alias({"provider": "${aws.us_east_1}"}, "terraform_data.x") == ""
    assert provider_alias({}, "data.terraform_remote_state.x") == ""


def test_moving_the_stack_to_another_region_recreates_its_regions_resources_not_us_east_1s() -> None:
    """The default provider's region changes: every regional resource of it is created anew there (the old
    one keeps running, unmanaged); CloudFront's web ACL and its logs use the us-east-1 provider (CloudFront
    reads web ACLs only from us-east-1, AWS WAF Developer Guide) and stay."""
    mvp = load_stack(SAGE_SPEC).spec("mvp")
    data = mvp.model_dump(mode="json")
    moved = Spec.model_validate(
        {**data, "region": "us-east-2", "network": {**data["network"], "availability_zones": None}}
    )
    changes = {c.address: c for c in compare_specs("us-west-2", mvp, "us-east-2", moved).changes}
    assert (changes["aws_vpc.main"].action, changes["aws_vpc.main"].moved_from) == (Action.ADD, "us-west-2")
    assert changes["aws_wafv2_web_acl.alb"].moved_from == "us-west-2"
    assert [a for a in changes if "cloudfront" in a] == []
    assert changes["aws_db_instance.postgres"].notes == (
        "LOSES DATA: created empty in us-east-2; the one in us-west-2 keeps running with its data, no longer "
        "managed (Terraform's refresh does not find it in the new region and drops it from the state)",
    )


def test_a_spec_without_phases_is_named_by_its_file_alone(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text((ROOT / "examples" / "minimal.yaml").read_text())
    result = run_cli("impact", "examples/minimal.yaml", "--base-spec", base, cwd=ROOT)
    assert result.stdout.splitlines()[0] == f"impact of the change from {base} to examples/minimal.yaml:"


def test_a_deferred_setting_says_when_it_takes_effect_and_one_without_effects_changes_quietly() -> None:
    """ApplyImmediately decides whether RDS applies a modification during the call or in the next maintenance
    window (RDS API Reference, ModifyDBInstance, ApplyImmediately)."""
    effects = {"allocated_storage": "storage grows"}

    def said(*arguments: str, immediately: bool = False) -> list[str]:
        change = SimpleNamespace(arguments=arguments)
        return consequences._deferred(change, effects, immediately, "sun:10:00-sun:11:00", "database.apply_immediately")

    assert said() == [] and said("tags") == ["changes in place without interruption"]
    assert said("allocated_storage", immediately=True) == [
        "allocated_storage: storage grows",
        "takes effect during `terraform apply` (database.apply_immediately is true)",
    ]
    assert said("allocated_storage")[1].startswith(
        "takes effect in the next maintenance window (sun:10:00-sun:11:00 UTC)"
    )


def test_a_replicas_update_has_none_of_the_writers_notes() -> None:
    """A read replica's class change restarts that replica only: the writer's notes (its failover, its
    password) are not said of it."""
    scale = load_stack(SAGE_SPEC).spec("scale")
    data = scale.model_dump(mode="json")
    data["database"]["read_replicas"]["instance_class"] = "db.r6g.xlarge"
    changes = compare_specs("a", scale, "b", Spec.model_validate(data)).changes
    assert [(c.address, c.arguments, c.notes) for c in changes] == [
        ("aws_db_instance.postgres_replica[0]", ("instance_class",), ()),
        ("aws_db_instance.postgres_replica[1]", ("instance_class",), ()),
    ]


def test_a_changes_notes_read_the_spec_of_its_own_root_module() -> None:
    """The notes of a change in Tokyo's module read Tokyo's copy of the spec (its region, its database role);
    the primary's read the spec itself; a region the spec does not run has none."""
    stack = load_stack(SAGE_SPEC)
    scale, mvp = stack.spec("scale"), stack.spec("mvp")
    tokyo = impact._regional(scale, "ap-northeast-1")
    assert (tokyo.region, tokyo.replicates_from, tokyo.database.multi_az) == ("ap-northeast-1", "us-west-2", False)
    assert impact._regional(scale, None) is scale and impact._regional(mvp, "ap-northeast-1") is None
    failed_over = load_stack(TOKYO_WRITES).spec("scale")
    assert impact._regional(failed_over, None).database.multi_az is False  # a replica of Tokyo's, as rendered


def test_what_propagates_in_a_second_region_is_that_regions_and_an_added_database_is_stateful() -> None:
    """A new default tag reaches every tagged resource of both root modules, each named with its region;
    a secret added is stateful from the start (what it will hold is data)."""
    stack = load_stack(SAGE_SPEC)
    scale = stack.spec("scale")
    tagged = Spec.model_validate({**scale.model_dump(mode="json"), "environment": "staging"})
    where = {(c.region, c.address) for c in compare_specs("a", scale, "b", tagged).changes}
    assert {(None, "aws_vpc.main"), ("ap-northeast-1", "aws_vpc.main")} <= where
    mvp = stack.spec("mvp")
    data = mvp.model_dump(mode="json")
    data["secrets"]["stripe_key"] = {"env": "STRIPE_KEY", "name": "stripe-key"}
    added = {c.address: c for c in compare_specs("a", mvp, "b", Spec.model_validate(data)).changes}
    secret = added["aws_secretsmanager_secret.stripe_key"]
    assert (secret.action, secret.stateful) == (Action.ADD, True)


@pytest.mark.parametrize(
    ("spec", "writer_multi_az"),
    [(SAGE_SPEC, {None: True, "ap-northeast-1": False}), (TOKYO_WRITES, {None: False, "ap-northeast-1": True})],
    ids=["us-west-2 writes", "after the failover"],
)
def test_a_class_change_is_said_of_each_regions_database_as_it_stands_there(spec: Path, writer_multi_az: dict) -> None:
    """Scale's database.instance_class reaches the writer (Multi-AZ: its standby takes the class first, then
    RDS fails over) and the other region's cross-region replica (single-AZ: it restarts), each note from its
    own module's copy; after the failover Tokyo writes and the roles swap."""
    scale = load_stack(spec).spec("scale")
    data = scale.model_dump(mode="json")
    data["database"]["instance_class"] = "db.r6g.xlarge"
    notes = {c.region: c.notes[0] for c in compare_specs("a", scale, "b", Spec.model_validate(data)).changes}
    assert notes == {r: f"instance_class: {consequences.RDS_CLASS_CHANGE[m]}" for r, m in writer_multi_az.items()}


def test_apply_immediately_says_the_class_change_happens_during_the_apply() -> None:
    """database.apply_immediately and cache.apply_immediately (RDS ModifyDBInstance and ElastiCache
    ModifyReplicationGroup, ApplyImmediately) move the change from the maintenance window to the apply."""
    mvp = load_stack(SAGE_SPEC).spec("mvp")
    data = mvp.model_dump(mode="json")
    data["database"].update(instance_class="db.t4g.small", apply_immediately=True)
    data["cache"].update(node_type="cache.t4g.small", apply_immediately=True)
    notes = {c.address: c.notes[-1] for c in compare_specs("a", mvp, "b", Spec.model_validate(data)).changes}
    assert (
        notes["aws_db_instance.postgres"]
        == "takes effect during `terraform apply` (database.apply_immediately is true)"
    )
    assert notes["aws_elasticache_replication_group.redis"] == (
        "takes effect during `terraform apply` (cache.apply_immediately is true)"
    )
