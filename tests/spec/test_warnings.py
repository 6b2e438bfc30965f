"""Legal but risky choices are said as located warnings; they never change the exit code, unless --strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_cli, sage_data, snapshot, write_spec
from support import SAGE_SPEC

WARNED = ("alarms.email_endpoints", "frontend.bucket_name", "logs.bucket_name")  # multi_az: accepted


def test_the_sage_mvp_is_warned_about_with_file_line_and_key() -> None:
    result = run_cli("validate", SAGE_SPEC)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert [line.split(": ")[2] for line in lines] == [
        "frontend.bucket_name", "logs.bucket_name", "alarms.email_endpoints"
    ]  # fmt: skip
    # multi_az: false is the document's MVP, accepted in the spec with its reason: said once, as accepted.
    (accepted,) = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert accepted.startswith(f"note: {SAGE_SPEC}:") and "accepted_risks.single-az-database: accepted: " in accepted
    assert all(line.startswith(f"warning: {SAGE_SPEC}:") for line in lines)
    assert "the alerts topic has no subscriber" in result.stderr


def test_a_spec_that_answers_every_warning_gets_none(tmp_path: Path) -> None:
    data = sage_data()
    data["alarms"]["email_endpoints"] = ["oncall@example.com"]
    data["database"]["multi_az"] = True
    data["logs"]["bucket_name"] = "sage-logs-123456789012"
    data["frontend"]["bucket_name"] = "sage-frontend-123456789012"
    # The acceptance of the single-AZ MVP is now stale: said as a warning until it goes.
    stale = run_cli("validate", write_spec(tmp_path / "spec.yaml", data), "--strict")
    assert (
        stale.returncode == 1
        and "accepted_risks.single-az-database: accepted, but it applies to no phase" in stale.stderr
    )
    del data["accepted_risks"]
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
    assert rendered.returncode == 0 and rendered.stderr.count("warning: ") == 3
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


def test_each_warning_ends_with_its_stable_id() -> None:
    from sagegen import api
    from sagegen.spec.models.accepted import RISKS

    _, warnings, accepted = api.validate(SAGE_SPEC)
    ids = [warning.rsplit(" [", 1)[1].rstrip("]") for warning in warnings]
    assert ids == ["frontend-bucket-name-not-unique", "logs-bucket-name-not-unique", "no-alarm-subscriber"]
    assert set(ids) <= set(RISKS) and len(accepted) == 1


def accepting(tmp_path: Path, **accepted: str) -> Path:
    data = sage_data(phases=True)
    data["accepted_risks"] = accepted
    return write_spec(tmp_path / "spec.yaml", data)


def test_an_accepted_warning_is_listed_once_as_accepted_and_never_again_as_a_warning(tmp_path: Path) -> None:
    from sagegen import api

    reasons = {
        "single-az-database": "one zone until launch; Growth turns multi_az on",
        "frontend-bucket-name-not-unique": "the name is ours already",
        "logs-bucket-name-not-unique": "the name is ours already",
        "no-alarm-subscriber": "the on-call rota starts with Growth",
    }
    spec = accepting(tmp_path, **reasons)
    _, warnings, accepted = api.validate(spec, strict=True)  # nothing left for --strict to refuse
    assert warnings == []
    assert [a.split(": ", 2)[1:] for a in accepted][0] == [
        "accepted_risks.single-az-database", "accepted: one zone until launch; Growth turns multi_az on"
    ]  # fmt: skip
    assert len(accepted) == 4 and all(line.startswith(f"{spec}:") for line in accepted)
    validated = run_cli("validate", spec)
    assert validated.returncode == 0 and validated.stderr.count("note: ") == 4 and "warning: " not in validated.stderr
    rendered = run_cli("render", spec, "--out", tmp_path / "out")
    assert rendered.returncode == 0 and "warning: " not in rendered.stderr and "accepted: " not in rendered.stderr


def test_an_unknown_id_is_a_located_error_and_a_stale_one_a_warning(tmp_path: Path) -> None:
    from sagegen import api
    from sagegen.errors import UserError

    try:
        api.validate(accepting(tmp_path, **{"single-az-databse": "one zone until launch"}))
        raise AssertionError("an unknown id was accepted")
    except UserError as refused:
        message = str(refused)
    assert "accepted_risks.single-az-databse: 'single-az-databse' is not the id of a sagegen warning; " in message
    assert "did you mean single-az-database?" in message
    # routing-not-managed fires in Scale (no dns.zone): accepted from the MVP on, it is not stale.
    _, warnings, _ = api.validate(accepting(tmp_path, **{"routing-not-managed": "we route at our DNS provider"}))
    assert not [w for w in warnings if "accepted_risks" in w]
    _, warnings, _ = api.validate(accepting(tmp_path, **{"database-deletion-protection-off": "not any more"}))
    (stale,) = [w for w in warnings if "accepted_risks" in w]
    assert "accepted_risks.database-deletion-protection-off: accepted, but it applies to no phase" in stale


def test_quiet_prints_no_warning_and_strict_still_fails_on_them() -> None:
    quiet = run_cli("validate", SAGE_SPEC, "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert run_cli("validate", SAGE_SPEC, "-q", "--strict").returncode == 1


@pytest.mark.parametrize(("environment", "warned"), [("production", True), ("prod-eu", True), ("staging", False)])
def test_deletion_protection_off_in_production_is_warned(environment: str, warned: bool, tmp_path: Path) -> None:
    from sagegen import api

    data = sage_data()
    data["environment"] = environment
    data["database"]["deletion_protection"] = False
    data["edge"]["deletion_protection"] = False
    _, warnings, _ = api.validate(write_spec(tmp_path / "spec.yaml", data))
    said = [w for w in warnings if w.endswith("-deletion-protection-off]")]
    assert len(said) == (2 if warned else 0), warnings
    if warned:
        assert "database.deletion_protection: false in environment" in said[0]
        assert said[0].endswith("[database-deletion-protection-off]")
        assert said[1].endswith("[load-balancer-deletion-protection-off]")
