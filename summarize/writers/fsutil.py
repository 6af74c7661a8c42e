"""Atomic file writes: a temp file in the target folder, fsync, then rename over the target.

A crash or Ctrl-C leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
import sys
import tempfile
from pathlib import Path

from ..errors import ConfigError, StdoutError


#: The most bytes :func:`read_regular` reads of one file of a brief's folder by default: a brief's
#: files are a few KB to a few MB; a larger one was not written by summarize.
MAX_BRIEF_FILE_BYTES = 64 * 1024 * 1024


class NotRegularFile(OSError):
    """What :func:`read_regular` refuses: a symbolic link, a FIFO, a device or a folder where a
    file was expected, or a file over its size limit. ``filename`` is the path, ``strerror`` says
    which; ``kind`` names what is there (``"a FIFO"``, ``"a device"``, ``"a symbolic link"``,
    ``"not a regular file"``; None for a file over the limit, whose ``size`` is its bytes)."""

    def __init__(self, code: int, problem: str, path: str, *, kind: str | None = None, size: int | None = None):
        super().__init__(code, problem, path)
        self.kind, self.size = kind, size


def check_regular(path: str | os.PathLike, *, limit: int, follow_links: bool = False) -> os.stat_result:
    """What :func:`read_regular` checks before it opens ``path`` (nothing is opened): a regular
    file (a symbolic link to one too with ``follow_links``) of at most ``limit`` bytes. Returns its
    ``stat``.

    Raises:
        FileNotFoundError: nothing is at ``path``.
        NotRegularFile: anything else is there, or the file holds more than ``limit`` bytes.
    """
    where = os.stat(path) if follow_links else os.lstat(path)
    mode = where.st_mode
    if not stat.S_ISREG(mode):
        kind = ("a symbolic link" if stat.S_ISLNK(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        problem = ("is a symbolic link or special file, not a file" if stat.S_ISLNK(mode)
                   else "is not a regular file (a FIFO, a device or a folder)")
        raise NotRegularFile(errno.ELOOP if stat.S_ISLNK(mode) else errno.EINVAL, problem, os.fspath(path), kind=kind)
    if where.st_size > limit:
        raise NotRegularFile(errno.EFBIG, f"holds {where.st_size} bytes, more than the {limit} expected",
                             os.fspath(path), size=where.st_size)
    return where


def read_regular(path: str | os.PathLike, *, limit: int = MAX_BRIEF_FILE_BYTES, follow_links: bool = False) -> bytes:
    """The bytes of the regular file at ``path``, read without following a symbolic link
    (``O_NOFOLLOW``) or waiting on a FIFO (``O_NONBLOCK``), at most ``limit`` bytes. For what a
    brief's folder or a settings file holds, where anything else was planted there (a security
    review: a link to /dev/zero read until the machine's memory ran out, a FIFO hung the run
    past SIGTERM, a link to a private file had it copied into the folder). What is there is looked
    at first (``os.lstat``), so that a FIFO or a device is never even opened, and again once open
    (``fstat``), in case it was swapped in between. ``follow_links``: a symbolic link to a regular
    file is read (a settings file the user named, such as a models.yaml linked from a dotfiles
    folder), a link to anything else still refused.

    Raises:
        FileNotFoundError: nothing is at ``path``.
        NotRegularFile: a symbolic link, FIFO, device or folder is there, or the file holds more
            than ``limit`` bytes.
        OSError: the file cannot be read.
    """
    check_regular(path, limit=limit, follow_links=follow_links)  # (FileNotFoundError: nothing there)
    flags = os.O_RDONLY | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0)) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) or (exc.errno == errno.ENXIO):  # a link; a socket
            raise NotRegularFile(exc.errno, "is a symbolic link or special file, not a file", os.fspath(path)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(errno.EINVAL, "is not a regular file (a FIFO, a device or a folder)", os.fspath(path))
        if info.st_size > limit:
            raise NotRegularFile(errno.EFBIG, f"holds {info.st_size} bytes, more than the {limit} expected",
                                 os.fspath(path))
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # grew while read
                raise NotRegularFile(errno.EFBIG, f"holds more than the {limit} bytes expected", os.fspath(path))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_regular(path: str | os.PathLike) -> bool:
    """Whether a regular file is at ``path`` itself (a symbolic link is not followed)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, creating parent folders. Returns the path.

    Raises:
        OSError: the folder cannot be created or written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output (its bytes), all of it, and flush it.

    Under ``PYTHONUNBUFFERED`` (or ``python -u``) ``sys.stdout.buffer`` is the raw file, whose
    ``write`` may take only part of ``data`` (a pipe whose reader leaves while the writer waits:
    Linux then returns the bytes written so far, not an error); the rest is written until all is
    out or the next write fails, so a cut brief is never taken for a whole one.

    Raises:
        StdoutError: it cannot be written (``cannot write to stdout: No space left on device``).
        BrokenPipeError: stdout's reader closed it early (``... -o - | head``): no error, so it is
            left for the CLI's entry point to end the command quietly (``cli.stdout_reader_gone``).
    """
    out, rest = sys.stdout.buffer, memoryview(data)
    try:
        while rest:
            written = out.write(rest)  # a raw file may take part (None: a stream that does not count)
            rest = rest[len(rest) if written is None else written:]
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutError(exc.strerror or str(exc)) from None


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 (no BOM, ``\\n`` line endings) to ``path`` atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def ensure_folder(path: str | Path, option: str = "-o") -> Path:
    """Create the output folder ``path`` (and its parents) unless it exists; return it.

    Raises:
        ConfigError: ``path`` exists and is not a folder, or cannot be created (the message names
            ``option``, the path and the reason).
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ConfigError(option, f"{path} exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(option, f"cannot create the folder {path}: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigError(option, f"the folder {path} is not writable")
    return path


def missing_folders(path: str | Path) -> list[Path]:
    """``path`` and those of its parents that do not exist yet, deepest first: what
    :func:`ensure_folder` is about to create (``[]`` when ``path`` exists)."""
    path = Path(path).absolute()
    missing: list[Path] = []
    while not path.exists() and path != path.parent:
        missing.append(path)
        path = path.parent
    return missing


def remove_empty_folders(folders: list[Path]) -> None:
    """Remove each of ``folders`` (deepest first, as :func:`missing_folders` gives them) that is
    still empty, stopping at the first that is not: a run that wrote nothing leaves no folder it
    made behind. Never raises."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return
