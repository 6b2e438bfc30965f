"""Scale in both regions, and a failover run as Scale's RUNBOOK.md writes it: the e2e test's Tokyo lane.

The writer's region (us-west-2) is applied with its database, network and password only (-target): the
growth -> scale lane applies its whole module, and each resource applied here costs CPU the suite's budget
counts. Tokyo is applied in full, its database a cross-region read replica made from the writer's ARN.
The lane reads back that Tokyo's tasks write to the writer and read their own replica, then runs
"Lose the writer's region": promote Tokyo's replica, set `writer_region` (the test's edit of the spec, as an
operator's), render, apply Tokyo (its plan first held to `sagegen impact`), and replace the old writer
by a replica of the new one.
"""

from __future__ import annotations

import dataclasses
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from emulator import aws_client, dns_operator, moto_server
from phase_plans import predicted, verdict
from procedures import WRITER_IN_TOKYO, edited_text
from runbook import Operator, sections
from runbook_lane import operator
from support import FIGURES, SAGE_SPEC, Terraform
from transitions import Lane

from sagegen import api
from sagegen.insight.baseline import Base
from sagegen.render.assemble import render_stack
from sagegen.render.module import render
from sagegen.spec.layout import root_modules
from sagegen.spec.load import load_stack
from sagegen.spec.models import Spec

WRITER_TARGETS = (  # what Tokyo's module reads of the writer's region, and nothing else
    "aws_db_instance.postgres",
    "aws_secretsmanager_secret_version.db_password",
    "aws_route_table.private",
)
# Blocks of "Lose the writer's region" the lane does not run as written, and why.
NOT_RUN = {
    "stop the writer's tasks": "the writer's region runs its database alone here (-target): it has no service",
    "the writer's tasks": "step 4's service update, for the same reason; its apply is targeted like the first",
}


def failover_lane(terraform: Terraform, root: Path, read_back, spec_file: Path = SAGE_SPEC) -> None:
    """Scale of `spec_file` in both regions, then its failover (test_e2e gives a copy of the spec without
    its web ACLs: e2e/lane_specs.py; no step of the failover touches them)."""
    stack = load_stack(spec_file)
    west_module, tokyo_module = root_modules(stack.spec("scale"))
    west_spec, tokyo_spec = west_module.spec, tokyo_module.spec
    running = {"MOTO_ECS_SERVICE_RUNNING": str(tokyo_spec.service.desired_count)}
    root.mkdir(parents=True, exist_ok=True)  # the spec copy may be there
    with moto_server(root / "moto.log", running) as url:
        west = Lane(terraform, root, url, west_spec)
        tokyo = Lane(terraform, root / tokyo_spec.region, url, tokyo_spec)
        for lane, spec in ((west, west_spec), (tokyo, tokyo_spec)):
            lane.write(render(spec))
            terraform.init(lane.module, backend=True)
        apply = ("apply", "-auto-approve", "-input=false", "-parallelism=20")
        west.run("apply the writer's database", *apply, *(f"-target={t}" for t in WRITER_TARGETS))
        with dns_operator(url, [tokyo_spec.region]):
            tokyo.run("apply Tokyo", *apply)
        read_back(tokyo_spec, url)  # its tasks write to us-west-2's writer and read Tokyo's replica
        op = operator(tokyo, url, tokyo_spec.region, root)
        fail_over(op, root, url, west, tokyo, spec_file)
    FIGURES.append(
        "e2e Scale in two regions and a failover (RUNBOOK.md: lose the writer's region): "
        f"{len(op.ran)} blocks run ({', '.join(dict.fromkeys(op.ran))}); not run as written: "
        + "; ".join(f"{k} ({v})" for k, v in NOT_RUN.items())
        + "; "
        + ", ".join(f"{k} {v:.0f} s" for lane in (west, tokyo) for k, v in lane.timings.items())
    )


def fail_over(op: Operator, root: Path, url: str, west: Lane, tokyo: Lane, spec_file: Path) -> None:
    """The section's blocks in order, with the spec edit of step 3 between the promotion and the apply.
    Step 3 (Tokyo writes) and step 4 (the old writer returns as a replica) touch different modules and
    need only the promotion: they run side by side, as most of each is the provider's RDS waits."""
    base = load_stack(spec_file).spec("scale")
    blocks = sections(render_stack(base, "scale")["RUNBOOK.md"])
    (heading,) = [h for h in blocks if h.startswith("Lose the writer's region")]
    lag, _stop_writer, promote, apply_tokyo, replace_writer = blocks[heading]
    op.run("failover: the replica's lag", lag)
    op.run("failover: promote", promote)
    promoted = _described(url, base.secondary_regions[0].region, base.names.db_identifier)
    assert "ReadReplicaSourceDBInstanceIdentifier" not in promoted and promoted["DBInstanceStatus"] == "available"

    flipped = _flipped(root, spec_file)
    west_after, tokyo_after = (m.spec for m in root_modules(flipped))
    tokyo.write(render(tokyo_after))
    west.write(render(west_after))
    turn_off, _apply = replace_writer.split("terraform -chdir=", 1)
    op.run("failover: the old writer's protection off", turn_off)
    with ThreadPoolExecutor(max_workers=2) as pool:
        steps = [
            pool.submit(_tokyo_writes, op, root, url, tokyo, tokyo_after, apply_tokyo),
            pool.submit(_old_writer_returns, url, west, west_after, promoted["DBInstanceArn"]),
        ]
    for step in steps:
        step.result()


def _tokyo_writes(op: Operator, root: Path, url: str, tokyo: Lane, spec: Spec, apply_tokyo: str) -> None:
    """Step 3: Terraform's plan of the `writer_region` change is what `sagegen impact` said; the block
    applies it and moves the tasks; the re-plan is clean and the tasks write to Tokyo's instance."""
    said = api.impact(root / "flipped.yaml", Base(spec_file=root / "base.yaml"))
    expected = predicted(dataclasses.replace(said, changes=[c for c in said.changes if c.region == spec.region]))
    # What the block's apply planned, from its own machine-readable log (no plan of its own: a plan
    # of a whole module costs the CPU the suite's budget counts).
    json_op = dataclasses.replace(op, apply_args="-json", ran=op.ran, timings=op.timings)
    planned = _planned(json_op.run("failover: apply Tokyo, its tasks on the new revision", apply_tokyo))
    differ = {k: (sorted(planned[k] - expected[k]), sorted(expected[k] - planned[k])) for k in planned}
    assert planned == expected, f"impact and Terraform differ (Terraform only, impact only): {differ}"
    tokyo.replan_is_clean("re-plan Tokyo as the writer")
    _writes_here(url, spec)


def _old_writer_returns(url: str, west: Lane, spec: Spec, writer_arn: str) -> None:
    """Step 4, its apply targeted like the writer region's first (the module holds the database alone):
    the old writer is replaced by a replica of the new one, and re-plans clean."""
    target = "-target=aws_db_instance.postgres"
    west.run("the old writer replaced by a replica", "apply", "-auto-approve", "-input=false", target)
    replica = _described(url, spec.region, spec.names.db_identifier)
    assert replica["ReadReplicaSourceDBInstanceIdentifier"] == writer_arn
    output = west.run("re-plan the old writer", "plan", "-detailed-exitcode", "-input=false", target)
    assert "exit code 0" in output, output[-4000:]


def _planned(log: str) -> dict[str, set[str]]:
    """verdict() of the `planned_change` messages of `terraform apply -json` (Terraform docs,
    "Machine-readable UI": one JSON object per line; other lines are the block's other commands)."""
    actions = {"create": ["create"], "update": ["update"], "replace": ["delete", "create"], "delete": ["delete"]}
    changes = {}
    for line in log.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict) and message.get("type") == "planned_change":
            change = message["change"]
            changes[change["resource"]["addr"]] = {"actions": actions.get(change["action"], [change["action"]])}
    return verdict(changes)


def _flipped(root: Path, spec_file: Path):
    """`spec_file` with `writer_region: ap-northeast-1` in its Scale phase, as step 3 says."""
    text = spec_file.read_text()
    (root / "base.yaml").write_text(text.replace("phase: mvp", "phase: scale", 1))
    flipped = edited_text(text, WRITER_IN_TOKYO, spec_file)
    (root / "flipped.yaml").write_text(flipped.replace("phase: mvp", "phase: scale", 1))
    return load_stack(root / "flipped.yaml").spec("scale")


def _described(url: str, region: str, identifier: str) -> dict:
    (database,) = aws_client(url, "rds", region).describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"]
    return database


def _writes_here(url: str, spec: Spec) -> None:
    """Tokyo's tasks (the service runs Terraform's latest revision now) write to Tokyo's own instance and
    read its replicas."""
    ecs = aws_client(url, "ecs", spec.region)
    n = spec.names
    (service,) = ecs.describe_services(cluster=n.cluster, services=[n.service])["services"]
    definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    (container,) = definition["containerDefinitions"]
    urls = {e["name"]: e["value"] for e in container["environment"] if e["name"].startswith("DATABASE_")}
    own = _described(url, spec.region, n.db_identifier)["Endpoint"]["Address"]
    assert f"@{own}:" in urls["DATABASE_URL"] and f"@{n.db_read_host}:" in urls["DATABASE_READ_URL"], urls
