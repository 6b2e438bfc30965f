"""The repository's CI workflow runs as written: on a clean copy of the tree, every step's command exists
(or an earlier step makes it), the steps that need no GitHub runner are executed, and zizmor finds nothing."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from support import HANG, ROOT
from tree import copy_as_cloned

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
PINNED = re.compile(r"^\s*-?\s*uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")


@pytest.fixture(scope="module")
def clean_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files a clone of this tree has (tracked, or new and not ignored), and nothing else."""
    return copy_as_cloned(ROOT, tmp_path_factory.mktemp("clone"))


def steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]["steps"]


def test_every_action_is_pinned_by_commit_with_its_version() -> None:
    uses = [line for line in WORKFLOW.read_text().splitlines() if "uses:" in line]
    assert uses and all(PINNED.match(line) for line in uses), uses
    assert len(uses) == sum(1 for s in steps() if "uses" in s)


def test_checkout_does_not_keep_the_token() -> None:
    (checkout,) = [s for s in steps() if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] is False


def _commands(step: dict) -> list[list[str]]:
    return [shlex.split(line) for line in step["run"].splitlines() if line.strip() and not line.startswith("#")]


def test_every_run_step_names_a_program_the_clean_copy_has(clean_copy: Path) -> None:
    scripts = tomllib.loads((clean_copy / "pyproject.toml").read_text())["project"]["scripts"]
    made_by_tests_step = {f".venv/bin/{name}" for name in scripts}  # scripts/test installs the project into .venv
    seen = []
    for step in (s for s in steps() if "run" in s):
        for program, *_ in _commands(step):
            seen.append(program)
            if program in made_by_tests_step:
                assert "scripts/test" in seen, f"{program} is used before scripts/test creates it"
                continue
            path = clean_copy / program
            assert path.is_file() and path.stat().st_mode & stat.S_IXUSR, f"{program}: not an executable of the tree"
    assert seen == ["scripts/test", ".venv/bin/sagegen", ".venv/bin/sagegen"]


def test_the_tests_step_is_a_sound_script(clean_copy: Path) -> None:
    """scripts/test is the suite running now (.ci/run calls it), so it is checked here, not run again."""
    result = subprocess.run(["bash", "-n", str(clean_copy / "scripts" / "test")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (clean_copy / ".ci" / "run").read_text().rstrip().endswith("exec scripts/test")


def test_the_check_step_passes_on_the_clean_copy(clean_copy: Path) -> None:
    (step,) = [s for s in steps() if "sagegen check" in s.get("run", "")]
    ((program, *args),) = _commands(step)
    env = dict(os.environ, PYTHONPATH=str(clean_copy))  # this copy's sagegen, as the step's venv would have it
    result = subprocess.run(
        [sys.executable, "-m", "sagegen", *args], cwd=clean_copy, env=env, capture_output=True, text=True, timeout=HANG
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "out is up to date with specs/sage.yaml" in result.stdout


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is a test dependency (scripts/setup installs it from requirements/test.txt)"
    result = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--min-severity", "low", str(WORKFLOW.parent)],
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_the_impact_step_runs_on_the_clean_copy_against_its_own_history(clean_copy: Path) -> None:
    """The pull-request step, with the base branch standing in as this copy's first commit of the spec."""
    (step,) = [s for s in steps() if "sagegen impact" in s.get("run", "")]
    assert step["if"] == "github.event_name == 'pull_request'"
    ((program, *args),) = _commands(step)
    assert args == ["impact", "--base", "origin/$GITHUB_BASE_REF"]
    git = ["git", "-c", "user.name=ci", "-c", "user.email=ci@example.com"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run([*git, *command], cwd=clean_copy, check=True, capture_output=True)
    subprocess.run([*git, "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=clean_copy, check=True)
    env = dict(os.environ, PYTHONPATH=str(clean_copy), GITHUB_BASE_REF="main")
    base = os.path.expandvars(args[2].replace("$GITHUB_BASE_REF", env["GITHUB_BASE_REF"]))
    result = subprocess.run(
        [sys.executable, "-m", "sagegen", "impact", "--base", base],
        cwd=clean_copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no changes" in result.stdout


EXAMPLE = ROOT / "docs" / "examples" / "pull-request-impact.yml"


def test_the_readme_shows_the_pull_request_workflow_as_it_is_checked() -> None:
    text = EXAMPLE.read_text()
    assert f"```yaml\n{text}```" in (ROOT / "README.md").read_text()
    uses = [line for line in text.splitlines() if "uses:" in line]
    assert uses and all(PINNED.match(line) for line in uses), uses


def test_the_job_that_comments_runs_nothing_of_the_pull_request() -> None:
    """GitHub's advice for a token that writes: never in a job that runs the pull request's code ("Keeping
    your GitHub Actions and workflows secure", GitHub Security Lab). Here only `impact` reads the pull
    request's files, with a read-only token; `comment` posts the artifact's text."""
    workflow = yaml.safe_load(EXAMPLE.read_text())
    assert workflow["permissions"] == {} and set(workflow[True]) == {"pull_request"}  # `on:` reads as True
    impact, comment = workflow["jobs"]["impact"], workflow["jobs"]["comment"]
    assert impact["permissions"] == {"contents": "read"}
    assert comment["permissions"] == {"pull-requests": "write"} and comment["needs"] == "impact"
    assert [s["uses"].split("@")[0] for s in comment["steps"] if "uses" in s] == ["actions/download-artifact"]
    runs = [s["run"] for s in comment["steps"] if "run" in s]
    assert all(r.startswith(("gh pr comment ", "exit ")) for r in runs), runs
    assert "${{" not in "".join(runs)  # values reach the shell through env, never spliced into it
    (step,) = [s for s in impact["steps"] if "sagegen impact" in s.get("run", "")]
    assert '--base "origin/$GITHUB_BASE_REF" --format markdown >impact.md' in step["run"]


def test_zizmor_finds_nothing_in_the_example_workflow() -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    result = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--min-severity", "low", str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert result.returncode == 0 and "No findings to report" in result.stdout + result.stderr, result.stdout
