"""One batch per output folder at a time: an advisory lock on ``OUTPUT/.summarize.lock``.

Two batches writing into one folder would both redo every article and interleave their manifest
lines. ``run_batch`` holds an exclusive ``fcntl.flock`` on the lock file while it plans and
writes; a second batch either stops at once (``FolderInUseError``, exit code 2: "FOLDER is in use
by pid N") or, with ``--wait``, blocks until the first one is done, then plans afresh (what the
first one finished is up to date, so it is skipped).

``flock`` locks belong to the open file: the kernel drops the lock when the holder exits, however
it exits (kill -9 included), so a stale lock never blocks anybody; the file itself stays (an
empty file, or the holder's pid), and removing it would race with a waiter. The lock is advisory:
it binds ``summarize batch`` processes on this machine (and on a network file system only where
that supports ``flock``); ``summarize run`` does not take it. Without ``fcntl`` (Windows) there is
no lock.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import FolderInUseError

try:
    import fcntl
except ImportError:  # pragma: no cover -- not POSIX
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".summarize.lock"


@contextmanager
def output_lock(folder: str | os.PathLike, *, wait: bool = False,
                on_wait: Callable[[int | None], None] | None = None) -> Iterator[Path]:
    """Hold the exclusive lock of output folder ``folder`` (which must exist) for the block;
    yield the lock file's path. The holder's pid is written into the file.

    Args:
        wait: block until the lock is free instead of raising.
        on_wait: called once with the holder's pid (None when unknown) before blocking.

    Raises:
        FolderInUseError: another process holds the lock and ``wait`` is off.
        OSError: the lock file cannot be created.
    """
    path = Path(folder) / LOCK_NAME
    if fcntl is None:  # pragma: no cover
        yield path
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = holder_pid(fd)
            if not wait:
                raise FolderInUseError(str(folder), holder) from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock


def holder_pid(fd: int) -> int | None:
    """The pid written in the lock file open as ``fd``, or None (not written yet, or garbage)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
