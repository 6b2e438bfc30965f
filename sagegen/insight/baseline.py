"""What a spec is compared with: the same file at a git revision, another spec file, or another phase."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, UserError
from ..spec.load import Stack, load_stack, load_stack_bytes
from ..spec.models import Spec

GIT_TIMEOUT = 30


@dataclass(frozen=True)
class Base:
    """One of: `ref` (a git revision), `spec_file`, or `source_phase` (optionally with `target_phase`)."""

    ref: str | None = None
    spec_file: Path | None = None
    source_phase: str | None = None
    target_phase: str | None = None


@dataclass(frozen=True)
class Sides:
    """The two stacks to compare, each a spec in one phase, with a label for messages."""

    before: Spec
    before_label: str
    after: Spec
    after_label: str


def _label(name: str, phase: str | None) -> str:
    return f"{name} (phase {phase})" if phase else name


def sides(spec_path: Path, base: Base) -> Sides:
    current = load_stack(spec_path)
    if base.source_phase is not None:
        target = base.target_phase or current.live
        return Sides(current.spec(base.source_phase), base.source_phase, current.spec(target), target)
    if base.ref is not None:
        before, label = spec_at_revision(spec_path, base.ref), f"{spec_path} at {base.ref}"
    elif base.spec_file is not None:
        before, label = load_stack(base.spec_file), str(base.spec_file)
    else:
        raise UserError("say what to compare with: --base REF, --base-spec FILE, or --from PHASE [--to PHASE]")
    return Sides(before.live_spec, _label(label, before.live), current.live_spec, _label(str(spec_path), current.live))


def _git(directory: Path, *args: str) -> subprocess.CompletedProcess:
    git = shutil.which("git")
    if git is None:
        raise UserError("--base needs git on PATH")
    return subprocess.run([git, "-C", str(directory), *args], capture_output=True, timeout=GIT_TIMEOUT)


def spec_at_revision(spec_path: Path, ref: str) -> Stack:
    """The spec file as it was at git revision `ref`, validated by today's rules."""
    if ref.startswith("-"):
        raise UserError([Problem(f"{ref!r} is not a revision", key="--base")])
    directory = spec_path.resolve().parent
    top = _git(directory, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UserError([Problem("is not inside a git repository, so --base has nothing to read", file=str(spec_path))])
    relative = spec_path.resolve().relative_to(Path(top.stdout.decode().strip()).resolve()).as_posix()
    if _git(directory, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise UserError(
            [Problem(f"revision {ref!r} does not exist in this repository", key="--base")],
            hint="name a branch, tag or commit; in CI, fetch the target branch first (git fetch origin main)",
        )
    shown = _git(directory, "show", f"{ref}:{relative}")
    if shown.returncode != 0:
        raise UserError([Problem(f"revision {ref} has no file {relative}", key="--base")])
    return load_stack_bytes(shown.stdout, f"{ref}:{relative}")
