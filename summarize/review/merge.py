"""Applying review decisions to a Brief's target segments.

A ``Decision`` names a segment (``"title"`` or the 0-based index of brief.json) and a target
short name, with what the reviewer decided. ``apply_decision`` changes one TargetSegment. The
*offered* texts are what the tools gave the reviewer: the machine translation (``mt``) and the
translation memory's match (``tm``), when there is one (``TargetSegment.offers``):

* ``approved``: ``text`` as given (or kept); if it is none of the offered texts, the decision
  is ``edited``;
* ``edited``: ``text`` = the reviewer's text, ``origin = "review"``; if it is an offered text,
  the decision is ``approved`` (taking what was offered is no edit);
* ``rejected``: ``text`` goes back to the offered text (``TargetSegment.offered``): the files
  show it, marked rejected (XLIFF ``state="needs-translation"``);
* ``pending``: ``text`` goes back to the offered text; recorded only with a comment or over an
  earlier decision (un-deciding).

``origin`` follows ``text`` (``TargetSegment.origin_of``): ``tm`` for the memory's match, ``mt``
for the machine's, ``review`` for the reviewer's own. A decision made on other text than the
segment offers now (its ``mt`` is neither offered text, as after a rerun) becomes ``stale``, with
``previous_status`` what it did to that text (``approved`` when it took it as it was): an edit
keeps the reviewer's text; an approval or a rejection keeps the text the segment shows now (the
memory's match that served the rerun stays delivered). A decision equal to the one recorded (same status, text and
comment) changes nothing, not even ``by``/``at``: importing the same file twice leaves the
files byte for byte as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..brief import Brief, Review, Segment, TargetSegment

DECIDED = ("approved", "edited", "rejected")


@dataclass(frozen=True)
class Decision:
    """One reviewer decision. ``segment``: ``"title"`` or a summary segment's 0-based index;
    ``target``: short name (``ur``); ``status``: approved|edited|rejected|pending; ``text``: the
    target text the reviewer left (None: unchanged); ``mt``: the text offered to the reviewer,
    as the review page records it (None: unknown); ``source``: the source text the file holds
    (None: not given), used to match."""

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


def is_stale(ts: TargetSegment, d: Decision) -> bool:
    """Whether ``d`` was made on a text that ``ts`` no longer offers (its ``mt`` is neither the
    machine translation nor the memory's match now), and is no plain approval of a text offered
    now: a decision :func:`apply_decision` records as ``stale``."""
    if d.mt is None or ts.offers(d.mt) or d.status not in DECIDED:
        return False
    return not (d.status in ("approved", "edited") and d.text is not None and ts.offers(d.text))


def apply_decision(ts: TargetSegment, d: Decision) -> bool:
    """Apply ``d`` to ``ts`` in place (see the module docstring). Returns whether ``ts`` changed."""
    comment = d.comment.strip() if d.comment and d.comment.strip() else None
    status = d.status
    text = ts.text if d.text is None else d.text
    previous = None
    if is_stale(ts, d):
        # decided on another translation than the one offered now (a rerun came in between):
        # what the reviewer did to that one is kept as previous_status; an approval or a
        # rejection of it says nothing of the text delivered now, which stays (the memory's
        # match, say), while an edit is the reviewer's own text and is kept
        previous = status if status == "rejected" else "approved" if text == d.mt else "edited"
        status = "stale"
        if previous != "edited":
            text = ts.text if ts.review is None or ts.review.status != "rejected" else ts.offered
    elif status in ("approved", "edited"):
        status = "approved" if ts.offers(text) else "edited"
    elif status in ("rejected", "pending"):
        text = ts.offered
    if status == "pending" and comment is None and ts.review is None:
        return False
    old = ts.review
    if old is not None and old.status == status and ts.text == text and old.comment == comment:
        return False
    ts.text, ts.origin = text, ts.origin_of(text)
    ts.review = Review(status=status, comment=comment, by=d.by, at=d.at, previous_status=previous,
                       reviewed_mt=d.mt if status == "stale" else None)  # a rerun offering it again restores it
    return True
