"""README.md and RUNBOOK.md beside each phase's Terraform: read from the render, kept current by check."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cases import RENDERED
from helpers import run_cli, sage_data, stand_in, write_spec
from support import HANG, ROOT, SAGE_SPEC

from sagegen import api
from sagegen.render import hcl_reader
from sagegen.spec.load import load_phases

OUT = ROOT / "out"
PHASES = ("mvp", "growth", "scale")  # out/ is the live phase (mvp); each rendered afresh (RENDERED)


def parsed(directory: Path, name: str, kind: str) -> dict[str, dict]:
    """python-hcl2's reading of one file's variables or outputs: an independent check of the README's."""
    blocks = hcl_reader.parse((directory / name).read_text()).get(kind, [])
    return {key: body for block in blocks for key, body in block.items()}


@pytest.mark.parametrize("phase", PHASES)
def test_the_readme_lists_every_input_output_and_resource(phase: str) -> None:
    readme = (RENDERED[phase] / "README.md").read_text()
    for module in sorted(RENDERED[phase].glob("**/terraform")):
        section = readme.split(f"## {module.relative_to(RENDERED[phase])}\n", 1)[1].split("\n## ", 1)[0]
        for name, body in parsed(module, "variables.tf", "variable").items():
            assert f"| `{name}` | `{body['type'].strip('${}')}` | {body['description']} |" in section
        for name, body in parsed(module, "outputs.tf", "output").items():
            assert f"| `{name}` | {body['description']} |" in section
        for path in sorted(module.glob("*.tf")):
            addresses = list(hcl_reader.resources(hcl_reader.parse(path.read_text())))
            if addresses:
                assert f"| `{path.name}` | {', '.join(addresses)} |" in section


def test_the_readme_shows_the_state_of_each_root_module() -> None:
    readme = (RENDERED["scale"] / "README.md").read_text()
    assert "| `terraform` | us-west-2 | `sage/terraform.tfstate` |" in readme
    assert "| `ap-northeast-1/terraform` | ap-northeast-1 | `sage/ap-northeast-1/terraform.tfstate` |" in readme


def test_the_diagram_is_drawn_from_the_rendered_security_group_rules(tmp_path: Path) -> None:
    diagram = api.docs(SAGE_SPEC, "scale", diagram_only=True)
    assert diagram.count("subgraph ") == 2  # one per region
    assert "r0_cdn --> r0_web" in diagram and "r1_cdn" not in diagram  # CloudFront once, in the primary
    for region in ("r0", "r1"):
        for edge in (
            f"{region}_alb -->|3000| {region}_backend",
            f"{region}_backend -->|5432| {region}_rds",
            f"{region}_backend -->|6379| {region}_redis",
            f"users -->|80, 443| {region}_alb",
        ):
            assert edge in diagram
    data = sage_data()
    data["service"]["container_port"] = 8080  # the rule changes, so the arrow does
    other = api.docs(write_spec(tmp_path / "spec.yaml", data), None, diagram_only=True)
    assert "r0_alb -->|8080| r0_backend" in other and "|3000|" not in other


@pytest.mark.parametrize("phase", PHASES)
def test_the_runbook_uses_the_real_names_of_each_region(phase: str) -> None:
    spec = load_phases(SAGE_SPEC)[phase]
    runbook = (RENDERED[phase] / "RUNBOOK.md").read_text()
    n = spec.names
    for region in [spec.region, *(r.region for r in spec.secondary_regions)]:
        # The writer's region restores its database; another region's is a replica of it (its own section).
        restore = f"## Restore the database ({region})" if region == spec.region else f"## The database in {region}"
        assert restore in runbook
        assert f"aws logs tail {n.log_group} --region {region} --follow" in runbook
    if spec.secondary_regions:
        assert f"## Lose the writer's region ({spec.region}, to {spec.secondary_regions[0].region})" in runbook
    # Which command names which resource is checked against the parsed render in
    # tests/render/test_documents_truth.py; here, the restore's copy takes the live network and sizes.
    assert f"--db-subnet-group-name {n.of_resource('db-subnets')}" in runbook
    assert f"--cache-subnet-group-name {n.of_resource('cache-subnets')}" in runbook
    assert f"--db-instance-class {spec.database.instance_class}" in runbook
    assert f"--cache-node-type {spec.cache.node_type}" in runbook


def test_the_runbook_states_the_documents_backup_table() -> None:
    runbook = (RENDERED["mvp"] / "RUNBOOK.md").read_text()
    assert (
        "| RDS `sage-postgres` | daily snapshot + point-in-time restore (logs every 5 min) "
        "| 03:00-04:00 | 7 days | 24 h | 1 h |" in runbook
    )
    assert "| ElastiCache `sage-redis` | daily snapshot | 03:00-04:00 | 5 days | 24 h | 30 min |" in runbook
    assert "| S3 `sage-frontend-prod` | versioning on | - | old versions 90 days | immediate | immediate |" in runbook
    assert "TF_VAR_db_password" not in runbook.replace("no `TF_VAR_db_password` exists", "")


def test_check_fails_when_a_document_is_stale(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(OUT, out)
    runbook = out / "RUNBOOK.md"
    runbook.write_text(runbook.read_text().replace("sage-postgres", "sage-db"))
    (out / "README.md").unlink()
    result = run_cli("check", SAGE_SPEC, "--out", out)
    assert result.returncode == 1
    assert re.search(r"changed +.*out/RUNBOOK\.md", result.stdout + result.stderr)
    assert re.search(r"(missing|created) +.*out/README\.md", result.stdout + result.stderr)


@pytest.mark.parametrize(
    "rpo, message",
    [
        (
            {"cache": {"rpo_minutes": 60, "rto_minutes": 30}},
            "recovery: cache.rpo_minutes is 60: ElastiCache snapshots the cache once a day",
        ),
        ({"database": {"rpo_minutes": 1, "rto_minutes": 60}}, "recovery: database.rpo_minutes is 1: point-in-time"),
    ],
)
def test_objectives_the_backups_cannot_meet_are_refused(tmp_path: Path, rpo: dict, message: str) -> None:
    data = sage_data()
    data["recovery"] = rpo
    result = run_cli("validate", write_spec(tmp_path / "spec.yaml", data))
    assert result.returncode == 1 and message in result.stderr and "spec.yaml:" in result.stderr


def test_docs_prints_the_readme_and_names_an_unknown_phase() -> None:
    result = run_cli("docs", SAGE_SPEC, "--phase", "growth")
    assert result.returncode == 0 and result.stdout == (RENDERED["growth"] / "README.md").read_text()
    bad = run_cli("docs", SAGE_SPEC, "--phase", "huge")
    assert bad.returncode == 1 and "unknown phase 'huge'" in bad.stderr


def test_docs_draws_the_svg_with_graphviz_and_says_when_it_is_missing(tmp_path: Path) -> None:
    import os
    import sys

    bin_dir = tmp_path / "bin"
    # stands in for Graphviz: echoes what it was given inside an <svg>
    stub = stand_in(bin_dir / "dot", "assert sys.argv[1:] == ['-Tsvg']\nprint('<svg>' + sys.stdin.read() + '</svg>')")
    env = dict(os.environ, PATH=f"{bin_dir}:{Path(sys.executable).parent}")
    target = tmp_path / "architecture.svg"
    cmd = [sys.executable, "-m", "sagegen", "docs", str(SAGE_SPEC), "--phase", "scale", "--svg", str(target)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=HANG)
    assert result.returncode == 0, result.stderr
    svg = target.read_text()
    assert svg.startswith("<svg>digraph architecture {") and 'label="ap-northeast-1";' in svg
    assert 'r0_alb -> r0_backend [label="3000"];' in svg
    stub.unlink()
    missing = subprocess.run(
        cmd[:-1] + [str(tmp_path / "other.svg")], capture_output=True, text=True, env=env, timeout=HANG
    )
    assert missing.returncode == 1 and "needs Graphviz's `dot`, which is not on PATH" in missing.stderr
    assert not (tmp_path / "other.svg").exists() and "Traceback" not in missing.stderr


def test_a_value_in_a_runbook_command_reaches_the_shell_as_one_word(tmp_path: Path) -> None:
    """Spec values go through the shell encoder: a description with quotes, `$(...)` and `;` is one
    argument to the AWS CLI, and nothing in it runs. The shell itself is the judge (`bash -n`, then echo)."""
    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_stack

    hostile = 'Sage\'s "cache" $(touch pwned); `id` & more'
    data = sage_data()
    data["cache"]["description"] = hostile
    stack = load_stack(write_spec(tmp_path / "spec.yaml", data))
    runbook = render_stack(stack.live_spec, stack.live)["RUNBOOK.md"]
    (line,) = [x for x in runbook.splitlines() if "--replication-group-description" in x]
    word = line.split("--replication-group-description ", 1)[1].split(" --snapshot-name")[0]
    echoed = subprocess.run(["bash", "-c", f"printf %s {word}"], cwd=tmp_path, capture_output=True, text=True)
    assert echoed.returncode == 0 and echoed.stdout == hostile
    assert not (tmp_path / "pwned").exists()


def test_the_first_apply_is_two_steps_without_a_hosted_zone_and_one_with(tmp_path: Path) -> None:
    """Without `dns`, the README's first step creates exactly the certificates and the image repository
    (the e2e phase lanes run it); with `dns`, Terraform makes the records and no CNAME step is given."""
    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_stack

    readme = (RENDERED["mvp"] / "README.md").read_text()
    (step,) = [x for x in readme.splitlines() if "apply -target=" in x]
    assert sorted(a for a in step.split() if a.startswith("-target=")) == [
        "-target=aws_acm_certificate.backend",
        "-target=aws_acm_certificate.frontend",
        "-target=aws_ecr_repository.backend",
    ]
    assert "certificate_validation_records" in readme and "docker push" in readme
    data = sage_data()
    data["dns"] = {"zone": "sage.ai"}
    stack = load_stack(write_spec(tmp_path / "spec.yaml", data))
    files = render_stack(stack.live_spec, stack.live)
    with_zone = files["README.md"]
    (step,) = [x for x in with_zone.splitlines() if "apply -target=" in x]
    assert step.split()[3:] == ["-target=aws_ecr_repository.backend"]
    assert "output certificate_validation_records" not in with_zone
    assert "validation_record_fqdns" in files["terraform/acm.tf"]


@pytest.mark.parametrize("document", ["README.md", "RUNBOOK.md"])
@pytest.mark.parametrize("phase", PHASES)
def test_every_command_block_is_valid_shell(phase: str, document: str) -> None:
    """Each ```sh block of the generated guides parses in bash once its <placeholders> are filled (the e2e
    lanes run most of them; this covers every phase and region in a second)."""
    from runbook import PLACEHOLDER, sections

    blocks = [b for bs in sections((RENDERED[phase] / document).read_text()).values() for b in bs]
    assert blocks
    for block in blocks:
        filled = PLACEHOLDER.sub("FILLED", block)
        parsed = subprocess.run(["bash", "-n", "-c", filled], capture_output=True, text=True)
        assert parsed.returncode == 0, f"{phase}/{document}:\n{block}\n{parsed.stderr}"


def test_the_guides_name_the_specs_own_product_and_compare_only_when_asked() -> None:
    """A spec without `product` and `document` (examples/minimal.yaml) gets a README about its own project,
    no Sage.ai, no document's cost table; specs/sage.yaml names both and gets them."""
    from sagegen import cost
    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_spec

    minimal = load_spec(ROOT / "examples" / "minimal.yaml")
    readme = render_stack(minimal, None)["README.md"]
    assert "Terraform for the mini stack" in readme and "External APIs]]" in readme
    assert not re.search(r"(?i)sage\.ai|anthropic|sentry|the document's cost table", readme)
    assert "the document's table" not in cost.as_table(cost.estimate(minimal, None))
    sage = load_spec(SAGE_SPEC, phase="mvp")
    readme = render_stack(sage, "mvp")["README.md"]
    assert "Terraform for the Sage.ai stack" in readme and "The document's cost table" in readme
    assert "External APIs: anthropic-api-key, sentry-dsn" in readme
    assert "the document's table (MVP)" in cost.as_table(cost.estimate(sage, "mvp"))


def test_the_first_apply_steps_are_numbered_in_order_and_keep_the_lock_file() -> None:
    """Scale has two root modules: the steps read 1. to 6., not 1. 1. 2.; each module's `init` says to
    commit the dependency lock file, which Terraform's docs say belongs in version control for a root
    module (and this repository no longer ignores it)."""
    readme = (ROOT / "tests" / "cases" / "sage-scale" / "expected" / "README.md").read_text()
    steps = [int(n) for n in re.findall(r"^(\d+)\. ", readme.split("## Monthly cost")[0], re.M)]
    assert steps == list(range(1, len(steps) + 1)) and len(steps) == 6
    assert readme.count("`init` writes `.terraform.lock.hcl`") == 2 and "commit it" in readme
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", "out/terraform/.terraform.lock.hcl"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 1, "the lock file of a root module is ignored by git"


def test_the_readme_counts_resource_blocks_and_says_so() -> None:
    """It said "resources" and counted blocks (79) where `terraform plan` and `impact` count instances (86)."""
    readme = (ROOT / "out" / "README.md").read_text()
    blocks = sum(p.read_text().count('\nresource "') for p in (ROOT / "out" / "terraform").glob("*.tf"))
    assert f"| `terraform` | us-west-2 | `sage/terraform.tfstate` | {blocks} |" in readme
    assert "| root module | region | state | resource blocks |" in readme
    assert "A resource block with `count` is as many resources in `terraform plan`" in readme
