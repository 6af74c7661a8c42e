"""``brief.md``: a table with a row per source sentence and a column per language.

Target cells are wrapped in ``<div dir="rtl" lang="ur">`` so viewers that render inline HTML
(GitHub, most Markdown previewers) lay Urdu, Pashto and Dari out right to left. Text from the
article or a model is HTML-escaped, and the characters that make Markdown formatting or break a
table cell (backslash, backtick, ``*``, ``_``, ``[``, ``]``, ``~``, ``|``) are backslash-escaped,
so nothing in it can break the table, inject markup or turn into emphasis or a link. The source
path is a code span, fenced with more backticks than it holds.
"""

from __future__ import annotations

import html
import re

from ..brief import Brief, Segment
from . import register
from .base import Writer


@register
class MarkdownWriter(Writer):
    format = "md"

    def render(self, brief: Brief) -> dict[str, bytes]:
        art = brief.article
        out = [f"# {md_escape(art.title or art.stem)}", ""]
        meta = [f"Source: {md_code(art.source)}"]
        if art.dateline:
            meta.append(f"Dateline: {md_escape(art.dateline)}")
        out += ["  \n".join(meta), ""]
        headers = ["#", source_name(brief)] + [t.name for t in brief.targets]
        out.append("| " + " | ".join(headers) + " |")
        out.append("|" + "|".join(["---:"] + ["---"] * (len(headers) - 1)) + "|")
        rows = ([("title", brief.title)] if brief.title else []) + [(str(s.index + 1), s) for s in brief.segments]
        for label, seg in rows:
            out.append("| " + " | ".join([label, md_escape(seg.source)] + [self._target_cell(brief, seg, t) for t in brief.targets]) + " |")
        if brief.notes:
            out += ["", "Notes:", *[f"- {md_escape(n)}" for n in brief.notes]]
        flagged = [(label, t, f) for label, seg in rows for t in brief.targets for f in _flags(seg, t.short)]
        if flagged:
            out += ["", "QA flags:", *[f"- {label} {t.name}: `{f.code}` {md_escape(f.message)}" for label, t, f in flagged]]
        return {"brief.md": ("\n".join(out) + "\n").encode("utf-8")}

    @staticmethod
    def _target_cell(brief: Brief, seg: Segment, target) -> str:
        ts = seg.targets.get(target.short)
        text = md_escape(ts.text) if ts else ""
        marks = "".join(f" ⚠{f.code}" for f in (ts.flags if ts else []))
        body = f'<div dir="rtl" lang="{target.tag}">{text}</div>' if target.rtl else text
        if ts and ts.back_translation:
            body += f"<br><sub>back-translation (machine): {md_escape(ts.back_translation)}</sub>"
        return body + marks


def source_name(brief: Brief) -> str:
    """The name of the brief's source language (``English``; ``Urdu`` under ``--source-lang
    urd_Arab``; an NLLB code the language table does not name stays a code)."""
    from ..languages import language

    short = brief.source_lang or "en"
    try:
        return language(short).name
    except KeyError:
        return short


def _flags(seg: Segment, short: str):
    ts = seg.targets.get(short)
    return ts.flags if ts else []


#: CommonMark punctuation that formats text or ends a table cell (every ASCII punctuation
#: character may be backslash-escaped; these are the ones that matter inside a table cell).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|])")


def md_escape(text: str) -> str:
    """``text`` on one line, HTML-escaped, with Markdown's special characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False))


def md_code(text: str, *, in_table: bool = False) -> str:
    """``text`` on one line as a code span (shown as is: no escapes apply inside one), fenced with
    one backtick more than its longest run of backticks. ``in_table``: ``|`` is written ``\\|``,
    which GitHub-flavoured Markdown reads as a pipe inside a table cell, code spans included."""
    text = " ".join(str(text).split())
    if in_table:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
