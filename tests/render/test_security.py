"""No secret in plain text anywhere sagegen writes; IAM names resources instead of "*"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from procedures import RENDERS, rendered, spec_of
from support import ROOT

from sagegen.render import hcl_reader

# Credential shapes worth refusing in generated files (after gitleaks' and trufflehog's common rules).
CREDENTIAL_PATTERNS = {
    "AWS access key id": r"\b(AKIA|ASIA)[0-9A-Z]{16}\b",
    "AWS secret access key": r"(?i)aws.{0,20}secret.{0,20}[=:]\s*\"?[A-Za-z0-9/+=]{40}\b",
    "Anthropic API key": r"\bsk-ant-[A-Za-z0-9_-]{10,}",
    "generic API key": r"\bsk-[A-Za-z0-9]{20,}",
    "private key": r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
    "password assignment": r"(?i)\b(password|passwd|secret_string)\s*=\s*\"[^\"$]{4,}\"",
    "URL with credentials": r"[a-z][a-z0-9+.-]*://[^/\s:@\"]+:[^/\s@\"]+@",
    "Sentry DSN": r"https://[0-9a-f]{32}@[^\s\"]*sentry",
    "GitHub token": r"\bgh[pousr]_[A-Za-z0-9]{36,}",
}

GENERATED = sorted(p for p in (ROOT / "out").rglob("*") if p.is_file()) + [ROOT / "specs" / "sage.yaml"]


def scan(text: str) -> list[str]:
    return [name for name, pattern in CREDENTIAL_PATTERNS.items() if re.search(pattern, text)]


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_credential_in_the_spec_or_the_output(path: Path) -> None:
    assert scan(path.read_text()) == []


@pytest.mark.parametrize(
    "leak",
    [
        'password = "hunter2hunter2"',
        "AKIAABCDEFGHIJKLMNOP",
        "sk-ant-api03-abcdefghijklmnop",
        "postgresql://admin:s3cret@db.example.com:5432/app",
        "-----BEGIN RSA PRIVATE KEY-----",
        'secret_string = "plaintext-value"',
    ],
)
def test_the_scan_catches_a_planted_credential(leak: str) -> None:
    assert scan(f"x = 1\n{leak}\n")


@pytest.mark.parametrize("name, phase", RENDERS)
def test_secret_variables_are_ephemeral_sensitive_and_without_default(name: str, phase: str | None) -> None:
    """Each secret's variable, in every root module: ephemeral (Terraform's "Input variables", ephemeral:
    the value is stored in neither the plan nor the state), sensitive (kept out of the CLI's output) and
    without a default (a default is a value in the code). A variable with a default holds no secret."""
    files, modules = rendered(name, phase)
    secrets = {s.env.lower() for s in spec_of(name, phase)[0].secrets.values()}
    if name == "sage":
        assert secrets == {"anthropic_api_key", "sentry_dsn"}
    for directory, _, _ in modules.values():
        variables = {
            variable: body
            for block in hcl_reader.parse(files[f"{directory}/variables.tf"])["variable"]
            for variable, body in block.items()
        }
        assert secrets <= set(variables), directory
        for variable, body in variables.items():
            where = f"{name} {phase} {directory}: {variable}"
            if variable in secrets:
                assert body.get("sensitive") is True and body.get("ephemeral") is True, where
                assert "default" not in body, where
            else:
                assert variable == "image_tag" and "sensitive" not in body and "ephemeral" not in body, where


def test_no_credential_in_container_environment() -> None:
    body = hcl_reader.resources(hcl_reader.parse((ROOT / "out" / "terraform" / "ecs.tf").read_text()))
    (container,) = hcl_reader.decode_jsonencode(body["aws_ecs_task_definition.backend"]["container_definitions"])
    for entry in container["environment"]:
        assert not re.search(r"(?i)password|secret|token|api_key", entry["name"]), entry
        assert not re.search(r"://[^/@]+:[^/@]+@", entry["value"]), entry
    assert {s["name"] for s in container["secrets"]} >= {"ANTHROPIC_API_KEY", "DATABASE_PASSWORD"}


# Where "*" is the only resource AWS accepts. Each entry: (policy, action) and why.
DEPLOY_POLICY = "aws_iam_role_policy.github_deploy.policy"
WILDCARD_EXCEPTIONS: dict[tuple[str, str], str] = {
    (DEPLOY_POLICY, "ecr:GetAuthorizationToken"): "a registry login is account-wide; IAM accepts only *",
    (DEPLOY_POLICY, "ecs:RegisterTaskDefinition"): "a new revision has no ARN before it exists; IAM accepts only *",
    (DEPLOY_POLICY, "ecs:DescribeTaskDefinition"): "ECS takes no resource-level permission for it; only *",
}


def _policies() -> dict[str, dict]:
    """Every policy document sagegen writes, by address."""
    found = {}
    for path in sorted((ROOT / "out").rglob("*.tf")):
        for address, body in hcl_reader.resources(hcl_reader.parse(path.read_text())).items():
            for key in ("policy", "assume_role_policy"):
                if key in body:
                    found[f"{address}.{key}"] = hcl_reader.decode_jsonencode(body[key])
    return found


def test_iam_policies_name_their_resources() -> None:
    policies = _policies()
    assert len(policies) >= 5
    wildcards = []
    for address, document in policies.items():
        for statement in document["Statement"]:
            if statement["Effect"] == "Deny":  # a wide Deny (TLS only) narrows, never grants
                continue
            resources = statement.get("Resource", [])
            resources = resources if isinstance(resources, list) else [resources]
            actions = statement.get("Action", [])
            actions = actions if isinstance(actions, list) else [actions]
            if "*" in resources and not all((address, a) in WILDCARD_EXCEPTIONS for a in actions):
                wildcards.append(f"{address}: {actions}")
            assert "*" not in actions and not any(a.endswith(":*") for a in actions), (address, actions)
    assert wildcards == []


TRUSTED_SERVICES = {
    "aws_iam_role.ecs_execution": "ecs-tasks.amazonaws.com",
    "aws_iam_role.ecs_task": "ecs-tasks.amazonaws.com",
    "aws_iam_role.rds_monitoring": "monitoring.rds.amazonaws.com",
}


def test_each_trust_policy_names_exactly_its_service() -> None:
    trusts = {
        address.removesuffix(".assume_role_policy"): document
        for address, document in _policies().items()
        if address.endswith(".assume_role_policy")
    }
    # The deploy roles trust GitHub's OIDC tokens of one workflow on one branch each (tests/render/test_workflows.py
    # pins them exactly).
    for role in ("aws_iam_role.github_deploy", "aws_iam_role.github_deploy_frontend"):
        assert trusts.pop(role)["Statement"][0]["Principal"] == {
            "Federated": "${aws_iam_openid_connect_provider.github.arn}"
        }
    assert sorted(trusts) == sorted(TRUSTED_SERVICES)
    for role, document in trusts.items():
        (statement,) = document["Statement"]
        assert statement["Action"] == "sts:AssumeRole" and statement["Effect"] == "Allow"
        assert statement["Principal"] == {"Service": TRUSTED_SERVICES[role]}, role


def test_policies_are_valid_json_shapes() -> None:
    """Each policy has IAM's grammar: a version, and statements that each allow or deny named actions on
    named resources (or, in a trust policy, to a principal); no statement grants every action."""
    for address, document in _policies().items():
        assert document["Version"] == "2012-10-17", address
        assert isinstance(document["Statement"], list) and document["Statement"], address
        for statement in document["Statement"]:
            assert statement["Effect"] in ("Allow", "Deny"), address
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert actions and all(isinstance(a, str) and ":" in a and a != "*" for a in actions), address
            # An identity policy names resources, a trust policy a principal, a bucket policy both.
            assert "Resource" in statement or "Principal" in statement, address
            if address.endswith(".assume_role_policy"):
                assert "Principal" in statement and "Resource" not in statement, address


DEPLOYING = [(name, phase) for name, phase in RENDERS if spec_of(name, phase)[0].deploy]


@pytest.mark.parametrize(("name", "phase"), DEPLOYING, ids=[f"{n}:{p}" for n, p in DEPLOYING])
def test_the_deploy_roles_trust_the_identity_provider_their_module_declares(name: str, phase: str | None) -> None:
    """Created (`deploy.create_oidc_provider`, the default) or looked up (an account holds one GitHub
    provider per URL, IAM User Guide, "Create an OpenID Connect (OIDC) identity provider"): the trust
    names the block the module declares, the resource or the data source, never the other."""
    text = rendered(name, phase)[0]["terraform/deploy.tf"]
    created = spec_of(name, phase)[0].deploy.create_oidc_provider
    declared = "aws_iam_openid_connect_provider.github" if created else "data.aws_iam_openid_connect_provider.github"
    assert ('resource "aws_iam_openid_connect_provider" "github"' in text) is created
    assert ('data "aws_iam_openid_connect_provider" "github"' in text) is not created
    federated = re.findall(r"Federated = (\S+)", text)
    assert federated and set(federated) == {f"{declared}.arn"}
