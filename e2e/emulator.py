"""A local AWS emulator (moto) and the provider override that points Terraform at it.

The moto server listens on 127.0.0.1 only, on a free port, and is always
stopped (terminate, then kill) when the context exits.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import boto3

from sagegen.render.hcl import encode

# Every service the rendered stack uses, by the provider's endpoint name.
SERVICES = (
    "acm",
    "applicationautoscaling",
    "cloudfront",
    "cloudwatch",
    "ec2",
    "ecr",
    "ecs",
    "elasticache",
    "elbv2",
    "iam",
    "kms",
    "logs",
    "rds",
    "route53",
    "s3",
    "secretsmanager",
    "sns",
    "sts",
    "wafv2",
)
# For a server that hangs, not one that is slow: a server that dies is seen at once (poll). Starting one
# costs a few CPU-seconds (moto's imports, the patches), and beside six lanes and a CPU-heavy job at a
# lower priority (scripts/test's nice) it took over 30 s once, failing a green run.
START_TIMEOUT = 600.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@functools.cache
def patches_checked() -> dict[str, str]:
    """Check the patches against the installed moto once for every server this process starts (raises
    MotoChanged, naming them, as a server would); the environment that tells the servers so."""
    from moto_checked import CHECKED_ENV, check, checked_token
    from moto_extended import PATCHES

    check(PATCHES)
    return {CHECKED_ENV: checked_token()}


@contextlib.contextmanager
def moto_server(log: Path, settings: dict[str, str] | None = None) -> Iterator[str]:
    """Run `moto_server` on 127.0.0.1; yield its endpoint URL. `settings`: moto's own environment knobs."""
    port = free_port()
    env = dict(
        os.environ,
        **patches_checked(),
        MOTO_IAM_LOAD_MANAGED_POLICIES="true",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        **(settings or {}),
    )
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("moto_extended.py")), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                urllib.request.urlopen(f"{url}/moto-api/data.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    # Its last words: a patch refused by e2e/moto_checked.py names itself there.
                    last = log.read_text(errors="replace").splitlines()[-20:]
                    raise RuntimeError(f"moto server did not start ({log}):\n" + "\n".join(last)) from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def transport_notes(log: Path) -> list[str]:
    """The retries the emulator saw (e2e/moto_retries.py) and the errors it served, from its log."""
    from moto_retries import MARKER

    lines = log.read_text(errors="replace").splitlines()
    return [line for line in lines if line.startswith(MARKER) or "Error on request" in line]


def provider_override(url: str, aliases: list[str]) -> str:
    """`provider "aws"` override blocks (one per alias) sending every call to the emulator."""
    settings = {
        "access_key": "test",
        "secret_key": "test",
        "skip_credentials_validation": True,
        # The provider learns the account from STS, as against AWS: rules naming a group of the
        # same account are then read back without an account prefix.
        "skip_requesting_account_id": False,
        "skip_metadata_api_check": True,
        "s3_use_path_style": True,
        # A few attempts: six emulators on two cores now and then lose a response (the provider
        # then reads "use of closed network connection"); the emulator answers a retry of a call it
        # finished as it did the first time (e2e/moto_retries.py). An unimplemented API still
        # fails within seconds, not minutes.
        "max_retries": 3,
    }
    blocks = []
    for alias in [None, *aliases]:
        lines = [f"alias = {encode(alias)}"] if alias else []
        lines += [f"{key} = {encode(value)}" for key, value in settings.items()]
        lines += ["endpoints {", *(f"{s} = {encode(url)}" for s in SERVICES), "}"]
        blocks.append('provider "aws" {\n' + "\n".join(lines) + "\n}\n")
    return "\n".join(blocks)


def aws_client(url: str, service: str, region: str):
    return boto3.client(
        service, endpoint_url=url, region_name=region, aws_access_key_id="test", aws_secret_access_key="test"
    )


def logs_in(url: str, service: str, region: str, identifier: str, secret: str) -> bool:
    """Would the database (`rds`) or the cache (`elasticache`) `identifier` let a client in with `secret`,
    as the emulator keeps the instance's master password and the group's AUTH tokens (moto_rules:
    rule_clients_log_in)."""
    request = urllib.request.Request(f"{url}/_sagegen/login/{service}/{region}/{identifier}", data=secret.encode())
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["ok"]


def publish_validation_records(url: str, records: list[dict]) -> None:
    """Create certificate validation CNAMEs ({name, value}) in the emulator's Route 53, which stands in for
    the public DNS (e2e/moto_rules.py: a certificate is issued once its record is there): what the
    operator does at their DNS provider. One zone per apex (the last two labels)."""
    route53 = aws_client(url, "route53", "us-east-1")
    zones = {z["Name"].rstrip("."): z["Id"] for z in route53.list_hosted_zones()["HostedZones"]}
    for record in records:
        apex = ".".join(record["name"].rstrip(".").split(".")[-2:])
        if apex not in zones:
            zones[apex] = route53.create_hosted_zone(Name=apex, CallerReference=f"dns-{apex}")["HostedZone"]["Id"]
        change = {"Name": record["name"], "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": record["value"]}]}
        route53.change_resource_record_sets(
            HostedZoneId=zones[apex], ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": change}]}
        )


@contextlib.contextmanager
def dns_operator(url: str, regions: list[str]) -> Iterator[None]:
    """While an apply of a render without DNS records waits for its certificates, publish their records
    as an operator reading the pending certificates would (the one-step first apply of older renders)."""
    stop = threading.Event()

    def watch() -> None:
        clients = [aws_client(url, "acm", r) for r in dict.fromkeys([*regions, "us-east-1"])]
        while not stop.wait(3.0):  # each round costs this process and the emulator CPU; 3 s is soon enough
            for acm in clients:
                try:
                    pending = acm.list_certificates(CertificateStatuses=["PENDING_VALIDATION"])
                    for summary in pending["CertificateSummaryList"]:
                        described = acm.describe_certificate(CertificateArn=summary["CertificateArn"])["Certificate"]
                        publish_validation_records(
                            url,
                            [
                                {"name": o["ResourceRecord"]["Name"], "value": o["ResourceRecord"]["Value"]}
                                for o in described.get("DomainValidationOptions", [])
                            ],
                        )
                except Exception:  # noqa: BLE001 - a busy emulator drops a call now and then; the next round retries
                    continue

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
