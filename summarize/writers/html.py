"""``brief.html``: the brief side by side for offline review, and ``index.html`` for a batch.

The page is self-contained: CSS inline, no script, no image, no font or any other URL (a
Content-Security-Policy of ``default-src 'none'`` makes the browser refuse anything else, should
some ever slip in). Fonts are named, never downloaded: Noto Nastaliq Urdu first for Urdu, Noto
Naskh Arabic first for Pashto and Dari, each with system fallbacks (CSS ``:lang()`` rules, so any
target whose tag is ``ur``, ``ps``, ``fa``/``fa-AF`` or ``ar`` gets them).

Templates are jinja2 (``summarize/templates/*.j2``, loaded with ``PackageLoader``) with autoescape
on: every string from the article or a model is escaped, never pasted in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from ..brief import Brief, Segment
from . import register
from .base import Writer

__all__ = ["HtmlWriter", "IndexEntry", "isolate_rtl", "render_brief", "render_index"]


@lru_cache(maxsize=1)
def _env():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarize", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["show"] = _show
    env.filters["isolate_rtl"] = isolate_rtl
    return env


_RTL_RUN = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+(?:[\\s\u200c]+[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+)*"
)


def isolate_rtl(text: str) -> Markup:
    """``text`` escaped for HTML, with every run of Hebrew/Arabic-script words wrapped in
    ``<bdi>`` so that it reads in order inside left-to-right prose (a QA message quoting Urdu
    letters or a repeated Pashto phrase). Returns markup safe to insert as is."""
    out = []
    pos = 0
    for m in _RTL_RUN.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(Markup("<bdi>") + escape(m.group()) + Markup("</bdi>"))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _show(value: Any) -> str:
    """A setting's value as short text: ``—`` for None, compact JSON for lists and dicts."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _model_rows(models: Mapping[str, Any]) -> list[tuple[str, list[tuple[str, Any]]]]:
    """``brief.models`` as ``(role, [(setting, value), ...])`` rows. A role whose value maps
    names to dicts (``translators: {ur: {...}}``) gives one row per name (``translators · ur``)."""
    rows: list[tuple[str, list[tuple[str, Any]]]] = []
    for role, info in models.items():
        if isinstance(info, Mapping) and info and all(isinstance(v, Mapping) for v in info.values()):
            for name, sub in info.items():
                rows.append((f"{role} · {name}", list(sub.items())))
        elif isinstance(info, Mapping):
            rows.append((str(role), list(info.items())))
        else:
            rows.append((str(role), [("", info)]))
    return rows


def _flag_summary(brief: Brief, rows: list[tuple[str, Segment]]) -> list[dict[str, Any]]:
    """Every flagged cell, in page order: anchor, row label, target name, flags."""
    out = []
    for anchor, seg in rows:
        for t in brief.targets:
            ts = seg.targets.get(t.short)
            if ts is not None and ts.flags:
                out.append({"anchor": anchor, "segment": seg, "target": t, "flags": ts.flags})
    return out


def render_brief(brief: Brief) -> bytes:
    """The HTML review page of ``brief`` as UTF-8 bytes (a complete ``<!doctype html>`` document).

    Rows: the title (when ``brief.title`` is set), then one row per summary segment; a column for
    the source and one per entry of ``brief.targets``. Target cells carry ``lang`` = the target's
    BCP 47 tag and ``dir`` = ``rtl``/``ltr``; flagged cells list their flags in text and in a
    ``title`` tooltip. A segment lacking a target shows a "missing" marker instead of failing.
    """
    rows: list[tuple[str, Segment]] = []
    if brief.title is not None:
        rows.append(("seg-title", brief.title))
    rows.extend((f"seg-{seg.index}", seg) for seg in brief.segments)
    flagged = _flag_summary(brief, rows)
    per_target = {t.short: sum(len(f["flags"]) for f in flagged if f["target"].short == t.short) for t in brief.targets}
    template = _env().get_template("brief.html.j2")
    html = template.render(
        brief=brief,
        article=brief.article,
        source=brief.source,
        targets=brief.targets,
        has_back={t.short: any(s.targets.get(t.short) is not None and s.targets[t.short].back_translation is not None for _, s in rows) for t in brief.targets},
        rows=rows,
        flagged=flagged,
        flag_total=sum(len(f["flags"]) for f in flagged),
        per_target=per_target,
        model_rows=_model_rows(brief.models),
    )
    return html.encode("utf-8")


@dataclass(frozen=True)
class IndexEntry:
    """One article of a batch, as ``index.html`` lists it.

    ``stem`` names the article; ``href`` is the relative POSIX path from ``index.html`` to its
    ``brief.html`` (plain text: :func:`render_index` percent-encodes it, so a stem with spaces,
    ``#`` or ``:`` still links to the file and can never become a ``javascript:`` URL), or None
    when the article produced no page; ``status`` is a short word (``ok``, ``failed``,
    ``skipped``, ...); ``reason`` says why when it is not ``ok``; ``flags`` is the QA flag count.
    """

    stem: str
    href: str | None
    status: str = "ok"
    reason: str | None = None
    flags: int = 0


_STATUS_CLASSES = {"ok": "ok", "done": "ok", "written": "ok", "failed": "bad", "error": "bad", "skipped": "warn"}


def _entry(e: IndexEntry | Mapping[str, Any] | Any) -> IndexEntry:
    if isinstance(e, IndexEntry):
        return e
    get = e.get if isinstance(e, Mapping) else (lambda k, d=None: getattr(e, k, d))
    return IndexEntry(
        stem=str(get("stem")),
        href=get("href", get("link")),
        status=str(get("status", "ok")),
        reason=get("reason"),
        flags=int(get("flags", get("flag_count", 0)) or 0),
    )


def render_index(entries: Iterable[IndexEntry | Mapping[str, Any]], *, title: str = "Briefs") -> bytes:
    """The batch page ``index.html`` as UTF-8 bytes: one row per article, in the order given,
    with a link to its ``brief.html``, its status, the reason when not ok, and its flag count.

    ``entries`` are :class:`IndexEntry` objects, or mappings / objects with the same fields
    (``stem``, ``href`` or ``link``, ``status``, ``reason``, ``flags`` or ``flag_count``).
    Self-contained like ``brief.html``; every string is escaped and every link percent-encoded.
    """
    items = []
    for e in map(_entry, entries):
        items.append({
            "entry": e,
            "url": quote(e.href, safe="/") if e.href else None,
            "cls": _STATUS_CLASSES.get(e.status.lower(), "other"),
        })
    counts: dict[str, int] = {}
    for it in items:
        counts[it["entry"].status] = counts.get(it["entry"].status, 0) + 1
    html = _env().get_template("index.html.j2").render(
        title=title, items=items, counts=counts, flag_total=sum(it["entry"].flags for it in items)
    )
    return html.encode("utf-8")


@register
class HtmlWriter(Writer):
    """``--format html``: ``brief.html``, the side-by-side review page (see :func:`render_brief`)."""

    format = "html"

    def render(self, brief: Brief) -> dict[str, bytes]:
        """``{"brief.html": bytes}``."""
        return {"brief.html": render_brief(brief)}

