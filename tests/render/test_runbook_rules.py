"""More of the RUNBOOK's procedures judged as AWS takes them (issue 25): what each API requires, how a
poll waits, what a wait waits for, failover, destroy, re-create and the everyday blocks. Every phase and
golden case, against the parsed render; tests/render/test_procedures.py holds the first rules.
"""

from __future__ import annotations

import re

import pytest
from procedures import (
    RENDERS,
    Call,
    blocks_with_prose,
    calls,
    guide_blocks,
    joined,
    module_file,
    module_of,
    rendered,
    required,
    resolved,
    steps,
    terraform_calls,
)

CUSTOM = {("ecr", "get-login-password"), ("logs", "tail"), ("cloudfront", "create-invalidation"), ("s3", "cp")}


def _where(name: str, phase: str | None, heading: str) -> str:
    return f"{name} {phase} '{heading}'"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_call_gives_what_its_api_requires(name: str, phase: str | None) -> None:
    """Each API Reference marks some parameters Required: a call without one is refused before it acts."""
    for _, heading, block in guide_blocks(name, phase):
        for call in calls(block):
            if call.operation == "wait" or (call.service, call.operation) in CUSTOM:
                continue
            missing = required(call.service, call.operation) - {o[2:] for o in call.options}
            assert not missing, f"{_where(name, phase, heading)}: {call.operation} lacks {sorted(missing)}"
            if call.one("--auth-token-update-strategy"):  # ModifyReplicationGroup: the strategy acts on a token
                assert "--auth-token" in call.options, f"{_where(name, phase, heading)}: a strategy without a token"


POLL = re.compile(r"for _ in \$\(seq (\d+)\); do(.*?)done", re.S)


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_poll_checks_breaks_and_sleeps_each_round(name: str, phase: str | None) -> None:
    """A loop that waits on AWS asks AWS, stops when the answer is there, and sleeps between questions: no
    question is a blind sleep, no sleep spins through its rounds in a second; a bounded wait is then
    checked (the RUNBOOK: "the waiter then fails loudly")."""
    for _, heading, block in guide_blocks(name, phase):
        for m in POLL.finditer(joined(block)):
            body = m.group(2)
            asks = [c for c in calls(body) if re.match(r"describe|get|list", c.operation)]
            assert asks and "&& break" in body and re.search(r"\bsleep \d+", body), (
                f"{_where(name, phase, heading)}: a poll that does not ask, break and sleep: {body.strip()[:90]}"
            )
            after = joined(block)[m.end() :]
            assert re.match(r"\s*(aws \S+ wait|test |\[ )", after), f"{_where(name, phase, heading)}: unchecked poll"


def _waited_resource(call: Call) -> str | None:
    for option in ("--db-instance-identifier", "--replication-group-id", "--services"):
        if call.one(option):
            return call.one(option)
    return None


def _changes(step, resource: str) -> bool:
    if isinstance(step, list):  # a terraform command changes what its apply or destroy touches
        return any(w in ("apply", "destroy") for w in step)
    names = {v for values in step.options.values() for v in values}
    return not re.match(r"describe|list|get|wait", step.operation) and (resource in names or not names)


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_wait_waits_for_a_change_of_its_own_block(name: str, phase: str | None) -> None:
    """A waiter answers "done" for a resource already at rest, so a wait after a change of something else
    proves nothing: each wait follows a change of its own resource in the block, or opens the block (a
    settle before the block's first change)."""
    for _, heading, block in guide_blocks(name, phase):
        sequence = steps(block)
        for k, step in enumerate(sequence):
            if isinstance(step, list) or step.operation != "wait":
                continue
            resource = _waited_resource(step)
            before = sequence[:k]
            own = [s for s in before if not isinstance(s, list) and _changes(s, resource)]
            others = [s for s in before if _changes(s, resource) and s not in own]
            assert own or not others, (
                f"{_where(name, phase, heading)}: waits on {resource} after changing something else only"
            )


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_service_moved_to_its_latest_revision_gets_it_from_an_apply_first(name: str, phase: str | None) -> None:
    """`--task-definition FAMILY` without a revision is the family's latest (ECS API Reference,
    UpdateService): the revision the spec describes exists once its module's apply made it."""
    _, modules = rendered(name, phase)
    for _, heading, block in guide_blocks(name, phase):
        sequence = steps(block)
        for k, step in enumerate(sequence):
            if isinstance(step, list) or step.operation != "update-service" or not step.one("--task-definition"):
                continue
            if ":" in step.one("--task-definition"):
                continue  # a revision named: the rollback's
            directory = modules[step.one("--region")][0]
            applied = [s for s in sequence[:k] if isinstance(s, list) and "apply" in s and f"-chdir={directory}" in s]
            assert applied, f"{_where(name, phase, heading)}: moves {directory}'s service to a revision not applied"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_failover_settings_are_the_renders(name: str, phase: str | None) -> None:
    """What the failover gives by hand is what the render gives: the promoted replica the writer's backups,
    the scaling target its own address, the restarted service its own desired count, the lag query the
    replica's own dimension (CloudWatch, AWS/RDS: DBInstanceIdentifier)."""
    _, modules = rendered(name, phase)
    writer = next((r for _, r, _ in modules.values() if "aws_db_instance.postgres" in r
                   and not r["aws_db_instance.postgres"].get("replicate_source_db")), None)  # fmt: skip
    for _, heading, block in guide_blocks(name, phase):
        for call in calls(block):
            r = module_of(name, phase, call)[1]
            where = f"{_where(name, phase, heading)}: {call.operation}"
            if call.operation == "promote-read-replica":
                db = writer["aws_db_instance.postgres"]
                assert call.one("--backup-retention-period") == str(db["backup_retention_period"]), where
                assert call.one("--preferred-backup-window") == db["backup_window"], where
            if call.operation == "register-scalable-target":
                target = r["aws_appautoscaling_target.backend"]
                assert call.one("--resource-id") == resolved(r, target["resource_id"]), where
                assert call.one("--scalable-dimension") == target["scalable_dimension"], where
                assert call.one("--service-namespace") == target["service_namespace"], where
            if call.operation == "update-service" and call.one("--desired-count") not in (None, "0"):
                assert call.one("--desired-count") == str(r["aws_ecs_service.backend"]["desired_count"]), where
            if call.operation == "get-metric-statistics":
                dimension = call.one("--dimensions") or ""
                m = re.fullmatch(r"Name=DBInstanceIdentifier,Value=(\S+)", dimension)
                identifiers = {b.get("identifier") for a, b in r.items() if a.startswith("aws_db_instance.")}
                assert call.one("--namespace") == "AWS/RDS" and m and m.group(1) in identifiers, where


@pytest.mark.parametrize("name, phase", RENDERS)
def test_failover_stops_the_old_writers_tasks_scaling_first_before_the_promotion(name, phase) -> None:
    for heading, _, block in blocks_with_prose(name, phase, "RUNBOOK.md"):
        if not heading.startswith("Lose the writer's region") or "--desired-count 0" not in block:
            continue
        order = [c.operation for c in calls(block)]
        assert order[:2] == ["register-scalable-target", "update-service"], f"{name} {phase}: {order}"
        (scaling, service) = calls(block)[:2]
        assert scaling.one("--min-capacity") == scaling.one("--max-capacity") == "0"
        assert service.one("--region") == scaling.one("--region")
        return
    assert len(rendered(name, phase)[1]) == 1, f"{name} {phase}: no failover step stops the old writer's tasks"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_group_made_by_hand_is_checked_against_terraform_and_waited_before_a_change(name, phase) -> None:
    """The cache restore ends with `plan -detailed-exitcode` (Terraform: exit code 0 when nothing would
    change), which proves the group is as the render defines it; a modify waits for the group to be
    available (ElastiCache refuses a change while the group is modifying: InvalidReplicationGroupState)."""
    for _, heading, block in guide_blocks(name, phase):
        sequence = steps(block)
        for k, step in enumerate(sequence):
            if isinstance(step, list):
                continue
            if step.operation == "create-replication-group":
                checked = [s for s in sequence[k:] if isinstance(s, list) and "-detailed-exitcode" in s]
                assert checked, f"{_where(name, phase, heading)}: a group made by hand, never checked by a plan"
            if step.operation == "modify-replication-group":
                settled = [
                    s for s in sequence[:k] if not isinstance(s, list) and s.waiter == "replication-group-available"
                ]
                assert settled, f"{_where(name, phase, heading)}: modifies a group it did not wait for"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_restore_gives_the_log_groups_rds_made_the_renders_retention(name: str, phase: str | None) -> None:
    _, modules = rendered(name, phase)
    for region, (_, r, _) in modules.items():
        db = r.get("aws_db_instance.postgres", {})
        if db.get("replicate_source_db"):
            continue
        retention = [c for _, h, b in guide_blocks(name, phase) if h == f"Restore the database ({region})"
                     for c in calls(b) if c.operation == "put-retention-policy"]  # fmt: skip
        if db.get("enabled_cloudwatch_logs_exports"):
            groups = [b for a, b in r.items() if a.startswith("aws_cloudwatch_log_group.rds")]
            assert groups and all(c.one("--retention-in-days") == str(groups[0]["retention_in_days"])
                                  for c in retention) and retention, f"{name} {phase} {region}"  # fmt: skip
        else:
            assert not retention, f"{name} {phase} {region}: log groups that no export makes"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_destroy_first_empties_every_bucket_terraform_cannot(name: str, phase: str | None) -> None:
    """S3 deletes only an empty bucket (S3 API Reference, DeleteBucket: BucketNotEmpty) and Terraform empties
    none without force_destroy; what the listing writes is what the delete reads; a retry that fails
    twice fails the block."""
    _, modules = rendered(name, phase)
    destroys = [b for _, h, b in guide_blocks(name, phase) if h == "Destroy and re-create" and "destroy" in b]
    assert len(destroys) == len(modules)
    for block in destroys:
        directory = next(w.split("=", 1)[1] for ws in terraform_calls(block) for w in ws if w.startswith("-chdir="))
        r = next(r for d, r, _ in modules.values() if d == directory)
        buckets = {b["bucket"] for a, b in r.items() if a.startswith("aws_s3_bucket.") and not b.get("force_destroy")
                   and "bucket" in b}  # fmt: skip
        emptied = set(re.search(r"for bucket in ([^;]*);", block).group(1).split())
        assert buckets <= emptied, f"{name} {phase} {directory}: {sorted(buckets - emptied)} not emptied"
        assert re.search(r'--output json >"\$versions"', block) and "file://$versions" in block
        assert re.search(r'\[ "\$attempt" = 1 \] \|\| exit 1', block), "a retry that fails twice must fail"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_temporary_file_a_block_makes_is_removed_whatever_the_block_ends_with(name, phase) -> None:
    """mktemp leaves its file for its caller to delete (coreutils' manual: "it is the caller's
    responsibility to remove the file when no longer needed"); a block that exits on an error before its
    last line must still remove it: an EXIT trap naming the variable, set at once."""
    made = 0
    for _, heading, block in guide_blocks(name, phase):
        for variable in re.findall(r"^(\w+)=\$\(mktemp\)$", block, re.M):
            made += 1
            trap = re.search(rf"^\s*{variable}=\$\(mktemp\)\ntrap 'rm -f \"\${variable}\"' EXIT", block, re.M)
            assert trap, f"{name} {phase} {heading}: the file ${variable} names is left behind"
    assert made, "no guide block makes a temporary file: the rule judges nothing"


def test_the_e2e_operator_fails_a_block_that_leaves_a_temporary_file(tmp_path) -> None:
    """The e2e lanes run every block through tests/runbook.py's Operator, which holds them to the rule above
    for real: a block is given a temporary directory of its own and fails if a file is left in it."""
    from runbook import Operator

    operator = Operator(tmp_path, "http://127.0.0.1:9", "us-west-2", "/bin/true", {})
    operator.run("cleans up", 'f=$(mktemp)\ntrap \'rm -f "$f"\' EXIT\necho listing >"$f"')
    with pytest.raises(AssertionError, match="leaves"):
        operator.run("leaves its file", 'f=$(mktemp)\necho listing >"$f"')


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_re_creation_frees_every_secret_name_and_applies_first_region_first(name, phase) -> None:
    """A deleted secret keeps its name for its recovery window (Secrets Manager API Reference, DeleteSecret);
    the block frees each secret of each module, in its region, then applies the modules in order."""
    _, modules = rendered(name, phase)
    blocks = [b for _, h, b in guide_blocks(name, phase) if h == "Destroy and re-create" and "delete-secret" in b]
    assert len(blocks) == 1
    freed: dict[str, set[str]] = {}
    for m in re.finditer(r"for secret in ([^;]*); do\s+aws secretsmanager delete-secret --region (\S+)", blocks[0]):
        freed.setdefault(m.group(2), set()).update(m.group(1).split())
    for region, (_, r, _) in modules.items():
        names = {b["name"] for a, b in r.items() if a.startswith("aws_secretsmanager_secret.") and "name" in b}
        assert names <= freed.get(region, set()), f"{name} {phase} {region}: {sorted(names - freed.get(region, set()))}"
    applied = [w.split("=", 1)[1] for ws in terraform_calls(blocks[0]) if "apply" in ws for w in ws if "-chdir=" in w]
    assert applied == [d for d, _, _ in modules.values()]


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_frontend_file_is_fetched_put_back_and_invalidated(name: str, phase: str | None) -> None:
    """S3 versioning keeps the old object; putting it back makes it current; CloudFront serves its cached
    copy until an invalidation (CloudFront Developer Guide, "Invalidating files")."""
    files, modules = rendered(name, phase)
    r = next(iter(modules.values()))[1]
    frontend = r.get("aws_s3_bucket.frontend")
    sections = [b for _, h, b in guide_blocks(name, phase) if h.startswith("Restore a frontend file")]
    assert bool(sections) == bool(frontend), f"{name} {phase}: the frontend section and the bucket disagree"
    if not frontend:
        return
    (block,) = sections
    lines = [line for line in joined(block).splitlines() if line.strip()]
    fetched = next(k for k, line in enumerate(lines) if "get-object" in line and line.rstrip().endswith(" index.html"))
    put = next(
        k
        for k, line in enumerate(lines)
        if line.startswith(f"aws s3 cp index.html s3://{frontend['bucket']}/index.html")
    )
    invalidated = next(k for k, line in enumerate(lines) if "create-invalidation" in line and "--paths" in line)
    assert fetched < put < invalidated
    assert f"--bucket {frontend['bucket']} " in lines[fetched]


@pytest.mark.parametrize("name, phase", RENDERS)
def test_the_environment_block_names_the_region_and_every_variable_a_plan_needs(name, phase) -> None:
    files, modules = rendered(name, phase)
    (block,) = [b for _, h, b in guide_blocks(name, phase) if h == "Environment"]
    assert f"export AWS_REGION={next(iter(modules))}\n" in block
    exported = set(re.findall(r"^export TF_VAR_(\w+)=", block, re.M))
    for directory, _, _ in modules.values():
        variables = {
            k: v for o in module_file(name, phase, directory, "variables.tf")["variable"] for k, v in o.items()
        }
        needed = {k for k, v in variables.items() if "default" not in v}
        assert needed <= exported, f"{name} {phase} {directory}: {sorted(needed - exported)} not exported"
