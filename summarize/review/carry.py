"""A rerun never throws a review away.

``carry_reviews(new, old)`` moves the reviews of the brief a rerun replaces (``old``, its
brief.json as a dict) onto the freshly made one (``new``), segment by segment and target by
target. Segments are paired by source text (the same sentence at the same index first, else the
first unused one with that text), so the source is always the one reviewed. Whether a review is
still good is then a question of machine translation against machine translation: for each
reviewed target segment,

* the new machine translation equals the ``mt`` that was reviewed, or one of the two is not
  known (the translation memory had the segment, so the machine translated nothing for it): the
  review is kept as it was (text, ``mt``, ``tm``, origin and review; ``mt`` becomes the new
  machine translation where only the new run made one). A match from the memory never makes a
  review stale by itself, whoever's review the memory holds. A rejection is kept only while the
  new run offers the rejected text: where it offers another (a rejected memory match, which the
  rejection took out of the memory, now machine translated), the review becomes ``stale``
  (``previous_status`` ``rejected``) and the new text is delivered, with its own ``mt``, ``tm``
  (None where the memory has none now) and origin;
* otherwise (the machine translates the sentence differently now) the reviewed text stays (for
  ``approved``/``edited``; a rejected segment shows the new machine text), ``mt`` becomes the
  new machine text, and ``review.status`` becomes ``stale`` (``previous_status`` keeps what it
  was, ``reviewed_mt`` the machine translation it was made on): the segment is flagged for
  another look. A stale review whose ``reviewed_mt`` the new run offers again (a rerun on other
  models, then on these again) is restored as it was made: ``previous_status`` again, and a
  rejected segment delivers its rejection, not the text rejected (a fresh user's report). A ``pending`` review (a comment alone, no
  decision) does not go stale: the segment shows the new machine text, with the comment.

Reviews of segments the new summary no longer has, and reviews of targets the new brief does not
translate (a ``--no-translate`` rerun, a narrower ``--targets``), are kept in
``Brief.retired_reviews``. A retired review whose segment comes back (the same source text, the
same target, the title only as the title) is restored: it is carried onto that segment as above,
exactly as if it had never left, and leaves ``retired_reviews``. What such segments offered
(their ``earlier``, machine translation and memory match, reviewed or not) is kept the same way
in ``Brief.retired_offers`` and given back to the ``earlier`` of the segment that comes back
(:func:`carry_offers`). So a ``--no-translate`` rerun between two translated ones loses nothing.
"""

from __future__ import annotations

from typing import Any

from ..brief import Brief, Flag, Review, Segment, TargetSegment, target_from_dict

STALE_FLAG = "stale"


def _segments(brief: Brief) -> list[tuple[str, Segment]]:
    return ([("title", brief.title)] if brief.title is not None else []) + [(str(s.index), s) for s in brief.segments]


def has_reviews(old: dict[str, Any]) -> bool:
    """Whether a brief.json (as a dict) holds any review worth carrying."""
    if old.get("retired_reviews"):
        return True
    segs = list(old.get("segments") or []) + ([old["title"]] if old.get("title") else [])
    return any(isinstance(t, dict) and t.get("review") for s in segs for t in (s.get("targets") or {}).values())


def _pairs(new: Brief, old_segs: list[tuple[str, Segment]]) -> tuple[list[tuple[Segment, Segment]], set[int]]:
    """The segments of ``new`` paired with those of the old brief (``old_segs``) by source text:
    the same sentence at the same place first, else the first unused one with that text (a
    title only with the title). Returns ``(pairs, the indexes of old_segs used)``."""
    used: set[int] = set()
    pairs = []
    for key, seg in _segments(new):
        match = next((i for i, (k, s) in enumerate(old_segs) if i not in used and k == key and s.source == seg.source), None)
        if match is None:
            match = next((i for i, (k, s) in enumerate(old_segs) if i not in used and s.source == seg.source
                          and (k == "title") == (key == "title")), None)
        if match is not None:
            used.add(match)
            pairs.append((seg, old_segs[match][1]))
    return pairs, used


#: How many earlier offered texts a target segment keeps (``TargetSegment.earlier``).
EARLIER_KEPT = 20


#: How many retired offer records a brief keeps (``Brief.retired_offers``; the latest).
RETIRED_OFFERS_KEPT = 500


def _offer_texts(ts: TargetSegment) -> list[str]:
    """What the brief offered for ``ts``, now and earlier, oldest first, each once."""
    texts: list[str] = []
    for t in [*ts.earlier, ts.mt, ts.tm]:
        if isinstance(t, str):
            if t in texts:
                texts.remove(t)
            texts.append(t)
    return texts


def _retired_offer(short: str, seg: Segment, ts: TargetSegment, *, title: bool) -> dict[str, Any] | None:
    texts = _offer_texts(ts)
    if not texts:
        return None
    return {"target": short, "segment": "title" if title else seg.index, "source": seg.source,
            "texts": texts[-EARLIER_KEPT:]}


def carry_offers(new: Brief, old: dict[str, Any]) -> int:
    """Record in ``new`` what the brief it replaces (``old``, its brief.json as a dict) offered
    for each segment and no longer does: each target segment's ``earlier`` gets the old one's
    ``earlier``, machine translation and memory match, less what ``new`` offers (the last
    ``EARLIER_KEPT``). Segments are paired by source text, as reviews are. A review file written
    before the rerun (an XLIFF kept in a CAT tool, a page export, the copy a rerun keeps in
    ``edited/``) still holds those texts: the import reads a unit that holds one as the brief
    wrote it, not as an edit (``readers``).

    What the old brief offered for target segments ``new`` does not have (the sentence left the
    summary, or the rerun did not translate the target: ``--no-translate``, a narrower
    ``--targets``), reviewed or not, goes into ``new.retired_offers``; a target segment of
    ``new`` with the same source text in the same target (a title only as the title) gets those
    texts back into its ``earlier``, and the record leaves ``retired_offers``: so ``run``, ``run
    --no-translate``, ``run`` loses no earlier offer, as it loses no review. Call it after
    :func:`carry_reviews`. Returns how many target segments have an earlier text, plus how many
    records of ``retired_offers`` hold an earlier run's texts (non-zero: brief.json has something
    to keep, and is written even where not asked for; a record of the old brief's own offers
    alone goes only into a brief.json that is written anyway: the old brief's own files, which
    hold them, are replaced by this run)."""
    try:
        old_brief = Brief.from_dict(old)
    except (KeyError, TypeError, ValueError):
        return 0
    old_segs = _segments(old_brief)
    pairs, used = _pairs(new, old_segs)
    retired: list[dict[str, Any]] = [r for r in old_brief.retired_offers if isinstance(r, dict)]
    # the records that hold more than what the old brief offered itself (an earlier run's texts):
    # those alone make brief.json worth writing where it was not asked for
    weighty = {id(r) for r in retired}

    def retire(short: str, old_seg: Segment, ots: TargetSegment) -> None:
        rec = _retired_offer(short, old_seg, ots, title=old_seg is old_brief.title)
        if rec is not None:
            retired.append(rec)
            if ots.earlier:
                weighty.add(id(rec))

    paired: dict[int, Segment] = {}
    for seg, old_seg in pairs:
        paired[id(seg)] = old_seg
        for short, ots in old_seg.targets.items():
            if short not in seg.targets:
                retire(short, old_seg, ots)
    for i, (_, old_seg) in enumerate(old_segs):
        if i not in used:
            for short, ots in old_seg.targets.items():
                retire(short, old_seg, ots)
    n = 0
    for key, seg in _segments(new):
        old_seg = paired.get(id(seg))
        for short, nts in seg.targets.items():
            back: list[str] = []
            for j in range(len(retired) - 1, -1, -1):
                rec = retired[j]
                if _offer_restorable(rec, short, seg.source, key == "title"):
                    back = [t for t in rec["texts"] if isinstance(t, str)] + back
                    del retired[j]
            ots = old_seg.targets.get(short) if old_seg is not None else None
            old_texts = [*ots.earlier, ots.mt, ots.tm] if ots is not None else []
            texts: list[str] = []
            for t in [*back, *nts.earlier, *old_texts]:
                if isinstance(t, str) and not nts.offers(t):
                    if t in texts:
                        texts.remove(t)
                    texts.append(t)
            nts.earlier = texts[-EARLIER_KEPT:]
            n += bool(nts.earlier)
    new.retired_offers = retired[-RETIRED_OFFERS_KEPT:]
    return n + sum(id(r) in weighty for r in new.retired_offers)


def _offer_restorable(rec: Any, short: str, source: str, title: bool) -> bool:
    if not isinstance(rec, dict) or rec.get("target") != short or rec.get("source") != source:
        return False
    if not isinstance(rec.get("texts"), list):
        return False
    where = rec.get("segment")
    return where is None or (where == "title") == title


def carry_reviews(new: Brief, old: dict[str, Any]) -> int:
    """Carry ``old``'s reviews onto ``new`` in place (see the module docstring); recompute QA
    flags on what changed and add a ``stale`` flag where a review went stale. Returns how many
    target segments took a review."""
    if not has_reviews(old):
        return 0
    old_brief = Brief.from_dict(old)
    old_segs = _segments(old_brief)
    carried = 0
    retired: list[dict[str, Any]] = list(old_brief.retired_reviews)
    pairs, used = _pairs(new, old_segs)
    taken: set[tuple[int, str]] = set()  # (id of the new segment, target) that took a review
    for seg, old_seg in pairs:
        for short, ots in old_seg.targets.items():
            nts = seg.targets.get(short)
            if ots.review is None:
                continue
            if nts is None:
                retired.append(_retired(short, old_seg, ots, title=old_seg is old_brief.title))
                continue
            _carry_one(nts, ots)
            taken.add((id(seg), short))
            carried += 1
    for i, (_, old_seg) in enumerate(old_segs):
        if i not in used:
            retired.extend(_retired(short, old_seg, ots, title=old_seg is old_brief.title)
                           for short, ots in old_seg.targets.items() if ots.review is not None)
    carried += _restore_retired(new, retired, taken)
    new.retired_reviews = retired
    if carried:
        from ..checks.flags import check_brief

        check_brief(new)
        add_review_flags(new)
    return carried


def _retired(short: str, seg: Segment, ts: TargetSegment, *, title: bool) -> dict[str, Any]:
    from ..brief import review_dict

    return {"target": short, "segment": "title" if title else seg.index, "source": seg.source, "text": ts.text,
            "mt": ts.mt, "tm": ts.tm, "origin": ts.origin, "review": review_dict(ts.review) if ts.review else None}


def _restore_retired(new: Brief, retired: list[dict[str, Any]], taken: set[tuple[int, str]]) -> int:
    """Carry the retired reviews whose segment ``new`` has again back onto it (removing them from
    ``retired``, in place): for each target segment of ``new`` that took no review from the old
    segments, the latest retired review of the same target and source text (a title's only onto
    the title; a record from before ``segment`` was recorded onto either). Returns how many."""
    restored = 0
    for key, seg in _segments(new):
        for short, nts in seg.targets.items():
            if (id(seg), short) in taken:
                continue
            for j in range(len(retired) - 1, -1, -1):
                rec = retired[j]
                if _restorable(rec, short, seg.source, key == "title"):
                    _carry_one(nts, _retired_target(rec))
                    del retired[j]
                    restored += 1
                    break
    return restored


def _restorable(rec: Any, short: str, source: str, title: bool) -> bool:
    if not isinstance(rec, dict) or rec.get("target") != short or rec.get("source") != source:
        return False
    if not isinstance(rec.get("review"), dict) or not isinstance(rec.get("text"), str):
        return False
    where = rec.get("segment")
    return where is None or (where == "title") == title


def _retired_target(rec: dict[str, Any]) -> TargetSegment:
    """The TargetSegment a retired review record describes (as it was when it retired; a record
    written before ``tm`` was kept is read as ``brief.target_from_dict`` reads such a target)."""
    review = rec["review"]
    fields = {k: review.get(k) for k in ("comment", "by", "at", "previous_status", "reviewed_mt")}
    ts = target_from_dict({k: rec[k] for k in ("text", "mt", "tm", "origin") if k in rec})
    ts.review = Review(status=review.get("status") or "pending", **fields)
    return ts


def _carry_one(nts: TargetSegment, ots: TargetSegment) -> None:
    """Carry the review of ``ots`` onto ``nts`` in place (rules: the module docstring)."""
    review = ots.review
    if review.status == "stale" and review.reviewed_mt is not None and nts.mt == review.reviewed_mt \
            and review.previous_status in ("approved", "edited", "rejected"):
        # the rerun offers again the very machine translation the decision was made on (other
        # models, then these again): the decision stands as it was made, not stale any more
        previous = review.previous_status
        # an approved or edited text stayed through the stale run; a rejected one is this mt again
        nts.text = nts.mt if previous == "rejected" else ots.text
        nts.origin = nts.origin_of(nts.text)
        nts.review = Review(status=previous, comment=review.comment, by=review.by, at=review.at)
        return
    if review.status == "rejected" and nts.text != ots.text and nts.offers(nts.text):
        # the rejected text is not what the new run offers (a memory match rejected, which the
        # rejection took out of the memory, and the machine translates the sentence now; or
        # another match): the new translation wants another look, delivered like any unreviewed
        # text, with its own mt, tm and origin
        nts.mt = nts.mt if nts.mt is not None else ots.mt
        nts.review = Review(status="stale", comment=review.comment, by=review.by, at=review.at,
                            previous_status="rejected", reviewed_mt=ots.mt)
        return
    if nts.mt is None or ots.mt is None or nts.mt == ots.mt:
        # the same machine translation, or nothing to compare: the review stands as it was made
        nts.text, nts.tm, nts.origin, nts.review = ots.text, ots.tm, ots.origin, review
        nts.mt = nts.mt if nts.mt is not None else ots.mt
        return
    if review.status == "pending":
        # a comment alone (no decision): nothing to go stale; the new machine text shows, with it
        nts.review = review
        return
    kept = review.status in ("approved", "edited") or (review.status == "stale" and not ots.offers(ots.text))
    previous = review.previous_status if review.status == "stale" else review.status
    reviewed = review.reviewed_mt if review.status == "stale" else ots.mt  # what the decision was made on
    if kept:
        nts.text = ots.text
        nts.origin = nts.origin_of(nts.text)
    nts.review = Review(status="stale", comment=review.comment, by=review.by, at=review.at, previous_status=previous,
                        reviewed_mt=reviewed)


def add_review_flags(brief: Brief) -> None:
    """Add a ``stale`` QA flag to every target segment whose review is stale (after
    ``check_brief``, which replaces flags)."""
    for _, seg in _segments(brief):
        for ts in seg.targets.values():
            if ts.review is not None and ts.review.status == STALE_FLAG and not any(f.code == STALE_FLAG for f in ts.flags):
                ts.flags.append(Flag(STALE_FLAG, f"reviewed ({ts.review.previous_status}) on another machine translation; "
                                                 "check the text against the new one", {"mt": ts.mt}))


def take_hand_edits(old: dict[str, Any]) -> list[str]:
    """Take the texts of a brief.json edited by hand (``old``, as a dict, changed in place) as
    reviews: a target whose ``text`` is neither its machine translation nor its memory match, and
    whose review (none, ``pending`` or ``approved``) does not account for it, gets an ``edited``
    review (``by`` None, ``at`` now, its comment kept) and ``origin`` ``review`` -- what ``review
    import`` makes of the same text in an XLIFF. Edited, rejected and stale reviews are left as
    they are (their text is the reviewer's already). Returns ``"segment N (ur)"`` (``"title
    (ur)"``) for each target taken."""
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    taken: list[str] = []
    title = old.get("title")
    segs = ([("title", title)] if isinstance(title, dict) else []) + [
        (f"segment {s.get('index', i)}", s) for i, s in enumerate(old.get("segments") or []) if isinstance(s, dict)]
    for where, seg in segs:
        targets = seg.get("targets")
        if not isinstance(targets, dict):
            continue
        for short, t in targets.items():
            if not isinstance(t, dict) or not isinstance(t.get("text"), str):
                continue
            try:
                ts = target_from_dict(t)
            except (KeyError, TypeError, ValueError):
                continue
            if ts.offers(ts.text) or (ts.review is not None and ts.review.status not in ("pending", "approved")):
                continue
            comment = ts.review.comment if ts.review is not None else None
            t["review"] = {"status": "edited", "comment": comment, "by": None, "at": now, "previous_status": None}
            t["origin"] = "review"
            taken.append(f"{where} ({short})")
    return taken
