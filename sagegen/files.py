"""Reading a file sagegen did not write: regular files only, through no symbolic link, size-checked first.

The spec and everything under the output directory may have been planted by someone else (out/ is
committed, so a pull request can put anything there). A symbolic link to /dev/zero would exhaust memory,
a FIFO would block for ever, and a link could make sagegen read, and show in a diff, a file outside
the repository. So every read opens without following a final link and without blocking, checks with
fstat that it holds a regular file of bounded size, and only then reads.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import Problem, UserError

MAX_FILE_BYTES = 16 * 1024 * 1024  # a generated file or manifest is kilobytes; this is far above any


def read_bytes(
    path: Path, *, limit: int = MAX_FILE_BYTES, source: str | None = None, follow: bool = False
) -> bytes | None:
    """The bytes of the regular file `path`, or None when nothing is there. Raises a UserError otherwise.

    `follow` lets a final symbolic link through (the user's own spec may be one); the target must
    still be a regular file within the limit."""
    name = source or str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UserError(
                [Problem("is a symbolic link; sagegen reads only regular files", file=name)],
                hint="replace the link with the file itself",
            ) from None
        raise UserError([Problem(f"cannot read: {exc.strerror}", file=name)]) from None
    return read_open(fd, name, limit)


def read_open(fd: int, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the file open at `fd` (closed here): a regular file of at most `limit` bytes."""
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UserError([Problem("is a directory, not a file", file=name)])
        if not stat.S_ISREG(info.st_mode):
            raise UserError(
                [Problem("is not a regular file (a device, FIFO or socket); sagegen will not read it", file=name)]
            )
        if info.st_size > limit:
            raise UserError([Problem(f"is {info.st_size} bytes; sagegen reads at most {limit} here", file=name)])
        chunks, size = [], 0
        while size <= limit:  # the size may have grown since fstat: never read more than the limit
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise UserError([Problem(f"grew past {limit} bytes while being read", file=name)])
        return b"".join(chunks)
    except OSError as exc:
        raise UserError([Problem(f"cannot read: {exc.strerror}", file=name)]) from None
    finally:
        os.close(fd)


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES) -> str | None:
    """`read_bytes` decoded as UTF-8 (a UserError when it is not)."""
    data = read_bytes(path, limit=limit)
    return None if data is None else decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    """`data` as UTF-8 text, or a UserError naming the first byte that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError([Problem(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", file=name)]) from None
