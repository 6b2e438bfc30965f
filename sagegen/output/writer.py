"""All of sagegen's disk I/O on the output directory.

A render is a transaction over the output directory, and the manifest is its record:

1. `plan` compares the rendered files with the disk and the manifest and decides an outcome per file
   (created, changed, unchanged, removed, refused). It reads only.
2. `apply` first rewrites the manifest with the render it starts (`pending`: each path it writes, with
   the digest of the new content, and each path it deletes), then writes each file whole (a temporary
   file in the same directory, renamed over it), deletes the stale ones, and writes the finished
   manifest last.
3. An interrupted render is finished by rendering the spec again, never by replaying what it left:
   a render is deterministic, so nothing a pull request could plant (staged copies, a journal) is ever
   read as content. While the manifest says a render is pending, a file holding its old content or
   the pending content is sagegen's, and nothing else is; `check` and `diff` say a render is pending
   and fail until `render` has run.

Nothing outside the output directory is written, and nothing inside it that sagegen does not own:
every write goes to a path this render produces (or its temporary name, `.<name>.sagegen-tmp`, which
only sagegen uses), every deletion to a path the manifest owns whose content is what sagegen wrote.
All of it goes through directory descriptors (tree.py), so no name is resolved twice.

A lock on the output directory keeps two renders from interleaving.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import fnmatch
import os
import posixpath
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Problem, UserError
from .manifest import MANIFEST_NAME, TERRAFORM_OWN, Manifest, digest
from .report import Outcome, Report
from .tree import Tree, opened

LOCK_WAIT_SECONDS = 30.0
TEMPORARY_SUFFIX = ".sagegen-tmp"
# Names earlier versions of sagegen used for a render in progress; this one never reads them.
RETIRED = (".sagegen-staging", ".sagegen-journal.json", ".sagegen-journal.json.tmp")
LEFT_BEHIND = "a temporary file of an interrupted render: `sagegen render` removes it"
NOT_OURS = "not written by sagegen: remove it, or name it in the spec's user_files with a reason"


def temporary(path: str) -> str:
    """The name, in the same directory, under which `path` is written before it is renamed into place."""
    return f".{path.rpartition('/')[2]}{TEMPORARY_SUFFIX}"


@dataclass
class Plan:
    """What a render would do: the report, the files to write and delete, and what it starts from."""

    report: Report
    writes: dict[str, str]  # path -> new text (created or changed; not the manifest)
    deletes: list[str]
    current: dict[str, str | None]  # path -> what is on disk now (None: absent), for every path read
    manifest: Manifest | None  # the manifest on disk
    finished: Manifest | None  # the manifest once this render is done (None: the one on disk says it already)
    leftovers: list[str] = field(default_factory=list)  # temporary files an interrupted render left


def read_manifest(tree: Tree | None) -> tuple[str | None, Manifest | None]:
    text = tree.read(MANIFEST_NAME) if tree is not None else None
    return text, (Manifest.loads(text, tree.where(MANIFEST_NAME)) if text is not None else None)


def plan(
    tree: Tree | None,
    files: dict[str, str],
    spec_sha256: str,
    *,
    force: bool = False,
    phase: str | None = None,
    preview: bool = False,
) -> Plan:
    """Decide what writing `files` (the stack of `phase`) into `tree` does to each file. Reads only.

    A preview (a phase other than the live one) is refused over an output that holds the live stack:
    `terraform apply` there would move production to that phase.
    """
    read = tree.read if tree is not None else (lambda path: None)
    manifest_text, manifest = read_manifest(tree)
    if preview and manifest is not None and not manifest.preview and not force:
        held = f" (phase {manifest.phase})" if manifest.phase else ""
        raise UserError(
            [Problem(f"holds the live stack{held}; a preview of phase {phase} would replace it", file=tree.where())],
            hint="render previews into a directory of their own: sagegen render --phase NAME --out DIR",
        )
    owned = manifest.owned if manifest is not None else (lambda path: set())
    report, writes, deletes, current = Report(), {}, [], {MANIFEST_NAME: manifest_text}
    for path, text in sorted(files.items()):
        now = current[path] = read(path)
        if now == text:
            report.add(path, Outcome.UNCHANGED)
            continue
        if now is not None and not force:
            if not owned(path):
                report.add(path, Outcome.REFUSED, "exists but sagegen does not own it (use --force to take it over)")
                continue
            if digest(now) not in owned(path):
                report.add(path, Outcome.REFUSED, "edited by hand since the last render (use --force to overwrite)")
                continue
        report.add(path, Outcome.CREATED if now is None else Outcome.CHANGED)
        writes[path] = text
    for path in sorted((manifest.paths() if manifest else set()) - set(files)):
        now = current[path] = read(path)
        if now is None:
            continue
        if digest(now) not in owned(path) and not force:
            report.add(path, Outcome.REFUSED, "no longer generated, but edited by hand (use --force to delete)")
            continue
        report.add(path, Outcome.REMOVED)
        deletes.append(path)
    finished = Manifest(
        spec_sha256=spec_sha256, files={p: digest(t) for p, t in files.items()}, phase=phase, preview=preview
    )
    present = ("file", "link")
    leftovers = [t for t in _temporaries(ours(files, manifest)) if tree is not None and tree.kind(t) in present]
    unchanged = finished.dumps() == manifest_text
    return Plan(report, writes, deletes, current, manifest, None if unchanged else finished, leftovers)


def ours(files: dict[str, str], manifest: Manifest | None) -> set[str]:
    """Every path sagegen may write or has written here: the manifest, this render, what the manifest owns."""
    return {MANIFEST_NAME, *files, *(manifest.paths() if manifest else ())}


def _temporaries(paths) -> list[str]:
    return sorted({posixpath.join(p.rpartition("/")[0], temporary(p)) for p in paths})


def apply(tree: Tree, todo: Plan) -> None:
    """Carry out `todo` as one transaction (see the module docstring)."""
    if todo.report.refused:
        return
    for path in todo.leftovers:
        tree.unlink(path)
    if todo.writes or todo.deletes:
        started = replace(
            todo.manifest or todo.finished,
            pending={**{p: digest(t) for p, t in todo.writes.items()}, **dict.fromkeys(todo.deletes)},
        )
        tree.write(MANIFEST_NAME, started.dumps(), temporary(MANIFEST_NAME))  # the record comes first
    for path, text in todo.writes.items():
        tree.write(path, text, temporary(path))
    for path in todo.deletes:
        tree.unlink(path)
    if todo.finished:
        tree.write(MANIFEST_NAME, todo.finished.dumps(), temporary(MANIFEST_NAME))


def pending_note(manifest: Manifest | None) -> str | None:
    """What `check` and `diff` say while a render is unfinished (None: none is)."""
    if manifest is None or not manifest.pending:
        return None
    return (
        f"a render was interrupted here before it finished ({len(manifest.pending)} files pending, listed in "
        f"{MANIFEST_NAME}); run `sagegen render` to render the spec again"
    )


def survey(
    tree: Tree, files: dict[str, str], manifest: Manifest | None, allowed: Callable[[str], str | None]
) -> list[tuple[str, Outcome, str]]:
    """(path, outcome, why) for each entry of a root module directory (one that holds rendered `.tf`
    files) that sagegen does not own: USER with the spec's reason when `allowed(path)` gives one,
    UNOWNED otherwise; and UNOWNED for the names earlier versions used for a render in progress."""
    owned = ours(files, manifest)
    found = [
        (name, Outcome.UNOWNED, "left by an older sagegen, or planted; this version never reads it: delete it")
        for name in RETIRED
        if tree.kind(name)
    ]
    for module in sorted({p.rpartition("/")[0] for p in files if p.endswith(".tf")}):
        for name in tree.entries(module):
            path = f"{module}/{name}"
            if path in owned or name in TERRAFORM_OWN:
                continue
            reason = allowed(path)
            if name.endswith(TEMPORARY_SUFFIX):
                found.append((path, Outcome.UNOWNED, LEFT_BEHIND))
            elif reason is not None:
                found.append((path, Outcome.USER, reason))
            else:
                found.append((path, Outcome.UNOWNED, NOT_OURS))
    return found


def allowed_by(user_files) -> Callable[[str], str | None]:
    """`allowed(path)`: the reason the spec gives for a file of the user's at `path`, or None."""

    def allowed(path: str) -> str | None:
        for entry in user_files:
            if fnmatch.fnmatchcase(path, entry.path) and path.count("/") == entry.path.count("/"):
                return entry.reason
        return None

    return allowed


@contextlib.contextmanager
def locked(out: Path, *, create: bool, wait: float = LOCK_WAIT_SECONDS) -> Iterator[Tree | None]:
    """The output directory, open (tree.py) and locked exclusively (waiting up to `wait` s); None when it
    does not exist and `create` is false."""
    with opened(out, create=create) as tree:
        if tree is None:
            yield None
            return
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(tree.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN) or time.monotonic() >= deadline:
                    raise UserError(
                        [Problem(f"another sagegen is writing here; gave up after {wait:.0f} s", file=str(out))]
                    ) from None
                time.sleep(0.05)
        yield tree


GRAPHVIZ_TIMEOUT = 60


def write_svg(dot_source: str, path: Path) -> None:
    """Draw `dot_source` with Graphviz's `dot` into `path`, whole or not at all."""
    binary = shutil.which("dot")
    if binary is None:
        raise UserError(
            "--svg needs Graphviz's `dot`, which is not on PATH (apt install graphviz, brew install "
            "graphviz); the Mermaid diagram in README.md needs nothing"
        )
    import subprocess

    try:
        result = subprocess.run(
            [binary, "-Tsvg"], input=dot_source.encode(), capture_output=True, timeout=GRAPHVIZ_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise UserError(f"dot did not finish drawing the diagram within {GRAPHVIZ_TIMEOUT} s") from None
    if result.returncode != 0 or b"<svg" not in result.stdout:
        said = result.stderr.decode(errors="replace").strip()
        raise UserError(f"dot could not draw the diagram: {said or 'no SVG on its output'}")
    if not path.parent.is_dir():
        raise UserError(f"{path}: the directory {path.parent} does not exist")
    # A fresh name of our own (O_EXCL), hidden and marked as sagegen's, beside the target so that the
    # rename is atomic: a link planted at a fixed temporary name is never written through.
    fd, staged = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # the bytes dot drew, as it drew them
            handle.write(result.stdout)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(staged, 0o644)
        os.replace(staged, path)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise
