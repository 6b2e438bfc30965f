"""All of sagegen's disk I/O on the output directory.

A render is a transaction over the output directory:

1. `plan` compares the rendered files with the disk and the manifest and
   decides an outcome per file (created, changed, unchanged, removed, refused).
2. `apply` writes every new file into a staging directory, then writes a
   journal (the commit point, made atomic by rename), then moves the staged
   files into place and deletes stale ones, then removes the journal.
3. Every command first finishes a journal left by a killed render (roll
   forward) or discards a staging directory that never reached its commit
   point, so the tree is always either the old render or the new one.

A lock on the output directory keeps two renders from interleaving.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError([Problem(f"cannot read: {exc}", file=str(path))]) from None


def plan(
    out: Path,
    files: dict[str, str],
    spec_sha256: str,
    *,
    force: bool = False,
    phase: str | None = None,
    preview: bool = False,
) -> Plan:
    """Decide what writing `files` (the stack of `phase`) into `out` does to each file. Reads only.

    A preview (a phase other than the live one) is refused over an output that holds the live stack:
    `terraform apply` there would move production to that phase.
    """
    current_texts = {MANIFEST_NAME: read_text(out / MANIFEST_NAME)}
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
        current = current_texts[path] = read_text(out / path)
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
        current = current_texts[path] = read_text(out / path)
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
    if todo.report.refused:
        return
    if not todo.writes and not todo.deletes:
        return
    for path in [*todo.writes, *todo.deletes]:  # before the commit point: a refusal leaves the tree as it was
        try:
            inside(out, path)
        except ValueError as exc:
            raise UserError(
                [Problem(f"refused to write: {exc}", file=str(out))],
                hint="sagegen writes only real directories inside the output directory; remove the link",
            ) from None
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


def recover(out: Path) -> str | None:
    """Finish or discard an interrupted render. Returns a note when it did something."""
    journal_path = out / JOURNAL_NAME
    (out / (JOURNAL_NAME + ".tmp")).unlink(missing_ok=True)
    text = read_text(journal_path)
    if text is not None:
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
        _roll_forward(out, {"writes": writes, "deletes": deletes})
        return "finished an interrupted render"
    if (out / STAGING_NAME).exists():
        shutil.rmtree(out / STAGING_NAME)
        return "discarded the staging files of an interrupted render"
    return None


def inside(out: Path, path: object) -> Path:
    """`out / path` for a path read from disk (journal, manifest): relative, normalised, and through no
    symbolic link, so a write or delete there stays inside `out`. Raises ValueError otherwise."""
    if not isinstance(path, str) or "\0" in path:
        raise ValueError(f"{path!r} is not a path")
    check_relative(path)
    here = out
    for part in path.split("/"):
        here = here / part
        if here.is_symlink():
            raise ValueError(f"path {path!r} goes through the symbolic link {here}")
    return here


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
        (out / path).unlink(missing_ok=True)
        _remove_empty_parents(out, out / path)
    _fsync_dir(out)
    (out / JOURNAL_NAME).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _remove_empty_parents(out: Path, path: Path) -> None:
    parent = path.parent
    while parent != out and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def _write_durably(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
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
    staged = path.with_name(f".{path.name}.sagegen-tmp")
    _write_durably(staged, result.stdout)
    os.replace(staged, path)
