"""The deploy workflows: valid against GitHub's schema, and naming what the Terraform creates."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cases import RENDERED
from helpers import sage_data, write_spec
from support import HANG, ROOT

from sagegen.render import hcl_reader
from sagegen.render.assemble import render_stack
from sagegen.spec.load import load_spec

WORKFLOWS = [
    path for phase in ("mvp", "growth", "scale") for path in sorted(RENDERED[phase].glob(".github/workflows/*.yml"))
]
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def schema_errors(*paths: Path) -> str:
    """GitHub's workflow schema (SchemaStore's, vendored in check-jsonschema) judges the files."""
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr


def test_every_phase_has_both_workflows() -> None:
    assert [(p.parent.parent.parent, p.name) for p in WORKFLOWS] == [
        (RENDERED[phase], f"deploy-{app}.yml")
        for phase in ("mvp", "growth", "scale")
        for app in ("backend", "frontend")
    ]


def test_the_workflows_pass_githubs_schema() -> None:
    assert schema_errors(*WORKFLOWS) == ""


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = yaml.safe_load(WORKFLOWS[0].read_text())
    job = next(iter(broken["jobs"].values()))
    job["step"] = job.pop("steps")
    (tmp_path / "broken.yml").write_text(yaml.safe_dump(broken))
    assert "steps" in schema_errors(tmp_path / "broken.yml")


def resources(directory: Path) -> dict[str, dict]:
    return {
        a: b
        for p in sorted(directory.glob("*.tf"))
        for a, b in hcl_reader.resources(hcl_reader.parse(p.read_text())).items()
    }


def provider_region(directory: Path) -> str:
    providers = hcl_reader.parse((directory / "providers.tf").read_text())["provider"]
    return next(block["aws"]["region"] for block in providers if "alias" not in block["aws"])


def steps(workflow: dict) -> dict[str, dict]:
    return {step["name"]: step for job in workflow["jobs"].values() for step in job["steps"]}


@pytest.mark.parametrize("phase", ["mvp", "growth", "scale"])
def test_the_workflows_name_what_the_terraform_creates(phase: str) -> None:
    tf = resources(RENDERED[phase] / "terraform")
    backend = yaml.safe_load((RENDERED[phase] / ".github/workflows/deploy-backend.yml").read_text())
    frontend = yaml.safe_load((RENDERED[phase] / ".github/workflows/deploy-frontend.yml").read_text())
    deploy = steps(backend)["Deploy to ECS and wait until the service is stable"]["with"]
    assert deploy["cluster"] == tf["aws_ecs_cluster.sage"]["name"]
    assert deploy["service"] == tf["aws_ecs_service.backend"]["name"]
    assert deploy["wait-for-service-stability"] is True
    image = steps(backend)["Put the new image in it"]["with"]
    repository = tf["aws_ecr_repository.backend"]["name"]
    assert image["image"].endswith(f"/{repository}:${{{{ github.sha }}}}")  # the commit, never :latest
    assert (
        image["container-name"]
        == hcl_reader.decode_jsonencode(tf["aws_ecs_task_definition.backend"]["container_definitions"])[0]["name"]
    )
    fetch = steps(backend)["Fetch the latest task definition (Terraform's settings)"]["run"]
    assert f"--task-definition {tf['aws_ecs_task_definition.backend']['family']} " in fetch
    roles = {"backend": "aws_iam_role.github_deploy", "frontend": "aws_iam_role.github_deploy_frontend"}
    for (kind, role), workflow in zip(roles.items(), (backend, frontend), strict=True):
        login = steps(workflow)["Configure AWS credentials (OIDC, no stored keys)"]["with"]
        assert login["role-to-assume"].endswith(f":role/{tf[role]['name']}") and "aws-access-key-id" not in login
        assert workflow["permissions"] == {}
        (trust,) = hcl_reader.decode_jsonencode(tf[role]["assume_role_policy"])["Statement"]
        subject = trust["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"]
        assert f":job_workflow_ref:sage-ai/sage/.github/workflows/deploy-{kind}.yml@refs/heads/main" in subject
    # Each role may do what its workflow does and nothing of the other's.
    actions = {}
    for kind, role in roles.items():
        (policy,) = [
            b["policy"]
            for a, b in tf.items()
            if a.startswith("aws_iam_role_policy.") and b["role"] == f"${{{role}.id}}"
        ]
        statements = hcl_reader.decode_jsonencode(policy)["Statement"]
        actions[kind] = {
            x.split(":")[0]
            for s in statements
            for x in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        }
    assert actions == {"backend": {"ecr", "ecs", "iam"}, "frontend": {"s3", "cloudfront"}}
    # A job that runs the app's dependencies (pnpm install, the build) holds no OIDC token.
    assert frontend["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert frontend["jobs"]["deploy"]["permissions"] == {"id-token": "write"}
    assert not any("run" in s for s in frontend["jobs"]["deploy"]["steps"] if "pnpm" in s.get("run", ""))
    modules = sorted(RENDERED[phase].glob("**/terraform"))
    assert backend["jobs"]["build-and-deploy"]["strategy"]["matrix"]["region"] == [
        provider_region(m) for m in sorted(modules, key=lambda m: m.parent != RENDERED[phase])
    ]
    bucket = tf["aws_s3_bucket.frontend"]["bucket"]
    # Nothing deleted, index.html last: open sessions keep loading their hashed chunks.
    assert steps(frontend)["Deploy to S3"]["run"].splitlines() == [
        f"aws s3 sync apps/frontend/dist s3://{bucket} --exclude index.html",
        f"aws s3 sync apps/frontend/dist s3://{bucket}",
    ]
    assert steps(frontend)["Deploy to S3"]["run"].startswith("aws s3 sync apps/frontend/dist ")
    assert '--paths "/*"' in steps(frontend)["Invalidate CloudFront"]["run"]


def test_the_documents_steps_and_triggers_are_kept() -> None:
    backend = yaml.safe_load((RENDERED["mvp"] / ".github/workflows/deploy-backend.yml").read_text())
    frontend = yaml.safe_load((RENDERED["mvp"] / ".github/workflows/deploy-frontend.yml").read_text())
    assert backend["name"] == "Deploy Backend" and frontend["name"] == "Deploy Frontend"
    assert backend["on"]["push"] == {"branches": ["main"], "paths": ["apps/backend/**"]}
    assert frontend["on"]["push"] == {"branches": ["main"], "paths": ["apps/frontend/**"]}
    build = steps(backend)["Build and push the commit's image (tags are immutable)"]["run"]
    # Built for the platform Fargate runs (x86-64 Linux: the task definition names no other), whatever the runner.
    assert build == 'docker build --platform linux/amd64 -t "$IMAGE" apps/backend\ndocker push "$IMAGE"\n'
    fe = steps(frontend)
    assert fe["Set up pnpm"]["with"] == {"version": "8"} and fe["Set up Node.js"]["with"]["node-version"] == "20"
    assert (fe["Build"]["run"], fe["Build"]["working-directory"]) == ("pnpm run build\n", "apps/frontend")


def test_no_long_lived_key_and_no_latest_tag_anywhere() -> None:
    for path in WORKFLOWS:
        text = path.read_text()
        assert "AWS_SECRET_ACCESS_KEY" not in text and "aws-access-key-id" not in text
        assert ":latest" not in text


def test_the_deploy_role_trusts_only_the_deploy_branch() -> None:
    tf = resources(RENDERED["mvp"] / "terraform")
    (statement,) = hcl_reader.decode_jsonencode(tf["aws_iam_role.github_deploy"]["assume_role_policy"])["Statement"]
    assert statement["Principal"] == {"Federated": "${aws_iam_openid_connect_provider.github.arn}"}
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    # GitHub's subject once the repository's template includes repo, context and job_workflow_ref (GitHub
    # Docs, "OpenID Connect reference"): the branch and the workflow file, so no other workflow gets in.
    assert statement["Condition"] == {
        "StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:sage-ai/sage:ref:refs/heads/main:job_workflow_ref:"
            "sage-ai/sage/.github/workflows/deploy-backend.yml@refs/heads/main",
        }
    }


def test_the_second_region_is_deployed_through_the_primarys_role() -> None:
    primary, tokyo = (
        resources(RENDERED["scale"] / "terraform"),
        resources(RENDERED["scale"] / "ap-northeast-1/terraform"),
    )
    assert "aws_iam_role.github_deploy" not in tokyo  # IAM is global: one role
    policy = hcl_reader.decode_jsonencode(primary["aws_iam_role_policy.github_deploy"]["policy"])
    service = next(s for s in policy["Statement"] if s["Sid"] == "Service")["Resource"]
    assert service[1] == (
        "arn:aws:ecs:ap-northeast-1:${data.aws_caller_identity.current.account_id}:service/sage-cluster/sage-backend"
    )
    assert tokyo["aws_ecs_service.backend"]["lifecycle"][0]["ignore_changes"] == ["desired_count", "task_definition"]


def test_without_a_deploy_section_there_is_no_workflow_and_no_role(tmp_path: Path) -> None:
    data = sage_data()
    data.pop("deploy")
    files = render_stack(load_spec(write_spec(tmp_path / "spec.yaml", data)))
    assert not [p for p in files if ".github" in p or p.endswith("deploy.tf")]
    assert "ignore_changes = [desired_count]\n" in files["terraform/ecs.tf"]


def _rendered_workflows() -> dict[str, str]:
    """Every deploy workflow of every phase of specs/sage.yaml and of each golden case, rendered now."""
    from sagegen.spec.load import load_stack

    found = {}
    for spec_path in [ROOT / "specs" / "sage.yaml", *sorted((ROOT / "examples").glob("*.yaml"))]:
        stack = load_stack(spec_path)
        for phase, spec in stack.phases.items():
            for path, text in render_stack(spec, phase).items():
                if path.startswith(".github/workflows/"):
                    found[f"{spec_path.parent.name}/{phase}/{path}"] = text
    return found


def test_every_action_is_pinned_by_a_commit_of_a_release_tag_and_holds_no_token() -> None:
    """Issue 16 (8): at 586e137 zizmor found unpinned actions, a checkout that keeps its token, and an
    expression spliced into a script. zizmor itself runs in scripts/test; this says what it checks."""
    from sagegen.render.workflows import ACTIONS

    pinned = {f"{repository}@{commit}": tag for repository, commit, tag in ACTIONS.values()}
    workflows = _rendered_workflows()
    assert len(workflows) >= 6
    for name, text in workflows.items():
        for line in text.splitlines():
            if "uses:" in line:
                ref, _, comment = line.split("uses: ", 1)[1].partition(" # ")
                assert ref in pinned and comment == pinned[ref], f"{name}: {line.strip()}"
                assert re.fullmatch(r".+@[0-9a-f]{40}", ref) and re.fullmatch(r"v\d+\.\d+\.\d+", comment)
        workflow = yaml.safe_load(text)
        assert workflow["permissions"] == {}, name  # each job says what it needs
        for job in workflow["jobs"].values():
            checkout = any(s.get("uses", "").startswith("actions/checkout@") for s in job["steps"])
            login = any(s.get("uses", "").startswith("aws-actions/configure-aws-credentials@") for s in job["steps"])
            # A job may read the code only if it checks it out, and get an OIDC token only if it logs in to AWS.
            assert job["permissions"] == {
                **({"id-token": "write"} if login else {}),
                **({"contents": "read"} if checkout else {}),
            }, name
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), f"{name}: {step['name']} splices an expression into run"
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, name
