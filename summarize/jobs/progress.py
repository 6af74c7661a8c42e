"""Progress of a batch on stderr: a bar on a terminal, plain lines otherwise, nothing with ``-q``.

On a terminal: a tqdm bar with articles done/total, translated sentences per second and the ETA;
failures are printed above it. Not on a terminal (a log file, CI): one line per article. Quiet:
only failures, one line each (they are errors). Control characters in a line (a file called
``new<newline>line.txt``) are escaped (``errors.printable``): one article, one line. A stream
that cannot be written (``2>/dev/full``) is given up on its first failure, never raised
(``logstream.LogStream``): the lines are not the work, and the batch goes on.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from ..errors import printable
from ..logstream import log_stream


class Progress:
    """Reports a batch of ``total`` articles to process.

    Args:
        total: articles this run will try (up-to-date ones excluded).
        quiet: print failures only.
        stream: where to write (default ``sys.stderr``); a write that fails there stops the
            lines, not the batch (``logstream.LogStream``).
        tty: force bar (True) or lines (False); None asks ``stream.isatty()``.
    """

    def __init__(self, total: int, *, quiet: bool = False, stream: TextIO | None = None, tty: bool | None = None):
        self.total = total
        self.quiet = quiet
        self.stream = log_stream(stream if stream is not None else sys.stderr)
        if tty is None:
            isatty = getattr(self.stream, "isatty", None)
            tty = bool(isatty and isatty())
        self.tty = tty
        self.count = 0
        self.sentences = 0
        self.t0 = time.perf_counter()
        self._bar: Any = None
        if tty and not quiet and total:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="article", file=self.stream, dynamic_ncols=True, desc="briefs",
                             bar_format="{desc}: {n_fmt}/{total_fmt} |{bar}| {elapsed}<{remaining}{postfix}")

    def _line(self, text: str) -> None:
        text = "\n".join(printable(line) for line in text.split("\n"))  # a --debug traceback keeps its lines
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def note(self, text: str) -> None:
        """A remark for the user (e.g. how many articles are up to date); silent with quiet."""
        if not self.quiet:
            self._line(f"summarize: {text}")

    def article(self, source: str, status: str, *, reason: str | None = None, seconds: float | None = None,
                sentences: int = 0, folder: str | None = None) -> None:
        """One article finished with ``status`` (done, failed); ``sentences`` is how many
        sentences were translated for it (all targets), for the rate."""
        self.count += 1
        self.sentences += sentences
        if status == "failed":
            self.error(source, reason)
        elif not self.quiet and self._bar is None:
            took = f" in {seconds:.1f} s" if seconds is not None else ""
            where = f" -> {folder}" if folder else ""
            self._line(f"summarize: [{self.count}/{self.total}] {printable(source)}: {status}{took}{printable(where)}")
        if self._bar is not None:
            elapsed = max(time.perf_counter() - self.t0, 1e-9)
            self._bar.set_postfix_str(f"{self.sentences / elapsed:.1f} sent/s", refresh=False)
            self._bar.update(1)

    def error(self, source: str, reason: str | None) -> None:
        """One line for ``source`` that failed for ``reason`` (printed even when quiet), not
        counted as an article done: a name that is no article file calls this alone."""
        self._line(f"summarize: error: {printable(source)}: {printable(reason)}")

    def close(self) -> None:
        """Remove the bar (call before the summary line)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def summary(self, text: str) -> None:
        """The closing line; printed unless quiet."""
        self.close()
        if not self.quiet:
            print(f"summarize: {printable(text)}", file=self.stream, flush=True)
