"""``brief.<short>.tmx``: one TMX 1.4 translation memory per target.

Written with translate-toolkit (``translate.storage.tmx``). The header says ``srclang`` = the
source tag (``en``), ``creationtool="summarize"`` and ``o-tmf="summarize brief.json"``: TMX 1.4's
``o-tmf`` names the original translation-memory format the document was made from (OmegaT
writes ``OmegaT TMX``), not an encoding, which translate-toolkit's default ``UTF-8`` suggests. One ``<tu>`` per segment, in order, with
``tuid="title"`` for the title when there is one and ``tuid="<Segment.index>"`` per summary
sentence (except a rejected one, below); each has a source ``<tuv xml:lang="en">`` and a target ``<tuv xml:lang="ur|ps|fa-AF">``.

QA flags are ``<note>`` elements on the ``<tu>`` (translate-toolkit supports notes on units;
TMX 1.4 allows ``note`` and ``prop`` before the ``tuv`` elements): ``QA <code>: <message>``. A
machine back-translation, when set, is ``<prop type="x-back-translation">`` (TMX reserves
``x-`` prop types for user data), so notes hold the flags only. ``<prop type="x-origin">`` says
where the target came from (``mt``, ``tm``, ``review``) and, once reviewed,
``<prop type="x-review-status">`` holds the review's status (``approved``, ``edited``, ...); a
reviewer's comment is a ``<note>`` starting ``Review: ``. The target ``<tuv>`` of an approved or
edited unit says who and when (``changeid``, ``changedate``: the review's ``by`` and ``at``,
where known), as the memory's own export does. ``summarize review import`` reads these
back, so that re-importing the brief's own TMX changes nothing.

A segment without a translation for the target gets no target ``tuv``. A segment whose
translation a reviewer rejected gets no ``<tu>`` at all: a CAT tool takes every unit of a TMX as
a usable match, and a rejected translation is not one (the XLIFF, brief.json and the review page
still show it, marked rejected). Characters XML 1.0 forbids are dropped (see
:func:`summarize.writers.xliff.xml_text`).
"""

from __future__ import annotations

from io import BytesIO

from ..brief import Brief
from . import register
from .base import Writer, is_rejected
from .xliff import source_tag, units_of, xml_text

__all__ = ["TmxWriter", "BACK_PROP_TYPE", "O_TMF", "ORIGIN_PROP_TYPE", "STATUS_PROP_TYPE", "REVIEW_NOTE_PREFIX", "render_tmx"]

BACK_PROP_TYPE = "x-back-translation"
ORIGIN_PROP_TYPE = "x-origin"
STATUS_PROP_TYPE = "x-review-status"
REVIEW_NOTE_PREFIX = "Review: "
#: The header's ``o-tmf`` (original translation memory format): the brief the TMX is made from.
O_TMF = "summarize brief.json"


def render_tmx(brief: Brief, short: str) -> bytes:
    """The TMX 1.4 document of target ``short`` of ``brief``, as UTF-8 bytes.

    Raises:
        KeyError: ``short`` is not one of ``brief.targets``.
    """
    from lxml import etree
    from translate.storage import tmx

    target = {t.short: t for t in brief.targets}[short]
    src = source_tag(brief)
    store = tmx.tmxfile(sourcelanguage=src, targetlanguage=target.tag)
    header = store.document.getroot().find(store.namespaced("header"))
    if header is not None:
        header.set("creationtool", "summarize")
        header.set("creationtoolversion", brief.tool_version or "unknown")
        header.set("o-tmf", O_TMF)
    for unit_id, seg in units_of(brief):
        ts = seg.targets.get(short)
        if is_rejected(ts):
            continue  # not a usable match (see the module docstring)
        unit = store.addsourceunit(xml_text(seg.source), src)
        unit.xmlelement.set("tuid", unit_id)
        if ts is None:
            continue
        unit.settarget(xml_text(ts.text), target.tag, append=True)
        if ts.review is not None and ts.review.status in ("approved", "edited"):
            _attribute(unit.xmlelement.findall(store.namespaced("tuv"))[-1], ts.review.by, ts.review.at)
        props = [(ORIGIN_PROP_TYPE, ts.origin)]
        if ts.review is not None:
            props.append((STATUS_PROP_TYPE, ts.review.status))
        if ts.back_translation is not None:
            props.append((BACK_PROP_TYPE, ts.back_translation))
        for kind, value in props:
            prop = etree.Element(store.namespaced("prop"), type=kind)
            prop.text = xml_text(value)
            first_tuv = unit.xmlelement.find(store.namespaced("tuv"))
            unit.xmlelement.insert(unit.xmlelement.index(first_tuv), prop)
        for flag in ts.flags:
            unit.addnote(xml_text(f"QA {flag.code}: {flag.message}"))
        if ts.review is not None and ts.review.comment:
            unit.addnote(xml_text(REVIEW_NOTE_PREFIX + ts.review.comment))
    out = BytesIO()
    store.serialize(out)
    return out.getvalue()


def _attribute(tuv, by: str | None, at: str | None) -> None:
    """TMX 1.4's ``changeid`` (who) and ``changedate`` (when, ``YYYYMMDDThhmmssZ``) on the target
    ``tuv`` of a reviewed unit: ``summarize tm import`` of the brief's TMX then stores the review's
    who and when, as ``review import`` did."""
    from ..tm.tmx import _tmx_date

    if by:
        tuv.set("changeid", xml_text(by))
    if at:
        tuv.set("changedate", _tmx_date(at))


@register
class TmxWriter(Writer):
    """``--format tmx``: ``brief.<short>.tmx`` per target (see the module docstring)."""

    format = "tmx"
    per_target = True
    #: a TMX ``<tu>``'s notes are one target's flags, so targets cannot share one document
    stdout_takes_one_target = True

    def render(self, brief: Brief) -> dict[str, bytes]:
        """``{"brief.<short>.tmx": bytes}`` for every target of ``brief``, in target order."""
        return {f"brief.{t.short}.tmx": render_tmx(brief, t.short) for t in brief.targets}
