"""One batch per output folder at a time: an advisory lock on ``OUTPUT/.summarize.lock``.

Two batches writing into one folder would both redo every article and interleave their manifest
lines. ``run_batch`` holds an exclusive ``fcntl.flock`` on the lock file while it plans and
writes; a second batch either stops at once (``FolderInUseError``, exit code 2: "FOLDER is in use
by pid N") or, with ``--wait``, blocks until the first one is done, then plans afresh (what the
first one finished is up to date, so it is skipped).

Nested output folders are one tree: a batch into ``bo4/world`` while another writes into ``bo4``
would write the same brief folders, and so would a batch into ``bo4`` while one writes into
``bo4/world``. After taking its own lock, a batch looks for a live lock above its folder and
below it (:func:`nested_in_use`: a held lock file in a folder above, or anywhere below) and
stops ("bo4/world lies in bo4, which is in use by pid N", "bo4 holds bo4/world, which is in
use by pid N"), or, with ``--wait``, lets go of its own lock, waits for that one, and starts
over. Looking is taking a shared lock for an instant and letting it go, so it never stops the
holder; since each batch takes its own lock before it looks, of two batches starting together
at least one sees the other.

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

from ..errors import ConfigError, FolderInUseError

try:
    import fcntl
except ImportError:  # pragma: no cover -- not POSIX
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".summarize.lock"


@contextmanager
def output_lock(folder: str | os.PathLike, *, wait: bool = False,
                on_wait: Callable[[FolderInUseError], None] | None = None, option: str = "-o") -> Iterator[Path]:
    """Hold the exclusive lock of output folder ``folder`` (which must exist) for the block;
    yield the lock file's path. The holder's pid is written into the file. Held only while no
    other batch holds a folder above ``folder`` or below it (see :func:`nested_in_use`).

    Args:
        wait: block until the lock is free (and no batch holds a folder above or below) instead
            of raising.
        on_wait: called with the error that would have been raised (its ``what`` names the
            folder in use and the holder's pid) each time before blocking.

    Raises:
        FolderInUseError: another process holds the lock, or that of a folder above or below,
            and ``wait`` is off.
        ConfigError: the lock file cannot be created or opened (made read-only, owned by
            another user), named as ``option`` (how the caller names the folder) with the file and
            the reason: the folder is unusable as given, as one that is not writable is.
    """
    path = Path(folder) / LOCK_NAME
    if fcntl is None:  # pragma: no cover
        yield path
        return
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ConfigError(option, f"cannot take the batch lock {path} ({exc.strerror or exc}): it keeps two "
                                      "batches from writing one folder; make it writable, or delete it when no "
                                      "batch runs there") from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                busy = FolderInUseError(str(folder), holder_pid(fd))
                if not wait:
                    raise busy from None
                if on_wait is not None:
                    on_wait(busy)
                fcntl.flock(fd, fcntl.LOCK_EX)
            nested = _nested_holder(folder)  # after taking ours: see the module doc
        except BaseException:
            os.close(fd)
            raise
        if nested is None:
            break
        os.close(fd)  # let go of ours while waiting: two waiting on each other never deadlock
        busy, other = nested
        if not wait:
            raise busy
        if on_wait is not None:
            on_wait(busy)
        _wait_for(other)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock


def nested_in_use(folder: str | os.PathLike) -> FolderInUseError | None:
    """The error naming a live batch (one holding its lock) in a folder above ``folder`` or below
    it, or None. ``folder`` need not exist (then only the folders above are looked at). A lock
    file that cannot be opened counts as free."""
    found = _nested_holder(folder)
    return found[0] if found is not None else None


def _nested_holder(folder: str | os.PathLike) -> tuple[FolderInUseError, Path] | None:
    """:func:`nested_in_use`'s error and the lock file that is held, or None."""
    if fcntl is None:  # pragma: no cover
        return None
    real = Path(os.path.realpath(folder))
    for above in real.parents:
        pid = _held(above / LOCK_NAME)
        if pid is not False:
            return FolderInUseError(str(folder), pid, _shown(above, folder)), above / LOCK_NAME
    for dirpath, _dirnames, filenames in os.walk(real):  # links are not followed
        if LOCK_NAME in filenames and dirpath != str(real):
            pid = _held(Path(dirpath) / LOCK_NAME)
            if pid is not False:
                below = Path(folder) / Path(dirpath).relative_to(real)
                return FolderInUseError(str(folder), pid, str(below)), Path(dirpath) / LOCK_NAME
    return None


def _held(path: Path) -> int | None | bool:
    """False when no process holds the lock file ``path`` (or there is none, or it cannot be
    opened), else the holder's pid (None when unknown). Looks with a shared lock taken and let go
    at once, which never stops the holder."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return holder_pid(fd)
    except OSError:
        return False
    finally:
        os.close(fd)  # drops the shared lock, if taken
    return False


def _wait_for(path: Path) -> None:
    """Block until no process holds the lock file ``path`` exclusively."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
    except OSError:
        pass
    finally:
        os.close(fd)


def _shown(real: Path, given: str | os.PathLike) -> str:
    """The folder ``real`` (a real path above ``given``) as the user would write it: relative to
    the current folder when ``given`` is relative and ``real`` lies below the current folder,
    else absolute."""
    if not os.path.isabs(given):
        rel = os.path.relpath(real)
        if rel != ".." and not rel.startswith(".." + os.sep):
            return rel
    return str(real)


def holder_pid(fd: int) -> int | None:
    """The pid written in the lock file open as ``fd``, or None (not written yet, or garbage)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
