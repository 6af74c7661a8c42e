"""Applying review decisions to a Brief's target segments.

A ``Decision`` names a segment (``"title"`` or the 0-based index of brief.json) and a target
short name, with what the reviewer decided. ``apply_decision`` changes one TargetSegment:

* ``approved``: ``text`` as given (or kept); if it differs from ``mt``, the decision is ``edited``;
* ``edited``: ``text`` = the reviewer's text, ``origin = "review"``; if it equals ``mt``, the
  decision is ``approved``;
* ``rejected``: ``text`` goes back to ``mt``: the files show the machine text, marked rejected
  (XLIFF ``state="needs-translation"``);
* ``pending``: ``text`` goes back to ``mt``; recorded only with a comment or over an earlier
  decision (un-deciding).

A decision made on another machine translation than the segment has now (its ``mt`` differs, as
after a rerun) keeps the reviewer's text and becomes ``stale``. A decision equal to the one
recorded (same status, text and comment) changes nothing, not even ``by``/``at``: importing the
same file twice leaves the files byte for byte as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..brief import Brief, Review, Segment, TargetSegment

DECIDED = ("approved", "edited", "rejected")


@dataclass(frozen=True)
class Decision:
    """One reviewer decision. ``segment``: ``"title"`` or a summary segment's 0-based index;
    ``target``: short name (``ur``); ``status``: approved|edited|rejected|pending; ``text``: the
    target text the reviewer left (None: unchanged); ``mt``: the machine text the reviewer saw
    (None: unknown); ``source``: the source text the file holds (None: not given), used to match."""

    segment: str | int
    target: str
    status: str
    text: str | None = None
    mt: str | None = None
    comment: str | None = None
    by: str | None = None
    at: str | None = None
    source: str | None = None


def segment_of(brief: Brief, key: str | int) -> Segment | None:
    """The brief's segment named ``key`` (``"title"``, an index, or an index as text), or None."""
    if key == "title":
        return brief.title
    try:
        i = int(key)
    except (TypeError, ValueError):
        return None
    return brief.segments[i] if 0 <= i < len(brief.segments) and brief.segments[i].index == i else None


def _restore_origin(ts: TargetSegment) -> str:
    return "mt" if ts.origin == "review" else ts.origin


def apply_decision(ts: TargetSegment, d: Decision) -> bool:
    """Apply ``d`` to ``ts`` in place (see the module docstring). Returns whether ``ts`` changed."""
    comment = d.comment.strip() if d.comment and d.comment.strip() else None
    status = d.status
    text = ts.text if d.text is None else d.text
    if status in ("approved", "edited"):
        status = "approved" if text == ts.mt else "edited"
    elif status in ("rejected", "pending"):
        text = ts.mt
    if status == "pending" and comment is None and ts.review is None:
        return False
    previous = None
    if d.mt is not None and d.mt != ts.mt and status in DECIDED:
        status, previous = "stale", status  # decided on another machine translation
        if previous == "rejected":
            text = ts.mt
    old = ts.review
    if old is not None and old.status == status and ts.text == text and old.comment == comment:
        return False
    origin = "review" if text != ts.mt else _restore_origin(ts)
    ts.text, ts.origin = text, origin
    ts.review = Review(status=status, comment=comment, by=d.by, at=d.at, previous_status=previous)
    return True
