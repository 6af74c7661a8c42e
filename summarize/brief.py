"""The typed results that flow through the pipeline: Article in, Brief out.

These are plain dataclasses; ``Brief.to_dict()`` is what ``brief.json`` holds, and every writer
reads a Brief, never the pipeline's internals.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

#: Where a target segment's ``text`` came from: the machine translator, the translation memory
#: (an exact match of an approved segment), or a reviewer's edit.
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
    status it had before the machine translation changed.
    """

    status: str
    comment: str | None = None
    by: str | None = None
    at: str | None = None
    previous_status: str | None = None


@dataclass
class TargetSegment:
    """One translation of one source segment.

    ``text`` is what every file shows: the reviewed text where there is one, else the machine
    (or translation-memory) text. ``mt`` is the text the pipeline produced (kept when a reviewer
    edits ``text``; None on a brief written before reviews existed, read as ``text``).
    ``origin`` says where ``text`` came from (``ORIGINS``). ``review`` is the reviewer's decision,
    None until one is imported. ``back_translation`` is an optional machine back-translation into
    English; ``flags`` the QA flags raised on ``text``.
    """

    text: str
    back_translation: str | None = None
    flags: list[Flag] = field(default_factory=list)
    mt: str | None = None
    origin: str = "mt"
    review: Review | None = None

    def __post_init__(self):
        if self.mt is None:
            self.mt = self.text


@dataclass
class Segment:
    """One source sentence of the summary (or the title) with its translation per target, keyed by
    the target's short name (``ur``, ``ps``, ``prs``)."""

    index: int
    source: str
    targets: dict[str, TargetSegment] = field(default_factory=dict)


@dataclass
class TargetInfo:
    """A target as the brief records it: short name, NLLB code, BCP 47 tag, name, direction, and
    the configured translator that served it."""

    short: str
    code: str
    tag: str
    name: str
    rtl: bool
    translator: str


@dataclass
class Brief:
    """The finished brief of one article.

    ``segments`` holds the summary sentences in order, each with one TargetSegment per entry of
    ``targets`` (always exactly one: alignment is 1:1). ``title`` is the translated title, when
    the article has one. ``models`` records each model used (name, kind, hub id or path, resolved
    revision, generation settings); ``chunking`` says whether and how the article was split to
    fit the summariser's ``max_input_tokens``; ``timings`` are seconds per step; ``notes`` are
    remarks for the reader (e.g. "article too short to summarise; the brief is the text itself").
    ``source_lang`` is the short name of the article's language (``en`` unless ``--source-lang``).
    """

    article: Article
    segments: list[Segment]
    targets: list[TargetInfo]
    title: Segment | None = None
    models: dict[str, Any] = field(default_factory=dict)
    chunking: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    tool_version: str = ""
    source_lang: str = "en"
    #: Reviews of segments a rerun no longer has (the summary changed): kept, never thrown away.
    #: Each is ``{"target", "source", "text", "mt", "origin", "review"}``.
    retired_reviews: list[dict[str, Any]] = field(default_factory=list)

    @property
    def summary(self) -> list[str]:
        """The English summary sentences, in order."""
        return [s.source for s in self.segments]

    def target_text(self, short: str) -> list[str]:
        """The translation into target ``short`` as a list of segments aligned with ``summary``."""
        return [s.targets[short].text for s in self.segments]

    def flag_count(self) -> int:
        """How many QA flags the brief's target segments carry in all (title included)."""
        segs = self.segments + ([self.title] if self.title else [])
        return sum(len(t.flags) for s in segs for t in s.targets.values())

    def to_dict(self) -> dict[str, Any]:
        """The brief as JSON-ready data (the schema of ``brief.json``)."""
        art = self.article
        identity = brief_identity(self)
        out = {
            "id": identity["id"],
            "content_hash": identity["content_hash"],
            "tool_version": self.tool_version,
            "source_lang": self.source_lang,
            "source": {
                "path": art.source,
                "title": art.title,
                "dateline": art.dateline,
                "text": art.body,
                "metadata": art.metadata,
                "removed": [asdict(r) for r in art.removed],
            },
            "summary": self.summary,
            "targets": [asdict(t) for t in self.targets],
            "title": asdict(self.title) if self.title else None,
            "segments": [asdict(s) for s in self.segments],
            "models": self.models,
            "chunking": self.chunking,
            "timings": self.timings,
            "notes": self.notes,
        }
        if self.retired_reviews:
            out["retired_reviews"] = self.retired_reviews
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
            targets=[TargetInfo(**t) for t in data.get("targets") or []],
            title=_segment_from(data["title"]) if data.get("title") else None,
            models=data.get("models") or {},
            chunking=data.get("chunking") or {},
            timings=data.get("timings") or {},
            notes=list(data.get("notes") or []),
            tool_version=data.get("tool_version", ""),
            source_lang=data.get("source_lang", "en"),
            retired_reviews=list(data.get("retired_reviews") or []),
        )


def _stem_of(data: dict[str, Any]) -> str:
    """The article's stem: brief.json's ``id``, else (an older brief.json) its source path's stem."""
    from pathlib import PurePath

    return data.get("id") or PurePath(str(data["source"].get("path") or "brief")).stem or "brief"


def _target_from(d: dict[str, Any]) -> TargetSegment:
    review = d.get("review")
    return TargetSegment(
        text=d["text"],
        back_translation=d.get("back_translation"),
        flags=[Flag(**f) for f in d.get("flags") or []],
        mt=d.get("mt"),
        origin=d.get("origin") or "mt",
        review=Review(**review) if review else None,
    )


def _segment_from(d: dict[str, Any]) -> Segment:
    return Segment(d["index"], d["source"], {k: _target_from(v) for k, v in (d.get("targets") or {}).items()})


def brief_identity(brief: Brief) -> dict[str, str]:
    """``{"id", "content_hash"}`` of a brief: what a review file names to say which brief it is for.

    ``id`` is the article's stem (the output folder's name). ``content_hash`` is the hex sha256 of
    the source text, the title, and every segment's source and machine text (``mt``, never the
    reviewed text) per target, as canonical JSON: it stays the same while reviews are imported,
    and changes when a rerun gives other sentences or other machine translations.
    """
    segs = ([brief.title] if brief.title is not None else []) + list(brief.segments)
    data = {
        "text": brief.article.body,
        "title": brief.article.title,
        "segments": [[s.source, {k: t.mt for k, t in sorted(s.targets.items())}] for s in segs],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return {"id": brief.article.stem, "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest()}
