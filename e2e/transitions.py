"""The live stack's life on the emulator: an upgrade from an older render, and MVP -> Growth -> Scale.

Each lane is one emulator and one state, as production has one state per region:

* upgrade: the MVP as sagegen rendered it at 586e137 (e2e/fixtures) is applied, then today's
  render is planned on that state (nothing stateful may be replaced or destroyed) and applied;
* phases: today's MVP is applied, then `phase: growth` and `phase: scale` in turn: each plan must
  equal `sagegen impact` for the primary region, hold no stateful replacement or deletion, apply,
  and re-plan clean but for the updates impact said wait for the maintenance window (the
  emulator, like AWS with apply_immediately false, holds ElastiCache's until then).

Tokyo's root module (Scale's second region) runs in a lane of its own (test_e2e.run_module).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from emulator import aws_client, dns_operator, moto_server, provider_override, publish_validation_records
from phase_plans import REPLACE, WEB_ACL_TYPES, confirm_replacements, plan_actions, predicted, verdict
from support import FIGURES, ROOT, SAGE_SPEC, Terraform, write_tree

from sagegen import api
from sagegen.insight.baseline import Base
from sagegen.insight.impact import STATEFUL
from sagegen.render.module import render
from sagegen.spec.layout import TERRAFORM_DIR
from sagegen.spec.load import load_stack
from sagegen.spec.models import Spec

FIXTURE = Path(__file__).parent / "fixtures" / "render-586e137" / "terraform"
APPLY_TIMEOUT = 900


class Lane:
    """One root module against one emulator: write a render, plan, apply, re-plan."""

    def __init__(self, terraform: Terraform, directory: Path, url: str, spec: Spec) -> None:
        self.terraform, self.module, self.timings = terraform, directory / "terraform", {}
        self.env = {f"TF_VAR_{s.env.lower()}": f"e2e-{s.env.lower()}" for s in spec.secrets.values()}
        self.url = url

    def twin(self, name: str) -> Lane:
        """A second working copy of this module: its files, provider links and local state (the emulator's
        backend is `local`), so a plan there neither waits for nor disturbs one here."""
        twin = copy.copy(self)
        twin.module, twin.timings = self.module.parent / name / "terraform", {}
        shutil.copytree(self.module, twin.module, symlinks=True)
        return twin

    def write(self, files: dict[str, str]) -> None:
        """Replace the module's .tf files by `files` ({"terraform/x.tf": text}), keeping its state."""
        for old in self.module.glob("*.tf"):
            old.unlink()
        write_tree(self.module.parent, files)
        # Every provider the module declares (us_east_1 for CloudFront, primary or writer in other regions)
        # sends its calls to the emulator.
        aliases = re.findall(r'^\s*alias\s*=\s*"(\w+)"', files[f"{TERRAFORM_DIR}/providers.tf"], re.M)
        override = provider_override(self.url, aliases) + 'terraform {\n  backend "local" {}\n}\n'
        (self.module / "zz_emulator_override.tf").write_text(override)

    def run(self, step: str, *args: str) -> str:
        start = time.monotonic()
        result = self.terraform.run(self.module, *args, timeout=APPLY_TIMEOUT, env=self.env)
        self.timings[step] = self.timings.get(step, 0) + time.monotonic() - start
        output = result.stdout + result.stderr
        expected = (0, 2) if "-detailed-exitcode" in args else (0,)
        assert result.returncode in expected, f"terraform {step} failed:\n{output[-6000:]}"
        return output + f"\nexit code {result.returncode}"

    def plan(self, step: str, *extra: str, shown: bool = False) -> dict[str, dict]:
        """The saved plan's changes: their actions, or with `shown` all `terraform show -json` says."""
        start = time.monotonic()
        changes = plan_actions(self.terraform, self.module, self.env, *extra, shown=shown)
        self.timings[step] = self.timings.get(step, 0) + time.monotonic() - start
        return changes

    def apply_plan(self, step: str) -> str:
        """Apply the plan `plan` saved: exactly what was checked, with no second plan."""
        return self.run(step, "apply", "-input=false", "-parallelism=20", "phase.tfplan")

    def replan_is_clean(self, step: str) -> None:
        output = self.run(step, "plan", "-detailed-exitcode", "-input=false")
        assert "exit code 0" in output, f"the re-plan after {step} is not clean:\n{output[-6000:]}"

    def replan_shows_only(self, step: str, pending: set[str]) -> list[str]:
        """A refreshed re-plan that changes nothing but updates `sagegen impact` said wait for the
        maintenance window (the emulator, like AWS, holds some of them until then). Returns those seen."""
        changes = {a: c["actions"] for a, c in self.plan(step).items() if c["actions"] not in (["no-op"], ["read"])}
        unexpected = {a: actions for a, actions in changes.items() if not (a in pending and actions == ["update"])}
        assert unexpected == {}, f"the re-plan after {step} changes more than the pending updates {pending}"
        return sorted(changes)


def stateful_losses(changes: dict[str, dict]) -> list[str]:
    """Planned replacements or deletions of resources that hold data (read replicas aside: copies)."""
    return [
        f"{address}: {change['actions']}"
        for address, change in changes.items()
        if address.split(".")[0] in STATEFUL
        and "postgres_replica" not in address
        and (change["actions"] in REPLACE or change["actions"] == ["delete"])
    ]


def upgrade_lane(terraform: Terraform, root: Path, read_back: Callable) -> None:
    """The MVP an older sagegen rendered, applied; today's render planned and applied over its state; then
    `phase: growth` in the same state (`move`, its plan refreshed, so it also shows that today's render
    re-plans clean). The README's two-step first apply runs in the Growth -> Scale lane: starting Growth
    from the upgraded MVP spares a third MVP apply (.ci/run is CPU-bound on two cores)."""
    stack = load_stack(SAGE_SPEC)
    mvp = stack.spec("mvp")
    (root / "terraform").mkdir(parents=True)
    with moto_server(root / "moto.log") as url:
        lane = Lane(terraform, root, url, mvp)
        lane.write({f"terraform/{p.name}": p.read_text() for p in sorted(FIXTURE.glob("*.tf"))})
        terraform.init(lane.module, backend=True)
        with dns_operator(url, [mvp.region]):  # the old render made no records: the operator does, as it waits
            old = lane.run("apply 586e137", "apply", "-auto-approve", "-input=false", "-parallelism=20")
        # The old render's bucket policy: S3 answers CloudFront 403 for a missing key, the SPA fallback
        # (404 only) never fires, and a deep link shows S3's AccessDenied.
        assert deep_link(mvp, url)[0] == 403, "the emulator no longer tells 403 from 404 (docs/aws-rules.md)"
        lane.write(render(mvp))
        imports = upgrade_steps(lane, mvp)
        # refreshed by the apply just made; shown: the imports are read below
        changes = lane.plan("plan today's render", "-refresh=false", shown=True)
        imported = sorted(a for a, c in changes.items() if c.get("importing"))
        assert imported == [
            f'aws_cloudwatch_log_group.rds["/aws/rds/instance/{mvp.names.db_identifier}/{log}"]'
            for log in sorted(mvp.database.cloudwatch_logs_exports)
        ], imported
        # The application secrets' versions move from secret_string to the write-only secret_string_wo, which
        # the provider replaces (secret_string forces a new version): the same value, from the same
        # TF_VAR_*, is written again in this apply, which the read-back below holds it to.
        rewritten = {f"aws_secretsmanager_secret_version.{label}" for label in mvp.secrets}
        losses = [loss for loss in stateful_losses(changes) if loss.split(":")[0] not in rewritten]
        assert losses == [], f"the upgrade replaces or destroys data: {losses}"
        summary = verdict(changes)
        lane.apply_plan("apply today's render")
        secrets = aws_client(url, "secretsmanager", mvp.region)
        for secret in mvp.secrets.values():
            value = secrets.get_secret_value(SecretId=mvp.names.secret(secret.name))["SecretString"]
            assert value == lane.env[f"TF_VAR_{secret.env.lower()}"], f"{secret.name} lost its value in the upgrade"
        imports.unlink()
        assert deep_link(mvp, url) == (200, APP_SHELL.decode()), "a deep link does not serve the app shell"
        read_back(mvp, url)
        upgraded = dict(lane.timings)
        lane.timings.clear()
        # The move's plan refreshes (no plan of its own for "today's render re-plans clean"): whatever
        # the upgrade left different from its state is a change `sagegen impact` did not predict.
        moved = move(lane, url, SAGE_SPEC, "mvp", "growth", read_back, refresh=True)
        # The web ACLs' entries of the replacement table, on the one lane that holds them (the RUNBOOK
        # lane confirms the rest): a plan targeting them alone.
        confirmed = confirm_replacements(lane, render(stack.spec("growth")), WEB_ACL_TYPES)
    FIGURES.append(
        f"e2e upgrade from 586e137: {old.count('Creation complete')} resources applied from the old render; "
        f"today's render planned on that state: {', '.join(f'{k} {len(v)}' for k, v in summary.items())}, "
        f"nothing stateful replaced or destroyed; " + ", ".join(f"{k} {v:.0f} s" for k, v in upgraded.items())
    )
    FIGURES.append(moved + "; " + ", ".join(f"{k} {v:.0f} s" for k, v in lane.timings.items()))
    FIGURES.append(f"e2e impact: {confirmed} FORCES_REPLACEMENT entries of the web ACLs confirmed on Growth")


APP_SHELL = b"<html>app shell</html>"


def upgrade_steps(lane: Lane, spec: Spec) -> Path:
    """CHANGELOG.md's once-only file for the first plan of this version (the imports), as written there
    with the placeholders filled. Returns its path: the operator deletes it after the apply."""
    changelog = (ROOT / "CHANGELOG.md").read_text()
    section = changelog[changelog.index("### Production fixes (issue 15): what only real AWS") :]
    block = section[section.index("```hcl\n") + 7 : section.index("```\n", section.index("```hcl\n"))]
    imports = lane.module / "upgrade_imports.tf"
    imports.write_text(block.replace("<project>", spec.project))
    return imports


def deep_link(spec: Spec, url: str) -> tuple[int, str]:
    """GET /dashboard through the distribution, as a viewer (e2e/moto_extended.py simulates the edge)."""
    import urllib.request

    aws_client(url, "s3", spec.region).put_object(Bucket=spec.frontend.bucket_name, Key="index.html", Body=APP_SHELL)
    (distribution,) = aws_client(url, "cloudfront", "us-east-1").list_distributions()["DistributionList"]["Items"]
    with urllib.request.urlopen(f"{url}/_sagegen/cloudfront/{distribution['Id']}/dashboard", timeout=30) as answer:
        got = json.loads(answer.read())
    return got["status"], got["body"]


def first_apply(lane: Lane, spec: Spec, url: str, phase: str = "mvp") -> None:
    """The README's first apply without a hosted zone: its targeted step (the command as the README
    prints it), the records it prints published at the "DNS provider", the image pushed, then the rest."""
    from sagegen.render.assemble import render_stack

    readme = render_stack(spec, phase)["README.md"]  # the README `sagegen render` writes for this phase
    (step,) = [line.strip() for line in readme.splitlines() if "apply -target=" in line]
    targets = [arg for arg in step.split()[2:] if arg.startswith("-target=")]
    assert {t.split("=")[1] for t in targets} == {
        "aws_acm_certificate.backend",
        "aws_acm_certificate.frontend",
        "aws_ecr_repository.backend",
    }
    lane.run("first apply, step 1", "apply", "-auto-approve", "-input=false", *targets)
    shown = lane.terraform.run(lane.module, "output", "-json", "certificate_validation_records", env=lane.env)
    records = json.loads(shown.stdout)
    assert len(records) == 1 + len(spec.frontend.aliases)
    publish_validation_records(url, list(records.values()))
    ecr = aws_client(url, "ecr", spec.region)
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json"}
    ecr.put_image(
        repositoryName=spec.names.ecr_repository, imageManifest=json.dumps(manifest), imageTag=spec.service.image_tag
    )
    lane.run("first apply, step 2", "apply", "-auto-approve", "-input=false", "-parallelism=20")


def phases_lane(
    terraform: Terraform, root: Path, read_back: Callable, source: str, target: str, spec_file: Path = SAGE_SPEC
) -> None:
    """Production moved from `source` to `target` by editing `phase:`, in one state: `source` first
    applied as the README says (two steps, no hosted zone in the spec), then `move`d to `target`.
    test_e2e runs Growth -> Scale so (from a copy of the spec without its web ACLs: e2e/lane_specs.py);
    MVP -> Growth continues the upgrade lane."""
    stack = load_stack(spec_file)
    (root / "terraform").mkdir(parents=True)
    with moto_server(root / "moto.log") as url:
        lane = Lane(terraform, root, url, stack.spec(source))
        lane.write(render(stack.spec(source)))
        terraform.init(lane.module, backend=True)
        first_apply(lane, stack.spec(source), url, source)
        assert deep_link(stack.spec(source), url) == (200, APP_SHELL.decode())
        moved = move(lane, url, spec_file, source, target, read_back)
    FIGURES.append(moved + "; " + ", ".join(f"{k} {v:.0f} s" for k, v in lane.timings.items()))


def move(
    lane: Lane, url: str, spec_file: Path, source: str, target: str, read_back: Callable, refresh: bool = False
) -> str:
    """On a live `source` of `spec_file`: `target` planned (equal to `sagegen impact`, nothing stateful lost), applied,
    read back and re-planned clean but for what impact said waits for the maintenance window. The plan
    refreshes only with `refresh` (after a first apply, the apply's own refresh is a minute old). Returns
    the figure for the run's log."""
    spec = load_stack(spec_file).spec(target)
    lane.write(render(spec))  # what `phase: <target>` and `sagegen render` write into out/terraform
    changes = lane.plan(f"plan {target}", *([] if refresh else ["-refresh=false"]))
    impact = api.impact(spec_file, Base(source_phase=source, target_phase=target))
    impact.changes = [c for c in impact.changes if c.region is None]  # this lane is the primary region
    actual, expected = verdict(changes), predicted(impact)
    assert actual == expected, f"{source} -> {target}: terraform plans {actual}, sagegen impact said {expected}"
    assert stateful_losses(changes) == [], f"{source} -> {target} replaces or destroys data"
    lane.apply_plan(f"apply {target}")
    read_back(spec, url, tasks=False)  # ECS owns the task count after the first apply
    waiting = {c.address for c in impact.changes if any("next maintenance window" in n for n in c.notes)}
    seen = lane.replan_shows_only(f"re-plan {target}", waiting)
    moved = ", ".join(f"{k} {len(v)}" for k, v in actual.items())
    return (
        f"e2e phase move {source} -> {target} in one state: {moved}, re-plan clean but for {seen or 'nothing'} "
        f"of the {len(waiting)} updates impact said wait for the maintenance window (the plan equal to "
        "`sagegen impact`, nothing stateful replaced or destroyed)"
    )
