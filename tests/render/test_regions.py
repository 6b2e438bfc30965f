"""Multi-region Scale: a root module per region, global resources once, names AWS keeps globally apart."""

from __future__ import annotations

import subprocess
from pathlib import Path

import invariants
import pytest
from cases import RENDERED
from helpers import run_cli, sage_data, write_spec
from support import SAGE_SPEC, Terraform, write_tree

from sagegen import api
from sagegen.insight.baseline import Base
from sagegen.insight.impact import Action
from sagegen.render import hcl_reader
from sagegen.render.assemble import render_stack
from sagegen.spec.layout import root_modules
from sagegen.spec.load import load_stack

GLOBAL = (
    "aws_cloudfront_distribution.frontend",
    "aws_s3_bucket.frontend",
    "aws_acm_certificate.frontend",
    "aws_wafv2_web_acl.cloudfront",
)


def module(directory: str) -> dict:
    """{address: body} of every resource, plus the provider and backend blocks, of one golden root module."""
    parsed = [hcl_reader.parse(p.read_text()) for p in sorted((RENDERED["scale"] / directory).glob("*.tf"))]
    found = {a: b for p in parsed for a, b in hcl_reader.resources(p).items()}
    found["provider"] = [block["aws"] for p in parsed for block in p.get("provider", [])]
    found["backend"] = [b["s3"] for p in parsed for t in p.get("terraform", []) for b in t.get("backend", [])]
    return found


SCALE = {"us-west-2": "terraform", "ap-northeast-1": "ap-northeast-1/terraform"}


def test_scale_runs_in_two_regions_each_with_the_documents_numbers() -> None:
    for region, directory in SCALE.items():
        r = module(directory)
        (default,) = [p for p in r["provider"] if "alias" not in p]
        assert default["region"] == region
        assert r["aws_ecs_service.backend"]["desired_count"] == 10
        target = r["aws_appautoscaling_target.backend"]
        assert (target["min_capacity"], target["max_capacity"]) == (10, 20)
        assert r["aws_db_instance.postgres"]["instance_class"] == "db.r6g.large"
        assert r["aws_elasticache_replication_group.redis"]["node_type"] == "cache.r6g.large"
    # "db.r6g.large + 2 Read Replicas" is one database: the writer's region holds the primary and its two
    # replicas, the other region one cross-region replica of it (docs/regions.md).
    primary, secondary = (module(d) for d in SCALE.values())
    assert primary["aws_db_instance.postgres_replica"]["count"] == 2 and primary["aws_db_instance.postgres"]["multi_az"]
    assert secondary["aws_db_instance.postgres_replica"]["count"] == 0
    assert "replicate_source_db" in secondary["aws_db_instance.postgres"]
    for phase in ("mvp", "growth"):
        assert [p.parent.name for p in RENDERED[phase].glob("*/terraform")] == []  # one region before Scale


def test_global_resources_live_once_in_the_primary_region() -> None:
    primary, secondary = (module(d) for d in SCALE.values())
    assert all(address in primary for address in GLOBAL)
    assert not [address for address in secondary if address in GLOBAL or "frontend" in address]
    # no us-east-1 provider left unused; the primary's, for the peering and the writer's database
    assert [(p.get("alias"), p["region"]) for p in secondary["provider"]] == [
        (None, "ap-northeast-1"),
        ("primary", "us-west-2"),
    ]


def test_names_aws_keeps_per_account_or_globally_differ_between_regions() -> None:
    def global_names(r: dict) -> set[str]:
        names = {b["name"] for a, b in r.items() if a.startswith(("aws_iam_role.", "aws_iam_policy."))}
        return names | {b["bucket"] for a, b in r.items() if a.startswith("aws_s3_bucket.")}

    primary, secondary = (global_names(module(d)) for d in SCALE.values())
    assert len(secondary) >= 5 and primary.isdisjoint(secondary)
    assert "sage-ecs-execution-role-ap-northeast-1" in secondary and "sage-logs-prod-ap-northeast-1" in secondary


def test_each_region_keeps_its_state_in_a_bucket_of_its_own_region_under_a_key_without_phase() -> None:
    backends = {region: module(directory)["backend"] for region, directory in SCALE.items()}
    assert {region: (b["bucket"], b["region"], b["key"]) for region, (b,) in backends.items()} == {
        "us-west-2": ("sage-terraform-state-prod", "us-west-2", "sage/terraform.tfstate"),
        "ap-northeast-1": (
            "sage-terraform-state-prod-ap-northeast-1",
            "ap-northeast-1",
            "sage/ap-northeast-1/terraform.tfstate",
        ),
    }
    for phase in ("mvp", "growth"):  # the same key in every phase: moving on never moves the state
        (backend,) = [
            b
            for p in sorted((RENDERED[phase] / "terraform").glob("*.tf"))
            for t in hcl_reader.parse(p.read_text()).get("terraform", [])
            for b in t.get("backend", [])
        ]
        assert backend["s3"]["key"] == "sage/terraform.tfstate"


def test_mvp_to_scale_names_the_second_region_as_added() -> None:
    result = api.impact(SAGE_SPEC, Base(source_phase="mvp", target_phase="scale"))
    assert result.regions_added == ["ap-northeast-1"] and result.regions_removed == []
    added = {c.address for c in result.changes if c.region == "ap-northeast-1" and c.action is Action.ADD}
    assert {"aws_db_instance.postgres", "aws_ecs_service.backend", "aws_lb.main"} <= added
    assert result.data_loss == []
    cli = run_cli("impact", SAGE_SPEC, "--from", "mvp", "--to", "scale")
    assert cli.returncode == 0 and "region ap-northeast-1 added: a root module of its own" in cli.stdout


def test_growth_to_scale_lists_the_new_regions_resources_and_loses_nothing() -> None:
    """Every resource of the new region is named in impact's text, by type, the stateful ones marked."""
    result = api.impact(SAGE_SPEC, Base(source_phase="growth", target_phase="scale"))
    created = [c for c in result.changes if c.region == "ap-northeast-1"]
    assert len(created) > 90 and all(c.action is Action.ADD for c in created) and result.data_loss == []
    cli = run_cli("impact", SAGE_SPEC, "--from", "growth", "--to", "scale")
    assert cli.returncode == 0 and cli.stdout.rstrip().endswith("nothing stateful is replaced or destroyed")
    section = cli.stdout.split("region ap-northeast-1 added:", 1)[1].split("\n\n", 1)[0]
    listed = {
        f"{kind}.{name.removesuffix(' (stateful)')}"
        for line in section.splitlines()[1:]
        for kind, names in [line.strip().split(": ", 1)]
        for name in names.split(", ")
    }
    assert listed == {c.address for c in created}
    # Tokyo's database is one cross-region replica of the writer's (docs/regions.md)
    assert "  aws_db_instance: postgres\n" in section


def test_dropping_a_region_flags_its_database() -> None:
    result = api.impact(SAGE_SPEC, Base(source_phase="scale", target_phase="growth"))
    assert result.regions_removed == ["ap-northeast-1"]
    lost = {(c.region, c.address) for c in result.data_loss}
    # its database is a replica of the writer's, whose data stays; its cache and log bucket go
    assert ("ap-northeast-1", "aws_db_instance.postgres") not in lost
    assert {
        ("ap-northeast-1", "aws_elasticache_replication_group.redis"),
        ("ap-northeast-1", "aws_s3_bucket.logs"),
    } <= lost
    assert not [c for c in result.data_loss if c.region is None]


def _scale_with(tmp_path: Path, regions: list) -> subprocess.CompletedProcess:
    data = sage_data(phases=True)
    data["phases"]["scale"]["secondary_regions"] = regions
    return run_cli("check", write_spec(tmp_path / "spec.yaml", data), "--out", tmp_path / "out")


@pytest.mark.parametrize(
    "regions, message",
    [
        (
            [{"region": "us-west-2"}],
            "phases.scale.secondary_regions: a region is named twice (the primary is us-west-2)",
        ),
        (
            [{"region": "ap-northeast-1", "availability_zones": ["ap-northeast-1a", "us-west-2b"]}],
            "phases.scale.secondary_regions: ap-northeast-1: availability zone 'us-west-2b' "
            "is not a zone of ap-northeast-1",
        ),
        (
            [{"region": "ap-northeast-1", "zones": ["ap-northeast-1a"]}],
            "phases.scale.secondary_regions[0].zones: unknown key; "
            "expected one of: availability_zones, network, region, state_bucket",
        ),
        (
            [{"region": "tokyo"}],
            "phases.scale.secondary_regions[0].region: 'tokyo' is not an AWS region such as us-west-2",
        ),
    ],
)
def test_a_bad_secondary_region_names_the_phase_and_key(tmp_path: Path, regions: list, message: str) -> None:
    result = _scale_with(tmp_path, regions)
    assert result.returncode == 1, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "spec.yaml:" in result.stderr  # the file and line
    assert not (tmp_path / "out").exists()


def test_a_spec_without_a_frontend_cannot_ask_for_a_cloudfront_waf(tmp_path: Path) -> None:
    data = sage_data()
    data["frontend"] = None
    result = run_cli("check", write_spec(tmp_path / "spec.yaml", data), "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "waf: cloudfront is true but the spec has no frontend (frontend: null); set it false" in result.stderr


def test_check_verifies_each_region_against_its_own_copy_of_the_spec() -> None:
    import bindings

    from sagegen.render.module import render
    from sagegen.spec.load import load_spec

    scale = load_spec(SAGE_SPEC, phase="scale")
    tokyo = scale.in_region(scale.secondary_regions[0]).in_database_role()
    assert bindings.unbound(tokyo) == []
    assert bindings.verify(tokyo, render(tokyo)) == []
    wrong = bindings.verify(tokyo, render(scale))  # the primary's files
    assert "region: provider.aws.region is 'us-west-2', the spec says 'ap-northeast-1'" in wrong


@pytest.mark.terraform
def test_scale_with_a_hosted_zone_routes_each_region_by_latency(terraform: Terraform, tmp_path: Path) -> None:
    """Scale with `dns.zone`: each region answers for the API name with a latency record whose alias
    evaluates its targets' health (invariant api_records), and both root modules are valid Terraform."""
    data = sage_data(phases=True)
    data["dns"] = {"zone": "sage.ai"}
    stack = load_stack(write_spec(tmp_path / "spec.yaml", data))
    spec = stack.phases["scale"]
    files = render_stack(spec, "scale")
    modules = {m.directory: m.spec for m in root_modules(spec)}
    assert sorted(modules) == ["ap-northeast-1/terraform", "terraform"]
    assert invariants.violations(files, modules) == []
    regions = {
        directory: hcl_reader.resources(hcl_reader.parse(files[f"{directory}/dns.tf"]))["aws_route53_record.api"]
        for directory in modules
    }
    assert sorted(r["set_identifier"] for r in regions.values()) == ["ap-northeast-1", "us-west-2"]
    write_tree(tmp_path / "out", files)
    for directory in modules:
        terraform.validate(tmp_path / "out" / directory)


def _scale_writing_in(tmp_path: Path, writer: str | None) -> Path:
    data = sage_data(phases=True)
    data["phase"] = "scale"
    if writer:
        data["phases"]["scale"]["writer_region"] = writer
    return write_spec(tmp_path / f"scale-{writer or 'home'}.yaml", data)


def test_moving_the_writer_promotes_the_replica_in_place_and_replaces_the_old_writer(tmp_path: Path) -> None:
    """The failover's spec change (RUNBOOK.md: lose the writer's region), as Terraform will plan it:
    Tokyo's instance is updated in place (the provider promotes a replica whose source goes), never
    replaced; us-west-2's is replaced by a replica of Tokyo's (the provider cannot give a standalone
    instance a source), which loses what only it held; its final snapshot keeps it."""
    base, moved = _scale_writing_in(tmp_path, None), _scale_writing_in(tmp_path, "ap-northeast-1")
    result = api.impact(moved, Base(spec_file=base))
    db = {c.region: c for c in result.changes if c.address == "aws_db_instance.postgres"}
    promoted, demoted = db["ap-northeast-1"], db[None]
    assert promoted.action is Action.UPDATE and "replicate_source_db" in promoted.arguments
    assert not promoted.loses_data and any("PromoteReadReplica" in note for note in promoted.notes)
    assert demoted.action is Action.REPLACE and demoted.loses_data
    assert any("final snapshot sage-postgres-final-<6 characters>" in note for note in demoted.notes)
    assert any("Deletion protection stops the delete" in note for note in demoted.notes)
    assert [c.region for c in result.data_loss] == [None]  # nothing else holding data goes
    cli = run_cli("impact", moved, "--base-spec", base)
    assert cli.returncode == 1 and "the writer of us-west-2 is deleted and replaced" in cli.stdout


@pytest.mark.parametrize(
    "writer, secondaries, message",
    [
        ("eu-west-1", None, "eu-west-1 runs no stack of this spec"),
        ("ap-northeast-1", [{"region": "ap-northeast-1", "network": "TOKYO"}, {"region": "eu-west-1",
          "network": {"vpc_cidr": "10.2.0.0/16", "public_subnets": ["10.2.0.0/24", "10.2.1.0/24"],
                      "private_subnets": ["10.2.10.0/24", "10.2.11.0/24"]}}],
         "with 2 secondary regions the writer stays in `region`"),
    ],
)  # fmt: skip
def test_a_writer_outside_the_stack_or_beyond_the_peering_is_refused(
    tmp_path: Path, writer: str, secondaries: list | None, message: str
) -> None:
    data = sage_data(phases=True)
    data["phase"] = "scale"
    scale = data["phases"]["scale"]
    if secondaries:
        tokyo = scale["secondary_regions"][0]
        scale["secondary_regions"] = [tokyo if s["network"] == "TOKYO" else s for s in secondaries]
    scale["writer_region"] = writer
    result = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    assert result.returncode == 1 and "phases.scale.writer_region" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
