"""The generated RUNBOOK.md, executed on an applied MVP: the e2e test's fourth lane.

The lane applies today's MVP (the README's one-step apply, its certificates' records published as the apply
waits). The document is out/RUNBOOK.md itself, the committed render of the live phase (the golden test keeps it
equal to a fresh render). Each procedure's blocks run as written (tests/runbook.py); the test fills the
placeholders an operator would (a restore time, a snapshot, a version) and does the steps the document
gives in prose (edit the spec, render). After each one it checks the end state.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from emulator import aws_client, logs_in
from lane_specs import without_web_acls
from moto_extended import AUTOMATIC_SNAPSHOT
from phase_plans import WEB_ACL_TYPES, forcing_overrides
from runbook import Operator, sections
from support import FIGURES, ROOT, SAGE_SPEC

from sagegen.render.assemble import render_stack
from sagegen.render.module import render
from sagegen.spec.load import load_stack
from sagegen.spec.models import Spec

RUNBOOK = ROOT / "out" / "RUNBOOK.md"  # the live phase's (MVP)
# Steps the emulator cannot execute as AWS would, and why (docs/aws-rules.md).
NOT_EXECUTABLE = {
    "rename waits": "RDS renames take 3 s in the emulator (rule R6), minutes on AWS: the polls run once or twice",
    "image pull": "ECS in the emulator starts no container, so no task pulls an image or reads a secret; "
    "it reports the desired tasks as running (MOTO_ECS_SERVICE_RUNNING)",
}


def secret_value(url: str, region: str, arn: str) -> str:
    return aws_client(url, "secretsmanager", region).get_secret_value(SecretId=arn)["SecretString"]


def tasks_secret(url: str, spec: Spec, variable: str = "DATABASE_PASSWORD") -> str:
    """The secret ARN the service's running task definition gives as `variable`, checked to resolve."""
    ecs = aws_client(url, "ecs", spec.region)
    n = spec.names
    (service,) = ecs.describe_services(cluster=n.cluster, services=[n.service])["services"]
    definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    (container,) = definition["containerDefinitions"]
    (arn,) = [s["valueFrom"] for s in container["secrets"] if s["name"] == variable]
    assert secret_value(url, spec.region, arn)  # the reference is valid: the secret exists and has a value
    return arn


def plan_changes(lane, plan_file: str) -> dict[str, list[str]]:
    shown = lane.terraform.run(lane.module, "show", "-json", plan_file, env=lane.env)
    assert shown.returncode == 0, shown.stderr
    return {
        c["address"]: c["change"]["actions"]
        for c in json.loads(shown.stdout)["resource_changes"]
        if c["change"]["actions"] not in (["no-op"], ["read"])
    }


def restore_database(op: Operator, lane, spec: Spec, url: str, variant: int) -> None:
    """RUNBOOK: restore the database; `variant` 0 is the point-in-time block, 1 the snapshot block. The
    blocks after the restore are the same for both: they run after the point-in-time one (each hand-over
    costs an apply); the snapshot's restored copy is checked, then discarded."""
    n, rds = spec.names, aws_client(url, "rds", spec.region)
    blocks = sections(RUNBOOK.read_text())[f"Restore the database ({spec.region})"]
    pick, point_in_time, from_snapshot, swap, hand_over, drop_old = blocks
    before = rds.describe_db_instances(DBInstanceIdentifier=n.db_identifier)["DBInstances"][0]
    secret_before = tasks_secret(url, spec)
    snapshot = f"{n.db_identifier}-runbook-{variant}"
    rds.create_db_snapshot(DBInstanceIdentifier=n.db_identifier, DBSnapshotIdentifier=snapshot)
    op.run("database: pick", pick)
    restore_time = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    name = "database: point in time" if variant == 0 else "database: snapshot"
    op.run(
        name, [point_in_time, from_snapshot][variant], {"<YYYY-MM-DDThh:mm:ssZ>": restore_time, "<snapshot>": snapshot}
    )
    (copy,) = rds.describe_db_instances(DBInstanceIdentifier=f"{n.db_identifier}-restored")["DBInstances"]
    assert copy.get("ReadReplicaSourceDBInstanceIdentifier") is None and copy["DBInstanceStatus"] == "available"
    assert copy["DBParameterGroups"][0]["DBParameterGroupName"] == n.db_parameter_group
    if variant == 1:
        copy_id = f"{n.db_identifier}-restored"
        rds.modify_db_instance(DBInstanceIdentifier=copy_id, DeletionProtection=False, ApplyImmediately=True)
        rds.delete_db_instance(DBInstanceIdentifier=copy_id, SkipFinalSnapshot=True)
        return
    op.run("database: swap names", swap)
    op.run("database: hand over to Terraform", hand_over)
    changes = plan_changes(lane, "restore.tfplan")
    said = {
        "aws_db_instance.postgres": ["update"],
        "aws_secretsmanager_secret_version.db_password": ["delete", "create"],
    }
    assert changes == said, f"the restore's plan is not what RUNBOOK.md says: {changes}"
    op.run("database: delete the old instance", drop_old)
    after = rds.describe_db_instances(DBInstanceIdentifier=n.db_identifier)["DBInstances"][0]
    assert after["Endpoint"]["Address"] == before["Endpoint"]["Address"], "the endpoint name moved"
    assert after["DbiResourceId"] != before["DbiResourceId"], "the live instance is not the restored one"
    assert tasks_secret(url, spec) == secret_before
    lane.replan_is_clean("re-plan after the restore")


def rotate_password(op: Operator, lane, spec: Spec, url: str) -> Spec:
    """RUNBOOK: rotate the database password (the spec edit and render are the test's)."""
    (block,) = sections(RUNBOOK.read_text())[f"Rotate the database password ({spec.region})"]
    arn = tasks_secret(url, spec)
    old = secret_value(url, spec.region, arn)
    rotated = spec.model_copy(update={"database": spec.database.model_copy(update={"password_version": 2})})
    lane.write(render(rotated))
    op.run("rotate the database password", block)
    assert tasks_secret(url, spec) == arn and secret_value(url, spec.region, arn) != old
    lane.replan_is_clean("re-plan after rotation")
    return rotated


def rotate_cache_token(op: Operator, lane, spec: Spec, url: str) -> Spec:
    """RUNBOOK: rotate the Redis AUTH token (the spec edit and render are the test's). Between the apply and
    SET the group accepts the old token and the new one, so a task still holding the old one is let in;
    after SET only the new one, which is what the tasks' secret holds."""
    n = spec.names
    apply_and_deploy, drop_old = sections(RUNBOOK.read_text())[f"Rotate the Redis AUTH token ({spec.region})"]
    arn = tasks_secret(url, spec, "REDIS_AUTH_TOKEN")
    old = secret_value(url, spec.region, arn)

    def accepted() -> tuple[bool, bool]:
        return tuple(logs_in(url, "elasticache", spec.region, n.cache_group, t) for t in (old, new))

    assert logs_in(url, "elasticache", spec.region, n.cache_group, old), "the tasks' token is not the cache's"
    rotated = spec.model_copy(update={"cache": spec.cache.model_copy(update={"auth_token_version": 2})})
    lane.write(render(rotated))
    op.run("cache token: apply and deploy", apply_and_deploy)
    new = secret_value(url, spec.region, arn)
    assert new != old and accepted() == (True, True), "running tasks (the old token) would be refused"
    op.run("cache token: drop the old one", drop_old)
    assert accepted() == (False, True)
    return rotated


def restore_cache(op: Operator, spec: Spec, url: str) -> None:
    """From a daily snapshot, which the emulator deletes with its group as AWS does (docs/aws-rules.md R5)."""
    n = spec.names
    elasticache = aws_client(url, "elasticache", spec.region)
    daily = f"{AUTOMATIC_SNAPSHOT}{n.cache_group}-001-2026-01-01-03-00"  # AWS's name for a daily snapshot
    elasticache.create_snapshot(ReplicationGroupId=n.cache_group, SnapshotName=daily)
    (block,) = sections(RUNBOOK.read_text())[f"Restore the cache ({spec.region})"]
    op.run("restore the cache (plan: no changes)", block, {"<snapshot>": daily})
    kept = elasticache.describe_snapshots(ReplicationGroupId=n.cache_group)["Snapshots"]
    assert [s["SnapshotSource"] for s in kept] == ["manual"], kept  # the copy the group was made from


def restore_frontend_file(op: Operator, spec: Spec, url: str) -> None:
    s3, bucket = aws_client(url, "s3", spec.region), spec.frontend.bucket_name
    first = s3.put_object(Bucket=bucket, Key="index.html", Body=b"<html>release 1</html>")["VersionId"]
    s3.put_object(Bucket=bucket, Key="index.html", Body=b"<html>release 2</html>")
    (block,) = sections(RUNBOOK.read_text())["Restore a frontend file (S3 versions)"]
    op.run("restore a frontend file", block, {"<version-id>": first})
    assert s3.get_object(Bucket=bucket, Key="index.html")["Body"].read() == b"<html>release 1</html>"


def roll_back_backend(op: Operator, spec: Spec, url: str) -> None:
    n, ecs = spec.names, aws_client(url, "ecs", spec.region)
    (service,) = ecs.describe_services(cluster=n.cluster, services=[n.service])["services"]
    current = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    keys = ("family", "containerDefinitions", "executionRoleArn", "taskRoleArn", "networkMode", "cpu", "memory")
    deployed = ecs.register_task_definition(  # what a deploy does: a new revision, the service on it
        **{k: current[k] for k in keys}, requiresCompatibilities=["FARGATE"]
    )["taskDefinition"]
    ecs.update_service(cluster=n.cluster, service=n.service, taskDefinition=deployed["taskDefinitionArn"])
    (block,) = sections(RUNBOOK.read_text())["Roll back the backend"]
    op.run("roll back the backend", block, {"<previous revision>": str(current["revision"])})
    (service,) = ecs.describe_services(cluster=n.cluster, services=[n.service])["services"]
    assert service["taskDefinition"] == current["taskDefinitionArn"], (service["taskDefinition"], current)


def destroy_and_recreate(op: Operator, lane, spec: Spec, url: str) -> tuple[int, int]:
    """RUNBOOK: destroy (its block empties the log bucket again if the destroy's own logs refilled it),
    then re-create. Returns (resources destroyed, resources created)."""
    destroy, recreate = sections(RUNBOOK.read_text())["Destroy and re-create"]
    ecr = aws_client(url, "ecr", spec.region)  # a deployed stack's repository holds images: AWS will not delete it
    for tag in ("release-1", "release-2"):
        manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "t": tag}
        ecr.put_image(repositoryName=spec.names.ecr_repository, imageManifest=json.dumps(manifest), imageTag=tag)
    listed = lane.run("state list", "state", "list").splitlines()
    # managed resources (terraform_data among them); data sources are not destroyed
    held = sum(1 for line in listed if line.strip() and not line.startswith(("data.", "exit code")))
    output = op.run("destroy", destroy)
    destroyed = output.count(": Destruction complete after")
    assert destroyed == held, f"destroyed {destroyed} of {held} resources"
    rds = aws_client(url, "rds", spec.region)
    finals = [
        s["DBSnapshotIdentifier"]
        for s in rds.describe_db_snapshots()["DBSnapshots"]
        if s["DBSnapshotIdentifier"].startswith(spec.names.db_final_snapshot + "-")
    ]
    assert len(finals) == 1, f"final snapshots after the destroy: {finals}"
    created = op.run("re-create", recreate).count(": Creation complete after")
    again = [s["DBSnapshotIdentifier"] for s in rds.describe_db_snapshots()["DBSnapshots"]]
    assert finals[0] in again
    tasks_secret(url, spec)
    return destroyed, created


def operator(lane, url: str, region: str, out) -> Operator:
    env = {**lane.env, "TF_CLI_CONFIG_FILE": lane.terraform.cli_config}
    return Operator(out, url, region, lane.terraform.binary, env)


def applied_lane(terraform, root, spec: Spec, module_dir: str, prepare=lambda url: None):
    """A Lane with `spec` rendered into `root/<module_dir>` and applied; yields (lane, url) in its emulator.
    `prepare(url)` runs before the apply (e.g. the account's hosted zone a `dns.zone` spec names).
    No container runs in the emulator: moto's knob reports the desired tasks as running, so that the
    RUNBOOK's `aws ecs wait services-stable` sees a finished deployment (NOT_EXECUTABLE)."""
    import contextlib

    from emulator import dns_operator, moto_server
    from transitions import Lane

    @contextlib.contextmanager
    def run():
        (root / module_dir).mkdir(parents=True)
        running = {"MOTO_ECS_SERVICE_RUNNING": str(spec.service.desired_count)}
        with moto_server(root / "moto.log", running) as url:
            lane = Lane(terraform, (root / module_dir).parent, url, spec)  # Lane adds terraform/
            lane.write(render(spec))
            terraform.init(lane.module, backend=True)
            prepare(url)
            with dns_operator(url, [spec.region]):  # the certificates' records, made as the apply waits
                lane.run("apply", "apply", "-auto-approve", "-input=false", "-parallelism=20")
            yield lane, url

    return run()


def confirmable(spec: Spec) -> set[str]:
    """The resource types whose FORCES_REPLACEMENT entries the replacement check can confirm on `spec`'s
    render (those that set an argument the table names)."""
    return {address.split(".")[0] for address in forcing_overrides(render(spec))[1]}


def runbook_lane(terraform, root, impact_checks) -> None:
    """Today's MVP (without its web ACLs: e2e/lane_specs.py; the RUNBOOK is the same, and the upgrade lane
    applies them) applied, then out/RUNBOOK.md's procedures for its life: cache and file restores, backend
    rollback, the Redis token's rotation, destroy and re-create. `impact_checks(replacements, edits, spec)`
    plans on two copies of the applied module (its files and state, `spec` what they were applied from)
    while the procedures run: they plan without refreshing, so what the procedures change in the emulator
    is not theirs to see, and the lane is not their length added to the procedures'. (Its database
    procedures run in the database-procedures lane, from the same RUNBOOK.md, in an emulator of their own:
    each hand-over costs an apply.)"""
    spec = load_stack(without_web_acls(root)).spec("mvp")
    unconfirmed = confirmable(load_stack(SAGE_SPEC).spec("mvp")) - confirmable(spec)
    assert unconfirmed <= WEB_ACL_TYPES, f"the table's entries for {sorted(unconfirmed)} are confirmed by no lane"
    assert render_stack(spec, "mvp")["RUNBOOK.md"] == RUNBOOK.read_text(), "the web ACLs changed the RUNBOOK"
    with applied_lane(terraform, root, spec, "terraform") as (lane, url):
        op = operator(lane, url, spec.region, root)
        twins = lane.twin("terraform-replacements"), lane.twin("terraform-edits")
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=1) as pool:
            checked = pool.submit(impact_checks, *twins, spec)
            try:
                restore_cache(op, spec, url)
                restore_frontend_file(op, spec, url)
                roll_back_backend(op, spec, url)
                rotate_cache_token(op, lane, spec, url)
            finally:
                checked.result()  # a failure of either is the lane's
        beside = time.monotonic() - started
        destroyed, created = destroy_and_recreate(op, lane, spec, url)
    figures(
        "out/RUNBOOK.md (MVP)",
        op,
        f"; apply {lane.timings['apply']:.0f} s, the procedures with impact's plans beside them {beside:.0f} s, "
        f"resources destroyed {destroyed}, re-created {created}",
    )


def database_lane(terraform, root) -> None:
    """Today's MVP applied in full, in an emulator of its own, then out/RUNBOOK.md's database procedures,
    as every writer region's are written (the same template): both restores with the name swap and
    hand-over, and the rotation, each re-planned clean. A lane of its own beside the RUNBOOK lane: each
    hand-over costs an apply and the provider's fixed RDS waits, which the lanes spend side by side.
    (The MVP rather than a case with a hosted zone, whose first apply waits ~90 s longer on DNS.)
    Without its two web ACLs (e2e/lane_specs.py): no database procedure touches them."""
    spec = load_stack(without_web_acls(root)).spec("mvp")
    with applied_lane(terraform, root, spec, "terraform") as (lane, url):
        op = operator(lane, url, spec.region, root)
        restore_database(op, lane, spec, url, 0)
        restore_database(op, lane, spec, url, 1)
        rotate_password(op, lane, spec, url)
    figures(
        "out/RUNBOOK.md (MVP), its database",
        op,
        "; " + ", ".join(f"{k} {v:.0f} s" for k, v in lane.timings.items()),
    )


def figures(document: str, op: Operator, extra: str) -> None:
    steps = list(dict.fromkeys(op.ran))
    FIGURES.append(
        f"e2e {document}: {len(op.ran)} blocks run in {len(steps)} steps ({', '.join(steps)}){extra}; "
        "rules taught to the emulator for it: docs/aws-rules.md R1-R9; steps not executable: "
        + "; ".join(f"{k} ({v})" for k, v in NOT_EXECUTABLE.items())
        + "; "
        + ", ".join(f"{k} {v:.0f} s" for k, v in op.timings.items())
    )
