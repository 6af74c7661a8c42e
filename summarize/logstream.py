"""Progress and log lines are not the work: a stderr that cannot be written never stops it.

``summarize batch ... 2>/dev/full`` (a full disk under a log file, a closed pipe, a terminal
that went away) used to die on its first progress line, before any brief, manifest or index was
written. Every line the tool writes for people (progress, notes, warnings, error lines) goes
through a :class:`LogStream`: the first write that fails marks the stream ``lost``, and every
later line is dropped, so the briefs, the manifest and the index are still written, and the exit
code says how the work went (0 when every article was done), not whether it could be told.
Standard output is another matter: what a command prints there (``run -o -``, ``models list``)
is the work itself, and a write error there is one (see ``cli._Stdout``).
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO


class LogStream:
    """``stream`` for log lines: ``write`` and ``flush`` never raise ``OSError`` (a full disk, a
    broken pipe, an I/O error). After the first failure the stream is ``lost`` and nothing more
    is written to it. ``silence``: also point the stream's file descriptor at ``os.devnull`` then
    (for the process's own stderr, so that what is still buffered in it does not fail again when
    Python flushes it at exit). Everything else (``isatty``, ``fileno``, ``encoding``) is the
    stream's own."""

    def __init__(self, stream: TextIO, *, silence: bool = False):
        self._stream = stream
        self._silence = silence
        self.lost = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _lose(self) -> None:
        self.lost = True
        if not self._silence:
            return
        try:
            fd = self._stream.fileno()
        except (AttributeError, OSError, ValueError):  # no file (a test's capture)
            return
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
        except OSError:
            return
        try:
            os.dup2(devnull, fd)
        except OSError:
            pass
        finally:
            os.close(devnull)

    def write(self, text: str) -> int:
        """Write ``text``; return its length, written or dropped (never raises ``OSError``)."""
        if not self.lost:
            try:
                self._stream.write(text)
            except OSError:
                self._lose()
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        """Flush the stream (never raises ``OSError``; a failure loses the stream)."""
        if not self.lost:
            try:
                self._stream.flush()
            except OSError:
                self._lose()


def log_stream(stream: TextIO | None = None) -> TextIO:
    """``stream`` (default: the current ``sys.stderr``) as a :class:`LogStream`, or as it is when
    it is one already."""
    stream = sys.stderr if stream is None else stream
    return stream if isinstance(stream, LogStream) else LogStream(stream)  # type: ignore[return-value]


def log_line(text: str, stream: TextIO | None = None) -> None:
    """Print ``text`` and a newline on ``stream`` (default: stderr) and flush it; a stream that
    cannot be written is given up (see :class:`LogStream`), never raised."""
    out = log_stream(stream)
    out.write(text + "\n")
    out.flush()
