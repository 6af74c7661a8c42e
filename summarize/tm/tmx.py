"""TMX 1.4 in and out of the translation memory (``summarize tm export`` / ``tm import``).

Read and written with translate-toolkit (``translate.storage.tmx``). Languages are BCP 47 tags in
the file (``en``, ``ur``, ``ps``, ``fa-AF``) and NLLB codes in the memory; see
``languages.language_for_tag`` for how a tag is read.
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

from ..errors import InputError
from ..languages import language, language_for_tag
from .store import SqliteTM, TMEntry

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tag(code: str) -> str:
    try:
        return language(code).tag
    except KeyError:
        return code


def render_tm_tmx(entries: list[TMEntry], *, tool_version: str = "") -> bytes:
    """A TMX 1.4 document of ``entries``: one ``<tu>`` each, ``changeid``/``changedate`` from
    ``by``/``at``, ``<prop type="x-status">``. The header's ``srclang`` is the entries' one source
    tag, or ``*all*`` when they have several (TMX 1.4 allows it)."""
    from lxml import etree
    from translate.storage import tmx

    sources = {e.source_lang for e in entries}
    src = _tag(next(iter(sources))) if len(sources) == 1 else "*all*"
    store = tmx.tmxfile(sourcelanguage=src)
    header = store.document.getroot().find(store.namespaced("header"))
    if header is not None:
        header.set("creationtool", "summarize")
        header.set("creationtoolversion", tool_version or "unknown")
    from ..writers.xliff import xml_text

    for e in entries:
        unit = store.addsourceunit(xml_text(e.source), _tag(e.source_lang))
        unit.settarget(xml_text(e.target), _tag(e.target_lang), append=True)
        tu = unit.xmlelement
        if e.by:
            tu.set("changeid", xml_text(e.by))
        if e.at:
            tu.set("changedate", _tmx_date(e.at))
        prop = etree.Element(store.namespaced("prop"), type="x-status")
        prop.text = e.status
        tu.insert(0, prop)
    out = BytesIO()
    store.serialize(out)
    return out.getvalue()


def _tmx_date(iso: str) -> str:
    """ISO-8601 as TMX's ``YYYYMMDDThhmmssZ`` (UTC); unparsable text is returned as is."""
    from datetime import datetime, timezone

    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def iso_from_tmx_date(value: str | None) -> str | None:
    """TMX's ``YYYYMMDDThhmmssZ`` as ISO-8601 UTC text (``2026-12-01T20:00:00Z``); other text as is."""
    from datetime import datetime

    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return value


def read_tmx_pairs(path: str | os.PathLike) -> list[dict]:
    """Every (source, target) pair of a TMX file: ``[{"source", "source_tag", "target", "target_tag",
    "by", "at", "tuid", "props": {type: text}, "notes": [text]}]``, one per target ``<tuv>`` of each
    ``<tu>``. The source variant is the one in the header's ``srclang`` (or the ``<tu>``'s), else
    the first; ``*all*`` means the first.

    Raises:
        InputError: the file cannot be read or is not TMX.
    """
    from lxml import etree

    path = Path(path)
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(str(path), f"cannot be read as TMX: {exc}") from None
    if etree.QName(root).localname != "tmx":
        raise InputError(str(path), f"is not TMX (its root element is <{etree.QName(root).localname}>)")
    header = root.find("header")
    head_src = (header.get("srclang") if header is not None else None) or "*all*"
    pairs = []
    for tu in root.iter("tu"):
        tuvs = tu.findall("tuv")
        if len(tuvs) < 2:
            continue
        src_tag = tu.get("srclang") or head_src
        src = next((v for v in tuvs if _same_tag(v, src_tag)), tuvs[0]) if src_tag != "*all*" else tuvs[0]
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        notes = [n.text or "" for n in tu.findall("note")]
        for tuv in tuvs:
            if tuv is src:
                continue
            pairs.append({
                "source": _seg_text(src), "source_tag": _lang(src), "target": _seg_text(tuv), "target_tag": _lang(tuv),
                "by": tuv.get("changeid") or tu.get("changeid") or tuv.get("creationid") or tu.get("creationid"),
                "at": iso_from_tmx_date(tuv.get("changedate") or tu.get("changedate") or tuv.get("creationdate")
                                        or tu.get("creationdate")),
                "tuid": tu.get("tuid"), "props": props, "notes": notes,
            })
    return pairs


def _lang(tuv) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _same_tag(tuv, tag: str) -> bool:
    return _lang(tuv).lower() == tag.lower()


def _seg_text(tuv) -> str:
    seg = tuv.find("seg")
    return "".join(seg.itertext()) if seg is not None else ""


def import_tmx(tm: SqliteTM, path: str | os.PathLike) -> tuple[int, int]:
    """Store every pair of the TMX file ``path`` in ``tm`` as ``approved`` (a client's own memory
    is taken as approved). Returns ``(pairs stored or changed, pairs skipped)``: skipped are
    pairs with an empty side or a language tag ``language_for_tag`` cannot place, and pairs a
    summarize brief TMX marks rejected (``x-review-status``; written before such units were left
    out of it): a rejected translation is never learnt.

    Raises:
        InputError: the file is not TMX.
    """
    entries, skipped = [], 0
    for p in read_tmx_pairs(path):
        src, tgt = language_for_tag(p["source_tag"]), language_for_tag(p["target_tag"])
        if (src is None or tgt is None or not p["source"].strip() or not p["target"].strip()
                or p["props"].get("x-review-status") == "rejected"):
            skipped += 1
            continue
        entries.append(TMEntry(p["source"], p["target"], src.code, tgt.code, p["props"].get("x-status") or "approved",
                               f"tmx:{Path(path).name}", p["by"], p["at"]))
    return tm.add(entries), skipped
