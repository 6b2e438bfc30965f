"""Legal but risky choices are said as located warnings; they never change the exit code, unless --strict."""

from __future__ import annotations

from pathlib import Path

from helpers import run_cli, sage_data, snapshot, write_spec
from support import SAGE_SPEC

WARNED = ("alarms.email_endpoints", "database.multi_az", "frontend.bucket_name", "logs.bucket_name")


def test_the_sage_mvp_is_warned_about_with_file_line_and_key() -> None:
    result = run_cli("validate", SAGE_SPEC)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert [line.split(": ")[2] for line in lines] == [
        "database.multi_az", "frontend.bucket_name", "logs.bucket_name", "alarms.email_endpoints"
    ]  # fmt: skip
    assert all(line.startswith(f"warning: {SAGE_SPEC}:") for line in lines)
    assert "the alerts topic has no subscriber" in result.stderr


def test_a_spec_that_answers_every_warning_gets_none(tmp_path: Path) -> None:
    data = sage_data()
    data["alarms"]["email_endpoints"] = ["oncall@example.com"]
    data["database"]["multi_az"] = True
    data["logs"]["bucket_name"] = "sage-logs-123456789012"
    data["frontend"]["bucket_name"] = "sage-frontend-123456789012"
    result = run_cli("validate", write_spec(tmp_path / "spec.yaml", data), "--strict")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr


def test_the_live_phase_is_the_one_warned_about(tmp_path: Path) -> None:
    data = sage_data(phases=True)
    data["phase"] = "growth"  # Growth is Multi-AZ
    result = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    assert result.returncode == 0 and "database.multi_az" not in result.stderr


def test_strict_makes_them_errors_and_render_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    refused = run_cli("render", SAGE_SPEC, "--out", out, "--strict")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert all(f"error: {SAGE_SPEC}:" in refused.stderr and key in refused.stderr for key in WARNED)
    assert not out.exists()
    rendered = run_cli("render", SAGE_SPEC, "--out", out)
    assert rendered.returncode == 0 and rendered.stderr.count("warning: ") == 4
    assert snapshot(out)


def test_a_second_region_without_a_zone_says_what_to_route(tmp_path: Path) -> None:
    """Nothing sends users to a secondary region unless DNS does: without dns.zone the live phase is
    warned, at its secondary_regions key, with what to create; with a zone, sagegen makes the records."""
    data = sage_data(phases=True)
    data["phase"] = "scale"
    result = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    (line,) = [x for x in result.stderr.splitlines() if "phases.scale.secondary_regions" in x]
    assert result.returncode == 0 and "nothing routes users to ap-northeast-1" in line
    assert "api.sage.ai one latency record per region" in line
    data["dns"] = {"zone": "sage.ai"}
    routed = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    assert routed.returncode == 0 and "secondary_regions" not in routed.stderr


def test_a_region_sharing_the_primarys_range_is_refused_and_its_own_range_is_rendered(tmp_path: Path) -> None:
    """VPCs whose ranges overlap can never be peered (VPC Peering Guide), and a secondary region's VPC is
    peered with the primary's: a secondary region without a `network` of its own shares the primary's range
    and is refused at its key; with one, its module renders it."""
    data = sage_data(phases=True)
    data["phase"] = "scale"
    (tokyo,) = data["phases"]["scale"]["secondary_regions"]
    own = tokyo.pop("network")
    result = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    assert result.returncode == 1 and "secondary_regions" in result.stderr, result.stderr
    assert "VPC range 10.0.0.0/16 overlaps us-west-2's 10.0.0.0/16" in result.stderr
    tokyo["network"] = own
    out = tmp_path / "out"
    rendered = run_cli("render", write_spec(tmp_path / "spec.yaml", data), "--out", out)
    assert rendered.returncode == 0 and "overlaps" not in rendered.stderr, rendered.stderr
    vpc = (out / "ap-northeast-1" / "terraform" / "vpc.tf").read_text()
    assert f'cidr_block           = "{own["vpc_cidr"]}"' in vpc and '"10.1.10.0/24"' in vpc
    tokyo["network"] = {**own, "public_subnets": ["10.2.0.0/24", "10.1.1.0/24"]}
    refused = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    assert refused.returncode == 1 and "public_subnets" in refused.stderr and "not inside the VPC" in refused.stderr
