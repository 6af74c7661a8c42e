"""``brief.html``: the brief side by side for offline review, and ``index.html`` for a batch.

The page is self-contained: CSS inline, one inline script (``templates/review.js``: the review
controls, see docs/review.md), no image, no font or any other URL. Its Content-Security-Policy
(``default-src 'none'``, ``script-src 'sha256-…'`` of that one script, Trusted Types required)
makes the browser refuse anything else, should some ever slip in: no other script, no inline
handler, no eval, no request. Fonts are named, never downloaded: Noto Nastaliq Urdu first for Urdu, Noto
Naskh Arabic first for Pashto and Dari, each with system fallbacks (CSS ``:lang()`` rules, so any
target whose tag is ``ur``, ``ps``, ``fa``/``fa-AF`` or ``ar`` gets them).

Templates are jinja2 (``summarize/templates/*.j2``, loaded with ``PackageLoader``) with autoescape
on: every string from the article or a model is escaped, never pasted in.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from ..brief import Brief, Segment, TargetSegment, brief_identity
from . import register
from .base import Writer
from .escape import json_dumps, text_dir
from .xliff import units_of

__all__ = ["HtmlWriter", "IndexEntry", "csp_hash", "isolate_rtl", "render_brief", "render_index", "review_script"]


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
    env.globals["text_dir"] = text_dir
    env.globals["review_of"] = review_of
    return env


@lru_cache(maxsize=1)
def review_script() -> str:
    """The review page's inline script, exactly as the page holds it (``templates/review.js``).
    Raises ValueError should it ever contain ``</script`` (it would end the element early)."""
    env = _env()
    text = env.loader.get_source(env, "review.js")[0]
    if "</script" in text.lower():
        raise ValueError("templates/review.js contains '</script'")
    return text


def csp_hash(script: str) -> str:
    """The CSP source expression pinning an inline script: ``'sha256-<base64 of the SHA-256 of
    its UTF-8 text>'`` (CSP Level 3, "hash-source"; the quotes are part of it)."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


_STATUSES = {"approved", "edited", "rejected", "pending", "stale"}
_ORIGIN_LABELS = {"mt": "machine translation", "tm": "from the translation memory", "review": "reviewed text"}


def _field(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def review_of(ts: TargetSegment) -> dict[str, Any]:
    """What the page shows of a target segment's review fields, as filled by
    ``summarize review import``: ``status`` (``approved``, ``edited``, ``rejected``, ``stale``
    or ``pending``; absent review = ``pending``), ``comment``, ``by``, ``at`` (strings or ""),
    ``origin`` (``mt``, ``tm`` or ``review``; absent = ``mt``), ``origin_label`` (words), ``mt``
    (the text offered for review, ``TargetSegment.offered``: the translation memory's match
    ``tm`` where there is one, else the machine text ``mt``; absent = the shown text: the page's
    ``data-mt`` and brief.review.json's ``mt``) and ``offered_label`` (what that text is:
    ``Translation memory`` or ``Machine translation``). Works on a TargetSegment with or without
    those fields, and on review records given as dataclasses or dicts."""
    review = _field(ts, "review")
    status = str(_field(review, "status") or "pending")
    origin = str(_field(ts, "origin") or "mt")
    tm, mt = _field(ts, "tm"), _field(ts, "mt")
    offered = tm if tm is not None else mt
    return {
        "status": status if status in _STATUSES else "pending",
        "comment": str(_field(review, "comment") or ""),
        "by": str(_field(review, "by") or ""),
        "at": str(_field(review, "at") or ""),
        "origin": origin,
        "origin_label": _ORIGIN_LABELS.get(origin, origin),
        "mt": _field(ts, "text") if offered is None else str(offered),
        "offered_label": "Translation memory" if tm is not None else "Machine translation",
    }


def _marked_paragraphs(paragraphs: list[str], segments: list[Segment]) -> list[list[tuple[str, int | None]]]:
    """Each paragraph as ``[(text, segment index or None), ...]``: the first occurrence of every
    summary sentence found verbatim in the article (an extractive summary) is marked with its
    segment, so that the side panel can show where a sentence came from."""
    out: list[list[tuple[str, int | None]]] = [[(p, None)] for p in paragraphs]
    for seg in segments:
        needle = seg.source.strip()
        if len(needle) < 12:
            continue
        for parts in out:
            hit = next((k for k, (text, idx) in enumerate(parts) if idx is None and needle in text), None)
            if hit is not None:
                text = parts[hit][0]
                at = text.index(needle)
                parts[hit:hit + 1] = [x for x in ((text[:at], None), (needle, seg.index), (text[at + len(needle):], None)) if x[0]]
                break
    return out


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
        return json_dumps(value, sort_keys=True, default=str)
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
    """The "Review first" list: one entry per segment (title included) with a flagged cell, in
    page order: ``anchor``, ``segment``, and ``cells`` = ``[(target, flags), ...]``."""
    out = []
    for anchor, seg in rows:
        cells = [(t, seg.targets[t.short].flags) for t in brief.targets
                 if seg.targets.get(t.short) is not None and seg.targets[t.short].flags]
        if cells:
            out.append({"anchor": anchor, "segment": seg, "cells": cells})
    return out


def _progress(brief: Brief, rows: list[tuple[str, Segment]]) -> dict[str, str]:
    """``{short: "9 of 15 approved · 2 edited · 1 rejected · 3 pending"}`` from brief.json's
    review fields (the page's script recounts as the reviewer works)."""
    out = {}
    for t in brief.targets:
        n = {"approved": 0, "edited": 0, "rejected": 0, "pending": 0}
        for _, seg in rows:
            ts = seg.targets.get(t.short)
            if ts is not None:
                status = review_of(ts)["status"]
                n[status if status in n else "pending"] += 1
        total = sum(n.values())
        out[t.short] = f"{n['approved']} of {total} approved · {n['edited']} edited · {n['rejected']} rejected · {n['pending']} pending"
    return out


def render_brief(brief: Brief) -> bytes:
    """The HTML review page of ``brief`` as UTF-8 bytes (a complete ``<!doctype html>`` document).

    Rows: the title (when ``brief.title`` is set), then one row per summary segment; a column for
    the row's id, one for the source and one per entry of ``brief.targets``. The id is the unit
    id every other file uses (``title``, ``0``, ``1``, ...: brief.tsv's and brief.md's ``id``
    column, the XLIFF and TMX unit ids, see :func:`~summarize.writers.xliff.units_of`), so that
    "segment 3" names the same sentence on the page as in the files; the "Review first" links
    and the side panel's marks say the same id. Target cells carry ``lang`` = the target's
    BCP 47 tag and ``dir`` = ``rtl``/``ltr``; flagged cells list their flags in text and in a
    ``title`` tooltip. A segment lacking a target shows a "missing" marker instead of failing.
    Each target cell carries its review controls and ``data-seg`` (index or ``title``),
    ``data-target``, ``data-mt``, ``data-status`` for the page's script (docs/review.md); the
    brief's :func:`~summarize.brief.brief_identity` sits on ``<main id="review">``. After the
    notes, the side panel: the cleaned article (summary sentences found in it marked) and the
    removed lines.
    """
    units = units_of(brief)  # (id, segment): the ids of brief.tsv, the XLIFF and the TMX
    rows: list[tuple[str, Segment]] = [(f"seg-{uid}", seg) for uid, seg in units]
    flagged = _flag_summary(brief, rows)
    per_target = {t.short: sum(len(fl) for f in flagged for tt, fl in f["cells"] if tt.short == t.short) for t in brief.targets}
    script = review_script() if brief.targets else ""
    template = _env().get_template("brief.html.j2")
    html = template.render(
        brief=brief,
        article=brief.article,
        source=brief.source,
        targets=brief.targets,
        has_back={t.short: any(s.targets.get(t.short) is not None and s.targets[t.short].back_translation is not None for _, s in rows) for t in brief.targets},
        rows=rows,
        unit_id={f"seg-{uid}": uid for uid, _ in units},
        flagged=flagged,
        flag_total=sum(per_target.values()),
        per_target=per_target,
        model_rows=_model_rows(brief.models),
        identity=brief_identity(brief),
        progress=_progress(brief, rows),
        paragraphs=_marked_paragraphs(brief.article.paragraphs, brief.segments),
        script=Markup(script),
        script_src=csp_hash(script) if script else "'none'",
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


def render_index(entries: Iterable[IndexEntry | Mapping[str, Any]], *, title: str = "Briefs",
                 run: str | None = None) -> bytes:
    """The batch page ``index.html`` as UTF-8 bytes: one row per article, in the order given,
    with a link to its ``brief.html``, its status, the reason when not ok, and its flag count.
    ``run``: the counts of the run that wrote the page (``1 done, 12 skipped, 2 failed``), shown
    at the top when given.

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
        title=title, items=items, counts=counts, flag_total=sum(it["entry"].flags for it in items), run=run
    )
    return html.encode("utf-8")


@register
class HtmlWriter(Writer):
    """``--format html``: ``brief.html``, the side-by-side review page (see :func:`render_brief`)."""

    format = "html"

    def render(self, brief: Brief) -> dict[str, bytes]:
        """``{"brief.html": bytes}``."""
        return {"brief.html": render_brief(brief)}

