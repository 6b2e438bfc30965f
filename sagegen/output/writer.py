"""All of sagegen's disk I/O on the output directory.

A render is a transaction over the output directory:

1. `plan` compares the rendered files with the disk and the manifest and
   decides an outcome per file (created, changed, unchanged, removed, refused).
2. `apply` writes every new file into a staging directory, then writes a
   journal (the commit point, made atomic by rename), then moves the staged
   files into place and deletes stale ones, then removes the journal.
3. `render` first finishes a journal left by a killed render (roll forward)
   or discards a staging directory that never reached its commit point, so
   the tree is always either the old render or the new one. `check` and
   `diff` write nothing: they compare as if that render were finished.

Nothing read from disk is trusted: journal and manifest paths are relative,
normalised and through no symbolic link (`inside`); files are read as regular
files of bounded size (sagegen/files.py); no write follows a link.

A lock on the output directory keeps two renders from interleaving.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..errors import Problem, UserError
from .manifest import MANIFEST_NAME, Manifest, check_relative, digest
from .report import Outcome, Report

STAGING_NAME = ".sagegen-staging"
JOURNAL_NAME = ".sagegen-journal.json"
LOCK_WAIT_SECONDS = 30.0


@dataclass
class Plan:
    """What a render would do: the report, and the files to write and delete."""

    report: Report
    writes: dict[str, str]  # path -> new text (created or changed, and the manifest)
    deletes: list[str]
    current: dict[str, str | None]  # path -> what is on disk now (None: absent), for every path read


def read_text(out: Path, path: str) -> str | None:
    """The text of `out / path` (None: absent), read safely (sagegen/files.py) through no symbolic link."""
    return files.read_text(_inside_or_refuse(out, path, "read"))


def plan(
    out: Path,
    files: dict[str, str],
    spec_sha256: str,
    *,
    force: bool = False,
    phase: str | None = None,
    preview: bool = False,
    view: dict[str, str | None] | None = None,
) -> Plan:
    """Decide what writing `files` (the stack of `phase`) into `out` does to each file. Reads only.

    `view` overrides what the disk holds for some paths (an interrupted render seen as finished, `pending`).

    A preview (a phase other than the live one) is refused over an output that holds the live stack:
    `terraform apply` there would move production to that phase.
    """
    view = view or {}

    def read(path: str) -> str | None:
        return view[path] if path in view else read_text(out, path)

    current_texts = {MANIFEST_NAME: read(MANIFEST_NAME)}
    manifest_text = current_texts[MANIFEST_NAME]
    manifest = Manifest.loads(manifest_text, str(out / MANIFEST_NAME)) if manifest_text is not None else None
    if preview and manifest is not None and not manifest.preview and not force:
        held = f" (phase {manifest.phase})" if manifest.phase else ""
        raise UserError(
            [Problem(f"holds the live stack{held}; a preview of phase {phase} would replace it", file=str(out))],
            hint="render previews into a directory of their own: sagegen render --phase NAME --out DIR",
        )
    owned = manifest.files if manifest is not None else {}
    report, writes, deletes = Report(), {}, []
    for path, text in sorted(files.items()):
        current = current_texts[path] = read(path)
        if current == text:
            report.add(path, Outcome.UNCHANGED)
            continue
        if current is not None and not force:
            if path not in owned:
                report.add(path, Outcome.REFUSED, "exists but sagegen does not own it (use --force to take it over)")
                continue
            if digest(current) != owned[path]:
                report.add(path, Outcome.REFUSED, "edited by hand since the last render (use --force to overwrite)")
                continue
        report.add(path, Outcome.CREATED if current is None else Outcome.CHANGED)
        writes[path] = text
    for path in sorted(set(owned) - set(files)):
        current = current_texts[path] = read(path)
        if current is None:
            continue
        if digest(current) != owned[path] and not force:
            report.add(path, Outcome.REFUSED, "no longer generated, but edited by hand (use --force to delete)")
            continue
        report.add(path, Outcome.REMOVED)
        deletes.append(path)
    new_manifest = Manifest(
        spec_sha256=spec_sha256, files={p: digest(t) for p, t in files.items()}, phase=phase, preview=preview
    ).dumps()
    if manifest_text != new_manifest:
        writes[MANIFEST_NAME] = new_manifest
    return Plan(report, writes, deletes, current_texts)


def apply(out: Path, todo: Plan) -> None:
    """Carry out `todo` as one transaction (see the module docstring)."""
    try:
        _apply(out, todo)
    except OSError as exc:  # a full or read-only disk: before the commit point nothing changed
        where = exc.filename or out
        raise UserError([Problem(f"cannot write: {exc.strerror}", file=str(where))]) from None


def _apply(out: Path, todo: Plan) -> None:
    if todo.report.refused:
        return
    if not todo.writes and not todo.deletes:
        return
    for path in [*todo.writes, *todo.deletes]:  # before the commit point: a refusal leaves the tree as it was
        _inside_or_refuse(out, path, "write")
    staging = out / STAGING_NAME
    if staging.is_symlink():
        staging.unlink()
    shutil.rmtree(staging, ignore_errors=True)
    for path, text in todo.writes.items():
        _write_durably(staging / path, text)
    journal = {"writes": sorted(todo.writes), "deletes": sorted(todo.deletes)}
    _write_durably(out / (JOURNAL_NAME + ".tmp"), json.dumps(journal, sort_keys=True))
    os.replace(out / (JOURNAL_NAME + ".tmp"), out / JOURNAL_NAME)  # the commit point
    _fsync_dir(out)
    _roll_forward(out, journal)


def _journal(out: Path) -> dict | None:
    """The journal of an interrupted render, checked like the manifest; None when there is none."""
    journal_path = out / JOURNAL_NAME
    text = files.read_text(journal_path)
    if text is None:
        return None
    hint = f"sagegen did not write it: delete {journal_path} and {out / STAGING_NAME}, then render again"
    try:
        journal = json.loads(text)
        writes, deletes = list(journal["writes"]), list(journal["deletes"])
        for path in writes + deletes:
            inside(out, path)
        if (out / STAGING_NAME).is_symlink():
            raise ValueError(f"{STAGING_NAME} is a symbolic link")
    except (ValueError, KeyError, TypeError) as exc:
        # Replaying a planted journal would write or delete wherever it points: nothing is done.
        raise UserError(
            [Problem(f"refused journal of an interrupted render: {exc}", file=str(journal_path))], hint=hint
        ) from None
    return {"writes": writes, "deletes": deletes}


def pending(out: Path) -> tuple[str | None, dict[str, str | None]]:
    """What an interrupted render left, without touching it (for `check` and `diff`, which write nothing).

    Returns a note and the view of the files as `render` would leave them once it finishes the
    interrupted render (its staged files in place, its deletions done)."""
    journal = _journal(out)
    if journal is None:
        if (out / STAGING_NAME).exists():
            return "an interrupted render left staging files; the next `sagegen render` discards them", {}
        return None, {}
    view: dict[str, str | None] = {}
    for path in journal["writes"]:
        try:
            staged = inside(out / STAGING_NAME, path)
        except ValueError:
            continue
        text = files.read_text(staged)
        if text is not None:
            view[path] = text
    view.update(dict.fromkeys(journal["deletes"]))
    return "an interrupted render is pending (compared as finished); the next `sagegen render` finishes it", view


def recover(out: Path) -> str | None:
    """Finish or discard an interrupted render (only `render` calls this). Returns a note when it did something."""
    if os.path.lexists(out / (JOURNAL_NAME + ".tmp")):  # nothing is written when nothing is there
        (out / (JOURNAL_NAME + ".tmp")).unlink()  # a link goes, never what it points at
    journal = _journal(out)
    if journal is not None:
        _roll_forward(out, journal)
        return "finished an interrupted render"
    staging = out / STAGING_NAME
    if staging.is_symlink():
        staging.unlink()  # the link only, never what it points at
        return "removed a symbolic link in place of the staging directory"
    if staging.exists():
        shutil.rmtree(staging)
        return "discarded the staging files of an interrupted render"
    return None


def inside(out: Path, path: object) -> Path:
    """`out / path` for a path read from disk (journal, manifest): relative, normalised, and through no
    symbolic link, so a write or delete there stays inside `out`. Raises ValueError otherwise."""
    check_relative(path)  # a string, no NUL or control character, relative, normalised
    here = out
    for part in path.split("/"):
        here = here / part
        if here.is_symlink():
            raise ValueError(f"path {path!r} goes through the symbolic link {here}")
    return here


def _inside_or_refuse(out: Path, path: str, verb: str) -> Path:
    """`inside`, with its ValueError as the user's error."""
    try:
        return inside(out, path)
    except ValueError as exc:
        raise UserError(
            [Problem(f"refused to {verb}: {exc}", file=str(out))],
            hint="sagegen reads and writes only real directories inside the output directory; remove the link",
        ) from None


def _roll_forward(out: Path, journal: dict) -> None:
    staging = out / STAGING_NAME
    for path in journal["writes"]:
        try:
            src = inside(staging, path)
        except ValueError:
            continue  # a planted staging directory: its files are not moved anywhere
        if src.is_file() and not src.is_symlink():
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, out / path)
    for path in journal["deletes"]:
        target = out / path
        if target.is_symlink() or target.is_file():
            target.unlink()
        _remove_empty_parents(out, target)
    _fsync_dir(out)
    (out / JOURNAL_NAME).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _remove_empty_parents(out: Path, path: Path) -> None:
    parent = path.parent
    while parent != out and not parent.is_symlink() and parent.is_dir() and not any(parent.iterdir()):
        try:
            parent.rmdir()
        except OSError:
            return  # left in place: an empty directory is harmless, a half-finished journal is not
        parent = parent.parent


def _write_durably(path: Path, text: str) -> None:
    """Write a new file at `path`: whatever is there (a planted link) is removed, never written through."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(path):
        path.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    _write_fd(os.open(path, flags, 0o644), text)


def _write_fd(fd: int, text: str) -> None:
    """Write `text` to the new file open at `fd`, on disk before this returns, and close it."""
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(out: Path, *, create: bool, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on the output directory (waiting up to `wait` s)."""
    if create:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError([Problem(f"cannot create the output directory: {exc.strerror}", file=str(out))]) from None
    if not out.is_dir():
        if out.exists():
            raise UserError([Problem("the output path exists and is not a directory", file=str(out))])
        yield
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN) or time.monotonic() >= deadline:
                    raise UserError(
                        [Problem(f"another sagegen is writing here; gave up after {wait:.0f} s", file=str(out))]
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


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

    result = subprocess.run(
        [binary, "-Tsvg"], input=dot_source, capture_output=True, text=True, timeout=GRAPHVIZ_TIMEOUT
    )
    if result.returncode != 0 or "<svg" not in result.stdout:
        raise UserError(f"dot could not draw the diagram: {result.stderr.strip() or 'no SVG on its output'}")
    if not path.parent.is_dir():
        raise UserError(f"{path}: the directory {path.parent} does not exist")
    # A fresh name of our own (O_EXCL): a link planted at a fixed temporary name is never written through.
    fd, staged = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".sagegen-tmp", dir=path.parent)
    try:
        _write_fd(fd, result.stdout)
        os.chmod(staged, 0o644)
        os.replace(staged, path)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise
