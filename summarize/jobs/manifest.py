"""``manifest.jsonl``: the batch's log, one JSON object per article per run.

Each line is appended with one ``write`` on a file opened with ``O_APPEND``, then flushed and
fsynced, so a run that is killed leaves every earlier line whole. Should a crash ever leave a
partial last line, the next append starts on a fresh line and :func:`read_manifest` skips it.

A line holds: ``run`` (the run's id, its UTC start time), ``time`` (UTC, when the line was
written), ``input`` (the path as found, relative to the folder the run was started in, for
people), ``input_path`` (the same, absolute: the article is known again from any working folder,
and by its real path whatever path named it), ``sha256`` (of the input bytes; None when
unreadable), ``status`` (``done``, ``skipped``, ``failed``, or ``interrupted`` when the run
stopped before the article was finished), ``reason`` (why, for anything but ``done``),
``output`` (the article's folder, as the progress line gives it), ``folder`` (the same, relative
to the output root: what later runs read, from wherever they are started; see
``index.record_place``, which also reads lines written before ``input_path`` and ``folder``
were recorded), ``files`` (names written, relative to it), ``flags`` (QA flag count), ``title`` (the
article's title, when known), ``timings`` (seconds per step) and ``models`` (name, hub id or folder
and revision of each model used). ``index.md`` is built from the latest line of each article.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

from ..writers.escape import json_dumps

MANIFEST_NAME = "manifest.jsonl"
STATUSES = ("done", "skipped", "failed", "interrupted")


def utc_now() -> str:
    """The current UTC time as ISO 8601 with seconds (``2024-05-01T12:00:00Z``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_last_start: list[datetime] = []


def run_start() -> str:
    """A run's id: its start in UTC as ISO 8601 with microseconds (``2024-05-01T12:00:00.123456Z``),
    so that two runs started in the same second (a resume right after a kill) are told apart
    when the manifest is grouped by ``run``; ids sort as the runs started. Within one process
    each call gives a later id than the one before (one microsecond on where the clock did not
    move); batches into one folder from several processes take turns (``jobs.lock``)."""
    now = datetime.now(timezone.utc)
    if _last_start and now <= _last_start[0]:
        now = _last_start[0] + timedelta(microseconds=1)
    _last_start[:] = [now]
    return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Manifest:
    """Appends lines to ``<out_root>/manifest.jsonl`` (created with its folder on first use)."""

    def __init__(self, out_root: str | os.PathLike, run_id: str | None = None):
        self.path = Path(out_root) / MANIFEST_NAME
        self.run_id = run_id or run_start()

    def append(self, record: dict[str, Any]) -> None:
        """Append ``record`` (plus ``run`` and ``time``) as one line: one write, flush, fsync.

        Raises:
            OSError: the manifest cannot be written.
        """
        self.append_many([record])

    def append_many(self, records: list[dict[str, Any]]) -> None:
        """Append one line per record with a single write and fsync (many skipped articles cost
        one disk flush, not one each). Nothing is written for an empty list.

        A write that fails part way (a full disk) is undone: the file is cut back to its length
        before it, so that no partial line stays in it for later runs to append after (every line
        stays one JSON object, for ``jq`` and other readers too).

        Raises:
            OSError: the manifest cannot be written (its ``filename`` is the manifest's path).
        """
        if not records:
            return
        now = utc_now()
        lines = [json_dumps({"run": self.run_id, "time": now, **r}, default=str) for r in records]  # a path that is not UTF-8 too
        data = ("\n".join(lines) + "\n").encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(self.path)) from exc
        size = None
        try:
            size = os.fstat(fd).st_size
            if _ends_mid_line(fd):
                data = b"\n" + data
            view = memoryview(data)
            while view:  # one write() for a line of any sane size; loop only if the OS splits it
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        except OSError as exc:
            if size is not None:
                try:
                    os.ftruncate(fd, size)  # no partial line left behind
                except OSError:
                    pass
            raise OSError(exc.errno, exc.strerror, str(self.path)) from exc
        finally:
            os.close(fd)


def _ends_mid_line(fd: int) -> bool:
    size = os.fstat(fd).st_size
    if size == 0:
        return False
    return os.pread(fd, 1, size - 1) != b"\n"


def read_manifest(path: str | os.PathLike) -> Iterator[dict[str, Any]]:
    """The records of a manifest file, in order; a line that does not parse (a partial line left
    by a crash) is skipped. Yields nothing when the file does not exist."""
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        return
    with fh:
        for raw in fh:
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record
