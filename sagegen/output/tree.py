"""The output directory, opened once and worked through directory descriptors.

The output directory is committed, so a pull request can plant anything there, and a process can swap
a directory for a symbolic link while sagegen runs. So the directory is opened once, without following
a link (O_DIRECTORY|O_NOFOLLOW), and every mkdir, open, rename, unlink and rmdir below is relative to
a descriptor of its parent directory, itself opened without following a link: no name is resolved
again after it was checked, and no operation goes through a link, whatever is swapped in meanwhile.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .. import files
from ..errors import Problem, UserError

KINDS = {stat.S_IFREG: "file", stat.S_IFDIR: "dir", stat.S_IFLNK: "link"}
# The directory an output directory is opened from: the working directory, or an absolute path's parent,
# which is the user's and may be reached through links (O_NOFOLLOW is for what sagegen owns).
START = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class Tree:
    """The output directory, open. Paths are relative, '/'-separated, checked by `manifest.check_relative`."""

    def __init__(self, fd: int, label: Path):
        self.fd = fd
        self.label = label  # for messages only: never opened again
        self._dirs: dict[str, int] = {"": fd}

    def where(self, path: str = "") -> str:
        return str(self.label / path)  # Path("out") / "" is Path("out")

    def close(self) -> None:
        for fd in self._dirs.values():
            os.close(fd)
        self._dirs.clear()

    def directory(self, path: str, *, create: bool = False) -> int | None:
        """The descriptor of directory `path` (None: absent and not created), each component opened from
        its parent's descriptor without following a link; a link or a file in the way is refused."""
        if path in self._dirs:
            return self._dirs[path]
        parent, _, name = path.rpartition("/")
        parent_fd = self.directory(parent, create=create)
        if parent_fd is None:
            return None
        try:
            fd = os.open(name, DIRECTORY, dir_fd=parent_fd)
        except FileNotFoundError:
            if not create:
                return None
            self._call(os.mkdir, path, name, 0o755, dir_fd=parent_fd)
            fd = self._call(os.open, path, name, DIRECTORY, dir_fd=parent_fd)
        except OSError as exc:
            raise self._refusal(path, exc) from None
        self._dirs[path] = fd
        return fd

    def read(self, path: str) -> str | None:
        """The text of regular file `path` (None: absent), bounded and never through a link (sagegen/files.py)."""
        parent_fd, name = self._parent(path)
        if parent_fd is None:
            return None
        try:
            fd = os.open(name, READ, dir_fd=parent_fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._refusal(path, exc) from None
        return files.decode(files.read_open(fd, self.where(path)), self.where(path))

    def kind(self, path: str) -> str | None:
        """'file', 'dir', 'link' or 'other' for what is at `path` (None: nothing), never following a link."""
        parent_fd, name = self._parent(path)
        if parent_fd is None:
            return None
        try:
            mode = os.stat(name, dir_fd=parent_fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._refusal(path, exc) from None
        return KINDS.get(stat.S_IFMT(mode), "other")

    def entries(self, path: str) -> list[str]:
        """The names in directory `path`, sorted (none when it is absent)."""
        fd = self.directory(path)
        return sorted(os.listdir(fd)) if fd is not None else []

    def write(self, path: str, text: str, temporary: str) -> None:
        """Replace `path` with `text` whole: written to `temporary` (a new file, in the same directory),
        on disk, then renamed over `path`. A reader sees the old file or the new one, never a part."""
        parent_fd, name = self._parent(path, create=True)
        _fill(self._call(os.open, path, temporary, CREATE, 0o644, dir_fd=parent_fd), text)
        self._call(os.replace, path, temporary, name, src_dir_fd=parent_fd, dst_dir_fd=parent_fd)
        os.fsync(parent_fd)

    def create(self, path: str, text: str, temporary: str) -> bool:
        """Write `text` at `path` only if nothing is there (False if something is): written to
        `temporary`, on disk, then linked to `path`, which fails rather than replace what is there."""
        parent_fd, name = self._parent(path, create=True)
        fd = self._call(os.open, path, temporary, CREATE, 0o644, dir_fd=parent_fd)
        try:
            _fill(fd, text)
            try:
                os.link(temporary, name, src_dir_fd=parent_fd, dst_dir_fd=parent_fd, follow_symlinks=False)
            except FileExistsError:
                return False
            except OSError as exc:
                raise self._refusal(path, exc) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary, dir_fd=parent_fd)
        os.fsync(parent_fd)
        return True

    def unlink(self, path: str) -> None:
        """Remove the file (or link: never what it points at) at `path`, then its parents left empty."""
        parent_fd, name = self._parent(path)
        if parent_fd is None:
            return
        parent = path.rpartition("/")[0]
        with contextlib.suppress(FileNotFoundError):
            self._call(os.unlink, path, name, dir_fd=parent_fd)
        os.fsync(parent_fd)
        while parent and not self.entries(parent):
            up, _, name = parent.rpartition("/")
            fd = self._dirs.pop(parent)
            os.close(fd)
            try:
                os.rmdir(name, dir_fd=self._dirs[up])
            except OSError:
                return  # left in place: an empty directory is harmless
            parent = up

    def _parent(self, path: str, *, create: bool = False) -> tuple[int | None, str]:
        """The descriptor of `path`'s directory (None: absent) and `path`'s own name in it."""
        parent, _, name = path.rpartition("/")
        return self.directory(parent, create=create), name

    def _call(self, function, path: str, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except OSError as exc:
            raise self._refusal(path, exc) from None

    def _refusal(self, path: str, exc: OSError) -> UserError:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            return UserError(
                [Problem(f"refused: a symbolic link or a file is in the way ({exc.strerror})", file=self.where(path))],
                hint="sagegen reads and writes only real files and directories inside the output directory; "
                "remove the link",
            )
        return UserError([Problem(f"cannot use: {exc.strerror}", file=self.where(path))])


def _fill(fd: int, text: str) -> None:
    """`text` into the new file `fd` as UTF-8 bytes, whatever the locale, newlines as given; on disk."""
    with os.fdopen(fd, "wb") as handle:
        handle.write(text.encode())
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def opened(out: Path, *, create: bool) -> Iterator[Tree | None]:
    """The output directory `out`, open (None: absent and `create` false). `out` itself must not be a
    symbolic link, nor, when relative, any directory on its way from the working directory."""
    fd = _open_out(out, create)
    if fd is None:
        yield None
        return
    tree = Tree(fd, out)
    try:
        yield tree
    finally:
        tree.close()


def _open_out(out: Path, create: bool) -> int | None:
    if out.is_absolute():
        start, parts = str(out.parent), [out.name]  # the directories above an absolute path are the user's
    else:
        start, parts = ".", list(out.parts)  # pathlib drops empty and "." parts: ./a//b is ("a", "b")
    # A directory of its own below where it starts: never the working directory or one above it, whether
    # named ".", "..", "../.." or "a/..", nor "/".
    names = list(itertools.dropwhile(lambda part: part == "..", parts))
    if not names or ".." in names or "" in names:
        raise UserError([Problem("is not a directory sagegen can write into", file=str(out))])
    try:
        here = os.open(start, START)
    except FileNotFoundError:
        if not create:
            return None
        Path(start).mkdir(parents=True, exist_ok=True)
        here = os.open(start, START)
    try:
        for name in parts:
            try:
                fd = os.open(name, DIRECTORY, dir_fd=here)
            except FileNotFoundError:
                if not create:
                    return None
                os.mkdir(name, 0o755, dir_fd=here)
                fd = os.open(name, DIRECTORY, dir_fd=here)
            os.close(here)
            here = fd
    except OSError as exc:
        os.close(here)
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UserError(
                [Problem("is a symbolic link or a file, not a directory; sagegen writes only into one", file=str(out))],
                hint="name the real directory with --out, or remove the link (committed links are never followed)",
            ) from None
        raise UserError([Problem(f"cannot open the output directory: {exc.strerror}", file=str(out))]) from None
    return here
