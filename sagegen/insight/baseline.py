"""What a spec is compared with: the same file at a git revision, another spec file, or another phase."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, UserError
from ..spec.load import Stack, load_stack, load_stack_bytes
from ..spec.models import Spec

# A local git command answers in milliseconds; one that has not in two minutes waits on something (a
# credential prompt, a lock) it will not get. Two minutes, not 30 s: a loaded CI machine is slow, not hung.
GIT_TIMEOUT = 120


@dataclass(frozen=True)
class Base:
    """One of: `ref` (a git revision), `spec_file`, or `source_phase` (optionally with `target_phase`)."""

    ref: str | None = None
    repo: Path | None = None  # with `ref`: the repository to read it from (default: the working directory's)
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
    after_stack: Stack | None = None  # the spec as read now, to name the line of each key
    after_phase: str | None = None


def _label(name: str, phase: str | None) -> str:
    return f"{name} (phase {phase})" if phase else name


def sides(spec_path: Path, base: Base) -> Sides:
    current = load_stack(spec_path)
    if base.source_phase is not None:
        target = base.target_phase or current.live
        return Sides(current.spec(base.source_phase), base.source_phase, current.spec(target), target, current, target)
    if base.ref is not None:
        before, label = spec_at_revision(spec_path, base.ref, base.repo), f"{spec_path} at {base.ref}"
    elif base.spec_file is not None:
        before, label = load_stack(base.spec_file), str(base.spec_file)
    else:
        raise UserError("say what to compare with: --base REF, --base-spec FILE, or --from PHASE [--to PHASE]")
    return Sides(
        before.live_spec,
        _label(label, before.live),
        current.live_spec,
        _label(str(spec_path), current.live),
        current,
        current.live,
    )


class Repository:
    """The user's git repository, found from the working directory (or `--repo`), never from the spec's
    own path: a spec that is a link into a planted directory laid out as a git repository must not
    choose which history a "base" is read from. Once found, every call names its git directory and
    work tree explicitly (no discovery again), without hooks, fsmonitor or replace refs."""

    def __init__(self, where: Path):
        self.git = shutil.which("git")
        if self.git is None:
            raise UserError("--base needs git on PATH")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        self.env.update(GIT_NO_REPLACE_OBJECTS="1", GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0")
        found = self._run("-C", str(where), "rev-parse", "--show-toplevel", "--absolute-git-dir")
        if found.returncode != 0:
            raise UserError(
                [Problem("is not inside a git repository, so --base has nothing to read", file=str(where))],
                hint="run sagegen from your repository, or name it with --repo DIR",
            )
        # Two lines, each a path; a path holding a line break is refused here rather than misread.
        top, git_dir = found.stdout.decode().removesuffix("\n").split("\n")
        self.top = Path(top)
        # Every later command reads objects only (rev-parse --verify, ls-tree --full-tree, cat-file): the
        # git directory is all it needs, and naming it stops discovery from the working directory.
        self.env.update(GIT_DIR=git_dir)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        hardened = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null")
        try:
            return subprocess.run([self.git, *hardened, *args], capture_output=True, timeout=GIT_TIMEOUT, env=self.env)
        except subprocess.TimeoutExpired:
            raise UserError(f"`git {' '.join(args)}` did not answer within {GIT_TIMEOUT} s") from None

    def tracked_path(self, spec_path: Path) -> str:
        """The spec's path in the repository, refused when it or a directory on its way is a link."""
        absolute = Path(os.path.abspath(spec_path))
        try:
            relative = absolute.relative_to(self.top)
        except ValueError:
            raise UserError(
                [Problem(f"is outside the repository at {self.top}", file=str(spec_path))],
                hint="run sagegen from the spec's repository, or name it with --repo DIR",
            ) from None
        here = self.top
        for part in relative.parts:
            here = here / part
            if here.is_symlink():
                raise UserError(
                    [Problem(f"{here} is a symbolic link: --base reads the spec at its own path", file=str(spec_path))],
                    hint="replace the link with the file itself",
                )
        return relative.as_posix()

    def blob_at(self, ref: str, relative: str) -> bytes:
        if self._run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
            raise UserError(
                [Problem(f"revision {ref!r} does not exist in this repository", key="--base")],
                hint="name a branch, tag or commit; in CI, fetch the target branch first (git fetch origin main)",
            )
        # ls-tree: "<mode> SP <type> SP <object> TAB <path>", nothing when the path is absent (git docs,
        # git-ls-tree, OUTPUT FORMAT); only the mode is read.
        mode = self._run("ls-tree", "-z", "--full-tree", ref, "--", relative).stdout.partition(b" ")[0]
        if mode == b"120000":
            raise UserError(
                [Problem(f"is a symbolic link at {ref}: --base reads only a file", file=f"{ref}:{relative}")]
            )
        if mode not in (b"100644", b"100755"):
            raise UserError([Problem(f"revision {ref} has no file {relative}", key="--base")])
        return self._run("cat-file", "blob", f"{ref}:{relative}").stdout


def spec_at_revision(spec_path: Path, ref: str, repo: Path | None = None) -> Stack:
    """The spec file as it was at git revision `ref` of the user's repository, validated by today's rules."""
    if ref.startswith("-"):
        raise UserError([Problem(f"{ref!r} is not a revision", key="--base")])
    repository = Repository(repo or Path.cwd())
    relative = repository.tracked_path(spec_path)
    return load_stack_bytes(repository.blob_at(ref, relative), f"{ref}:{relative}")
