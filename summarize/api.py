"""The library API for people who embed the tool: a brief from a file or from text in memory,
written in any of the formats; sentence splitting and the QA checks on their own.

Everything here is re-exported by the package root (``summarize.make_brief`` ...); the options
are named as the command line's (see :meth:`summarize.settings.Settings.from_options`).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from .brief import Brief, Flag
from .errors import ConfigError
from .settings import Settings

__all__ = ["check_segment", "make_brief", "split_sentences", "write_brief"]


def make_brief(path: str | os.PathLike | None = None, *, text: str | None = None, title: str | None = None,
               **options: Any) -> Brief:
    """Make the brief of one article: a file (``path``: .txt, .md, .html, or a URL) or ``text``
    (a string in memory, read as a plain-text article). Give exactly one of the two.

    Args:
        path: the article's file (or ``http(s)://`` URL); None when ``text`` is given.
        text: the article as a string; paragraphs are separated by blank lines, and a first line
            that looks like a headline becomes the title (as when reading a .txt file).
        title: the article's headline, for ``text``: it replaces any title found in the text.
        options: as :meth:`Settings.from_options`, named as the CLI's options: ``summarizer=``
            (``"extractive"`` needs no model), ``targets=`` (``"ur,ps"`` or a tuple),
            ``translate=``, ``back_translate=``, ``source_lang=`` (an NLLB code), ``offline=``,
            ``models=`` (a models.yaml path), ``keep_boilerplate=``, ``device=``, ``dtype=``,
            ``max_bytes=``, ``tm=`` (a translation memory file), ``no_tm=``.

    Returns:
        The :class:`~summarize.brief.Brief`: ``summary`` (the summary sentences), ``segments``
        (one :class:`~summarize.brief.Segment` per sentence, its ``targets`` keyed by short name
        ``ur``/``ps``/``prs``), ``title`` (a Segment, or None), ``flag_count()``, ``to_dict()``
        (what brief.json holds).

    Raises:
        ConfigError: neither or both of ``path`` and ``text``; a bad option or models.yaml.
        InputError: the article cannot be read or used (empty, binary, not English, ...).
        ModelNotAvailableError, ModelError: a model cannot be loaded or fails.
    """
    if (path is None) == (text is None):
        raise ConfigError("make_brief", "give exactly one of a path and text=")
    settings = Settings.from_options(**options)
    pipeline = settings.pipeline()
    if path is not None:
        return pipeline.brief(path)
    from .reading.source import parse_text

    article = parse_text(text, source="<text>", stem="text")
    if title is not None:
        article = replace(article, title=" ".join(title.split()) or None)
    return pipeline.brief_of(article)


def write_brief(brief: Brief, out_dir: str | os.PathLike, formats: str = "all") -> list[Path]:
    """Write ``brief`` in each of ``formats`` (comma-separated: txt, md, json, html, tsv, xliff,
    tmx; or ``all``) into the folder ``out_dir`` (made if missing), as ``summarize run`` writes a
    brief's folder, with the same care (``jobs.stamp.write_brief``, the one place that writes a
    brief's folder): nothing of the user's in ``out_dir`` is lost.

    - The brief is written whole or not at all (a temporary folder beside ``out_dir`` first), with
      its stamp ``.summarize-stamp.json`` last; files an earlier brief there made that this one
      does not are removed, files no brief made are kept.
    - Reviews in the brief.json already there are carried onto ``brief`` (kept, or ``stale``).
    - A file of the earlier brief edited in place and not imported (an XLIFF saved by a CAT tool),
      and a file of the user's own under a brief file's name (``summary.en.txt``), is first copied
      to ``out_dir/edited/<stem>.<hash><suffix>``, with a
      :class:`~summarize.errors.KeptEditsWarning` saying where.
    - A review format (html, xliff, tmx) brings brief.json along, for ``summarize review import``.

    Returns the paths of the files written (brief.json included when it came along), in
    ``out_dir``.

    Raises:
        ConfigError: an unknown format name (or xliff/tmx for a brief without targets).
        OutputError: ``out_dir`` cannot be written (it is as it was).
    """
    from .jobs.stamp import write_brief as write_folder
    from .writers import writers_for

    writers = writers_for(formats, translate=bool(brief.targets))
    return write_folder(out_dir, brief, writers, input=brief.article.source,
                        input_sha256=brief.article.metadata.get("sha256"), config_fingerprint=None)


def split_sentences(text: str, code: str = "en") -> list[str]:
    """The sentences of ``text`` in order, for the language ``code`` (a short name ``en``/``ur``/
    ``ps``/``prs``, an ISO 639-1 code, or an NLLB code ``urd_Arab``): sentencex's segmentation,
    every newline a hard boundary. ``[]`` for blank text; never raises."""
    from .text.segment import split_sentences as split

    return split(text, code)


def check_segment(source: str, target: str, code: str) -> list[Flag]:
    """The QA flags of one translated segment: ``target`` is the translation of ``source`` into
    the language with NLLB code ``code`` (``urd_Arab``, ``pbt_Arab``, ``prs_Arab``). Each
    :class:`~summarize.brief.Flag` has a stable ``code`` (``empty``, ``script``, ``language``,
    ``untranslated``, ``repetition``, ``length``, ``numbers``), a one-line ``message`` and its
    figures in ``data``; ``[]`` when nothing is suspicious. See ``summarize.checks.flags``."""
    from .checks.flags import check_segment as check

    return check(source, target, code)
