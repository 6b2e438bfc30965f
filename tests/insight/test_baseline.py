"""`--base REF` reads the spec as git holds it at REF (insight/baseline.py), in this process, against real
git repositories: the revision's bytes, not the working tree's, from any directory of the repository;
each refusal located and with its hint. (tests/output/test_hostile_output.py runs the planted-repository
cases through the CLI in processes of their own.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import sage_data, stand_in, write_spec

from sagegen.errors import UserError
from sagegen.insight import baseline


def _git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args]
    return subprocess.run(command, cwd=repo, check=True, capture_output=True, text=True).stdout


def _repository(tmp_path: Path, name: str = "specs/sage.yaml") -> tuple[Path, Path]:
    """A repository whose first commit holds a valid spec at `name`, then a working-tree edit of it."""
    repo = tmp_path / "repo"
    spec = repo / name
    spec.parent.mkdir(parents=True)
    write_spec(spec, sage_data())
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "--", ".")
    _git(repo, "commit", "-q", "-m", "spec")
    spec.write_text(spec.read_text().replace("db.t4g.micro", "db.t4g.small", 1))
    return repo, spec


def _refusal(call) -> UserError:
    with pytest.raises(UserError) as raised:
        call()
    return raised.value


def test_the_base_is_the_revisions_bytes_from_any_directory_of_the_repository(tmp_path: Path, monkeypatch) -> None:
    repo, spec = _repository(tmp_path)
    (repo / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(repo / "deep" / "er")  # ls-tree names paths from the tree's root, not from here
    monkeypatch.setenv("GIT_DIR", str(tmp_path))  # a GIT_* of the caller's never chooses the repository
    stack = baseline.spec_at_revision(spec, "main")
    assert stack.live_spec.database.instance_class == "db.t4g.micro", "the working tree's edit was read"
    assert stack.source == "main:specs/sage.yaml"


def test_a_file_whose_name_starts_with_a_dash_is_a_path_not_an_option(tmp_path: Path, monkeypatch) -> None:
    repo, spec = _repository(tmp_path, "-sage.yaml")
    monkeypatch.chdir(repo)
    assert baseline.spec_at_revision(spec, "main").live_spec.database.instance_class == "db.t4g.micro"


def test_an_executable_spec_is_a_file_too(tmp_path: Path, monkeypatch) -> None:
    repo, spec = _repository(tmp_path)
    spec.chmod(0o755)
    _git(repo, "commit", "-q", "-am", "executable")
    monkeypatch.chdir(repo)
    assert baseline.spec_at_revision(spec, "HEAD").live_spec.database.instance_class == "db.t4g.small"


def test_an_unknown_revision_or_an_option_is_refused_with_what_to_do(tmp_path: Path, monkeypatch) -> None:
    repo, spec = _repository(tmp_path)
    monkeypatch.chdir(repo)
    missing = _refusal(lambda: baseline.spec_at_revision(spec, "origin/main"))
    (problem,) = missing.problems
    assert (problem.message, problem.key) == ("revision 'origin/main' does not exist in this repository", "--base")
    assert missing.hint == "name a branch, tag or commit; in CI, fetch the target branch first (git fetch origin main)"
    (option,) = _refusal(lambda: baseline.spec_at_revision(spec, "--all")).problems
    assert (option.message, option.key) == ("'--all' is not a revision", "--base")


def test_a_revision_without_the_file_or_with_a_link_or_a_directory_there_is_refused(
    tmp_path: Path, monkeypatch
) -> None:
    repo, spec = _repository(tmp_path)
    monkeypatch.chdir(repo)
    first = _git(repo, "rev-parse", "HEAD").strip()
    spec.unlink()
    spec.mkdir()  # a directory where the spec was
    (spec / "x").write_text("x")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "a directory")
    (absent,) = _refusal(lambda: baseline.spec_at_revision(spec, "HEAD")).problems
    assert (absent.message, absent.key) == ("revision HEAD has no file specs/sage.yaml", "--base")
    _git(repo, "rm", "-rq", "specs/sage.yaml")
    spec.parent.mkdir(exist_ok=True)
    os.symlink("elsewhere.yaml", spec)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "a link")
    (link,) = _refusal(lambda: baseline.Repository(repo).blob_at("HEAD", "specs/sage.yaml")).problems
    assert (link.message, link.file) == ("is a symbolic link at HEAD: --base reads only a file", "HEAD:specs/sage.yaml")
    committed = subprocess.run(["git", "show", f"{first}:specs/sage.yaml"], cwd=repo, capture_output=True, check=True)
    assert baseline.Repository(repo).blob_at(first, "specs/sage.yaml") == committed.stdout


def test_outside_a_repository_or_through_a_link_the_base_is_refused(tmp_path: Path, monkeypatch) -> None:
    repo, spec = _repository(tmp_path)
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # git stops looking up at tmp_path
    nowhere = _refusal(lambda: baseline.Repository(lonely))
    (problem,) = nowhere.problems
    assert (problem.message, problem.file) == (
        "is not inside a git repository, so --base has nothing to read",
        str(lonely),
    )
    assert nowhere.hint == "run sagegen from your repository, or name it with --repo DIR"
    outside = _refusal(lambda: baseline.Repository(repo).tracked_path(lonely / "sage.yaml"))
    assert (outside.problems[0].message, outside.problems[0].file) == (
        f"is outside the repository at {repo}",
        str(lonely / "sage.yaml"),
    )
    assert outside.hint == "run sagegen from the spec's repository, or name it with --repo DIR"
    os.symlink(repo / "specs", repo / "linked")
    through = _refusal(lambda: baseline.Repository(repo).tracked_path(repo / "linked" / "sage.yaml"))
    assert through.problems[0].message == f"{repo / 'linked'} is a symbolic link: --base reads the spec at its own path"
    assert (through.problems[0].file, through.hint) == (
        str(repo / "linked" / "sage.yaml"),
        "replace the link with the file itself",
    )
    assert baseline.Repository(repo / "specs").tracked_path(spec) == "specs/sage.yaml"


def test_without_git_on_path_base_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert str(_refusal(lambda: baseline.Repository(tmp_path))) == "error: --base needs git on PATH"


def _logging_git(tmp_path: Path, monkeypatch, body: str = "") -> Path:
    """A `git` first on PATH that logs its arguments and the GIT_* of its environment, runs `body`, then
    runs the real git."""
    real = shutil.which("git")
    log = tmp_path / "git.log"
    stand_in(
        tmp_path / "bin" / "git",
        f"import json, os\nopen({str(log)!r}, 'a').write(json.dumps([sys.argv[1:], "
        f"{{k: v for k, v in os.environ.items() if k.startswith('GIT_')}}]) + '\\n')\n{body}\n"
        f"os.execv({real!r}, [{real!r}, *sys.argv[1:]])",
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    return log


def test_git_runs_without_hooks_fsmonitor_replace_refs_prompts_or_discovery(tmp_path: Path, monkeypatch) -> None:
    """What a repository a pull request planted cannot make git do (git docs, git-config: core.hooksPath,
    core.fsmonitor; git: GIT_NO_REPLACE_OBJECTS, GIT_OPTIONAL_LOCKS, GIT_TERMINAL_PROMPT, GIT_DIR), and the
    exact commands: `--verify --quiet` answers by its exit code alone, `-z` and `--full-tree` make
    ls-tree's answer independent of quoting and of the working directory."""
    repo, spec = _repository(tmp_path)
    log = _logging_git(tmp_path, monkeypatch)
    monkeypatch.chdir(repo)
    baseline.spec_at_revision(spec, "main")
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    hardened = ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"]
    assert [argv for argv, _ in calls] == [
        [*hardened, "-C", str(repo), "rev-parse", "--show-toplevel", "--absolute-git-dir"],
        [*hardened, "rev-parse", "--verify", "--quiet", "main^{commit}"],
        [*hardened, "ls-tree", "-z", "--full-tree", "main", "--", "specs/sage.yaml"],
        [*hardened, "cat-file", "blob", "main:specs/sage.yaml"],
    ]
    always = {"GIT_NO_REPLACE_OBJECTS": "1", "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    assert calls[0][1] == always
    assert all(env == {**always, "GIT_DIR": str(repo / ".git")} for _, env in calls[1:])


def test_a_replace_ref_in_the_repository_does_not_change_what_the_base_reads(tmp_path: Path, monkeypatch) -> None:
    """`git replace` makes git show another object in place of one (git docs, git-replace); the base is
    the revision's own bytes."""
    repo, spec = _repository(tmp_path)
    original = _git(repo, "rev-parse", "main:specs/sage.yaml").strip()
    other = (
        subprocess.run(
            ["git", "hash-object", "-w", "--stdin"], cwd=repo, input=spec.read_bytes(), capture_output=True, check=True
        )
        .stdout.decode()
        .strip()
    )
    _git(repo, "replace", original, other)
    monkeypatch.chdir(repo)
    assert baseline.spec_at_revision(spec, "main").live_spec.database.instance_class == "db.t4g.micro"


def test_repo_names_the_repository_whatever_the_working_directory_is_in(tmp_path: Path, monkeypatch) -> None:
    repo, spec = _repository(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    _git(other, "init", "-q", "-b", "main")
    (other / "specs").mkdir()
    (other / "specs" / "sage.yaml").write_text("not: a spec\n")
    _git(other, "add", "--", ".")
    _git(other, "commit", "-q", "-m", "theirs")
    monkeypatch.chdir(other)
    assert baseline.spec_at_revision(spec, "main", repo).live_spec.database.instance_class == "db.t4g.micro"


def test_a_git_that_does_not_answer_is_stopped_and_named(tmp_path: Path, monkeypatch) -> None:
    repo, spec = _repository(tmp_path)
    _logging_git(tmp_path, monkeypatch, "import time\nif 'cat-file' in sys.argv: time.sleep(30)")
    monkeypatch.setattr(baseline, "GIT_TIMEOUT", 0.5)
    monkeypatch.chdir(repo)
    refused = _refusal(lambda: baseline.spec_at_revision(spec, "main"))
    assert str(refused) == "error: `git cat-file blob main:specs/sage.yaml` did not answer within 0.5 s"


def test_a_repository_whose_path_holds_spaces_is_read(tmp_path: Path, monkeypatch) -> None:
    repo, spec = _repository(tmp_path / "my projects")
    monkeypatch.chdir(repo)
    assert baseline.spec_at_revision(spec, "main").live_spec.database.instance_class == "db.t4g.micro"
