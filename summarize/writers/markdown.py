"""``brief.md``: a table with a row per source sentence and a column per language; the first
column is the unit id the TSV, XLIFF and TMX files use (``title``, ``0``, ``1``, ...).

Target cells (and source cells, for a right-to-left source language) are wrapped in
``<div dir="rtl" lang="ur">`` so viewers that render inline HTML
(GitHub, most Markdown previewers) lay Urdu, Pashto and Dari out right to left. Text from the
article or a model is HTML-escaped, and the characters that make Markdown formatting or break a
table cell (backslash, backtick, ``*``, ``_``, ``[``, ``]``, ``~``, ``|``) are backslash-escaped,
so nothing in it can break the table, inject markup or turn into emphasis or a link. The source
path is a code span, fenced with more backticks than it holds. A translation a reviewer rejected
is not delivered: its cell reads ``[rejected in review: no translation yet]`` (``base.REJECTED_TEXT``).
"""

from __future__ import annotations


from ..brief import Brief, Segment
from . import register
from .base import Writer, delivered_text, is_rejected
from .escape import md_code, md_escape, text_dir


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
        # The first column is the unit's id, as brief.tsv, brief.<target>.xlf and .tmx have it
        # (``title``, ``0``, ``1``, ...): a reviewer who reads segment 3 here finds unit 3 there.
        headers = ["id", brief.source.name] + [t.name for t in brief.targets]
        out.append("| " + " | ".join(headers) + " |")
        out.append("|" + "|".join(["---:"] + ["---"] * (len(headers) - 1)) + "|")
        rows = ([("title", brief.title)] if brief.title else []) + [(str(s.index), s) for s in brief.segments]
        for label, seg in rows:
            out.append("| " + " | ".join([label, self._source_cell(brief, seg)] + [self._target_cell(brief, seg, t) for t in brief.targets]) + " |")
        if brief.notes:
            out += ["", "Notes:", *[f"- {md_escape(n)}" for n in brief.notes]]
        flagged = [(label, t, f) for label, seg in rows for t in brief.targets for f in _flags(seg, t.short)]
        if flagged:
            out += ["", "QA flags:", *[f"- {label} {t.name}: `{f.code}` {md_escape(f.message)}" for label, t, f in flagged]]
        return {"brief.md": ("\n".join(out) + "\n").encode("utf-8")}

    @staticmethod
    def _source_cell(brief: Brief, seg: Segment) -> str:
        """The source sentence, right to left like a target's when the source language is written
        so (``--source-lang urd_Arab``) and the sentence is (:func:`~.escape.text_dir`: Roman Urdu
        or English under an Urdu source stays left to right)."""
        text = md_escape(seg.source)
        return f'<div dir="rtl" lang="{brief.source.tag}">{text}</div>' if text_dir(seg.source, brief.source.rtl) == "rtl" else text

    @staticmethod
    def _target_cell(brief: Brief, seg: Segment, target) -> str:
        ts = seg.targets.get(target.short)
        marks = "".join(f" ⚠{f.code}" for f in (ts.flags if ts else []))
        if is_rejected(ts):  # the mark is English: no right-to-left block
            return md_escape(delivered_text(ts)) + marks
        text = md_escape(ts.text) if ts else ""
        body = f'<div dir="rtl" lang="{target.tag}">{text}</div>' if ts and text_dir(ts.text, target.rtl) == "rtl" else text
        if ts and ts.back_translation:
            body += f"<br><sub>back-translation (machine): {md_escape(ts.back_translation)}</sub>"
        return body + marks


def _flags(seg: Segment, short: str):
    ts = seg.targets.get(short)
    return ts.flags if ts else []
