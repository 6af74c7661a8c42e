"""TMX 1.4 in and out of the translation memory (``summarize tm export`` / ``tm import``).

Read and written with translate-toolkit (``translate.storage.tmx``). Languages are BCP 47 tags in
the file (``en``, ``ur``, ``ps``, ``fa-AF``) and NLLB codes in the memory; see
``languages.language_for_tag`` for how a tag is read.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from ..errors import InputError, check_input_path
from ..languages import language, language_for_tag
from .store import SqliteTM, TMEntry, normalize_source

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tag(code: str) -> str:
    try:
        return language(code).tag
    except KeyError:
        return code


#: The header's ``o-tmf`` of ``summarize tm export``: TMX 1.4 defines it as the "original
#: translation memory format" the document was exported from (the sqlite memory of summarize).
TM_O_TMF = "summarize translation memory"


def render_tm_tmx(entries: list[TMEntry], *, tool_version: str = "") -> bytes:
    """A TMX 1.4 document of ``entries``: one ``<tu>`` each, ``changeid``/``changedate`` from
    ``by``/``at``, ``<prop type="x-status">``; the header says ``creationtool="summarize"`` and
    ``o-tmf`` ``TM_O_TMF``. The header's ``srclang`` is the entries' one source
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
        header.set("o-tmf", TM_O_TMF)  # translate-toolkit writes "UTF-8": an encoding, not a memory format
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


def read_tmx_pairs(path: str | os.PathLike, *, data: bytes | None = None) -> list[dict]:
    """Every (source, target) pair of a TMX file: ``[{"source", "source_tag", "target", "target_tag",
    "by", "at", "tuid", "props": {type: text}, "notes": [text], "alternatives", "unit"}]``, one per
    target ``<tuv>`` of each ``<tu>`` (``unit``: the ``<tu>``'s 0-based place in the file). The
    source variant is the one in the header's ``srclang`` (or the ``<tu>``'s), else the first;
    ``*all*`` means the first. Texts are plain: inline codes are dropped (see
    ``seg_text``). A ``<tu>`` with fewer than two variants gives no pair. A target variant
    repeated in one ``<tu>`` (same language, same text) gives one pair; ``"alternatives"`` is how
    many different texts the ``<tu>`` holds in the pair's target language: 1 as TMX has it (one
    variant per language), more when the unit holds several translations in one language, which
    the caller cannot take as one translation. Two tags of one language (``ur`` and ``ur-PK``,
    ``ps`` and ``ps-AF``: ``languages.language_for_tag``) are one language here.

    ``data``: the file's bytes, when the caller read them already (``path`` then only names it).
    UTF-16 (as Trados and memoQ can save it) reads as UTF-8 does.

    Raises:
        InputError: the file cannot be read or is not TMX.
    """
    return _read_tmx(path, data)[0]


def check_tmx_path(path: str | os.PathLike) -> None:
    """Nothing, or the one-line error for a TMX file to import that is not there, cannot be
    looked at, or is a folder. ``summarize tm import`` checks every file first, so that a typo in
    the last of several imports none of them.

    Raises:
        InputError: as above, naming ``path`` (exit code 1)."""
    if stat.S_ISDIR(check_input_path(path, "file").st_mode):
        raise InputError(str(path), "is a folder, not a TMX file")


def _read_tmx(path: str | os.PathLike, data: bytes | None = None) -> tuple[list[dict], int]:
    """``(read_tmx_pairs(path), how many <tu> have fewer than two variants)``."""
    from lxml import etree

    from ..review.readers import refuse_entities, utf16_as_utf8, xml_problem

    path = Path(path)
    if data is None:
        check_tmx_path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    try:
        root = etree.fromstring(utf16_as_utf8(data), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        problem = xml_problem(exc)
        raise InputError(str(path), problem if not problem.startswith("is not well-formed")
                         else f"cannot be read as TMX: {problem.removeprefix('is ')}") from None
    refuse_entities(path, root)
    if etree.QName(root).localname != "tmx":
        raise InputError(str(path), f"is not TMX (its root element is <{etree.QName(root).localname}>)")
    header = root.find("header")
    head_src = (header.get("srclang") if header is not None else None) or "*all*"
    pairs, lone = [], 0
    for place, tu in enumerate(root.iter("tu")):
        tuvs = tu.findall("tuv")
        if len(tuvs) < 2:
            lone += 1
            continue
        src_tag = tu.get("srclang") or head_src
        src = next((v for v in tuvs if _same_tag(v, src_tag)), tuvs[0]) if src_tag != "*all*" else tuvs[0]
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        notes = [n.text or "" for n in tu.findall("note")]
        texts: dict[str, set[str]] = {}  # per target language: the distinct texts of this <tu>
        targets = []
        for tuv in tuvs:
            if tuv is src:
                continue
            seen = texts.setdefault(_language_key(_lang(tuv)), set())
            if _seg_text(tuv) in seen:
                continue  # the same variant again says nothing new
            seen.add(_seg_text(tuv))
            targets.append(tuv)
        for tuv in targets:
            pairs.append({
                "source": _seg_text(src), "source_tag": _lang(src), "target": _seg_text(tuv), "target_tag": _lang(tuv),
                "by": tuv.get("changeid") or tu.get("changeid") or tuv.get("creationid") or tu.get("creationid"),
                "at": iso_from_tmx_date(tuv.get("changedate") or tu.get("changedate") or tuv.get("creationdate")
                                        or tu.get("creationdate")),
                "tuid": tu.get("tuid"), "props": props, "notes": notes,
                "alternatives": len(texts[_language_key(_lang(tuv))]), "unit": place,
            })
    return pairs, lone


def _language_key(tag: str) -> str:
    """What makes two ``xml:lang`` tags one language in a ``<tu>``: the language they name
    (``languages.language_for_tag``: ``ur`` and ``ur-PK``, ``ps`` and ``ps-AF`` are one), else the
    tag itself, case folded."""
    found = language_for_tag(tag)
    return found.code if found is not None else tag.lower()


def _lang(tuv) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _same_tag(tuv, tag: str) -> bool:
    return _lang(tuv).lower() == tag.lower()


#: TMX 1.4 inline elements whose content is the original file's code (``&lt;b&gt;``), not text.
INLINE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


def _seg_text(tuv) -> str:
    seg = tuv.find("seg")
    return seg_text(seg) if seg is not None else ""


def seg_text(element) -> str:
    """The plain text of a TMX ``<seg>`` (or ``<hi>``): its text with the content of the inline
    codes ``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>`` left out (``Press <bpt>&lt;b&gt;</bpt>Save``
    is ``Press Save``) and ``<hi>``'s text kept: CAT tools match on the text, not on the codes."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in INLINE_CODES:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


#: The statuses a memory entry can have; a TMX unit's ``<prop type="x-status">`` keeps one of them.
TM_STATUSES = ("approved", "edited")


@dataclass(frozen=True)
class TmxImport:
    """What :func:`import_tmx` did with one file, every pair counted once:

    * ``stored``: pairs that changed the memory, ``added`` new ones plus ``updated`` ones (they
      replaced a stored translation of the same sentence that differed);
    * ``unchanged``: pairs the memory held already, as they are (a memory's own export imported
      back is all ``unchanged``);
    * ``skipped``: units or pairs left out, per reason (``{"with no translation": 1, "in a
      language not known: fr": 1}``).
    """

    stored: int
    skipped: dict[str, int]
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def skipped_count(self) -> int:
        """Units and pairs left out, all reasons together."""
        return sum(self.skipped.values())

    def describe(self) -> str:
        """One line for people: ``2 stored, 2 skipped (1 with no translation, 1 in a language not
        known: fr)``; ``3 stored (1 new, 2 updated), 4 already in the memory``. Parts with nothing
        to count are left out, except when nothing was stored: then the line says why, ``0 stored:
        5 already in the memory, 0 skipped``, or ``0 stored: the file holds no translation
        units``."""
        if not (self.stored or self.unchanged or self.skipped_count):
            return "0 stored: the file holds no translation units"
        text = f"{self.stored} stored"
        if self.updated:
            text += f" ({self.added} new, {self.updated} updated)"
        rest = []
        if self.unchanged or not self.stored:
            rest.append(f"{self.unchanged} already in the memory")
        if self.skipped or not self.stored:
            why = ", ".join(f"{n} {reason}" for reason, n in self.skipped.items())
            rest.append(f"{self.skipped_count} skipped" + (f" ({why})" if why else ""))
        return text + (", " if self.stored else ": ") + ", ".join(rest) if rest else text


def import_tmx(tm: SqliteTM, path: str | os.PathLike) -> TmxImport:
    """Store every pair of the TMX file ``path`` in ``tm``, as plain text (see ``seg_text``).

    A unit's status is its ``<prop type="x-status">`` when that is ``approved`` or ``edited``
    (what ``summarize tm export`` writes: an export imports back unchanged), or, in a summarize
    brief's TMX, its review's (``x-review-status``); any other unit, as another tool's or a
    client's memory has them, is taken as ``approved``. A unit of a brief's TMX (it has an
    ``x-origin``) that no reviewer approved or edited is left out, counted "not reviewed in their
    brief": it is the machine's text, which the memory must never hold as approved. Left out, and counted
    by reason: a unit with no translation (one variant), a pair with an empty side, a pair with a
    language tag ``language_for_tag`` cannot place, a pair a summarize brief TMX marks
    rejected (``x-review-status``; written before such units were left out of it): a rejected
    translation is never learnt, and a ``<tu>`` that holds several different translations in one
    language (counted once per unit and language: TMX has one variant per language in a unit,
    and the memory keeps one translation of a sentence, so which one is not the import's to
    guess). A sentence given again in a later unit (same source and language pair) is stored
    once, as the later unit has it; the earlier one is counted "replaced by a later translation
    of the same sentence" (or "repeated later in the file", same text), so ``stored`` and
    ``unchanged`` count what the memory holds. A pair the memory holds already, as it is, is
    counted ``unchanged``. Each target text and ``changeid`` is taken in as ``review import``
    takes a reviewer's (``review.readers.reviewer_text``: the characters XML cannot hold taken
    out, bidi controls balanced, the text trimmed).

    Raises:
        InputError: the file is not TMX, or a target text is longer than
            ``review.readers.MAX_TEXT_CHARS`` or only control characters (nothing is stored).
    """
    from ..review.readers import reviewer_text

    pairs, lone = _read_tmx(path)
    entries: dict[tuple[str, str, str], TMEntry] = {}  # one per key, as the memory holds them
    skipped: dict[str, int] = {}
    unknown: dict[str, int] = {}
    several: dict[str, set[int]] = {}  # target tag -> the <tu> (by pair's unit) with several texts in it
    if lone:
        skipped["with no translation"] = lone

    def skip(reason: str) -> None:
        skipped[reason] = skipped.get(reason, 0) + 1

    for p in pairs:
        # a client's TMX is the easy way in for a target text: it is taken in as review import
        # takes a reviewer's (characters XML cannot hold out, bidi controls balanced, trimmed, a
        # text over MAX_TEXT_CHARS refusing the file), so the memory serves no unclosed U+202E
        where = (f'<tu> tuid="{p["tuid"]}" ({p["target_tag"]})' if p["tuid"] is not None
                 else f'<tu> {p["unit"] + 1} of the file ({p["target_tag"]})')
        p["target"] = reviewer_text(p["target"], file=str(path), where=where)
        if p["by"] is not None:
            p["by"] = reviewer_text(p["by"], file=str(path), where=where, what="changeid").strip() or None
        src, tgt = language_for_tag(p["source_tag"]), language_for_tag(p["target_tag"])
        if src is None or tgt is None:
            tag = p["source_tag"] if src is None else p["target_tag"]
            unknown[tag or "(none)"] = unknown.get(tag or "(none)", 0) + 1
            continue
        if p["alternatives"] > 1:
            # one <tu> holds several translations in one language: which one is the memory's is
            # not the file's to say, so none is learnt; the unit's side counts once
            several.setdefault(tgt.tag, set()).add(p["unit"])  # (ur and ur-PK: one language, named once)
            continue
        if not p["source"].strip() or not p["target"].strip():
            skip("with an empty side")
            continue
        review = p["props"].get("x-review-status")
        if review == "rejected":
            skip("rejected in review")
            continue
        if "x-origin" in p["props"] and review not in TM_STATUSES:
            # a summarize brief's TMX: a target nobody approved or edited is the machine's (or the
            # memory's own) text, not a translation to learn
            skip("not reviewed in their brief")
            continue
        status = review if review in TM_STATUSES else p["props"].get("x-status")
        entry = TMEntry(p["source"], p["target"], src.code, tgt.code, status if status in TM_STATUSES else "approved",
                        f"tmx:{Path(path).name}", p["by"], p["at"])
        key = (normalize_source(entry.source), entry.source_lang, entry.target_lang)
        earlier = entries.pop(key, None)  # the memory keeps one translation of a sentence: the file's last
        if earlier is not None:
            skip("repeated later in the file" if earlier.target == entry.target
                 else "replaced by a later translation of the same sentence")
        entries[key] = entry
    if several:
        skipped[f"with more than one translation in one language: {', '.join(several)}"] = \
            sum(len(units) for units in several.values())
    if unknown:
        skipped[f"in a language not known: {', '.join(unknown)}"] = sum(unknown.values())
    counts = tm.store(list(entries.values()))
    return TmxImport(counts.stored, skipped, counts.added, counts.updated, counts.unchanged)
