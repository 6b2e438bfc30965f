"""The README's first apply and deploy set-up judged as AWS, Terraform, Docker and GitHub take them (issue 25):
every phase and golden case, against the parsed render. The e2e lane runs the README on the emulator;
these catch in milliseconds a step lost, reordered or pointed at the wrong thing.
"""

from __future__ import annotations

import re
import shlex

import pytest
from procedures import RENDERS, VARIANTS, calls, guide_blocks, joined, module_file, rendered, terraform_calls

READ_HOST = re.compile(r"`DATABASE_READ_URL` \| reads that may be a little behind the writer: `([^`]+)`")


def _first_apply(name: str, phase: str | None) -> list[str]:
    return [b for _, h, b in guide_blocks(name, phase) if h == "First apply"]


def _variables(name: str, phase: str | None, directory: str) -> dict[str, dict]:
    return {k: v for o in module_file(name, phase, directory, "variables.tf")["variable"] for k, v in o.items()}


@pytest.mark.parametrize("name, phase", RENDERS)
def test_each_state_bucket_is_made_where_its_backend_reads_it_versioned_and_private(name, phase) -> None:
    """S3 makes a bucket in us-east-1 unless LocationConstraint names the region, and refuses
    LocationConstraint=us-east-1 (S3 API Reference, CreateBucket); Terraform's S3 backend docs ask for
    versioning "to allow for state recovery"; a state holds outputs and addresses, so no public access."""
    _, modules = rendered(name, phase)
    made = [c for b in _first_apply(name, phase) for c in calls(b)]
    for directory, _, _ in modules.values():
        for block in module_file(name, phase, directory, "versions.tf").get("terraform", []):
            for backend in block.get("backend", []):
                bucket, region = backend["s3"]["bucket"], backend["s3"]["region"]
                on = [c for c in made if c.one("--bucket") == bucket and c.one("--region") == region]
                constraint = [c.one("--create-bucket-configuration") for c in on if c.operation == "create-bucket"]
                assert constraint == [None if region == "us-east-1" else f"LocationConstraint={region}"], bucket
                assert any(c.one("--versioning-configuration") == "Status=Enabled" for c in on), bucket
                blocked = {c.one("--public-access-block-configuration") for c in on} - {None}
                assert blocked == {"BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,"
                                   "RestrictPublicBuckets=true"}, bucket  # fmt: skip


@pytest.mark.parametrize("name, phase", RENDERS)
def test_each_module_is_initialised_then_applied_first_region_first(name: str, phase: str | None) -> None:
    """`init` before any plan or apply of a directory (Terraform CLI docs, "terraform init": the first
    command to run in a new configuration); the whole apply first region first (the README's own order:
    the first module holds the global resources the others read)."""
    _, modules = rendered(name, phase)
    order = [d for d, _, _ in modules.values()]
    done: list[tuple[str, str]] = []
    for block in _first_apply(name, phase):
        for words in terraform_calls(block):
            directory = next(w.split("=", 1)[1] for w in words if w.startswith("-chdir="))
            action = next(w for w in words[1:] if not w.startswith("-"))
            if action in ("plan", "apply", "output"):
                assert (directory, "init") in done, f"{name} {phase}: {action} in {directory} before its init"
            done.append((directory, action if not any(w.startswith("-target=") for w in words) else "targeted"))
    whole = [d for d, a in done if a == "apply"]
    assert whole == order, f"{name} {phase}: the whole applies run {whole}, the modules are {order}"


def _docker(block: str) -> list[list[str]]:
    words = []
    for line in joined(block).splitlines():
        for m in re.finditer(r"(?<![\w-])docker (build|tag|push|login)\b[^|;&]*", line):
            words.append(shlex.split(m.group(0)))
    return words


@pytest.mark.parametrize("name, phase", RENDERS)
def test_each_region_gets_the_image_its_task_definition_runs_before_the_apply(name: str, phase: str | None) -> None:
    """The task definition runs `<repository>:<var.image_tag>` of its own region; Docker pushes only an
    image it has built or tagged, to a registry it has logged in to (ECR User Guide, "Pushing a Docker
    image": get-login-password piped to docker login, per registry); the service's first deployment
    needs the image (the README: pushed before the apply)."""
    _, modules = rendered(name, phase)
    blocks = _first_apply(name, phase)
    (push,) = [b for b in blocks if "docker push" in b]
    assert blocks.index(push) < len(blocks) - 1, "the image is pushed before the last apply"
    images, logged_in, pushed = set(), [], []
    held: dict[str, str] = {}  # shell variable -> the repository it holds, "repository of <module directory>"
    for line in joined(push).splitlines():
        if m := re.match(r"\s*(\w+)=\$\(terraform -chdir=(\S+) output -raw ecr_repository_url\)", line):
            held[m.group(1)] = f"repository of {m.group(2)}"
        elif m := re.match(r"\s*(\w+)=\$(\w+)\s*$", line):
            held[m.group(1)] = held[m.group(2)]
        for call in calls(line):
            if call.operation == "get-login-password":
                logged_in.append(call.one("--region"))
        for words in _docker(re.sub(r"\$(\w+)", lambda v: held.get(v.group(1), v.group(0)), line)):
            if words[1] == "build":
                images.add(words[words.index("-t") + 1])
            elif words[1] == "tag":
                assert words[2] in images, f"{name} {phase}: tags {words[2]}, never built"
                images.add(words[3])
            elif words[1] == "push":
                assert words[2] in images, f"{name} {phase}: pushes {words[2]}, never built or tagged"
                pushed.append((words[2], logged_in[-1] if logged_in else None))
    want = []
    for region, (directory, _, _) in modules.items():
        tag = _variables(name, phase, directory)["image_tag"]["default"]
        want.append((f"repository of {directory}:{tag}", region))
    assert sorted(pushed) == sorted(want), f"{name} {phase}: pushes {pushed}, the task definitions run {want}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_without_a_zone_the_readme_prints_the_validation_records_and_says_where_to_point_names(name, phase) -> None:
    """ACM issues a certificate only once its validation record exists (ACM User Guide, "DNS validation");
    without `dns` nobody but the user can create the records and the aliases, so the README prints the
    records of each module before asking for them, and names what to point where; with a zone, it asks
    for neither."""
    files, modules = rendered(name, phase)
    readme = files["README.md"]
    # With a hosted zone the render validates the certificates itself (a record per validation option).
    spec_has_zone = any(a.startswith("aws_route53_record.certificate_validation") for _, r, _ in modules.values()
                        for a in r)  # fmt: skip
    printed = [d for b in _first_apply(name, phase) for w in terraform_calls(b) if "certificate_validation_records" in w
               for d in [next(x.split("=", 1)[1] for x in w if x.startswith("-chdir="))]]  # fmt: skip
    if spec_has_zone:
        assert not printed and "at your DNS provider" not in readme
        return
    assert printed == [d for d, _, _ in modules.values()], f"{name} {phase}: prints the records of {printed}"
    assert re.search(r"Create each record printed .* at your DNS provider", readme)
    point = re.search(
        r"Point `([^`]+)` at the `alb_dns_name` output(?: and (.+?) at `cloudfront_domain_name`)?", readme
    )
    assert point, "the README says where to point the API's name"
    primary = next(iter(modules.values()))[1]
    aliases = sorted(a for b in primary.values() for a in b.get("aliases", []) if "aliases" in b)
    assert sorted((point.group(2) or "").split(", ") if point.group(2) else []) == aliases


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_plan_is_told_the_variables_it_needs(name: str, phase: str | None) -> None:
    """A variable without a default must be given to every plan and apply (Terraform: "No value for required
    variable"): the README names each module's, as the TF_VAR_ environment variable Terraform reads."""
    files, modules = rendered(name, phase)
    named = set(re.findall(r"`TF_VAR_(\w+)`", files["README.md"].split("## First apply")[1].split("```")[0]))
    for directory, _, _ in modules.values():
        required = {k for k, v in _variables(name, phase, directory).items() if "default" not in v}
        assert required <= named, f"{name} {phase} {directory}: needs {sorted(required - named)}, not in the README"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_the_readme_lists_what_the_tasks_receive_as_the_task_definition_gives_it(name, phase) -> None:
    """The table of "What the tasks receive" names exactly the variables the task definition passes, and
    the read endpoint it describes is the replicas' name only where the module has replicas."""
    files, modules = rendered(name, phase)
    section = files["README.md"].split("## What the tasks receive")[1].split("\n## ")[0]
    # The table is the writing region's tasks' (the primary's unless writer_region moved it).
    writes = re.search(r"The tasks of (\S+), the region that writes", section)
    directory, r, _ = modules[writes.group(1)] if writes else next(iter(modules.values()))
    task = r["aws_ecs_task_definition.backend"]
    defined = set(re.findall(r'name\s+=\s+"([A-Z][A-Z0-9_]+)"', rendered(name, phase)[0][f"{directory}/ecs.tf"]))
    listed = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, re.M))
    assert listed <= defined and {"DATABASE_URL", "DATABASE_PASSWORD", "REDIS_URL"} <= listed, (listed, defined)
    assert task
    replicas = any(a.startswith("aws_db_instance.postgres_replica") for a in r)
    assert bool(READ_HOST.search(section)) == replicas, f"{name} {phase}: the read endpoint described wrongly"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_the_readme_names_every_rendered_workflow(name: str, phase: str | None) -> None:
    files, _ = rendered(name, phase)
    workflows = sorted(p for p in files if p.startswith(".github/workflows/"))
    listed = sorted(re.findall(r"^- `(\.github/workflows/[^`]+)`", files["README.md"], re.M))
    assert listed == workflows


@pytest.mark.parametrize("name, phase", RENDERS)
def test_the_readme_explains_phases_and_module_order_only_where_they_exist(name: str, phase: str | None) -> None:
    files, modules = rendered(name, phase)
    readme = files["README.md"].split("## First apply")[0]
    phased = name == "sage" or name in VARIANTS  # the renders of specs/sage.yaml, which has phases
    assert ("This is phase `" in readme) == phased, f"{name} {phase}: phases explained wrongly"
    assert ("Apply the root modules in this order" in readme) == (len(modules) > 1), f"{name} {phase}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_the_oidc_subject_the_readme_sets_is_the_one_the_deploy_roles_trust(name, phase) -> None:
    """GitHub builds the token's subject from the included claim keys, in order, `key:value` joined by
    `:`, with `context` giving `ref:<ref>` for a branch (GitHub Docs, "OpenID Connect reference")."""
    files, _ = rendered(name, phase)
    subjects = re.findall(
        r'"token\.actions\.githubusercontent\.com:sub" = "([^"]+)"', files.get("terraform/deploy.tf", "")
    )
    blocks = [b for _, h, b in guide_blocks(name, phase) if h == "Deploys" and "gh api" in b]
    if not subjects:
        assert not blocks
        return
    (block,) = blocks
    keys = re.findall(r"include_claim_keys\[\]=(\w+)", block)
    repository = re.search(r"repos/([^/\s]+/[^/\s]+)/actions/oidc/customization/sub(?=\s)", block).group(1)
    assert "use_default=false" in block
    for subject in subjects:
        want = rf"repo:{re.escape(repository)}:ref:refs/heads/[^:]+:job_workflow_ref:{re.escape(repository)}/\S+"
        assert keys == ["repo", "context", "job_workflow_ref"] and re.fullmatch(want, subject), (keys, subject)
