"""The writer interface: one class per output format.

A writer turns a Brief into files named by ``filenames`` inside the article's output folder
(``briefs/<stem>/``), or into one text document for stdout when it has a single file.
"""

from __future__ import annotations

from pathlib import Path

from ..brief import Brief, TargetSegment
from .fsutil import atomic_write_bytes

#: What the plain deliverables (``summary.<target>.txt``, ``brief.md``, ``brief.tsv``) show in
#: place of a translation a reviewer rejected: the text is wrong and no new one has been approved,
#: so it is not delivered. The review files (brief.json, brief.html, XLIFF) still show it.
REJECTED_TEXT = "[rejected in review: no translation yet]"


def is_rejected(ts: TargetSegment | None) -> bool:
    """Whether a reviewer rejected ``ts`` (review status ``rejected``; a ``stale`` review that was
    a rejection is not: it shows the new machine text and wants another look, like a pending one)."""
    return ts is not None and ts.review is not None and ts.review.status == "rejected"


def delivered_text(ts: TargetSegment) -> str:
    """The target text a deliverable shows: ``ts.text``, or :data:`REJECTED_TEXT` when it was
    rejected (:func:`is_rejected`)."""
    return REJECTED_TEXT if is_rejected(ts) else ts.text


class Writer:
    """Base class. Subclasses set ``format`` (the ``--format`` name) and implement ``render``.

    ``render(brief)`` returns ``{filename: bytes}``: every file this format makes for one brief,
    with names relative to the article's output folder.
    """

    format: str = ""
    #: True for a format that makes one file per target (and so none without targets).
    per_target: bool = False
    #: True for a per-target format that cannot print its files as one document: ``-o -`` then
    #: takes a single target (jobs.run.run_articles checks it before any work).
    stdout_takes_one_target: bool = False

    def render(self, brief: Brief) -> dict[str, bytes]:
        raise NotImplementedError

    def write(self, brief: Brief, out_dir: str | Path) -> list[Path]:
        """Write every file of this format into ``out_dir`` atomically; return their paths."""
        out_dir = Path(out_dir)
        return [atomic_write_bytes(out_dir / name, data) for name, data in self.render(brief).items()]

    def to_stdout(self, brief: Brief) -> bytes:
        """The single document this format prints to stdout (all its files, concatenated, when
        it makes several, each preceded by a ``==> name <==`` line as ``head`` does)."""
        files = self.render(brief)
        if len(files) == 1:
            return next(iter(files.values()))
        return b"".join(f"==> {name} <==\n".encode() + data + b"\n" for name, data in files.items())
