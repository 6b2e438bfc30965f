"""The spec files the lanes apply: specs/sage.yaml itself, or a copy of it without its two web ACLs.

Each Terraform command on a module with the web ACLs pays ~9 CPU-seconds for their deeply nested rule
schema (docs/e2e.md), and `.ci/run` is bound by CPU on two cores. The web ACLs are applied, read back,
destroyed and re-created by the lanes that run the MVP and Growth with them (the upgrade lane and the
RUNBOOK lane); the lanes whose procedures never touch them (the database procedures, Growth -> Scale, the
failover) run this copy. It is a file, not a Spec, so that `sagegen impact` reads what the lane applies.
"""

from __future__ import annotations

from pathlib import Path

from support import SAGE_SPEC

# How the lanes' specs open their `waf:` section (specs/sage.yaml; examples/single-nat.yaml, whose
# CloudFront web ACL is on by default) -> the same section with both web ACLs off.
WEB_ACLS_OFF = {
    "waf:\n  alb: true\n  cloudfront: true\n": "waf:\n  alb: false\n  cloudfront: false\n",
    "waf:\n  alb: false\n  rule_groups:": "waf:\n  alb: false\n  cloudfront: false\n  rule_groups:",
}


def without_web_acls(directory: Path, source: Path = SAGE_SPEC) -> Path:
    """`source` with both web ACLs off, written into `directory` (made if missing) under its own name."""
    text = source.read_text()
    found = [on for on in WEB_ACLS_OFF if on in text]
    assert found, f"{source} no longer opens its waf section as the lanes expect"
    directory.mkdir(parents=True, exist_ok=True)
    copy = directory / f"{source.stem}-without-web-acls.yaml"
    copy.write_text(text.replace(found[0], WEB_ACLS_OFF[found[0]], 1))
    return copy
