"""A first apply that plans with two names on a certificate, and survives a database that fails to create:
the e2e test's fifth lane, on the example examples/single-nat.yaml, a golden case (`dns.zone`, the app's certificate
for shop.example.com and www.shop.example.com).

Before the first apply no certificate exists, so Terraform knows the names of its validation options and
not their records: dns.tf keys one map per certificate by name and merges them, which plans (a list made
of those sets would not: "Invalid for_each argument", issue 26). The records land in the account's
hosted zone, made here as an operator would have it, and the emulator's ACM issues each certificate once
all its records are there (moto_rules: rule_acm_pending_until_validation_record).

The first CreateDBInstance is refused as AWS refuses one without capacity (moto_rules:
drill_rds_first_create_fails), after the password's secret version was written. The second apply creates
the instance, which must take the password that secret holds: a client logs in with what the tasks read
(moto_rules: rule_clients_log_in).

The apply is targeted at the certificates and the database, with what they need: the ALB, CloudFront and
the service are the other lanes' work, and each resource applied here costs CPU the suite's budget counts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drift_lane import drift_lane
from emulator import aws_client, logs_in, moto_server
from lane_specs import without_web_acls
from moto_extended import FAIL_FIRST_DB_CREATE
from support import FIGURES, ROOT, Terraform
from transitions import APPLY_TIMEOUT, Lane

from sagegen.render.module import render
from sagegen.spec.load import load_spec

CASE = ROOT / "examples" / "single-nat.yaml"
TARGETS = (
    "aws_acm_certificate_validation.backend",
    "aws_acm_certificate_validation.frontend",
    "aws_db_instance.postgres",
    "aws_secretsmanager_secret_version.db_password",  # what the tasks read: part of every full apply
)


def first_apply_lane(terraform: Terraform, root: Path, plant: Callable[[dict], dict] | None = None) -> None:
    """`plant` changes the render before it is applied: a defect the lane must catch (shown once by hand).
    The case without its CloudFront web ACL (e2e/lane_specs.py): the targeted applies never create it, and
    every command would still read its rule schema."""
    case = without_web_acls(root, CASE)
    spec = load_spec(case)
    names = [spec.edge.domain_name, *spec.frontend.aliases]
    assert spec.dns and len(spec.frontend.aliases) >= 2, "the case no longer has two names on a certificate"
    with moto_server(root / "moto.log", {FAIL_FIRST_DB_CREATE: "1"}) as url:
        aws_client(url, "route53", "us-east-1").create_hosted_zone(Name=spec.dns.zone, CallerReference="first-apply")
        lane = Lane(terraform, root, url, spec)
        lane.write(plant(render(spec)) if plant else render(spec))
        terraform.init(lane.module, backend=True)
        apply = ["apply", "-auto-approve", "-input=false", "-parallelism=20", *(f"-target={t}" for t in TARGETS)]
        failed = terraform.run(lane.module, *apply, timeout=APPLY_TIMEOUT, env=lane.env)
        said = failed.stdout + failed.stderr
        assert failed.returncode != 0 and "InsufficientDBInstanceCapacity" in said, said[-4000:]
        assert "Invalid for_each argument" not in said
        lane.run("apply again", *apply)
        check_certificates(spec, url, names)
        check_one_password(spec, url)
        # The lane ends minutes before the others: the drift check costs the run's length nothing here.
        drifted = drift_lane(lane, case, spec, url, TARGETS)
    FIGURES.append(
        f"e2e first apply (examples/single-nat.yaml, {len(names)} names under dns.zone, the database's creation "
        f"failed once); {drifted}: " + ", ".join(f"{k} {v:.0f} s" for k, v in lane.timings.items())
    )


def check_certificates(spec, url: str, names: list[str]) -> None:
    """Every certificate issued, through a validation record Terraform made in the hosted zone."""
    route53 = aws_client(url, "route53", "us-east-1")
    (zone,) = route53.list_hosted_zones()["HostedZones"]
    records = route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
    cnames = {r["Name"].rstrip(".") for r in records if r["Type"] == "CNAME"}
    issued = []
    for region in dict.fromkeys([spec.region, "us-east-1"]):
        acm = aws_client(url, "acm", region)
        for summary in acm.list_certificates()["CertificateSummaryList"]:
            certificate = acm.describe_certificate(CertificateArn=summary["CertificateArn"])["Certificate"]
            assert certificate["Status"] == "ISSUED", certificate
            for option in certificate["DomainValidationOptions"]:
                assert option["ResourceRecord"]["Name"].rstrip(".") in cnames
                issued.append(option["DomainName"])
    assert sorted(issued) == sorted(names)


def check_one_password(spec, url: str) -> None:
    """The instance's password is the one its secret holds now, which is what every task reads."""
    n = spec.names
    secrets = aws_client(url, "secretsmanager", spec.region)
    password = secrets.get_secret_value(SecretId=n.db_password_secret)["SecretString"]
    assert logs_in(url, "rds", spec.region, n.db_identifier, password), "the instance and its secret differ"
