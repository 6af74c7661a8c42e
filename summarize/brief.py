"""The typed results that flow through the pipeline: Article in, Brief out.

These are plain dataclasses; ``Brief.to_dict()`` is what ``brief.json`` holds, and every writer
reads a Brief, never the pipeline's internals.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .languages import SOURCE, Language, Target, language, renamed, target

#: Where a target segment's ``text`` came from: the machine translator (``mt``), the translation
#: memory (``tm``: an exact match of an approved or edited segment, pre-filled in place of a
#: machine translation), or a reviewer's edit (``review``).
ORIGINS = ("mt", "tm", "review")
#: A review decision's status. ``stale``: a rerun gave a machine translation other than the one
#: that was reviewed; the reviewed text is kept and the segment wants another look.
REVIEW_STATUSES = ("approved", "edited", "rejected", "pending", "stale")


@dataclass
class RemovedLine:
    """A line the cleaner dropped: its text, the rule that matched (see ``clean.RULES``), and its
    0-based line number in the decoded input."""

    text: str
    rule: str
    line: int


@dataclass
class Article:
    """An article after reading (and, once ``clean`` ran, cleaning).

    ``source`` is the path as given (``-`` for stdin, a URL for a fetched page); ``stem`` names the
    output folder. ``paragraphs`` is the body without the title and dateline, one string per
    paragraph, in order. ``removed`` lists what the cleaner took out. ``metadata`` holds what the
    reader found besides (``author``, ``date``, ``format``, ``encoding``, ``sha256``, ...).
    """

    source: str
    stem: str
    paragraphs: list[str]
    title: str | None = None
    dateline: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> str:
        """The body as text: paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass
class Flag:
    """A QA finding on one target segment: a stable ``code`` (``script``, ``language``,
    ``repetition``, ``length``, ``numbers``, ``untranslated``, ``empty``), a one-line ``message``
    for people, and the figures behind it in ``data``."""

    code: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Review:
    """A reviewer's decision on one target segment.

    ``status`` is one of ``REVIEW_STATUSES``; ``comment`` the reviewer's note (or None); ``by``
    who decided (a name, a CAT tool's user id; None when the file does not say); ``at`` when, as
    ISO-8601 text (None when unknown). ``previous_status`` is set only on a ``stale`` review: the
    status it had before the machine translation changed; ``reviewed_mt`` too, where known: the
    machine translation the decision was made on, so that a rerun offering it again restores the
    review (``review.carry``: a rerun on other models and back again delivered a rejected text).
    """

    status: str
    comment: str | None = None
    by: str | None = None
    at: str | None = None
    previous_status: str | None = None
    reviewed_mt: str | None = None


@dataclass
class TargetSegment:
    """One translation of one source segment.

    ``text`` is what every file shows: the reviewed text where there is one, else the text the
    pipeline offered (:attr:`offered`). ``mt`` is the machine translation, and only ever that:
    None when the machine translated nothing for this segment because the translation memory had
    it; a rerun that keeps a review keeps the machine translation it was made on. ``tm`` is the
    translation memory's exact match that pre-filled ``text`` (None: the memory had none, or was
    not used), kept when a reviewer edits ``text``. ``origin`` says where ``text`` came from
    (``ORIGINS``). ``review`` is the reviewer's decision, None until one is imported.
    ``back_translation`` is an optional machine back-translation into the source language;
    ``flags`` the QA flags raised on ``text``.

    A TargetSegment made with neither ``mt`` nor ``tm`` (as by a brief.json written before
    reviews existed) holds machine text: ``mt`` is set to ``text``.
    """

    text: str
    back_translation: str | None = None
    flags: list[Flag] = field(default_factory=list)
    mt: str | None = None
    origin: str = "mt"
    review: Review | None = None
    tm: str | None = None
    #: Texts an earlier run of this brief offered for this segment (its machine translations and
    #: memory matches, for the same source sentence and target) that it does not offer now, oldest
    #: first: a review file written before the rerun still holds them (``offered_before``).
    earlier: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.mt is None and self.tm is None:
            self.mt = self.text

    def offered_before(self, text: str | None) -> bool:
        """Whether ``text`` is a translation an earlier run of the brief offered for this segment
        (``earlier``) and this one does not: a unit of a review file written before the rerun that
        still holds it says nothing about the text offered now."""
        return text is not None and not self.offers(text) and text in self.earlier

    @property
    def offered(self) -> str:
        """The text the pipeline offered for review: the memory's match (``tm``) where there was
        one, else the machine translation (``mt``). What ``text`` goes back to when a review is
        rejected or undone, and what the review page and ``brief.review.json`` call ``mt``."""
        return self.tm if self.tm is not None else self.mt  # type: ignore[return-value]

    def offers(self, text: str | None) -> bool:
        """Whether ``text`` is a translation the tools offered for this segment (the machine
        translation or the memory's match): taking it as it is is an approval, not an edit."""
        return text is not None and (text == self.mt or text == self.tm)

    def origin_of(self, text: str) -> str:
        """The ``origin`` that ``text`` would have on this segment: ``tm`` when it is the memory's
        match, ``mt`` when it is the machine translation, else ``review`` (a reviewer's text)."""
        if self.tm is not None and text == self.tm:
            return "tm"
        return "mt" if text == self.mt else "review"


@dataclass
class Segment:
    """One source sentence of the summary (or the title) with its translation per target, keyed by
    the target's short name (``ur``, ``ps``, ``prs``)."""

    index: int
    source: str
    targets: dict[str, TargetSegment] = field(default_factory=dict)


@dataclass
class Brief:
    """The finished brief of one article.

    ``segments`` holds the summary sentences in order, each with one TargetSegment per entry of
    ``targets`` (always exactly one: alignment is 1:1). ``title`` is a Segment too: the article's
    title (``title.source``, index 0) with its translations (``title.targets``); None when the
    article has no title. ``models`` records each model used (name, kind, hub id or path, resolved
    revision, generation settings); ``chunking`` says whether and how the article was split to
    fit the summariser's ``max_input_tokens``; ``timings`` are seconds per step; ``notes`` are
    remarks for the reader (e.g. "article too short to summarise; the brief is the text itself").
    ``source`` is the article's Language (English unless ``--source-lang``); ``targets`` are
    :class:`~summarize.languages.Target` records (a Language and the translator that served it).
    """

    article: Article
    segments: list[Segment]
    targets: list[Target]
    title: Segment | None = None
    models: dict[str, Any] = field(default_factory=dict)
    chunking: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    tool_version: str = ""
    source: Language = SOURCE
    #: Reviews of segments a rerun no longer has (the summary changed) or did not translate
    #: (``--no-translate``, fewer targets): kept, never thrown away, and restored by a rerun that
    #: has the segment again (``review.carry``). Each is ``{"target", "segment" ("title" or the
    #: index it had; absent in older files), "source", "text", "mt", "origin", "review"}``.
    retired_reviews: list[dict[str, Any]] = field(default_factory=list)
    #: What the brief offered (machine translations, memory matches, ``TargetSegment.earlier``)
    #: for target segments a rerun no longer has or did not translate, reviewed or not: kept so
    #: that a rerun that has the segment again gives it back its ``earlier`` (``review.carry``).
    #: Each is ``{"target", "segment" ("title" or the index it had), "source", "texts"}``.
    retired_offers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def source_lang(self) -> str:
        """The short name of the source language (``en`` unless ``--source-lang``): brief.json's
        ``source_lang`` and the suffix of ``summary.<short>.txt``."""
        return self.source.short

    @property
    def summary(self) -> list[str]:
        """The summary sentences in the source language (``source``; English unless
        ``--source-lang`` said otherwise), in order."""
        return [s.source for s in self.segments]

    def target_text(self, short: str) -> list[str]:
        """The translation into target ``short`` as a list of segments aligned with ``summary``."""
        return [s.targets[short].text for s in self.segments]

    def flag_count(self) -> int:
        """How many QA flags the brief's target segments carry in all (title included)."""
        segs = self.segments + ([self.title] if self.title else [])
        return sum(len(t.flags) for s in segs for t in s.targets.values())

    def to_dict(self) -> dict[str, Any]:
        """The brief as JSON-ready data (the schema of ``brief.json``): ``id`` and
        ``content_hash`` (see :func:`brief_identity`) first, then the brief itself."""
        data = self.to_dict_unidentified()
        return {**brief_identity(data), **data}

    def to_dict_unidentified(self) -> dict[str, Any]:
        """:meth:`to_dict` without ``id`` and ``content_hash``."""
        art = self.article
        out = {
            "tool_version": self.tool_version,
            "source_lang": self.source_lang,
            "source_code": self.source.code,
            "source": {
                "path": art.source,
                "stem": art.stem,
                "title": art.title,
                "dateline": art.dateline,
                "text": art.body,
                "metadata": art.metadata,
                "removed": [asdict(r) for r in art.removed],
            },
            "summary": self.summary,
            "targets": [t.to_dict() for t in self.targets],
            "title": _segment_dict(self.title) if self.title else None,
            "segments": [_segment_dict(s) for s in self.segments],
            "models": self.models,
            "chunking": self.chunking,
            "timings": self.timings,
            "notes": self.notes,
        }
        if self.retired_reviews:
            out["retired_reviews"] = self.retired_reviews
        if self.retired_offers:
            out["retired_offers"] = self.retired_offers
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Brief":
        """The Brief that ``to_dict`` (``brief.json``) describes: ``Brief.from_dict(b.to_dict())``
        renders the same files as ``b``. A brief.json written before reviews existed (targets
        without ``mt``/``origin``/``review``) reads as unreviewed machine output.

        Raises:
            KeyError, TypeError, ValueError: ``data`` is not a brief.json.
        """
        src = data["source"]
        article = Article(
            source=src["path"],
            stem=_stem_of(data),
            paragraphs=[p for p in (src.get("text") or "").split("\n\n") if p],
            title=src.get("title"),
            dateline=src.get("dateline"),
            removed=[RemovedLine(**r) for r in src.get("removed") or []],
            metadata=dict(src.get("metadata") or {}),
        )
        return cls(
            article=article,
            segments=[_segment_from(s) for s in data["segments"]],
            targets=[_target_record(t) for t in data.get("targets") or []],
            title=_segment_from(data["title"]) if data.get("title") else None,
            models=data.get("models") or {},
            chunking=data.get("chunking") or {},
            timings=data.get("timings") or {},
            notes=list(data.get("notes") or []),
            tool_version=data.get("tool_version", ""),
            source=_source_record(data),
            retired_reviews=list(data.get("retired_reviews") or []),
            retired_offers=[r for r in data.get("retired_offers") or [] if isinstance(r, dict)],
        )


def _source_record(data: dict[str, Any]) -> Language:
    """The source Language a brief.json records: its NLLB code ``source_code`` under the short
    name ``source_lang`` (which names its ``summary.<short>.txt``); in a brief.json written before
    ``source_code`` was, ``source_lang`` alone (a name the table knows, ``ur``, or an NLLB code,
    ``urd_Arab``, as older versions named a source the table lists under --no-translate).

    Raises:
        KeyError: the recorded language is none the tool can name.
    """
    short, code = data.get("source_lang") or SOURCE.short, data.get("source_code")
    if not isinstance(code, str):
        return language(short)
    try:
        return renamed(language(code), short)
    except KeyError:  # a code the table does not know and not shaped like an NLLB code
        return Language(short, code, short, short, False, short, code, "")


def review_dict(review: Review) -> dict[str, Any]:
    """``asdict(review)`` as brief.json holds it: ``reviewed_mt`` only where a stale review has
    one (a brief never rerun writes the review it always did)."""
    out = asdict(review)
    if out.get("reviewed_mt") is None:
        out.pop("reviewed_mt", None)
    return out


def _segment_dict(seg: Segment) -> dict[str, Any]:
    """``asdict(seg)``, each target's ``earlier`` left out where it is empty (a brief never rerun
    writes the brief.json it always did)."""
    out = asdict(seg)
    for t in out["targets"].values():
        if not t.get("earlier"):
            t.pop("earlier", None)
        if t.get("review"):
            t["review"] = review_dict(Review(**t["review"]))
    return out


def _stem_of(data: dict[str, Any]) -> str:
    """The article's stem (its output folder's name): ``source.stem``, else (an older brief.json)
    its source path's stem."""
    from pathlib import PurePath

    src = data["source"]
    return src.get("stem") or PurePath(str(src.get("path") or "brief")).stem or "brief"


def _target_record(d: dict[str, Any]) -> Target:
    """The Target a brief.json ``targets`` entry records: the table's Language for its code, with
    the short name, tag, name and direction as recorded."""
    short, code, translator = d["short"], d["code"], d.get("translator", "")
    try:
        rec = target(short, code, translator)
    except KeyError:  # a code the table does not know and not shaped like an NLLB code
        return Target(Language(short, code, d.get("tag", short), d.get("name", short), bool(d.get("rtl")),
                               short, code, ""), translator)
    lang = rec.language
    recorded = Language(short, code, d.get("tag", lang.tag), d.get("name", lang.name), bool(d.get("rtl", lang.rtl)),
                        lang.iso, lang.m2m, lang.script)
    return rec if recorded == lang else Target(recorded, translator)


def target_from_dict(d: Mapping[str, Any]) -> TargetSegment:
    """The TargetSegment a brief.json target entry (``segments[i].targets[short]``, or a
    ``retired_reviews`` record) describes.

    Older files are read as they meant it: without ``mt``, ``text`` is the machine text; without
    ``tm`` (written before the memory's match was kept apart), an entry whose ``origin`` is
    ``tm`` held the memory's text in ``mt`` too, so that text is read as ``tm`` and ``mt`` as
    None (the machine translated nothing for it).

    Raises:
        KeyError, TypeError: ``d`` is not a target entry.
    """
    review = d.get("review")
    origin = d.get("origin") or "mt"
    mt, tm = d.get("mt"), d.get("tm")
    if "tm" not in d and origin == "tm":
        mt, tm = None, mt if mt is not None else d["text"]
    return TargetSegment(
        text=d["text"],
        back_translation=d.get("back_translation"),
        flags=[Flag(**f) for f in d.get("flags") or []],
        mt=mt,
        tm=tm,
        origin=origin,
        review=Review(**review) if review else None,
        earlier=[t for t in d.get("earlier") or [] if isinstance(t, str)],
    )


def _segment_from(d: dict[str, Any]) -> Segment:
    return Segment(d["index"], d["source"], {k: target_from_dict(v) for k, v in (d.get("targets") or {}).items()})


def _plain(brief: Brief | Mapping[str, Any]) -> Mapping[str, Any]:
    return brief.to_dict_unidentified() if isinstance(brief, Brief) else brief


def _machine_texts(seg: Mapping[str, Any] | None) -> dict[str, str] | None:
    """``{short: machine text}`` of one segment dict: ``targets[short].mt`` where the machine
    translated it, else the memory's match ``targets[short].tm`` that stood in for it, else
    ``targets[short].text`` (a brief written before reviews existed holds the MT there).
    Reviews never change it."""
    if seg is None:
        return None
    out = {}
    for short, ts in (seg.get("targets") or {}).items():
        offered = next((ts.get(k) for k in ("mt", "tm") if ts.get(k) is not None), None)
        out[short] = offered if offered is not None else ts.get("text", "")
    return out


def brief_identity(brief: Brief | Mapping[str, Any]) -> dict[str, str]:
    """``{"id": ..., "content_hash": ...}`` of a brief: a :class:`Brief` or the ``brief.json``
    data (a dict as :meth:`Brief.to_dict` returns it, with or without review fields).

    * ``id`` (16 lowercase hex digits) names the article: the first 64 bits of the SHA-256 of
      the cleaned source text (title, dateline and body, UTF-8, joined by newlines). The same
      article gives the same id on every run, whatever the models.
    * ``content_hash`` (64 hex digits) names this version of the brief: the SHA-256 of canonical
      JSON (sorted keys, no spaces, UTF-8) of the id, the source text, and for the title and each
      segment its index, source sentence and machine text per target (``mt`` where present,
      else the memory's match ``tm`` that stood in for it, else ``text``). Reviewed text is left out, so importing a review keeps the hash; a rerun
      whose summary or MT differs changes it.

    The review page keys its saved decisions by both and writes them into
    ``brief.review.json``; the importer compares them with the brief it merges into
    (docs/review.md, "brief.review.json"). Raises ``KeyError``/``TypeError`` on data that is not
    a brief.
    """
    data = _plain(brief)
    src = data["source"]
    text = "\n".join(x or "" for x in (src.get("title"), src.get("dateline"), src.get("text")))
    ident = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    title = data.get("title")
    canon = {
        "id": ident,
        "source": text,
        "title": None if title is None else [title.get("source", ""), _machine_texts(title)],
        "segments": [[s["index"], s["source"], _machine_texts(s)] for s in data.get("segments", [])],
    }
    blob = json.dumps(canon, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return {"id": ident, "content_hash": hashlib.sha256(blob).hexdigest()}
