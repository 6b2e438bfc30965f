"""The output tree (sagegen/output/tree.py) on its own: every write through directory descriptors, never
through a link, never in the working directory, the mode and bytes a user expects (issue 25: mutants of
Tree.create and of its refusals survived the suite)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from sagegen.errors import UserError
from sagegen.output.tree import opened

TEXT = "name: Café Zürich\r\nsecond line\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory: nothing may land here."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


@pytest.mark.parametrize("method", ["create", "write"])
def test_a_file_lands_in_its_new_directories_with_its_bytes_and_mode_and_nothing_else(
    tmp_path: Path, elsewhere: Path, method: str
) -> None:
    out = tmp_path / "out"
    umask = os.umask(0o022)
    try:
        with opened(out, create=True) as tree:
            result = getattr(tree, method)("a/b/spec.yaml", TEXT, ".spec.yaml.tmp")
    finally:
        os.umask(umask)
    assert result in (True, None)
    target = out / "a" / "b" / "spec.yaml"
    assert target.read_bytes() == TEXT.encode("utf-8")  # UTF-8 whatever the locale; newlines as given
    assert _mode(target) == 0o644 and _mode(out / "a") == 0o755
    assert sorted(p.name for p in (out / "a" / "b").iterdir()) == ["spec.yaml"]  # no temporary left
    assert list(elsewhere.iterdir()) == []


def test_create_never_replaces_what_is_there(tmp_path: Path, elsewhere: Path) -> None:
    out = tmp_path / "out"
    (out / "specs").mkdir(parents=True)
    (out / "specs" / "sage.yaml").write_text("the user's\n")
    with opened(out, create=False) as tree:
        assert tree.create("specs/sage.yaml", TEXT, ".sage.yaml.tmp") is False
    assert (out / "specs" / "sage.yaml").read_text() == "the user's\n"
    assert sorted(p.name for p in (out / "specs").iterdir()) == ["sage.yaml"]


def test_create_refuses_a_link_on_the_way_and_does_not_write_through_it(tmp_path: Path, elsewhere: Path) -> None:
    out, victim = tmp_path / "out", tmp_path / "victim"
    out.mkdir()
    victim.mkdir()
    (out / "specs").symlink_to(victim)
    with opened(out, create=False) as tree, pytest.raises(UserError) as refused:
        tree.create("specs/sage.yaml", TEXT, ".sage.yaml.tmp")
    problem = refused.value.problems[0]
    assert problem.message.startswith("refused: a symbolic link or a file is in the way")
    assert problem.file == str(out / "specs")
    assert refused.value.hint == (
        "sagegen reads and writes only real files and directories inside the output directory; remove the link"
    )
    assert list(victim.iterdir()) == []


def test_a_link_at_the_name_itself_is_left_and_nothing_is_written_through_it(tmp_path: Path, elsewhere: Path) -> None:
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_text("keep")
    (out / "spec.yaml").symlink_to(victim)
    with opened(out, create=False) as tree:
        assert tree.create("spec.yaml", TEXT, ".spec.yaml.tmp") is False
    assert victim.read_text() == "keep" and (out / "spec.yaml").is_symlink()


def test_a_file_where_a_directory_is_due_is_refused_by_name(tmp_path: Path, elsewhere: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "specs").write_text("a file")
    with opened(out, create=False) as tree, pytest.raises(UserError) as refused:
        tree.create("specs/sage.yaml", TEXT, ".sage.yaml.tmp")
    assert refused.value.problems[0].message.startswith("refused: a symbolic link or a file is in the way")


def test_unlink_removes_the_file_and_the_directories_it_leaves_empty_only(tmp_path: Path, elsewhere: Path) -> None:
    out = tmp_path / "out"
    (out / "a" / "b").mkdir(parents=True)
    (out / "a" / "b" / "x.tf").write_text("x")
    (out / "a" / "keep.tf").write_text("k")
    with opened(out, create=False) as tree:
        tree.unlink("a/b/x.tf")
        tree.unlink("a/b/absent.tf")  # nothing there: nothing happens
    assert not (out / "a" / "b").exists() and (out / "a" / "keep.tf").read_text() == "k"


def test_any_other_failure_to_link_is_named_at_its_path_and_leaves_no_temporary(
    tmp_path: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure the refusal does not single out (here EIO, as a failing disk gives) is still a located error,
    and the temporary file is gone."""
    import errno

    def failing_link(*_args, **_kwargs) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    out = tmp_path / "out"
    monkeypatch.setattr(os, "link", failing_link)
    with opened(out, create=True) as tree, pytest.raises(UserError) as refused:
        tree.create("a/spec.yaml", TEXT, ".spec.yaml.tmp")
    (problem,) = refused.value.problems
    assert (problem.message, problem.file) == (f"cannot use: {os.strerror(errno.EIO)}", str(out / "a/spec.yaml"))
    assert refused.value.hint is None
    assert os.listdir(out / "a") == []


def test_a_temporary_name_taken_is_named_at_the_files_path(tmp_path: Path, elsewhere: Path) -> None:
    """O_EXCL: a temporary name already taken (here by a directory) is refused, at the path being written."""
    out = tmp_path / "out"
    (out / "a" / ".spec.yaml.tmp").mkdir(parents=True)
    for method in "create", "write":
        with opened(out, create=False) as tree, pytest.raises(UserError) as refused:
            getattr(tree, method)("a/spec.yaml", TEXT, ".spec.yaml.tmp")
        (problem,) = refused.value.problems
        assert (problem.message, problem.file) == ("cannot use: File exists", str(out / "a/spec.yaml"))
    assert sorted(os.listdir(out / "a")) == [".spec.yaml.tmp"]


def test_create_links_the_file_it_wrote_never_what_a_link_swapped_in_points_at(
    tmp_path: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the write and the link, someone puts a symbolic link to a file of theirs at the temporary
    name: linkat without AT_SYMLINK_FOLLOW (follow_symlinks=False) links the link itself, so the new name
    never becomes a second name of their file (Linux link(2); Python's os.link follows by default)."""
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    victim.write_text("theirs")
    (out / "a").mkdir(parents=True)
    real_fsync = os.fsync

    def swap(fd: int) -> None:
        real_fsync(fd)
        if (out / "a" / ".spec.yaml.tmp").is_file() and not (out / "a" / ".spec.yaml.tmp").is_symlink():
            (out / "a" / ".spec.yaml.tmp").unlink()
            (out / "a" / ".spec.yaml.tmp").symlink_to(victim)

    monkeypatch.setattr(os, "fsync", swap)
    with opened(out, create=False) as tree:
        assert tree.create("a/spec.yaml", TEXT, ".spec.yaml.tmp") is True
    assert os.stat(victim).st_nlink == 1 and (out / "a" / "spec.yaml").is_symlink()
    assert os.listdir(out / "a") == ["spec.yaml"]


def test_a_temporary_someone_else_removed_is_no_error(
    tmp_path: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link

    def link_then_lose(source, target, **kwargs) -> None:
        real_link(source, target, **kwargs)
        os.unlink(source, dir_fd=kwargs["src_dir_fd"])

    monkeypatch.setattr(os, "link", link_then_lose)
    out = tmp_path / "out"
    with opened(out, create=True) as tree:
        assert tree.create("spec.yaml", TEXT, ".spec.yaml.tmp") is True
    assert os.listdir(out) == ["spec.yaml"]


def test_unlink_removes_every_level_left_empty_and_keeps_the_output_directory(tmp_path: Path, elsewhere: Path) -> None:
    out = tmp_path / "out"
    (out / "a" / "b" / "c").mkdir(parents=True)
    (out / "a" / "b" / "c" / "x.tf").write_text("x")
    (out / "top.tf").write_text("t")
    with opened(out, create=False) as tree:
        tree.unlink("a/b/c/x.tf")
        tree.unlink("top.tf")
    assert out.is_dir() and os.listdir(out) == []


def test_unlink_of_a_directory_is_refused_at_its_path(tmp_path: Path, elsewhere: Path) -> None:
    out = tmp_path / "out"
    (out / "a" / "x.tf").mkdir(parents=True)
    with opened(out, create=False) as tree, pytest.raises(UserError) as refused:
        tree.unlink("a/x.tf")
    (problem,) = refused.value.problems
    assert (problem.message, problem.file) == (f"cannot use: {os.strerror(errno.EISDIR)}", str(out / "a/x.tf"))


@pytest.mark.parametrize("named", [".", "", "..", "../..", "a/..", "a/../b", "/", "ABS/x/.."])
def test_the_working_directory_or_one_above_is_never_an_output_directory(
    tmp_path: Path, elsewhere: Path, named: str
) -> None:
    out = Path(named.replace("ABS", str(tmp_path)))
    with pytest.raises(UserError) as refused, opened(out, create=True):
        pass
    (problem,) = refused.value.problems
    assert (problem.message, problem.file) == ("is not a directory sagegen can write into", str(out))
    assert list(elsewhere.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["cwd"]


def test_a_relative_output_directory_may_start_above_and_an_absolute_ones_parents_are_made(
    tmp_path: Path, elsewhere: Path
) -> None:
    umask = os.umask(0)
    try:
        for out in (Path("../sibling/out"), tmp_path / "a" / "b" / "out"):
            with opened(out, create=True) as tree:
                assert tree is not None and tree.create("x.tf", TEXT, ".x.tf.tmp")
    finally:
        os.umask(umask)
    assert (tmp_path / "sibling" / "out" / "x.tf").read_bytes() == TEXT.encode()
    assert (tmp_path / "a" / "b" / "out" / "x.tf").read_bytes() == TEXT.encode()
    # What sagegen makes below where the path starts is 0755 whatever the umask; the parents of an absolute
    # path are the user's, made as `mkdir -p` makes them (the umask decides).
    assert {_mode(tmp_path / d) for d in ("sibling", "sibling/out", "a/b/out")} == {0o755}
    assert {_mode(tmp_path / d) for d in ("a", "a/b")} == {0o777}


def test_kind_names_what_is_there_without_following_a_link(tmp_path: Path, elsewhere: Path) -> None:
    out = tmp_path / "out"
    (out / "d").mkdir(parents=True)
    (out / "f").write_text("x")
    (out / "l").symlink_to(out / "f")
    os.mkfifo(out / "p")
    with opened(out, create=False) as tree:
        assert [tree.kind(n) for n in ("f", "d", "l", "p", "absent", "d/absent")] == [
            "file", "dir", "link", "other", None, None
        ]  # fmt: skip
        for method in tree.kind, tree.read:
            with pytest.raises(UserError) as refused:
                method("n" * 300)
            (problem,) = refused.value.problems
            assert (problem.message, problem.file) == (
                f"cannot use: {os.strerror(errno.ENAMETOOLONG)}",
                str(out / ("n" * 300)),
            )


def test_read_refuses_a_link_and_names_text_that_is_not_utf8_at_its_path(tmp_path: Path, elsewhere: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "bad.tf").write_bytes(b"caf\xe9\n")
    (out / "l.tf").symlink_to(out / "bad.tf")
    with opened(out, create=False) as tree:
        with pytest.raises(UserError) as refused:
            tree.read("l.tf")
        assert refused.value.problems[0].file == str(out / "l.tf")
        assert refused.value.problems[0].message.startswith("refused: a symbolic link or a file is in the way")
        with pytest.raises(UserError) as undecodable:
            tree.read("bad.tf")
        assert undecodable.value.problems[0].file == str(out / "bad.tf")


def test_entries_of_an_absent_directory_are_none_and_nothing_is_made(tmp_path: Path, elsewhere: Path) -> None:
    (elsewhere / "of-the-working-directory").write_text("x")
    out = tmp_path / "out"
    out.mkdir()
    with opened(out, create=False) as tree:
        assert tree.entries("absent") == [] and tree.entries("absent/deeper") == []
    assert os.listdir(out) == []


def test_a_directory_where_a_file_is_read_or_written_is_refused_at_its_path(tmp_path: Path, elsewhere: Path) -> None:
    out = tmp_path / "out"
    (out / "a.tf").mkdir(parents=True)
    with opened(out, create=False) as tree:
        with pytest.raises(UserError) as read:
            tree.read("a.tf")
        assert (read.value.problems[0].message, read.value.problems[0].file) == (
            "is a directory, not a file",
            str(out / "a.tf"),
        )
        with pytest.raises(UserError) as written:
            tree.write("a.tf", TEXT, ".a.tf.tmp")
        assert written.value.problems[0].file == str(out / "a.tf")


def test_a_new_directory_is_0755_whatever_the_umask_and_a_failed_mkdir_is_named(
    tmp_path: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    umask = os.umask(0)
    try:
        with opened(out, create=True) as tree:
            tree.write("a/b.tf", TEXT, ".b.tf.tmp")
    finally:
        os.umask(umask)
    assert _mode(out / "a") == 0o755

    def refuse(*_args, **_kwargs) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "mkdir", refuse)
    with opened(out, create=False) as tree, pytest.raises(UserError) as refused:
        tree.write("c/d.tf", TEXT, ".d.tf.tmp")
    assert (refused.value.problems[0].message, refused.value.problems[0].file) == (
        f"cannot use: {os.strerror(errno.EACCES)}",
        str(out / "c"),
    )


def test_a_directory_swapped_for_a_link_right_after_its_mkdir_is_refused_at_its_path(
    tmp_path: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race between making a directory and opening it: another process replaces it with a link. The
    open does not follow it (O_NOFOLLOW) and the refusal names the directory; nothing lands elsewhere."""
    out = tmp_path / "out"
    out.mkdir()
    mkdir = os.mkdir

    def made_then_swapped(name: str, mode: int, *, dir_fd: int) -> None:
        mkdir(name, mode, dir_fd=dir_fd)
        os.rmdir(name, dir_fd=dir_fd)
        os.symlink(elsewhere, name, dir_fd=dir_fd)

    monkeypatch.setattr(os, "mkdir", made_then_swapped)
    with opened(out, create=False) as tree, pytest.raises(UserError) as refused:
        tree.write("a/b.tf", TEXT, ".b.tf.tmp")
    problem = refused.value.problems[0]
    assert (problem.file, problem.message.split(" (")[0]) == (
        str(out / "a"),
        "refused: a symbolic link or a file is in the way",
    )
    assert list(elsewhere.iterdir()) == []
