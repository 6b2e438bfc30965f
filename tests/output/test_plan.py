"""The writer's decision for each file (sagegen/output/writer.plan), on its own, over one tree that holds
every case at once: each file's outcome and reason in path order, the summary, nothing skipped after a
refusal, a preview refused over the live stack at its place (issue 25: survivors of plan)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagegen.errors import UserError
from sagegen.output import writer
from sagegen.output.manifest import MANIFEST_NAME
from sagegen.output.report import Entry, Outcome, Report
from sagegen.output.tree import opened

FIRST = {f"{name}.tf": f"# {name}\n" for name in ("a", "b", "d", "gone0", "gone1", "gone2", "gone3", "gone4", "h")}


def _rendered(out: Path, files: dict[str, str], **kwargs) -> None:
    with opened(out, create=True) as tree:
        writer.apply(tree, writer.plan(tree, files, "0" * 64, **kwargs))


def test_each_file_gets_its_outcome_and_reason_and_none_is_skipped(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _rendered(out, FIRST, phase="mvp")
    (out / "b.tf").write_text("# edited by hand\n")
    (out / "c.tf").write_text("# the user's own\n")
    (out / "gone2.tf").write_text("# edited by hand\n")
    (out / "gone0.tf").unlink()  # already gone: nothing to do, and the next ones still get theirs
    (out / "h.tf").write_text("# edited by hand\n")
    files = {"a.tf": "# a\n", "b.tf": "# b2\n", "c.tf": "# c\n", "d.tf": "# d2\n", "e.tf": "# e\n", "h.tf": "# h2\n"}
    with opened(out, create=False) as tree:
        todo = writer.plan(tree, files, "1" * 64, phase="mvp")  # force left to its default: off
    refused_edit = "edited by hand since the last render (use --force to overwrite)"
    assert todo.report.entries == [
        Entry("a.tf", Outcome.UNCHANGED),
        Entry("b.tf", Outcome.REFUSED, refused_edit),
        Entry("c.tf", Outcome.REFUSED, "exists but sagegen does not own it (use --force to take it over)"),
        Entry("d.tf", Outcome.CHANGED),
        Entry("e.tf", Outcome.CREATED),
        Entry("h.tf", Outcome.REFUSED, refused_edit),
        Entry("gone1.tf", Outcome.REMOVED),
        Entry("gone2.tf", Outcome.REFUSED, "no longer generated, but edited by hand (use --force to delete)"),
        Entry("gone3.tf", Outcome.REMOVED),
        Entry("gone4.tf", Outcome.REMOVED),
    ]
    assert todo.report.summary() == "1 created, 1 changed, 1 unchanged, 3 removed, 4 refused"
    assert (todo.writes, todo.deletes) == ({"d.tf": "# d2\n", "e.tf": "# e\n"}, ["gone1.tf", "gone3.tf", "gone4.tf"])


def test_an_absent_output_creates_every_file(tmp_path: Path) -> None:
    todo = writer.plan(None, {"a.tf": "# a\n"}, "0" * 64)
    assert todo.report.entries == [Entry("a.tf", Outcome.CREATED)] and todo.leftovers == []


@pytest.mark.parametrize(("phase", "held"), [("mvp", " (phase mvp)"), (None, "")])
def test_a_preview_over_the_live_stack_is_refused_at_the_output_directory(
    tmp_path: Path, phase: str | None, held: str
) -> None:
    out = tmp_path / "out"
    _rendered(out, FIRST, phase=phase)
    with opened(out, create=False) as tree, pytest.raises(UserError) as refused:
        writer.plan(tree, FIRST, "0" * 64, phase="scale", preview=True)
    (problem,) = refused.value.problems
    assert (problem.message, problem.file) == (
        f"holds the live stack{held}; a preview of phase scale would replace it",
        str(out),
    )
    assert refused.value.hint == "render previews into a directory of their own: sagegen render --phase NAME --out DIR"


def test_a_leftover_temporary_or_a_link_at_its_name_is_cleared(tmp_path: Path) -> None:
    """A crash leaves a staged file at a temporary name of a file sagegen owns (or a link planted there):
    the next render removes either; a directory there is not sagegen's to remove."""
    out = tmp_path / "out"
    _rendered(out, FIRST)
    (out / writer.temporary("a.tf")).write_text("half")
    (out / writer.temporary("d.tf")).symlink_to(tmp_path)
    (out / writer.temporary("e.tf")).mkdir()
    (out / writer.temporary("gone1.tf")).write_text("half")  # owned by the manifest, no longer rendered
    (out / writer.temporary(MANIFEST_NAME)).write_text("half")
    (out / writer.temporary("user.tf")).write_text("not ours")
    files = {**{k: v for k, v in FIRST.items() if k != "gone1.tf"}, "e.tf": "# e\n"}
    with opened(out, create=False) as tree:
        todo = writer.plan(tree, files, "0" * 64)
    assert todo.leftovers == sorted(writer.temporary(p) for p in ("a.tf", "d.tf", "gone1.tf", MANIFEST_NAME))
    (out / writer.temporary("e.tf")).rmdir()  # or the write of e.tf is refused (O_EXCL)
    with opened(out, create=False) as tree:
        writer.apply(tree, todo)
    assert [p.name for p in out.iterdir() if p.name.endswith(writer.TEMPORARY_SUFFIX)] == [writer.temporary("user.tf")]


def test_a_summary_counts_what_was_done_and_leaves_out_the_users_files() -> None:
    report = Report()
    assert report.summary() == "no files"
    report.add("keep.tf", Outcome.USER, "ours")
    assert report.summary() == "no files"
    report.add("a.tf", Outcome.CREATED)
    report.add("b.tf", Outcome.CREATED)
    report.add("c.tf", Outcome.REMOVED)
    assert report.summary() == "2 created, 1 removed"


def test_survey_names_every_file_in_a_root_module_sagegen_does_not_own(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = {"terraform/main.tf": "# main\n", "README.md": "# r\n"}
    _rendered(out, {**files, "terraform/old.tf": "# old\n"})
    (out / ".sagegen-staging").mkdir()
    (out / "terraform" / "mine.tf").write_text("# the user's\n")
    (out / "terraform" / "stray.tf").write_text("# planted\n")
    (out / "terraform" / writer.temporary("main.tf")).write_text("half")
    (out / "terraform" / ".terraform.lock.hcl").write_text("# terraform's\n")
    with opened(out, create=False) as tree:
        manifest = writer.read_manifest(tree)[1]
        found = writer.survey(tree, files, manifest, lambda path: "ours, by hand" if path.endswith("mine.tf") else None)
    assert found == [
        (
            ".sagegen-staging",
            Outcome.UNOWNED,
            "left by an older sagegen, or planted; this version never reads it: delete it",
        ),
        (f"terraform/{writer.temporary('main.tf')}", Outcome.UNOWNED, writer.LEFT_BEHIND),
        ("terraform/mine.tf", Outcome.USER, "ours, by hand"),
        ("terraform/stray.tf", Outcome.UNOWNED, writer.NOT_OURS),
    ]


def test_a_corrupt_manifest_is_named_at_its_place_in_the_output_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_text("{")
    with opened(out, create=False) as tree, pytest.raises(UserError) as refused:
        writer.plan(tree, FIRST, "0" * 64)
    assert refused.value.problems[0].file == str(out / MANIFEST_NAME)
