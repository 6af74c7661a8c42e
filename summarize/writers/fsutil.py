"""Atomic file writes: a temp file in the target folder, fsync, then rename over the target.

A crash or Ctrl-C leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from pathlib import Path

from ..errors import ConfigError, StdoutError


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
