"""Regeneration is safe: ownership, stale files, user files, atomicity, locking."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import MVP_SPEC, SAGE_SPEC
from helpers import SAGEGEN, key_paths, run_cli, sage_data, snapshot, write_spec

from sagegen import api
from sagegen.cli import main
from sagegen.output import writer
from sagegen.output.manifest import MANIFEST_NAME, digest
from sagegen.output.report import Outcome


def render(spec: Path, out: Path, *extra: str) -> int:
    """`sagegen render`; after every render that wrote, the manifest's hashes are the files' hashes."""
    code = main(["render", str(spec), "--out", str(out), *extra])
    if code == 0:
        assert manifest_mismatches(out) == {}
    return code


def manifest_mismatches(out: Path) -> dict[str, tuple[str, str | None]]:
    """{path: (manifest's hash, file's hash)} wherever they differ: an invariant of every write (issue 17)."""
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    found = {}
    for path, recorded in manifest["files"].items():
        actual = digest((out / path).read_bytes()) if (out / path).is_file() else None
        if actual != recorded:
            found[path] = (recorded, actual)
    return found


def test_a_writer_that_forgets_to_update_a_hash_is_caught(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: a manifest that kept a file's old hash after a write passed the whole suite."""
    from sagegen.output import manifest as manifest_module

    data = sage_data()
    data["database"]["allocated_storage"] = 30
    spec = write_spec(tmp_path / "spec.yaml", data)
    real = manifest_module.Manifest.dumps

    def stale_dumps(self):  # the planted defect: rds.tf keeps the hash it had before
        old = json.loads((out / MANIFEST_NAME).read_text())["files"]["terraform/rds.tf"]
        return real(
            manifest_module.Manifest(
                self.spec_sha256, {**self.files, "terraform/rds.tf": old}, self.version, self.phase, self.preview
            )
        )

    monkeypatch.setattr(manifest_module.Manifest, "dumps", stale_dumps)
    with pytest.raises(AssertionError):
        render(spec, out)


def differing(spec: Path, out: Path) -> dict[str, str]:
    report, _ = api.check(spec, out)
    return {e.path: e.outcome.value for e in report.entries if e.outcome is not Outcome.UNCHANGED}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert render(MVP_SPEC, out) == 0
    return out


def test_a_hand_edit_is_refused_then_overwritten_with_force(
    out: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    vpc = out / "terraform" / "vpc.tf"
    vpc.write_text(vpc.read_text() + "# my change\n")
    data = sage_data()
    data["service"]["desired_count"] = 3  # a spec change that touches ecs.tf only
    spec = write_spec(tmp_path / "spec.yaml", data)
    before = snapshot(out)
    capsys.readouterr()
    assert render(spec, out) == 1
    err = capsys.readouterr().err
    assert f"refused   {out}/terraform/vpc.tf: edited by hand" in err
    assert snapshot(out) == before  # all or nothing: ecs.tf was not written either
    assert render(spec, out, "--force") == 0
    assert "# my change" not in vpc.read_text()
    assert differing(spec, out) == {}


def test_a_file_the_spec_no_longer_produces_is_removed(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    assert render(MVP_SPEC, out) == 0
    assert (out / "terraform" / "secrets.tf").exists()
    data = sage_data()
    data["secrets"] = {}
    spec = write_spec(tmp_path / "spec.yaml", data)
    capsys.readouterr()
    assert render(spec, out) == 0
    assert f"removed   {out}/terraform/secrets.tf" in capsys.readouterr().out
    assert not (out / "terraform" / "secrets.tf").exists()
    assert "terraform/secrets.tf" not in json.loads((out / MANIFEST_NAME).read_text())["files"]


def test_user_files_and_overrides_are_never_touched(out: Path, tmp_path: Path) -> None:
    override = out / "terraform" / "providers_override.tf"
    override.write_text('provider "aws" {}\n')
    tfvars = out / "terraform" / "terraform.tfvars"
    tfvars.write_text('anthropic_api_key = "from-my-vault"\n')
    data = sage_data()
    data["secrets"] = {}
    for spec in (write_spec(tmp_path / "spec.yaml", data), MVP_SPEC):
        assert render(spec, out, "--force") == 0
    assert override.read_text() == 'provider "aws" {}\n'
    assert tfvars.read_text() == 'anthropic_api_key = "from-my-vault"\n'
    assert differing(MVP_SPEC, out) == {}  # user files are not "extra" generated files


def test_an_unowned_file_in_the_way_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    (out / "terraform").mkdir(parents=True)
    (out / "terraform" / "vpc.tf").write_text("# written by a person\n")
    assert render(MVP_SPEC, out) == 1
    assert "exists but sagegen does not own it" in capsys.readouterr().err
    assert (out / "terraform" / "vpc.tf").read_text() == "# written by a person\n"


def test_a_missing_golden_file_fails_check(out: Path) -> None:
    (out / "terraform" / "rds.tf").unlink()
    assert differing(MVP_SPEC, out) == {"terraform/rds.tf": "created"}
    result = run_cli("check", MVP_SPEC, "--out", out)
    assert result.returncode == 1 and f"missing  {out}/terraform/rds.tf" in result.stdout


def test_check_fails_on_an_empty_or_absent_output(tmp_path: Path) -> None:
    assert run_cli("check", MVP_SPEC, "--out", tmp_path / "nothing").returncode == 1
    assert not (tmp_path / "nothing").exists()


def test_a_corrupt_manifest_is_a_clear_error(out: Path, capsys: pytest.CaptureFixture) -> None:
    (out / MANIFEST_NAME).write_text("{not json")
    assert render(MVP_SPEC, out) == 1
    err = capsys.readouterr().err
    assert "corrupt manifest" in err and "--force" in err


def test_a_missing_manifest_refuses_until_forced(out: Path, capsys: pytest.CaptureFixture) -> None:
    (out / MANIFEST_NAME).unlink()
    (out / "terraform" / "vpc.tf").write_text("# changed\n")
    assert render(MVP_SPEC, out) == 1
    assert "does not own it" in capsys.readouterr().err
    assert render(MVP_SPEC, out, "--force") == 0
    assert differing(MVP_SPEC, out) == {}


def test_two_renders_are_byte_identical_manifest_included(tmp_path: Path) -> None:
    assert render(MVP_SPEC, tmp_path / "a") == 0
    assert render(MVP_SPEC, tmp_path / "b") == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert MANIFEST_NAME in snapshot(tmp_path / "a")


def test_diff_shows_the_change_and_writes_nothing(out: Path, tmp_path: Path) -> None:
    data = sage_data()
    data["database"]["allocated_storage"] = 21
    spec = write_spec(tmp_path / "spec.yaml", data)
    before = snapshot(out)
    result = run_cli("diff", spec, "--out", out)
    assert result.returncode == 0
    assert "-  allocated_storage = 20\n+  allocated_storage = 21" in result.stdout
    assert snapshot(out) == before


def test_a_render_killed_midway_leaves_the_old_or_the_new_tree(tmp_path: Path) -> None:
    """SIGKILL real renders at random moments; `check` must match one of the two specs, and the next
    `render` finishes or discards what was left. (The crash sweep below reaches every step; this one
    shows the same with a real process and a real kill.)"""
    out = tmp_path / "out"
    old = MVP_SPEC
    data = sage_data()
    data["project"] = "other"  # changes every file
    new = write_spec(tmp_path / "new.yaml", data)
    assert render(old, out) == 0
    rng = random.Random(7)
    for attempt in range(6):
        current, target = (old, new) if not differing(old, out) else (new, old)
        proc = subprocess.Popen(
            [*SAGEGEN, "render", str(target), "--out", str(out), "--force"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.15, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        matches = [s for s in (current, target) if not differing(s, out)]  # check sees it as finished
        assert len(matches) == 1, f"attempt {attempt}: the tree is neither render"
    assert render(old, out, "--force") == 0
    assert not (out / writer.JOURNAL_NAME).exists() and not (out / writer.STAGING_NAME).exists()


class Crash(BaseException):
    """The process dies here (BaseException: nothing in sagegen may catch it)."""


def crash_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Render a new spec over an old render, crashing at step 0, 1, 2, ... of the writer's disk operations
    until one run finishes. After each crash the tree must read (through `check`) as exactly the old or
    the new render; `render` must then finish it. Returns which one each crash left."""
    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_stack

    out = tmp_path / "out"
    data = sage_data()
    data["project"] = "other"  # changes every file
    new = write_spec(tmp_path / "new.yaml", data)
    stacks = {spec: load_stack(spec) for spec in (MVP_SPEC, new)}
    files = {spec: render_stack(stack.live_spec) for spec, stack in stacks.items()}

    def seen_as(spec: Path) -> bool:
        note, view = writer.pending(out)
        todo = writer.plan(out, files[spec], api.spec_digest(stacks[spec]), force=True, view=view)
        return not todo.writes and not todo.deletes

    assert render(MVP_SPEC, out) == 0
    outcomes: list[str] = []
    for step in range(1000):
        budget = [step]

        def tick(real, budget=budget):
            def wrapped(*args, **kwargs):
                if budget[0] == 0:
                    raise Crash
                budget[0] -= 1
                return real(*args, **kwargs)

            return wrapped

        with monkeypatch.context() as patched:
            for name in ("_write_durably", "_fsync_dir"):
                patched.setattr(writer, name, tick(getattr(writer, name)))
            patched.setattr(writer.os, "replace", tick(writer.os.replace))
            patched.setattr(Path, "unlink", tick(Path.unlink))
            try:
                todo = writer.plan(out, files[new], api.spec_digest(stacks[new]), force=True)
                writer.apply(out, todo)
            except Crash:
                pass
            else:
                break
        matches = [name for name, spec in (("old", MVP_SPEC), ("new", new)) if seen_as(spec)]
        assert len(matches) == 1, f"a crash at step {step} left a tree that is neither render"
        outcomes.append(matches[0])
        assert render(MVP_SPEC, out, "--force") == 0  # finishes the interrupted render, then goes back
        assert seen_as(MVP_SPEC) and not (out / writer.JOURNAL_NAME).exists()
    return outcomes


def test_a_crash_at_every_step_of_a_render_leaves_the_old_or_the_new_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = crash_sweep(tmp_path, monkeypatch)
    # Crashes landed on both sides of the commit point (the journal's rename), each read as one tree.
    assert outcomes.count("old") >= 20 and outcomes.count("new") >= 20, outcomes
    assert outcomes == sorted(outcomes, key=lambda o: o == "new")  # old ... old, new ... new


def test_the_crash_sweep_catches_a_writer_without_staging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sweep above can fail: a writer that writes straight into out/ leaves a mixed tree."""

    def naive_apply(out: Path, todo: writer.Plan) -> None:
        for path, text in todo.writes.items():
            writer._write_durably(out / path, text)
        for path in todo.deletes:
            (out / path).unlink()

    monkeypatch.setattr(writer, "apply", naive_apply)
    with pytest.raises(AssertionError, match="neither render"):
        crash_sweep(tmp_path, monkeypatch)


def test_a_journal_is_rolled_forward_by_render_and_seen_as_finished_by_check(out: Path, tmp_path: Path) -> None:
    """The commit point: with the journal written, `check` reads the render as finished (and writes
    nothing); the next `render` finishes it."""
    data = sage_data()
    data["database"]["allocated_storage"] = 50
    spec = write_spec(tmp_path / "spec.yaml", data)
    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_stack

    stack = load_stack(spec)
    todo = writer.plan(out, render_stack(stack.live_spec), api.spec_digest(stack))
    staging = out / writer.STAGING_NAME
    for path, text in todo.writes.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_text(text)
    (out / writer.JOURNAL_NAME).write_text(json.dumps({"writes": sorted(todo.writes), "deletes": []}))
    before = snapshot(out)
    result = run_cli("check", spec, "--out", out)
    assert result.returncode == 0 and "interrupted render is pending" in result.stdout + result.stderr
    assert snapshot(out) == before  # check wrote nothing
    assert render(spec, out) == 0
    assert not staging.exists() and not (out / writer.JOURNAL_NAME).exists()
    assert differing(spec, out) == {}


def test_staging_without_a_journal_is_discarded_by_render_only(out: Path) -> None:
    staging = out / writer.STAGING_NAME / "terraform"
    staging.mkdir(parents=True)
    (staging / "vpc.tf").write_text("half")
    assert differing(MVP_SPEC, out) == {}
    assert (out / writer.STAGING_NAME).exists()  # check wrote nothing
    assert render(MVP_SPEC, out) == 0
    assert not (out / writer.STAGING_NAME).exists()


def test_a_second_render_waits_for_the_first(out: Path) -> None:
    with writer.locked(out, create=False):
        proc = subprocess.Popen(
            [*SAGEGEN, "render", str(MVP_SPEC), "--out", str(out), "--wait", "20"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.0)
        assert proc.poll() is None  # still waiting for the lock
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr


def test_a_second_render_gives_up_cleanly(out: Path) -> None:
    with writer.locked(out, create=False):
        result = run_cli("render", MVP_SPEC, "--out", out, "--wait", "0.2")
    assert result.returncode == 1
    assert "another sagegen is writing here" in result.stderr and "Traceback" not in result.stderr


def test_output_path_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = run_cli("render", MVP_SPEC, "--out", target)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert target.read_text() == "x"


def test_check_exits_1_after_a_one_character_spec_edit(tmp_path: Path) -> None:
    text = SAGE_SPEC.read_text().replace("allocated_storage: 20", "allocated_storage: 29")
    spec = tmp_path / "sage.yaml"
    spec.write_text(text)
    assert run_cli("check", SAGE_SPEC, "--out", Path(__file__).parent.parent / "out").returncode == 0
    result = run_cli("check", spec, "--out", Path(__file__).parent.parent / "out")
    assert result.returncode == 1 and "changed" in result.stdout and "rds.tf" in result.stdout


def _one_character_edit(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1 if value % 10 != 9 else value - 1  # one digit changes
    if isinstance(value, float):
        return value + 1
    text = str(value)
    return text[:-1] + ("x" if text[-1] != "x" else "y")


def test_every_one_character_spec_edit_fails_check(tmp_path: Path) -> None:
    """Each scalar of specs/sage.yaml, edited by one character: check fails (differs, or the spec is invalid)."""
    from sagegen.errors import UserError

    base = sage_data(phases=True)
    leaves = key_paths(base, leaves_only=True)
    assert len(leaves) > 80
    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_stack

    def rendered(path: Path) -> tuple[dict[str, str], str]:
        """What `check` compares: the live stack's files, and the spec's digest in the manifest."""
        stack = load_stack(path)
        return render_stack(stack.live_spec, stack.live), api.spec_digest(stack)

    golden = Path(__file__).parent.parent / "out"
    manifest = json.loads((golden / MANIFEST_NAME).read_text())
    committed = ({p: (golden / p).read_text() for p in manifest["files"]}, manifest["spec_sha256"])
    assert rendered(SAGE_SPEC) == committed
    unnoticed = []
    for path in leaves:
        data = sage_data(phases=True)
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = _one_character_edit(parent[path[-1]])
        spec = write_spec(tmp_path / "spec.yaml", data)
        try:
            files = rendered(spec)
        except UserError:
            continue  # check exits 1 on an invalid spec too
        if files == committed:
            unnoticed.append(".".join(map(str, path)))
    assert unnoticed == []


def tree_outside(root: Path, out: Path) -> dict[str, bytes]:
    """Every file under `root` but `out`, with its content: what no command may touch."""
    return {
        str(p): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and out not in p.parents
    }


@pytest.mark.parametrize("command", ["check", "diff", "render"])
@pytest.mark.parametrize(
    "entries",
    [
        {"writes": [], "deletes": ["../victim.txt"]},
        {"writes": [], "deletes": ["__ABS__"]},
        {"writes": ["../victim.txt"], "deletes": []},
        {"writes": [], "deletes": ["link/victim.txt"]},
    ],
    ids=["delete-parent", "delete-absolute", "write-parent", "delete-through-symlink"],
)
def test_a_planted_journal_is_refused_and_nothing_outside_is_touched(
    tmp_path: Path, command: str, entries: dict
) -> None:
    """Issue 16 (1): at 586e137 `check` replayed a journal planted in out/ and deleted files outside it."""
    out = tmp_path / "out"
    assert render(MVP_SPEC, out) == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's file")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "victim.txt").write_text("another file of the user")
    (out / "link").symlink_to(tmp_path / "elsewhere")
    staging = out / writer.STAGING_NAME
    staging.mkdir()
    (staging / "victim.txt").write_text("the attacker's file")
    planted = {k: [str(victim) if p == "__ABS__" else p for p in v] for k, v in entries.items()}
    (out / writer.JOURNAL_NAME).write_text(json.dumps(planted))
    before = tree_outside(tmp_path, out)
    result = run_cli(command, MVP_SPEC, "--out", out)
    assert result.returncode == 1, result.stdout + result.stderr  # a located error, not "up to date"
    assert "refused journal" in result.stderr and "sagegen did not write it" in result.stderr
    assert tree_outside(tmp_path, out) == before
    assert "Traceback" not in result.stderr


def test_a_render_does_not_write_through_a_symlinked_directory(tmp_path: Path) -> None:
    """Issue 16 (2): `out/terraform` as a link to a directory outside: render refuses, writes nothing there."""
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    out.mkdir()
    (out / "terraform").symlink_to(outside)
    result = run_cli("render", MVP_SPEC, "--out", out)
    assert result.returncode == 1 and "symbolic link" in result.stderr, result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
