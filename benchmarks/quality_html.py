"""Part (f) of the quality benchmark (benchmarks/quality.py ``--html DIR``): the reader and the
cleaner on saved news pages whose article body a person marked.

``DIR`` is laid out as scrapinghub's article-extraction-benchmark is (Zyte 2020,
``github.com/scrapinghub/article-extraction-benchmark``: 181 English and other pages saved with a
headless browser, JavaScript off): ``DIR/ground-truth.json`` maps each page's key to
``{"articleBody": ..., "url": ...}``, and ``DIR/html/<key>.html`` (or ``.html.gz``, as that
repository stores them) is the page. Nothing is downloaded; the pages are not ours to commit.

Each page is read as ``summarize run`` reads an ``.html`` file (``reading.source.parse_bytes``:
trafilatura, then the reader's marks) and cleaned (``reading.clean.clean_article``). Two bodies
are scored against the marked one: the reader's alone (what trafilatura kept) and the cleaned one
(what the summariser gets), so the cleaner's share shows. The score is that benchmark's: word
4-gram shingles (``\\w+`` tokens, case kept) of the marked and the extracted body, matched as
multisets; per page, true positives, false positives and false negatives as shares of their sum;
precision and recall the means over pages (a page with nothing extracted has no precision), F1
the harmonic mean of those two means. Each comes with a 95 % bootstrap interval over pages.

Also reported, since a brief must never lose a sentence of its article: every page refused
(``pipeline.article_text_problem`` or an InputError: good input refused), every line the cleaner
removed whose words stand in the marked body and nowhere in what it kept (four words or more),
and every kept line whose words are not in the marked body (furniture left in; the annotators'
choice, so a list to read, not a target).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.quality_news import BOOTSTRAP, SEED, DataError

SHINGLE = 4
_TOKEN = re.compile(r"\w+")


def read_pages(folder: str | Path) -> list[dict[str, Any]]:
    """The pages of ``folder`` (see the module docstring), sorted by key: ``{"key", "url",
    "truth", "path"}`` each.

    Raises:
        DataError: no ``ground-truth.json``, it is not a JSON object of records with a string
            ``articleBody``, or a page's HTML file is missing (the message names the file).
    """
    folder = Path(folder)
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        raise DataError(f"{truth_file}: no such file (the article-extraction-benchmark layout: ground-truth.json, html/)")
    try:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{truth_file}: not JSON ({exc})") from None
    if not isinstance(truth, dict):
        raise DataError(f"{truth_file}: not a JSON object of pages")
    pages = []
    for key in sorted(truth):
        record = truth[key]
        if not isinstance(record, dict) or not isinstance(record.get("articleBody"), str):
            raise DataError(f"{truth_file}: page {key!r} has no string field 'articleBody'")
        path = next((p for p in (folder / "html" / f"{key}.html", folder / "html" / f"{key}.html.gz") if p.is_file()), None)
        if path is None:
            raise DataError(f"{folder / 'html' / (key + '.html')}: no such file (nor .html.gz)")
        pages.append({"key": key, "url": record.get("url", ""), "truth": record["articleBody"], "path": path})
    return pages


def _shingles(text: str) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)) if tokens[i:i + SHINGLE])


def shingle_shares(truth: str, extracted: str) -> tuple[float, float, float]:
    """(true positives, false positives, false negatives) of ``extracted`` against ``truth``,
    counted on word 4-gram shingles as multisets and given as shares of their sum ((0, 0, 0) when
    both are empty), so that a long page weighs no more than a short one."""
    a, b = _shingles(truth), _shingles(extracted)
    tp = sum((a & b).values())
    fp = sum((b - a).values())
    fn = sum((a - b).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))


def page_scores(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    """``{"f1", "precision", "recall"}`` of per-page shares ``rows`` (:func:`shingle_shares`):
    precision over the pages with something extracted, recall over those with a marked body,
    F1 the harmonic mean of the two means."""
    ps = [_precision(*r) for r in rows if r[0] + r[1] > 0]
    rs = [_recall(*r) for r in rows if r[0] + r[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def scores_with_interval(rows: list[tuple[float, float, float]], *, resamples: int = BOOTSTRAP,
                         seed: int = SEED) -> dict[str, Any]:
    """:func:`page_scores` of ``rows``, each with its 95 % percentile-bootstrap interval over
    pages (``resamples`` resamples, fixed ``seed``): ``{"f1": {"value", "ci95"}, ...}``."""
    import numpy as np

    point = page_scores(rows)
    rng = np.random.default_rng(seed)
    draws: dict[str, list[float]] = {k: [] for k in point}
    for _ in range(resamples if len(rows) > 1 else 0):
        sample = [rows[i] for i in rng.integers(0, len(rows), size=len(rows))]
        for k, v in page_scores(sample).items():
            draws[k].append(v)
    out: dict[str, Any] = {}
    for k, v in point.items():
        lo, hi = (np.percentile(draws[k], [2.5, 97.5]) if draws[k] else (v, v))
        out[k] = {"value": v, "ci95": [float(lo), float(hi)]}
    return out


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text)).casefold()


def bench_html(folder: str | Path, *, limit: int | None = None, log=print) -> dict[str, Any]:
    """Part (f) on the pages of ``folder`` (the first ``limit`` by key, all when None); see the
    module docstring.

    Returns ``{"data", "pages", "reader", "cleaned"`` (:func:`scores_with_interval` of each body),
    ``"refused": [{"page", "url", "reason"}]``, ``"removed_marked": [{"page", "rule", "text"}]``,
    ``"removed": n``, ``"by_rule": {rule: n}``, ``"kept_unmarked": [{"page", "index", "text"}]}``.

    Raises:
        DataError: see :func:`read_pages`.
    """
    from summarize.errors import SummarizeError
    from summarize.pipeline import article_text_problem
    from summarize.reading.clean import clean_article
    from summarize.reading.source import parse_bytes

    pages = read_pages(folder)[:limit]
    reader_rows, cleaned_rows = [], []
    refused, removed_marked, kept_unmarked = [], [], []
    by_rule: Counter = Counter()
    for page in pages:
        data = page["path"].read_bytes()
        if page["path"].suffix == ".gz":
            data = gzip.decompress(data)
        try:
            article = parse_bytes(data, source=str(page["path"]), stem=page["key"][:12], fmt="html")
            cleaned = clean_article(article)
            problem = article_text_problem(cleaned)
        except SummarizeError as exc:
            article = cleaned = None
            problem = str(exc)
        if problem:
            refused.append({"page": page["key"], "url": page["url"], "reason": problem})
        reader_rows.append(shingle_shares(page["truth"], "\n".join(article.paragraphs) if article else ""))
        cleaned_rows.append(shingle_shares(page["truth"], "\n".join(cleaned.paragraphs) if cleaned and not problem else ""))
        if cleaned is None:
            continue
        marked, kept = _norm(page["truth"]), _norm("\n".join(cleaned.paragraphs))
        for r in cleaned.removed:
            by_rule[r.rule] += 1
            text = _norm(r.text)
            if len(text.split()) >= 4 and text in marked and text not in kept:
                removed_marked.append({"page": page["key"], "rule": r.rule, "text": r.text})
        for i, p in enumerate(cleaned.paragraphs):
            if _norm(p) and _norm(p) not in marked:
                kept_unmarked.append({"page": page["key"], "index": i, "text": p})
    log(f"html: {len(pages)} pages, {len(refused)} refused, {sum(by_rule.values())} lines removed")
    return {"data": {"path": str(folder), "pages": len(pages)}, "pages": len(pages),
            "reader": scores_with_interval(reader_rows), "cleaned": scores_with_interval(cleaned_rows),
            "refused": refused, "removed": sum(by_rule.values()), "by_rule": dict(sorted(by_rule.items())),
            "removed_marked": removed_marked, "kept_unmarked": kept_unmarked}


def _score_line(name: str, scores: dict[str, Any]) -> str:
    def one(k: str) -> str:
        s = scores[k]
        return f"{s['value']:.3f} [{s['ci95'][0]:.3f}, {s['ci95'][1]:.3f}]"
    return f"    {name:28} F1 {one('f1')}   precision {one('precision')}   recall {one('recall')}"


def html_table(result: dict[str, Any], *, show: int = 40) -> list[str]:
    """Printable lines of :func:`bench_html`'s result: both bodies' scores, the refusals, the
    removed lines the annotators marked, and the first ``show`` kept lines they did not."""
    lines = [f"(f) HTML pages with a marked article body: {result['pages']} pages; the benchmark's 4-gram shingle "
             "F1 / precision / recall, 95 % intervals",
             _score_line("reader alone (trafilatura)", result["reader"]),
             _score_line("after the cleaner", result["cleaned"]),
             f"    refused (must be 0): {len(result['refused'])}"]
    lines += [f"    refused  {r['page'][:12]} {r['url']}: {r['reason']}" for r in result["refused"][:show]]
    lines.append(f"    the cleaner removed {result['removed']} lines; by rule: "
                 + (", ".join(f"{k} {v}" for k, v in result["by_rule"].items()) or "none"))
    lines.append(f"    removed lines the annotators marked as article body (read each): {len(result['removed_marked'])}")
    lines += [f"    removed  {r['rule']:18} {r['page'][:12]}  {_cut(r['text'])}" for r in result["removed_marked"][:show]]
    kept = result["kept_unmarked"]
    lines.append(f"    kept lines the annotators did not mark (furniture left in, or a standfirst): {len(kept)}")
    lines += [f"    kept     {r['page'][:12]}:{r['index']}  {_cut(r['text'])}" for r in kept[:show]]
    if len(kept) > show:
        lines.append(f"    ... {len(kept) - show} more in the JSON file")
    return lines


def _cut(text: str, most: int = 130) -> str:
    return text if len(text) <= most else text[:most - 3] + "..."

