"""The README's cost and the RUNBOOK's commands, checked against the render, not against the code that wrote
them (issue 17): the names come from the parsed Terraform, the prices from the price table, and the
arithmetic is done here, by hand.
"""

from __future__ import annotations

import functools
import re
import shlex

import invariants
import pytest
import yaml
from runbook import sections
from support import ROOT, SAGE_SPEC

from sagegen.render.assemble import render_stack
from sagegen.spec.layout import root_modules
from sagegen.spec.load import load_stack

PHASES = ["mvp", "growth", "scale"]
PRICES = yaml.safe_load((ROOT / "sagegen" / "data" / "prices.yaml").read_text())
HOURS = 730  # AWS's pricing pages price a month as 730 hours


@functools.cache  # each phase is read by both tests
def rendered(phase: str) -> tuple[dict[str, str], dict[str, dict]]:
    files = render_stack(load_stack(SAGE_SPEC).phases[phase], phase)
    module = {p: t for p, t in files.items() if p.startswith("terraform/") and p.endswith(".tf")}
    return files, invariants.expanded(module)


def readme_lines(readme: str) -> dict[str, float]:
    return {
        m.group(1): float(m.group(2).replace(",", ""))
        for m in re.finditer(r"^\| ([^|]+?) \| \$([\d,]+\.\d\d) \|", readme, re.M)
    }


def _unquoted(value: object) -> str:
    return str(value).strip('"')


def priced_by_hand(r: dict[str, dict], source_storage: int | None = None) -> dict[str, float]:
    """The document's sized lines of one parsed root module, priced here from the price table. A
    cross-region replica sets no storage: it has its source's, `source_storage` GiB."""
    p = PRICES["prices"]
    task = r["aws_ecs_task_definition.backend"]
    service = r["aws_ecs_service.backend"]
    vcpu, gb = int(_unquoted(task["cpu"])) / 1024, int(_unquoted(task["memory"])) / 1024
    fargate = service["desired_count"] * (vcpu * p["fargate_vcpu_hour"] + gb * p["fargate_gb_hour"]) * HOURS

    databases = [b for a, b in r.items() if a.startswith("aws_db_instance.")]
    rds = 0.0
    for db in databases:
        copies = 2 if db.get("multi_az") is True else 1  # a Multi-AZ standby is billed as a second instance
        rds += copies * p["rds_postgres_instance_hour"][db["instance_class"]] * HOURS
        storage = db.get("allocated_storage") or r["aws_db_instance.postgres"].get("allocated_storage", source_storage)
        rds += copies * storage * p["rds_gp3_gb_month"]
    (redis,) = [b for a, b in r.items() if a.startswith("aws_elasticache_replication_group.")]
    cache = redis["num_cache_clusters"] * p["elasticache_node_hour"][redis["node_type"]] * HOURS
    alb = (p["alb_hour"] + PRICES["usage"]["alb_lcu"] * p["alb_lcu_hour"]) * HOURS
    return {"ECS Fargate": fargate, "RDS": rds, "ElastiCache": cache, "ALB": alb}


@pytest.mark.parametrize("phase", PHASES)
def test_the_readme_prices_what_the_render_creates(phase: str) -> None:
    files, r = rendered(phase)
    lines = readme_lines(files["README.md"])
    for name, want in priced_by_hand(r).items():
        assert lines[name] == pytest.approx(want, abs=0.01), f"{phase}: {name}"
    total = float(re.search(r"^\$([\d,]+\.\d\d) a month on demand", files["README.md"], re.M).group(1).replace(",", ""))
    assert total == pytest.approx(sum(lines.values()), abs=0.02)  # the lines add up to the total


def _words(block: str) -> list[list[str]]:
    """The commands of a shell block, as argument lists (continuation lines joined)."""
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        line = re.sub(r"<[^>]+>", "FILLED", line.split("   #")[0])
        try:
            commands.append(shlex.split(line))
        except ValueError:
            continue
    return [c for c in commands if c]


def _option(words: list[str], name: str) -> str | None:
    return words[words.index(name) + 1] if name in words else None


@pytest.mark.parametrize("phase", PHASES)
def test_every_rename_is_waited_for_under_its_new_name_before_the_next_step(phase: str) -> None:
    """RDS gives an instance its new name minutes after the call, refuses a rename onto a name still held,
    and answers the new name with DBInstanceNotFound until then (RDS User Guide, "Renaming a DB
    instance"); botocore's DBInstanceAvailable waiter has no acceptor for that error and fails at once.
    So before anything else runs, each rename is polled for in a loop, then waited on, by its new name."""
    files, _ = rendered(phase)
    renames = 0
    for heading, blocks in sections(files["RUNBOOK.md"]).items():
        commands = [w for b in blocks for w in _words(b)]
        for i, command in enumerate(commands):
            new = _option(command, "--new-db-instance-identifier")
            if new is None:
                continue
            renames += 1
            after = commands[i + 1 :]
            step = next(
                (k for k, w in enumerate(after) if "modify-db-instance" in w or "delete-db-instance" in w), None
            )
            between = after[:step]
            polled = [k for k, w in enumerate(between) if w[0] in ("for", "until", "while") and "describe-db-instances"
                      in w and _option(w, "--db-instance-identifier") == new]  # fmt: skip
            waited = [k for k, w in enumerate(between) if "db-instance-available" in w
                      and _option(w, "--db-instance-identifier") == new]  # fmt: skip
            assert polled and waited and polled[0] < waited[0], f"{heading}: the rename to {new} is not waited for"
    assert renames >= 2


@pytest.mark.parametrize("phase", PHASES)
def test_the_cache_restore_keeps_its_snapshot_through_the_groups_deletion(phase: str) -> None:
    """ElastiCache deletes a replication group's automatic snapshots with the group; a manual one (a copy)
    outlives it (ElastiCache User Guide, "Deleting a backup"). So the group is re-created from a copy made,
    and seen available, before the delete, never from the chosen automatic snapshot itself."""
    files, _ = rendered(phase)
    restores = {h: b for h, b in sections(files["RUNBOOK.md"]).items() if h.startswith("Restore the cache")}
    assert restores
    for heading, blocks in restores.items():
        commands = [w for b in blocks for w in _words(b)]
        (delete,) = [i for i, w in enumerate(commands) if "delete-replication-group" in w]
        (create,) = [i for i, w in enumerate(commands) if "create-replication-group" in w]
        source = _option(commands[create], "--snapshot-name")
        copied = [i for i, w in enumerate(commands[:delete]) if "copy-snapshot" in w
                  and _option(w, "--target-snapshot-name") == source]  # fmt: skip
        checked = [i for i, w in enumerate(commands[:delete]) if w[0] == "test" and source in " ".join(w)
                   and "available" in w]  # fmt: skip
        assert copied and checked and copied[0] < checked[0] < delete < create, f"{heading}: restores {source}"


@pytest.mark.parametrize("phase", PHASES)
def test_the_cache_token_is_set_alone_only_after_every_task_has_the_new_one(phase: str) -> None:
    """A token the group takes with ROTATE is valid beside the old one; SET leaves the new one alone and is
    allowed only after ROTATE (ModifyReplicationGroup, AuthTokenUpdateStrategy). Tasks read the token when
    they start (ECS Developer Guide, "Pass sensitive data to an Amazon ECS container"). So each region's
    rotation applies (the group's strategy is ROTATE), deploys and waits until the service is stable, and
    only then SETs the token the secret holds, on its own group."""
    files, r = rendered(phase)
    rotations = {h: b for h, b in sections(files["RUNBOOK.md"]).items() if h.startswith("Rotate the Redis AUTH")}
    assert len(rotations) == len(root_modules(load_stack(SAGE_SPEC).phases[phase]))
    assert r["aws_elasticache_replication_group.redis"]["auth_token_update_strategy"] == "ROTATE"
    group = r["aws_elasticache_replication_group.redis"]["replication_group_id"]
    for heading, blocks in rotations.items():
        commands = [w for b in blocks for w in _words(b)]
        (applied,) = [i for i, w in enumerate(commands) if w[0] == "terraform" and "apply" in w]
        (deployed,) = [i for i, w in enumerate(commands) if "--force-new-deployment" in w]
        (stable,) = [i for i, w in enumerate(commands) if "services-stable" in w]
        (set_alone,) = [i for i, w in enumerate(commands) if _option(w, "--auth-token-update-strategy") == "SET"]
        assert applied < deployed < stable < set_alone, f"{heading}: SET before every task has the new token"
        assert _option(commands[set_alone], "--replication-group-id") == group
        assert "--apply-immediately" in commands[set_alone]


@pytest.mark.parametrize("phase", PHASES)
def test_each_destroy_first_empties_its_modules_image_repository(phase: str) -> None:
    """ECR refuses to delete a repository that holds images (ECR API Reference, DeleteRepository:
    RepositoryNotEmptyException), and the rendered repository has no force_delete: before each module's
    `terraform destroy`, the destroy block deletes the images of that module's repository, in its region."""
    files, _ = rendered(phase)
    spec = load_stack(SAGE_SPEC).phases[phase]
    blocks = sections(files["RUNBOOK.md"])["Destroy and re-create"]
    modules = {m.directory: m.spec for m in root_modules(spec)}
    destroyed = []
    for block in blocks:
        commands = _words(block)
        for i, w in enumerate(commands):
            if "destroy" not in w or not any(a.startswith("-chdir=") for a in w):
                continue
            directory = next(a for a in w if a.startswith("-chdir=")).removeprefix("-chdir=")
            module = modules[directory]
            repository = _unquoted(
                invariants.expanded({"ecr.tf": files[f"{directory}/ecr.tf"]})["aws_ecr_repository.backend"]["name"]
            )
            emptied = [c for c in commands[:i] if "batch-delete-image" in c and _option(c, "--repository-name")
                       == repository and _option(c, "--region") == module.region]  # fmt: skip
            assert emptied, f"{directory}: the images of {repository} are not deleted before its destroy"
            destroyed.append(directory)
    assert sorted(destroyed) == sorted(modules)
    for directory in modules:
        assert "force_delete" not in files[f"{directory}/ecr.tf"]


@pytest.mark.parametrize("phase", PHASES)
def test_the_runbook_restores_the_primary_the_cache_and_rolls_back_the_service(phase: str) -> None:
    """The restore reads the primary's snapshots and restores the primary (not a replica), the cache
    commands name the rendered group, the rollback the rendered cluster and service."""
    files, r = rendered(phase)
    primary = _unquoted(r["aws_db_instance.postgres"]["identifier"])
    replicas = {_unquoted(b["identifier"]) for a, b in r.items() if a.startswith("aws_db_instance.postgres_replica")}
    group = _unquoted(r["aws_elasticache_replication_group.redis"]["replication_group_id"])
    cluster = _unquoted(r[invariants.ref(r["aws_ecs_service.backend"]["cluster"])]["name"])
    service = _unquoted(r["aws_ecs_service.backend"]["name"])
    runbook = sections(files["RUNBOOK.md"])
    region = load_stack(SAGE_SPEC).phases[phase].region

    restore = [w for b in runbook[f"Restore the database ({region})"] for w in _words(b)]
    sources = [
        _option(w, "--source-db-instance-identifier") for w in restore if "restore-db-instance-to-point-in-time" in w
    ]
    assert sources == [primary], f"{phase}: restores {sources}, the primary is {primary} (replicas {replicas})"
    listed = [_option(w, "--db-instance-identifier") for w in restore if "describe-db-snapshots" in w]
    assert listed and set(listed) == {primary}
    renamed = [
        (_option(w, "--db-instance-identifier"), _option(w, "--new-db-instance-identifier"))
        for w in restore
        if "modify-db-instance" in w and "--new-db-instance-identifier" in w
    ]
    assert (primary, f"{primary}-old") in renamed and (f"{primary}-restored", primary) in renamed, renamed

    cache = [w for b in runbook[f"Restore the cache ({region})"] for w in _words(b)]
    ids = {_option(w, "--replication-group-id") for w in cache if "elasticache" in w and "--replication-group-id" in w}
    assert ids == {group}

    rollback = [w for b in runbook["Roll back the backend"] for w in _words(b)]
    updates = [w for w in rollback if "update-service" in w]
    assert updates and all(_option(w, "--cluster") == cluster and _option(w, "--service") == service for w in updates)


@pytest.mark.parametrize("phase", PHASES)
def test_the_readme_says_where_the_tasks_read(phase: str) -> None:
    """The README's DATABASE_READ_URL row names the host the task definition reads from: the replicas'
    record name where the render has replicas, the primary where it has none."""
    files, r = rendered(phase)
    definitions = str(r["aws_ecs_task_definition.backend"]["container_definitions"])
    host = re.search(r'name = "DATABASE_READ_URL", value = "postgresql://[^@]*@([^:]+):', definitions).group(1)
    (row,) = [line for line in files["README.md"].splitlines() if line.startswith("| `DATABASE_READ_URL` |")]
    replicas = [a for a in r if a.startswith("aws_db_instance.postgres_replica[")]
    records = {b["name"] for a, b in r.items() if a.startswith("aws_route53_record.") and b.get("records")}
    if replicas:
        assert host in records and f"`{host}`" in row
        assert (f"each of the {len(replicas)} read replicas" if len(replicas) > 1 else "the read replica") in row
    else:
        assert host == "${aws_db_instance.postgres.address}" and "the primary itself" in row


def test_the_readme_prices_each_region_of_scale() -> None:
    """Scale's README gives each region's monthly figure: they add up to the total, and Tokyo's covers
    its own tasks, databases and cache, computed here from Tokyo's render."""
    files, _ = rendered("scale")
    readme = files["README.md"]
    total = float(re.search(r"^\$([\d,]+\.\d\d) a month on demand", readme, re.M).group(1).replace(",", ""))
    line = re.search(r"^By region: (.+)\.$", readme, re.M).group(1)
    regions = {
        m.group(1): float(m.group(2).replace(",", "")) for m in re.finditer(r"([a-z]+-[a-z]+-\d) \$([\d,.]+)", line)
    }
    assert list(regions) == ["us-west-2", "ap-northeast-1"] and sum(regions.values()) == pytest.approx(total, abs=0.02)
    module = {p: t for p, t in files.items() if p.startswith("ap-northeast-1/terraform/") and p.endswith(".tf")}
    scale = load_stack(SAGE_SPEC).phases["scale"]
    tokyo_r = invariants.expanded(module)
    tokyo, p = priced_by_hand(tokyo_r, scale.database.allocated_storage), PRICES["prices"]
    own = tokyo["ECS Fargate"] + tokyo["RDS"] + tokyo["ElastiCache"]
    assert own < regions["ap-northeast-1"] < own * 1.25  # the rest: NAT, ALB, WAF, storage, logs, alarms
    # The regions run the same regional stack but for the database: the writer's region runs the primary
    # (Multi-AZ), its replicas, their private zone and a lag alarm each; Tokyo one cross-region replica with
    # one lag alarm. The primary region adds the global ones: CloudFront, the frontend bucket and
    # CloudFront's web ACL, at the document's usage.
    west_r = invariants.expanded({p: t for p, t in files.items() if p.startswith("terraform/") and p.endswith(".tf")})
    alarms = sum(a.startswith("aws_cloudwatch_metric_alarm.") for a in west_r) - sum(
        a.startswith("aws_cloudwatch_metric_alarm.") for a in tokyo_r
    )
    database = priced_by_hand(west_r)["RDS"] - tokyo["RDS"] + alarms * p["cloudwatch_alarm_month"]
    database += p["route53_hosted_zone_month"] * ("aws_route53_zone.internal" in west_r)
    use, waf = PRICES["usage"], scale.waf
    rules = len(waf.rule_groups) + (waf.rate_limit is not None)
    cloudfront = use["cloudfront_transfer_gb"] * p["cloudfront_gb_out"]
    cloudfront += use["cloudfront_requests"] / 10000 * p["cloudfront_https_per_10000"]
    bucket = use["s3_storage_gb"] * p["s3_standard_gb_month"] + use["s3_requests"] / 1000 * p["s3_get_per_1000"]
    acl = p["waf_web_acl_month"] + rules * p["waf_rule_month"]
    acl += use["waf_requests"] / 1e6 * p["waf_requests_per_million"]
    global_ = cloudfront + bucket + acl
    assert regions["us-west-2"] - regions["ap-northeast-1"] == pytest.approx(global_ + database, abs=0.02)
