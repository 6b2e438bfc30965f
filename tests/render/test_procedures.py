"""The guides' procedures judged as AWS would take them, without running them (issue 25).

The e2e lane runs the RUNBOOK on the emulator; this judges every command of every guide of every phase
and golden case in milliseconds, against the parsed render and AWS's published rules:

- a resource a procedure makes by hand (a restored database, a re-created cache) is made as the render
  defines it, or the next `terraform plan` replaces it or Terraform and AWS disagree (the RUNBOOK says
  the restored instance and group keep "every setting Terraform gave" them);
- a call AWS completes later (RDS and ElastiCache create, restore, rename and delete; ECS deployments)
  is waited for before the procedure goes on (each API Reference: the call returns while the resource
  is still `creating`, `modifying` or `deleting`);
- every name a command acts on is a resource of the render in that region, or one the procedure made
  earlier;
- every shell variable a block reads was set before it; no line begins with an option (a lost first line);
- nothing is deleted or replaced under deletion protection (RDS API Reference, DeleteDBInstance: "You
  can't delete a DB instance if deletion protection is enabled");
- a new secret reaches the tasks only through a new deployment (ECS Developer Guide, "Pass Secrets
  Manager secrets through Amazon ECS environment variables": a task reads them when it starts).
"""

from __future__ import annotations

import re

import invariants
import pytest
from procedures import (
    COMMON,
    RENDERS,
    Call,
    assigned,
    backends,
    blocks_with_prose,
    calls,
    cli_command,
    guide_blocks,
    joined,
    module_file,
    module_of,
    read_variables,
    rendered,
    resolved,
    terraform_calls,
    variables_set,
)
from runbook import sections


def _group_name(r: dict, value: str) -> str:
    """The name of the security group `${aws_security_group.x.id}` points at."""
    return r[invariants.ref(value)]["name"]


def _sg_variable(block: str, variable: str) -> str | None:
    """The group name a `VAR=$(aws ec2 describe-security-groups --filters Name=group-name,Values=N ...)` looks up."""
    text = assigned(block).get(variable.lstrip("$"), "")
    m = re.search(r"Name=group-name,Values=(\S+)", text)
    return m.group(1).strip("'\"") if m else None


def _tags(value: tuple[str, ...]) -> dict[str, str]:
    pairs = [re.fullmatch(r"Key=(.*),Value=(.*)", t) for t in value]
    assert all(pairs), f"--tags {value}: not Key=...,Value=... pairs"
    return {m.group(1): m.group(2) for m in pairs}


# CLI option of the call -> argument of the resource it makes (the API Reference's parameter and the
# provider's argument of the same name): RestoreDBInstanceToPointInTime / RestoreDBInstanceFromDBSnapshot
# and aws_db_instance; CreateReplicationGroup and aws_elasticache_replication_group.
DB_OPTIONS = {
    "--db-instance-class": "instance_class",
    "--storage-type": "storage_type",
    "--db-subnet-group-name": "db_subnet_group_name",
    "--db-parameter-group-name": "parameter_group_name",
}
DB_FLAGS = {
    "multi-az": "multi_az",
    "copy-tags-to-snapshot": "copy_tags_to_snapshot",
    "enable-iam-database-authentication": "iam_database_authentication_enabled",
}
CACHE_OPTIONS = {
    "--replication-group-id": "replication_group_id",
    "--replication-group-description": "description",
    "--engine": "engine",
    "--engine-version": "engine_version",
    "--cache-node-type": "node_type",
    "--num-cache-clusters": "num_cache_clusters",
    "--port": "port",
    "--cache-parameter-group-name": "parameter_group_name",
    "--cache-subnet-group-name": "subnet_group_name",
    "--preferred-maintenance-window": "maintenance_window",
    "--snapshot-window": "snapshot_window",
    "--snapshot-retention-limit": "snapshot_retention_limit",
}
CACHE_FLAGS = {
    "automatic-failover-enabled": "automatic_failover_enabled",
    "multi-az-enabled": "multi_az_enabled",
    "at-rest-encryption-enabled": "at_rest_encryption_enabled",
    "transit-encryption-enabled": "transit_encryption_enabled",
}


def _flag(call: Call, flag: str) -> bool:
    return f"--{flag}" in call.options and f"--no-{flag}" not in call.options


def _differences(call: Call, block: str, r: dict, body: dict, options: dict, flags: dict, tags: dict) -> list[str]:
    wrong = []
    for option, argument in options.items():
        want = resolved(r, body.get(argument))
        if want is not None and call.one(option) != (str(want).lower() if isinstance(want, bool) else str(want)):
            wrong.append(f"{option} {call.one(option)!r}, the render's {argument} is {want!r}")
    for flag, argument in flags.items():
        if _flag(call, flag) != bool(body.get(argument)):
            wrong.append(f"--[no-]{flag} differs from the render's {argument} = {body.get(argument)!r}")
    groups = call.options.get("--vpc-security-group-ids") or call.options.get("--security-group-ids") or ()
    named = sorted(_sg_variable(block, g) or g for g in groups)
    want = sorted(_group_name(r, g) for g in body.get("vpc_security_group_ids", body.get("security_group_ids", [])))
    if named != want:
        wrong.append(f"security groups {named}, the render's {want}")
    if _tags(call.options.get("--tags", ())) != {**tags, **body.get("tags", {})}:
        wrong.append(f"--tags {call.options.get('--tags')}, the render's { ({**tags, **body.get('tags', {})}) }")
    return wrong


def _restores(name: str, phase: str | None):
    """(call, block, module) of each call that makes the database or the cache again by hand."""
    for _, _, block in guide_blocks(name, phase):
        for call in calls(block):
            if call.operation in ("restore-db-instance-to-point-in-time", "restore-db-instance-from-db-snapshot",
                                  "create-replication-group"):  # fmt: skip
                yield call, block, module_of(name, phase, call)


@pytest.mark.parametrize("name, phase", RENDERS)
def test_what_a_procedure_makes_by_hand_is_what_the_render_defines(name: str, phase: str | None) -> None:
    made = 0
    for call, block, (_, r, tags) in _restores(name, phase):
        made += 1
        if call.service == "rds":
            body = r["aws_db_instance.postgres"]
            wrong = _differences(call, block, r, body, DB_OPTIONS, DB_FLAGS, tags)
            source = call.one("--source-db-instance-identifier")
            target = call.one("--target-db-instance-identifier") or call.one("--db-instance-identifier")
            if call.operation.endswith("point-in-time"):
                if source != body["identifier"]:
                    wrong.append(f"restores {source}, not the render's {body['identifier']}")
                if not ({"--restore-time", "--use-latest-restorable-time"} & set(call.options)):
                    wrong.append("names no point to restore to (--restore-time or --use-latest-restorable-time)")
                if call.one("--max-allocated-storage") != (str(body.get("max_allocated_storage") or "") or None):
                    wrong.append(f"--max-allocated-storage {call.one('--max-allocated-storage')}, the render's "
                                 f"{body.get('max_allocated_storage')}")  # fmt: skip
            elif "--db-snapshot-identifier" not in call.options:
                wrong.append("names no snapshot to restore")
            if not target or target == body["identifier"] or not target.startswith(body["identifier"]):
                wrong.append(f"restores into {target}: a new instance beside {body['identifier']} is needed")
            exports = sorted(call.options.get("--enable-cloudwatch-logs-exports", ()))
            if exports != sorted(body.get("enabled_cloudwatch_logs_exports", [])):
                wrong.append(f"log exports {exports}, the render's {body.get('enabled_cloudwatch_logs_exports')}")
        else:
            body = r["aws_elasticache_replication_group.redis"]
            wrong = _differences(call, block, r, body, CACHE_OPTIONS, CACHE_FLAGS, tags)
            if ("--auth-token" in call.options) != bool(body.get("auth_token")):
                wrong.append("--auth-token is given exactly when the render sets auth_token")
            elif body.get("auth_token"):
                secret = invariants.ref(body["auth_token"])
                secret_name = r[invariants.ref(r[secret]["secret_id"])]["name"]  # the version's secret, by name
                if f"--secret-id {secret_name} " not in call.text:
                    wrong.append(f"the AUTH token is not read from {secret_name}")
        assert not wrong, f"{name} {phase}: {call.operation}: " + "; ".join(wrong)
    assert made, "no procedure makes a resource by hand: nothing judged"


# Calls AWS completes after answering, and how the procedure learns they are done: the waiter (or a
# poll) on the resource the call names (waiters: botocore's waiters-2.json of each service).
ASYNCHRONOUS = {
    ("rds", "restore-db-instance-to-point-in-time"): ("db-instance-available", "--target-db-instance-identifier"),
    ("rds", "restore-db-instance-from-db-snapshot"): ("db-instance-available", "--db-instance-identifier"),
    ("rds", "delete-db-instance"): ("db-instance-deleted", "--db-instance-identifier"),
    ("rds", "promote-read-replica"): ("db-instance-available", "--db-instance-identifier"),
    ("elasticache", "create-replication-group"): ("replication-group-available", "--replication-group-id"),
    ("elasticache", "delete-replication-group"): ("replication-group-deleted", "--replication-group-id"),
    ("elasticache", "modify-replication-group"): ("replication-group-available", "--replication-group-id"),
    ("ecs", "update-service"): ("services-stable", "--service"),
}
READS = re.compile(r"^(describe|list|get|wait)\b")


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_call_aws_completes_later_is_waited_for_before_the_procedure_goes_on(name, phase) -> None:
    for guide, heading, block in guide_blocks(name, phase):
        sequence = calls(block)
        for i, call in enumerate(sequence):
            if (call.service, call.operation) not in ASYNCHRONOUS:
                continue
            waiter, option = ASYNCHRONOUS[(call.service, call.operation)]
            resource = call.one(option)
            later = sequence[i + 1 :]
            waited = [k for k, c in enumerate(later) if c.waiter == waiter and resource in sum(c.options.values(), ())]
            acted = [k for k, c in enumerate(later) if not READS.match(c.operation)]
            assert waited and (not acted or waited[0] < acted[0]), (
                f"{name} {phase} {guide} '{heading}': {call.operation} {resource} is not waited for "
                f"({waiter}) before the next change"
            )


# Options that name an existing resource, and the arguments of the render that name resources.
NAMES = (
    "--db-instance-identifier",
    "--source-db-instance-identifier",
    "--replication-group-id",
    "--cluster",
    "--service",
    "--services",
    "--secret-id",
    "--repository-name",
    "--bucket",
    "--names",
    "--family-prefix",
    "--task-definition",  # a family, or family:revision
)
NAMING = ("identifier", "name", "replication_group_id", "bucket", "family", "name_prefix")
MAKES = ("--target-db-instance-identifier", "--new-db-instance-identifier", "--target-snapshot-name")


def _names(r: dict) -> set[str]:
    return {str(resolved(r, body[a])) for body in r.values() for a in NAMING if isinstance(body.get(a), str)}


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_name_a_command_acts_on_is_in_the_render_or_made_before(name: str, phase: str | None) -> None:
    made_in: dict[tuple[str, str], set[str]] = {}  # what each section made, through its blocks in order
    for guide, heading, block in guide_blocks(name, phase):
        made = made_in.setdefault((guide, heading), set())
        for call in calls(block):
            if call.operation.startswith("restore-db-instance-from"):
                made.add(call.one("--db-instance-identifier"))
            if call.operation == "create-bucket":  # a state bucket, in its backend's region
                assert call.one("--bucket") in set().union(*backends(name, phase).values()), call.text[:80]
                continue
            known = _names(module_of(name, phase, call)[1]) | set().union(*backends(name, phase).values()) | made
            for option in NAMES:
                for value in call.options.get(option, ()):
                    value = value.split(":")[0] if option == "--task-definition" else value
                    if "$" not in value and value != "FILLED":
                        assert value in known, f"{name} {phase} {guide} '{heading}': {call.operation} {option} {value}"
            if (call.service, call.operation) == ("logs", "tail"):  # the log group, as its one argument
                (group,) = call.options[""]
                assert group in known, f"{name} {phase} {guide} '{heading}': logs tail {group}"
            made |= {v for o in MAKES for v in call.options.get(o, ())}


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_variable_a_block_reads_was_set_before_and_no_line_starts_with_an_option(name, phase) -> None:
    for guide, heading, block in guide_blocks(name, phase):
        where = f"{name} {phase} {guide} '{heading}'"
        for line in joined(block).splitlines():
            assert not line.lstrip().startswith("-"), f"{where}: a command line begins with an option: {line}"
        set_at = variables_set(block)
        for variable, position in read_variables(block):
            assert variable == "_" or set_at.get(variable, position) < position, f"{where}: ${variable} read unset"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_nothing_is_deleted_or_replaced_while_deletion_protection_is_on(name: str, phase: str | None) -> None:
    """A protected instance cannot be deleted, by a call or by an apply that replaces it (RDS API Reference,
    DeleteDBInstance); nor a protected load balancer (ELB API Reference, DeleteLoadBalancer: "If deletion
    protection is enabled, the load balancer cannot be deleted")."""
    _, modules = rendered(name, phase)
    for guide, heading, block in guide_blocks(name, phase):
        where = f"{name} {phase} {guide} '{heading}'"
        unprotected = set()
        sequence = calls(block)
        for call in sequence:
            if call.operation == "modify-db-instance" and "--no-deletion-protection" in call.options:
                unprotected.add((call.one("--region"), call.one("--db-instance-identifier")))
            if call.operation == "modify-load-balancer-attributes" and any(
                a == "Key=deletion_protection.enabled,Value=false" for a in call.options.get("--attributes", ())
            ):
                unprotected.add((call.one("--region"), "alb"))
            if call.operation == "delete-db-instance":
                assert (call.one("--region"), call.one("--db-instance-identifier")) in unprotected, where
        for words in terraform_calls(block):
            directory = next((w.split("=", 1)[1] for w in words if w.startswith("-chdir=")), "terraform")
            region, (_, r, _) = next((g, m) for g, m in modules.items() if m[0] == directory)
            replaced = [w.split("=", 1)[1].strip("'") for w in words if w.startswith("-replace=aws_db_instance.")]
            if "destroy" in words:
                replaced += [
                    a for a, b in r.items() if a.startswith("aws_db_instance.") and b.get("deletion_protection")
                ]
                if any(b.get("enable_deletion_protection") for a, b in r.items() if a.startswith("aws_lb.")):
                    assert (region, "alb") in unprotected, f"{where}: destroys a protected load balancer"
            for address in replaced:
                if r[address].get("deletion_protection"):
                    assert (region, r[address]["identifier"]) in unprotected, f"{where}: replaces protected {address}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_an_apply_that_changes_a_secret_the_tasks_read_is_followed_by_a_new_deployment(name, phase) -> None:
    """Rotations and restores write secrets with an apply; the tasks read them at start only."""
    for guide, heading, block in guide_blocks(name, phase):
        if not heading.startswith(("Rotate", "Restore the database")) or not any(
            "apply" in w for w in terraform_calls(block)
        ):
            continue
        deployments = [
            c for c in calls(block) if c.operation == "update-service" and "--force-new-deployment" in c.options
        ]
        assert deployments, f"{name} {phase} {guide} '{heading}': an apply changes a secret and no deployment follows"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_terraform_command_names_a_module_and_its_own_addresses_and_outputs(name, phase) -> None:
    _, modules = rendered(name, phase)
    directories = {d: r for d, r, _ in modules.values()}
    for guide, heading, block in guide_blocks(name, phase):
        for words in terraform_calls(block):
            where = f"{name} {phase} {guide} '{heading}': {' '.join(words)}"
            chdir = [w.split("=", 1)[1] for w in words if w.startswith("-chdir=")]
            assert chdir and chdir[0] in directories, where
            r = directories[chdir[0]]
            args = [w for w in words[1:] if not w.startswith("-chdir=")]
            addresses = [w.split("=", 1)[1] for w in args if w.startswith(("-target=", "-replace="))]
            if args[:2] in (["state", "rm"], ["import", args[1] if len(args) > 1 else ""]):
                addresses.append(args[2] if args[0] == "state" else args[1])
            for address in addresses:
                assert address in r or any(a.startswith(address + "[") for a in r), f"{where}: no {address}"
            if args[0] == "output":
                outputs = {k for o in module_file(name, phase, chdir[0], "outputs.tf")["output"] for k in o}
                assert [a for a in args[1:] if not a.startswith("-")][0] in outputs, where


# What the AWS CLI adds to the service models for commands the guides run (each its reference page):
# https://docs.aws.amazon.com/cli/latest/reference/logs/tail.html (version 2 only: the RUNBOOK says so),
# https://docs.aws.amazon.com/cli/latest/reference/ecr/get-login-password.html,
# https://docs.aws.amazon.com/cli/latest/reference/cloudfront/create-invalidation.html (--paths),
# https://docs.aws.amazon.com/cli/latest/reference/s3/cp.html.
CUSTOMISED = {
    ("logs", "tail"): {"since", "follow", "format", "filter-pattern", "log-stream-names"},
    ("ecr", "get-login-password"): set(),
    ("cloudfront", "create-invalidation"): {"distribution-id", "paths", "invalidation-batch"},
    ("s3", "cp"): {"recursive", "exclude", "include", "cache-control", "content-type"},
}


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_aws_command_is_one_the_cli_has_with_options_it_takes(name: str, phase: str | None) -> None:
    """Read against the service models AWS publishes (botocore's copy, which the AWS CLI builds its
    commands from) and the CLI's own additions: a misspelt operation, waiter or option fails on AWS
    before it does anything."""
    for guide, heading, block in guide_blocks(name, phase):
        for call in calls(block):
            where = f"{name} {phase} {guide} '{heading}': aws {call.service} {call.operation}"
            takes = CUSTOMISED.get((call.service, call.operation))
            if takes is None:
                takes = cli_command(call.service, call.operation, call.waiter)
                assert takes is not None, f"{where} {call.waiter or ''}: the CLI has no such command"
            unknown = {o for o in call.options if o and o[2:] not in takes | COMMON}
            assert not unknown, f"{where}: no option {sorted(unknown)}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_what_a_block_unprotects_it_then_deletes_or_replaces(name: str, phase: str | None) -> None:
    """Deletion protection is turned off only to delete or replace (by a call, an apply or a destroy) in
    the same block: an instance left unprotected is one an accidental delete takes (RDS User Guide,
    "Deletion protection")."""
    for guide, heading, block in guide_blocks(name, phase):
        sequence = calls(block)
        for i, call in enumerate(sequence):
            if "--no-deletion-protection" not in call.options:
                continue
            identifier = call.one("--db-instance-identifier")
            deleted = any(c.operation == "delete-db-instance" and c.one("--db-instance-identifier") == identifier
                          for c in sequence[i + 1 :])  # fmt: skip
            applied = [w for w in terraform_calls(block) if "apply" in w or "destroy" in w]
            assert deleted or applied, f"{name} {phase} {guide} '{heading}': unprotects {identifier} and leaves it"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_rotation_applies_then_deploys_and_waits(name: str, phase: str | None) -> None:
    """A rotated secret reaches the tasks only when they start again (ECS Developer Guide, "Pass Secrets
    Manager secrets through Amazon ECS environment variables"): a block said to carry a rotation applies
    its module, then forces a deployment and waits for it."""
    rotations = 0
    for heading, prose, block in blocks_with_prose(name, phase, "RUNBOOK.md"):
        said = heading.startswith("Rotate") or re.search(r"\brotation\b", prose)
        if not said or "--auth-token-update-strategy SET" in block:  # SET ends a rotation already deployed
            continue
        rotations += 1
        lines = [line.strip() for line in joined(block).splitlines() if line.strip()]
        applied = [k for k, line in enumerate(lines) if re.match(r"terraform -chdir=\S+ apply$", line)]
        deployed = [k for k, line in enumerate(lines) if "--force-new-deployment" in line]
        waited = [k for k, line in enumerate(lines) if "wait services-stable" in line]
        assert applied and deployed and waited and applied[0] < deployed[0] < waited[-1], (
            f"{name} {phase} '{heading}': a rotation block must apply, then deploy, then wait"
        )
    assert rotations


@pytest.mark.parametrize("name, phase", RENDERS)
def test_an_instance_made_by_hand_under_the_renders_name_is_handed_to_terraform(name, phase) -> None:
    """Terraform refuses to import an address its state holds ("Resource already managed by Terraform"),
    and an address removed from the state and not imported is created anew by the next apply. So a
    section that renames an instance onto the render's identifier removes the old one from the state,
    imports the new one, and applies the plan it saved (`plan -out=F`, then `apply F`)."""
    for _, heading, block in guide_blocks(name, phase):
        words = terraform_calls(block)
        actions = [next(a for a in w[1:] if not a.startswith("-")) for w in words]
        for k, w in enumerate(words):
            if actions[k] == "import":
                assert "rm" in w or any(actions[j] == "state" and w[-2] in words[j] for j in range(k)), (
                    f"{name} {phase} '{heading}': imports {w[-2]} without removing it from the state first"
                )
            if actions[k] == "state" and "rm" in w:
                assert any(actions[j] == "import" and w[-1] in words[j] for j in range(k + 1, len(words))), (
                    f"{name} {phase} '{heading}': removes {w[-1]} from the state and imports nothing"
                )
            planned = [a for a in w[w.index("apply") + 1 :] if not a.startswith("-")] if actions[k] == "apply" else []
            for plan in planned:  # `apply F` applies the plan saved in F: one made before
                assert any(f"-out={plan}" in words[j] for j in range(k)), f"{name} {phase} '{heading}': no {plan}"
            saved = [a.split("=", 1)[1] for a in w if a.startswith("-out=")]
            if saved:
                assert any(actions[j] == "apply" and saved[0] in words[j] for j in range(k + 1, len(words))), (
                    f"{name} {phase} '{heading}': saves {saved[0]} and never applies it"
                )
    _, modules = rendered(name, phase)
    for heading, blocks in sections(rendered(name, phase)[0]["RUNBOOK.md"]).items():
        renamed = [c for b in blocks for c in calls(b) if c.one("--new-db-instance-identifier")]
        for call in renamed:
            r = module_of(name, phase, call)[1]
            if call.one("--new-db-instance-identifier") == r["aws_db_instance.postgres"]["identifier"]:
                later = [w for b in blocks for w in terraform_calls(b)]
                assert any("import" in w and "aws_db_instance.postgres" in w for w in later), heading


@pytest.mark.parametrize("name, phase", RENDERS)
def test_a_restore_says_to_remake_the_read_replicas_which_follow_the_old_instance(name, phase) -> None:
    """A read replica follows its source instance, not its name (RDS User Guide, "Working with DB instance
    read replicas"): after a restore each replica of the module is made again from the restored one."""
    files, _ = rendered(name, phase)
    for part in re.split(r"^## ", files["RUNBOOK.md"], flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        if not heading.startswith("Restore the database"):
            continue
        region = heading[heading.index("(") + 1 : heading.index(")")]
        r = rendered(name, phase)[1][region][1]
        replicas = [a for a in r if a.startswith("aws_db_instance.postgres_replica[")]
        said = re.findall(r"-replace='(aws_db_instance\.postgres_replica\[\d+\])'", body)
        assert bool(said) == bool(replicas) and set(said) <= set(replicas), f"{name} {phase} '{heading}'"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_deleted_instance_leaves_a_final_snapshot(name: str, phase: str | None) -> None:
    """DeleteDBInstance needs a final snapshot's name unless told to skip it (RDS API Reference); the
    RUNBOOK promises the old instance's data is kept."""
    for _, heading, block in guide_blocks(name, phase):
        for call in calls(block):
            if call.operation == "delete-db-instance":
                snapshot = call.one("--final-db-snapshot-identifier") or ""
                assert snapshot.startswith(call.one("--db-instance-identifier") + "-") and "$(date" in snapshot, (
                    f"{name} {phase} '{heading}': deletes {call.one('--db-instance-identifier')} without a final "
                    "snapshot of its own, named apart from any earlier one"
                )
                assert "--skip-final-snapshot" not in call.options
