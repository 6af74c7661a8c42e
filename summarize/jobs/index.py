"""The batch's table of contents: ``index.md`` (always) and ``index.html`` (with the html format).

Both list every article of the run, in the batch's order, with its status, the reason when it is
not done, its QA flag count and a link to its brief. ``index.html`` comes from the html writer's
``render_index`` (see ``writers/html.py``); this module only hands it the entries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from ..writers.fsutil import atomic_write_bytes
from ..writers.escape import md_code, md_escape

INDEX_MD = "index.md"
INDEX_HTML = "index.html"

#: Which file of a brief the index links to, first found first.
LINK_PREFERENCE = ("brief.md", "brief.html", "brief.json", "summary.en.txt")


@dataclass(frozen=True)
class IndexRow:
    """One article as the indexes list it. ``folder`` is the article's output folder relative to
    the output root (POSIX; None when it has none); ``files`` the brief's file names in it;
    ``status`` one of done/skipped/failed/interrupted; ``title`` the article's title if known."""

    input: str
    folder: str | None
    status: str
    files: tuple[str, ...] = ()
    reason: str | None = None
    flags: int = 0
    title: str | None = None

    def link(self, prefer: Sequence[str] = LINK_PREFERENCE) -> str | None:
        """The relative POSIX path from the output root to the brief's main file, or None."""
        if self.folder is None or self.status not in ("done", "skipped"):
            return None
        for name in prefer:
            if name in self.files:
                return f"{self.folder}/{name}"
        return f"{self.folder}/" if self.files else None


def render_index_md(rows: Sequence[IndexRow], *, heading: str = "Briefs") -> bytes:
    """``index.md`` as UTF-8 bytes: counts per status, then a table with a row per article.

    Cells are escaped (``|``, HTML) so no input name or reason can break the table; links are
    percent-encoded."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    out = [f"# {heading}", ""]
    out.append(", ".join(f"{n} {s}" for s, n in counts.items()) if counts else "No articles.")
    out += ["", "| # | Article | Status | Brief | Flags | Notes |", "|---:|---|---|---|---:|---|"]
    for i, r in enumerate(rows, 1):
        link = r.link()
        brief = f"[{md_escape(r.title or r.folder or '')}]({quote(link, safe='/')})" if link else "—"
        out.append(f"| {i} | {md_code(r.input, in_table=True)} | {r.status} | {brief} | {r.flags if link else ''} | {md_escape(r.reason or '')} |")
    return ("\n".join(out) + "\n").encode("utf-8")


def html_index_renderer():
    """The html writer's ``render_index(entries) -> bytes``, or None when that writer is not
    installed. This is the one hook between the batch and ``index.html``."""
    try:
        from ..writers.html import render_index
    except ImportError:
        return None
    return render_index


def write_indexes(out_root: str | os.PathLike, rows: Sequence[IndexRow], *, html_index: bool = True) -> list[Path]:
    """Write ``index.md``, and ``index.html`` when ``html_index`` is set and the html writer is
    there, atomically into ``out_root``; return the paths written.

    Raises:
        OSError: the output root cannot be written.
    """
    out_root = Path(out_root)
    paths = [atomic_write_bytes(out_root / INDEX_MD, render_index_md(rows))]
    render_index = html_index_renderer() if html_index else None
    if render_index is not None:
        entries = [
            {
                "stem": r.folder or r.input,
                "href": r.link(("brief.html",)) if "brief.html" in r.files else None,
                "status": r.status,
                "reason": r.reason,
                "flags": r.flags,
            }
            for r in rows
        ]
        paths.append(atomic_write_bytes(out_root / INDEX_HTML, render_index(entries)))
    return paths
