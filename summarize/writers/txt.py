"""Plain text: ``summary.en.txt`` and one ``summary.<target>.txt`` per target.

Line N of every file is the same segment, so the files align line by line: the title first (when
the article has one) and a blank line, then one summary sentence per line.
"""

from __future__ import annotations

from ..brief import Brief
from . import register
from .base import Writer


@register
class TxtWriter(Writer):
    format = "txt"

    def render(self, brief: Brief) -> dict[str, bytes]:
        files = {f"summary.{brief.source_lang}.txt": _lines(brief.title.source if brief.title else None, brief.summary)}
        for t in brief.targets:
            title = brief.title.targets[t.short].text if brief.title and t.short in brief.title.targets else None
            files[f"summary.{t.short}.txt"] = _lines(title, brief.target_text(t.short))
        return files


def _lines(title: str | None, sentences: list[str]) -> bytes:
    head = f"{_one_line(title)}\n\n" if title else ""
    return (head + "".join(_one_line(s) + "\n" for s in sentences)).encode("utf-8")


def _one_line(text: str) -> str:
    return " ".join(text.split())
