"""``brief.<short>.xlf``: one XLIFF 1.2 file per target, for CAT tools (OmegaT, Okapi Rainbow,
Trados, memoQ all read XLIFF 1.2).

Written with translate-toolkit (``translate.storage.xliff``), never by string concatenation.
Each file has one ``<file>`` (``original`` = the article's stem, ``source-language`` = the source
tag, ``en``; ``target-language`` = the target's BCP 47 tag: ``ur``, ``ps``, ``fa-AF``) and one
``<trans-unit>`` per segment, in order: ``id="title"`` for the title when the article has one,
then ``id="<Segment.index>"`` per summary sentence (the 0-based index of brief.json; brief.md and
brief.html show it plus one). ``xml:space="preserve"`` keeps the text as is. Printed to stdout
(``-o -``), the targets' ``<file>`` elements share one document.

States follow what CAT tools read (memoQ and Globalese mark machine translation so; Weblate reads
``approved="yes"``; see /work/shared/DESIGN.md, "Review conventions"):

* machine translation not yet reviewed, flagged or not: ``state="needs-review-translation"
  state-qualifier="leveraged-mt"``, ``approved="no"`` (never plain ``translated``);
* an exact translation-memory match (``origin: tm``, pre-filled where the machine translated
  nothing): ``state="translated" state-qualifier="exact-match"``, ``approved="no"``: a match
  to review, as CAT tools mark a pre-translation from their memory;
* reviewed ``approved`` or ``edited``: ``state="final"``, ``approved="yes"``;
* reviewed ``rejected``, or an empty target: ``state="needs-translation"``;
* ``stale`` (the machine translation changed after the review): ``state="needs-review-translation"``.

Notes:

* one ``<note from="qa">`` per flag: ``QA <code>: <message>``;
* ``<note from="back-translation">Machine back-translation: <text></note>`` when set;
* ``<note from="reviewer">`` with the reviewer's comment, when there is one;
* ``<note from="summarize">`` saying why a stale segment wants another look.

Characters XML 1.0 forbids (C0 controls other than tab, line feed and carriage return; lone
surrogates; U+FFFE/U+FFFF) are dropped from every string, as translate-toolkit itself does.
"""

from __future__ import annotations

import re
from io import BytesIO

from ..brief import Brief, Segment
from . import register
from .base import Writer

__all__ = [
    "XliffWriter", "XLIFF_NS", "QA_NOTE_ORIGIN", "BACK_NOTE_ORIGIN", "BACK_PREFIX",
    "render_xliff", "source_tag", "units_of", "xml_text", "REVIEW_NOTE_ORIGIN", "TOOL_NOTE_ORIGIN",
    "target_state", "own_notes", "STALE_NOTE_PREFIX",
]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
QA_NOTE_ORIGIN = "qa"
BACK_NOTE_ORIGIN = "back-translation"
BACK_PREFIX = "Machine back-translation: "
REVIEW_NOTE_ORIGIN = "reviewer"
TOOL_NOTE_ORIGIN = "summarize"

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (see the module docstring)."""
    return _XML_ILLEGAL.sub("", text)


def units_of(brief: Brief) -> list[tuple[str, Segment]]:
    """The units of a CAT export, in order: ``("title", brief.title)`` when there is a title,
    then ``(str(seg.index), seg)`` per summary segment."""
    units = [("title", brief.title)] if brief.title is not None else []
    return units + [(str(seg.index), seg) for seg in brief.segments]


def source_tag(brief: Brief) -> str:
    """The BCP 47 tag of the brief's source language (``en`` unless ``--source-lang``)."""
    return brief.source.tag


def target_state(ts) -> tuple[str, str | None, bool]:
    """``(state, state-qualifier or None, approved)`` of one TargetSegment (see the module docstring)."""
    status = ts.review.status if ts.review is not None else None
    qualifier = {"mt": "leveraged-mt", "tm": "exact-match"}.get(ts.origin)
    if status in ("approved", "edited"):
        return "final", qualifier, True
    if status == "rejected" or not ts.text.strip():
        return "needs-translation", qualifier, False
    if status == "stale":
        return "needs-review-translation", qualifier, False
    if ts.origin == "tm":
        return "translated", qualifier, False
    return "needs-review-translation", qualifier, False


#: How the note on a stale segment starts (``own_notes``).
STALE_NOTE_PREFIX = "Reviewed text kept; the machine translation changed since the review"


def own_notes(ts) -> list[tuple[str, str]]:
    """``(from, text)`` of each note the XLIFF writes on the unit of TargetSegment ``ts``, in
    order (see the module docstring): the QA flags, the back-translation, the reviewer's comment,
    the stale note. The import reads the ones not ``from="reviewer"`` as the brief's own, not
    as a comment, also where a CAT tool dropped their ``from``."""
    out = [(QA_NOTE_ORIGIN, xml_text(f"QA {flag.code}: {flag.message}")) for flag in ts.flags]
    if ts.back_translation is not None:
        out.append((BACK_NOTE_ORIGIN, xml_text(BACK_PREFIX + ts.back_translation)))
    if ts.review is not None and ts.review.comment:
        out.append((REVIEW_NOTE_ORIGIN, xml_text(ts.review.comment)))
    if ts.review is not None and ts.review.status == "stale":
        now = f"Machine translation now: {ts.mt}" if ts.tm is None else f"Translation memory's match now: {ts.tm}"
        out.append((TOOL_NOTE_ORIGIN, xml_text(f"{STALE_NOTE_PREFIX} (was {ts.review.previous_status}). {now}")))
    return out


def _store_classes():
    from translate.storage import xliff

    class Xliff12Unit(xliff.xliffunit):
        namespace = XLIFF_NS

    class Xliff12File(xliff.xlifffile):
        UnitClass = Xliff12Unit
        namespace = XLIFF_NS
        XMLskeleton = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<xliff version="1.2" xmlns="{XLIFF_NS}">\n'
            '<file original="NoName" source-language="en" datatype="plaintext">\n'
            "<body>\n</body>\n</file>\n</xliff>"
        )

    return Xliff12File


def render_xliff(brief: Brief, short: str) -> bytes:
    """The XLIFF 1.2 document of target ``short`` of ``brief``, as UTF-8 bytes.

    Raises:
        KeyError: ``short`` is not one of ``brief.targets``.
    """
    target = {t.short: t for t in brief.targets}[short]
    store_cls = _store_classes()
    store = store_cls(sourcelanguage=source_tag(brief))
    store.settargetlanguage(target.tag)
    store.switchfile(xml_text(brief.article.stem) or "brief", createifmissing=True)
    for unit_id, seg in units_of(brief):
        unit = store.UnitClass(xml_text(seg.source))
        unit.setid(unit_id)
        store.addunit(unit)
        ts = seg.targets.get(short)
        if ts is None:
            continue
        unit.settarget(xml_text(ts.text), lang=target.tag)
        node = unit.getlanguageNode(lang=None, index=1)
        state, qualifier, approved = target_state(ts)
        if node is not None:
            node.set("state", state)
            if qualifier:
                node.set("state-qualifier", qualifier)
        unit.markapproved(approved)
        for origin, text in own_notes(ts):
            unit.addnote(text, origin=origin)
    out = BytesIO()
    store.serialize(out)
    return out.getvalue()


@register
class XliffWriter(Writer):
    """``--format xliff``: ``brief.<short>.xlf`` per target (see the module docstring)."""

    format = "xliff"
    per_target = True

    def render(self, brief: Brief) -> dict[str, bytes]:
        """``{"brief.<short>.xlf": bytes}`` for every target of ``brief``, in target order."""
        return {f"brief.{t.short}.xlf": render_xliff(brief, t.short) for t in brief.targets}

    def to_stdout(self, brief: Brief) -> bytes:
        """One XLIFF 1.2 document for all targets: the ``<file>`` element of each target's
        document, in target order, under one ``<xliff>`` root (XLIFF 1.2 allows several
        ``<file>`` elements, each with its own ``target-language``). Each ``<file>`` gets its own
        ``original``, ``<stem>.<short>`` (e.g. ``afghan-truce.ur``): readers that key files by
        ``original`` (the npm ``xliff`` package) would otherwise merge them into one."""
        from lxml import etree

        docs = self.render(brief)
        if len(docs) < 2:
            return super().to_stdout(brief)
        root = None
        for t in brief.targets:
            filenode = etree.fromstring(docs[f"brief.{t.short}.xlf"]).find(f"{{{XLIFF_NS}}}file")
            filenode.set("original", f"{filenode.get('original')}.{t.short}")
            if root is None:
                root = filenode.getparent()
            else:
                root.append(filenode)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
