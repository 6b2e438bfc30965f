"""Regeneration is safe: ownership, stale files, user files, atomicity, locking."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers import SAGEGEN, key_paths, run_cli, sage_data, snapshot, write_spec
from support import HANG, MVP_SPEC, ROOT, SAGE_SPEC

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
    return {e.path: e.outcome.value for e in report.entries if e.outcome not in (Outcome.UNCHANGED, Outcome.USER)}


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


def test_a_stale_file_edited_by_hand_is_refused_until_forced(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A file the spec no longer produces is deleted only while it holds what sagegen wrote: a hand edit
    there is someone's work (the audit of issue 25 deleted it without --force and the suite passed)."""
    out = tmp_path / "out"
    assert render(MVP_SPEC, out) == 0
    secrets = out / "terraform" / "secrets.tf"
    secrets.write_text(secrets.read_text() + "# kept for the migration\n")
    edited = secrets.read_text()
    data = sage_data()
    data["secrets"] = {}
    spec = write_spec(tmp_path / "spec.yaml", data)
    capsys.readouterr()
    assert render(spec, out) == 1
    assert "no longer generated, but edited by hand (use --force to delete)" in capsys.readouterr().err
    assert secrets.read_text() == edited
    assert render(spec, out, "--force") == 0 and not secrets.exists()


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
    # Terraform reads them, so check names them (issue 23, 6) until the spec says they are the user's.
    unowned = {"terraform/providers_override.tf": "unowned", "terraform/terraform.tfvars": "unowned"}
    assert differing(MVP_SPEC, out) == unowned
    data = sage_data()
    data["user_files"] = [
        {"path": "terraform/*_override.tf", "reason": "our provider settings"},
        {"path": "terraform/terraform.tfvars", "reason": "secrets from our vault, never committed"},
    ]
    spec = write_spec(tmp_path / "allowed.yaml", data)
    assert render(spec, out) == 0 and differing(spec, out) == {}
    result = run_cli("check", spec, "--out", out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "yours    " in result.stdout and "terraform/terraform.tfvars: secrets from our vault" in result.stdout


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
        matches = [s for s in (current, target) if not differing(s, out)]
        assert len(matches) <= 1, f"attempt {attempt}: check says up to date for both specs"
        if not matches:  # a render cut short: `render` finishes it, without --force
            assert render(target, out) == 0 and not differing(target, out)
    assert render(old, out) == 0  # no --force: whatever the kill left is sagegen's own
    assert differing(old, out) == {} and not leftovers(out)


class Crash(BaseException):
    """The process dies here (BaseException: nothing in sagegen may catch it)."""


def leftovers(out: Path) -> list[str]:
    """Temporary files of a render, and a manifest that still records a render as pending."""
    found = [str(p.relative_to(out)) for p in out.rglob(f"*{writer.TEMPORARY_SUFFIX}")]
    if json.loads((out / MANIFEST_NAME).read_text()).get("pending"):
        found.append("pending in the manifest")
    return found


# Every os call the writer changes the disk with (an open only when it creates a file: reads change nothing).
DISK_STEPS = ("open", "mkdir", "replace", "unlink", "rmdir", "fsync")


def changes_disk(name: str, args: tuple) -> bool:
    return name != "open" or bool(args[1] & os.O_CREAT)


def crash_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Render a new spec over an old render, crashing at step 0, 1, 2, ... of the writer's disk operations
    until one run finishes. After each crash `check` may say "up to date" for at most one of the two
    specs, and only where the tree is exactly that render; the next `render` (of the old spec, without
    --force) must succeed and leave exactly the old render, with no leftover. Returns what each crash
    left: "old", "new", or "pending" (an unfinished render, which check fails for both)."""
    from sagegen.output import tree as tree_module
    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_stack

    out = tmp_path / "out"
    data = sage_data()
    data["project"] = "other"  # changes every file
    new = write_spec(tmp_path / "new.yaml", data)
    stacks = {spec: load_stack(spec) for spec in (MVP_SPEC, new)}
    files = {spec: render_stack(stack.live_spec) for spec, stack in stacks.items()}
    # The sweep is of the writer: each spec is rendered once (by render_stack itself), not three times a
    # step (two checks and a render), where most of this test's CPU-bound minute went.
    rendered: dict[tuple, dict[str, str]] = {}

    def render_once(spec, phase=None, real=api.render_stack):
        key = (spec.model_dump_json(), phase)
        if key not in rendered:
            rendered[key] = real(spec, phase)
        return rendered[key]

    monkeypatch.setattr(api, "render_stack", render_once)
    assert render(MVP_SPEC, out) == 0
    outcomes: list[str] = []
    for step in range(1000):
        budget = [step]

        def tick(name, real, budget=budget):
            def wrapped(*args, **kwargs):
                if changes_disk(name, args):
                    if budget[0] == 0:
                        raise Crash
                    budget[0] -= 1
                return real(*args, **kwargs)

            return wrapped

        with monkeypatch.context() as patched:
            for name in DISK_STEPS:
                patched.setattr(tree_module.os, name, tick(name, getattr(tree_module.os, name)))
            try:
                with writer.locked(out, create=False) as tree:
                    writer.apply(tree, writer.plan(tree, files[new], api.spec_digest(stacks[new])))
            except Crash:
                pass
            else:
                break
        up_to_date = [name for name, spec in (("old", MVP_SPEC), ("new", new)) if not differing(spec, out)]
        assert len(up_to_date) <= 1, f"a crash at step {step}: check says up to date for both specs"
        outcomes.append(up_to_date[0] if up_to_date else "pending")
        assert render(MVP_SPEC, out) == 0, f"a crash at step {step}: the next render did not finish it"
        assert differing(MVP_SPEC, out) == {} and leftovers(out) == [], f"a crash at step {step}"
    return outcomes


def test_a_crash_at_every_step_of_a_render_leaves_the_old_or_the_new_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = crash_sweep(tmp_path, monkeypatch)
    # Crashes landed before the record (old), inside the render (pending) and after it (new).
    assert outcomes.count("pending") >= 20 and "old" in outcomes and "new" in outcomes, outcomes
    order = {"old": 0, "pending": 1, "new": 2}
    assert outcomes == sorted(outcomes, key=order.get), outcomes


def test_the_crash_sweep_catches_a_writer_without_its_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sweep above can fail: a writer that writes files before recording the render it starts leaves
    files the next render takes for hand edits."""

    def unrecorded_apply(tree, todo: writer.Plan) -> None:  # writer.apply without its first manifest write
        if todo.report.refused:
            return
        for path in todo.leftovers:
            tree.unlink(path)
        for path, text in todo.writes.items():
            tree.write(path, text, writer.temporary(path))
        for path in todo.deletes:
            tree.unlink(path)
        if todo.finished:
            tree.write(MANIFEST_NAME, todo.finished.dumps(), writer.temporary(MANIFEST_NAME))

    monkeypatch.setattr(writer, "apply", unrecorded_apply)
    with pytest.raises(AssertionError, match="the next render did not finish it"):
        crash_sweep(tmp_path, monkeypatch)


def test_an_interrupted_render_fails_check_and_diff_and_render_renders_again(out: Path, tmp_path: Path) -> None:
    """Issue 23 (1): a render cut short is finished by rendering the spec again; check and diff read no
    staged content, say a render is pending, exit 1 and write nothing."""
    data = sage_data()
    data["database"]["allocated_storage"] = 50
    spec = write_spec(tmp_path / "spec.yaml", data)
    with writer.locked(out, create=False) as tree:
        todo = writer.plan(tree, render_stack_of(spec), api.spec_digest(load_stack_of(spec)))
        original = writer.Tree.write

        def cut_after_the_record(self, path, text, temporary):
            original(self, path, text, temporary)
            if path == MANIFEST_NAME:
                raise Crash

        writer.Tree.write = cut_after_the_record
        try:
            with pytest.raises(Crash):
                writer.apply(tree, todo)
        finally:
            writer.Tree.write = original
    before = snapshot(out)
    for command in ("check", "diff"):
        result = run_cli(command, spec, "--out", out)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "a render was interrupted here before it finished" in result.stderr
        assert snapshot(out) == before  # wrote nothing
    assert render(spec, out) == 0 and differing(spec, out) == {} and not leftovers(out)


def render_stack_of(spec: Path) -> dict[str, str]:
    from sagegen.render.assemble import render_stack

    return render_stack(load_stack_of(spec).live_spec)


def load_stack_of(spec: Path):
    from sagegen.spec.load import load_stack

    return load_stack(spec)


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
    stdout, stderr = proc.communicate(timeout=HANG)
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
    assert run_cli("check", SAGE_SPEC, "--out", ROOT / "out").returncode == 0
    result = run_cli("check", spec, "--out", ROOT / "out")
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

    golden = ROOT / "out"
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
