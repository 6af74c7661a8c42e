"""Plain text: ``summary.en.txt`` and one ``summary.<target>.txt`` per target.

Line N of every file is the same segment, so the files align line by line: the title first (when
the article has one) and a blank line, then one summary sentence per line. A translation a
reviewer rejected is not delivered: its line reads ``[rejected in review: no translation yet]``
(``base.REJECTED_TEXT``), so the lines still align.
"""

from __future__ import annotations

from ..brief import Brief
from . import register
from .base import Writer, delivered_text


@register
class TxtWriter(Writer):
    format = "txt"

    def render(self, brief: Brief) -> dict[str, bytes]:
        files = {f"summary.{brief.source_lang}.txt": _lines(brief.title.source if brief.title else None, brief.summary)}
        for t in brief.targets:
            title = delivered_text(brief.title.targets[t.short]) if brief.title and t.short in brief.title.targets else None
            files[f"summary.{t.short}.txt"] = _lines(title, [delivered_text(s.targets[t.short]) for s in brief.segments])
        return files


def _lines(title: str | None, sentences: list[str]) -> bytes:
    head = f"{_one_line(title)}\n\n" if title else ""
    return (head + "".join(_one_line(s) + "\n" for s in sentences)).encode("utf-8")


def _one_line(text: str) -> str:
    return " ".join(text.split())
