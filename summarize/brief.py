"""The typed results that flow through the pipeline: Article in, Brief out.

These are plain dataclasses; ``Brief.to_dict()`` is what ``brief.json`` holds, and every writer
reads a Brief, never the pipeline's internals.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .languages import SOURCE, Language, Target


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
class TargetSegment:
    """One translation of one source segment: the text, an optional machine back-translation into
    the source language, and the QA flags raised on it."""

    text: str
    back_translation: str | None = None
    flags: list[Flag] = field(default_factory=list)


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
        """The brief as JSON-ready data (the schema of ``brief.json``)."""
        art = self.article
        return {
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
            "targets": [t.to_dict() for t in self.targets],
            "title": asdict(self.title) if self.title else None,
            "segments": [asdict(s) for s in self.segments],
            "models": self.models,
            "chunking": self.chunking,
            "timings": self.timings,
            "notes": self.notes,
        }
