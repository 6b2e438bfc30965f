"""A local AWS emulator (moto) and the provider override that points Terraform at it.

The moto server listens on 127.0.0.1 only, on a free port, and is always
stopped (terminate, then kill) when the context exits.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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
    "s3",
    "secretsmanager",
    "sns",
    "sts",
    "wafv2",
)
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def moto_server(log: Path) -> Iterator[str]:
    """Run `moto_server` on 127.0.0.1; yield its endpoint URL."""
    port = free_port()
    env = dict(
        os.environ,
        MOTO_IAM_LOAD_MANAGED_POLICIES="true",
        MOTO_ACM_VALIDATION_WAIT="0",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
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
                    raise RuntimeError(f"moto server did not start; see {log}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
        # A few attempts: four emulators on two cores now and then drop a kept-alive connection
        # (the provider then reads "use of closed network connection"); an unimplemented API
        # still fails within seconds, not minutes.
        "max_retries": 3,
    }
    blocks = []
    for alias in [None, *aliases]:
        lines = [f"alias = {encode(alias)}"] if alias else []
        lines += [f"{key} = {encode(value)}" for key, value in settings.items()]
        lines += ["endpoints {", *(f"{s} = {encode(url)}" for s in SERVICES), "}"]
        blocks.append('provider "aws" {\n' + "\n".join(lines) + "\n}\n")
    return "\n".join(blocks)
