"""The records of a batch: what happened to each article, and the outcome of the run."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .discover import Source
from .index import IndexRow


@dataclass
class ArticleRecord:
    """What happened to one article in this run (a manifest line; a row of the index).

    ``status``: ``done``, ``skipped`` (up to date), ``failed`` (``reason`` says why) or
    ``interrupted`` (the run stopped first). ``folder``: the output folder (None when the input
    has no safe one). ``files``: names written in it. ``timings``: seconds per step.
    ``sentences``: segments translated (all targets), for the rate.
    """

    source: Source
    folder: Path | None
    status: str = "pending"
    sha256: str | None = None
    reason: str | None = None
    files: list[str] = field(default_factory=list)
    flags: int = 0
    title: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)
    sentences: int = 0

    def manifest_line(self, out_root: Path | None = None) -> dict[str, Any]:
        """The record as a manifest line (see ``manifest``): ``input`` and ``output`` as given
        (for people), ``input_path`` (absolute) and, with ``out_root``, ``folder`` (relative to
        it), which later runs read from any working folder."""
        return {
            "input": str(self.source.path),
            "input_path": os.path.abspath(self.source.path),
            "sha256": self.sha256,
            "status": self.status,
            "reason": self.reason,
            "output": str(self.folder) if self.folder is not None else None,
            **({"folder": self._rel(out_root)} if out_root is not None else {}),
            "files": self.files,
            "flags": self.flags,
            "title": self.title,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "models": self.models,
        }

    def _rel(self, out_root: Path) -> str | None:
        return self.folder.relative_to(out_root).as_posix() if self.folder is not None else None

    def index_row(self, out_root: Path) -> IndexRow:
        """The record as a row of ``index.md``."""
        return IndexRow(str(self.source.path), self._rel(out_root), self.status, tuple(self.files), self.reason, self.flags,
                        self.title, path=os.path.abspath(self.source.path))


@dataclass
class BatchResult:
    """The outcome of ``run_batch``: a record per article in batch order, the seconds it took,
    whether it was interrupted, and the names of the models it loaded (empty when none was)."""

    out_root: Path
    records: list[ArticleRecord]
    elapsed: float
    interrupted: bool = False
    loaded_models: list[str] = field(default_factory=list)
    forced: bool = False  #: the run had ``--force`` (what to run next after an interrupt differs)

    def count(self, status: str) -> int:
        """How many articles ended with ``status``."""
        return sum(r.status == status for r in self.records)

    @property
    def exit_code(self) -> int:
        """130 when interrupted, else 1 when any article failed, else 0."""
        if self.interrupted:
            return 130
        return 1 if self.count("failed") else 0

    def counts(self) -> str:
        """``17 done, 0 skipped, 3 failed`` (and ``, 2 interrupted`` when some were): this run's
        articles by status, as the summary line and the index give them."""
        parts = f"{self.count('done')} done, {self.count('skipped')} skipped, {self.count('failed')} failed"
        return parts + (f", {self.count('interrupted')} interrupted" if self.count("interrupted") else "")

    def summary_line(self, index_failed: str | None = None) -> str:
        """``batch: 17 done, 0 skipped, 3 failed in 12.3 s; see briefs/index.md`` (and how many
        were not reached when interrupted, with what to run next: the same command, or under
        ``--force``, which would redo every article, the same without it: keeping the articles
        done in this run, none of the failed ones, and counting as "all" the article files, not the
        names that are none, such as a broken link). ``index_failed``: the name of the index that
        could not be written (``index.md``: the line then points to no index; ``index.html``:
        the line still points to ``index.md``)."""
        parts = f"{self.count('done')} done, {self.count('skipped')} skipped, {self.count('failed')} failed"
        if self.interrupted and self.forced:  # the same --force command would redo the ones just done
            done = self.count("done")
            articles = sum(r.source.problem is None for r in self.records)
            keep = f"to keep the {done} just finished and finish" if done else "to finish"
            parts += (f", {self.count('interrupted')} not finished (interrupted; the same command with --force redoes "
                      f"all {articles}: run it without --force {keep} the "
                      f"articles whose brief is missing or out of date)")
        elif self.interrupted:
            parts += f", {self.count('interrupted')} not finished (interrupted; run the same command again to resume)"
        if index_failed == "index.md":
            return f"batch: {parts} in {self.elapsed:.1f} s; the index could not be written (see the error below)"
        return f"batch: {parts} in {self.elapsed:.1f} s; see {self.out_root / 'index.md'}"
