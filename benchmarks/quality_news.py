"""Parts (a) and (d) of the quality benchmark (benchmarks/quality.py): summaries against reference
highlights, and the cleaner on articles written one sentence per paragraph.

Both read a jsonl file in the CNN/DailyMail field names (Hermann et al. 2015; See et al. 2017,
the ``abisee/cnn_dailymail`` 3.0.0 layout): one JSON object per line with ``article`` (the text)
and ``highlights`` (the reference summary, one highlight per line); ``id`` is optional. Nothing is
downloaded.

Scores are ROUGE F1 from Google's ``rouge-score`` (``use_stemmer=True``), as reported for CNN/DM
since See et al. 2017: ROUGE-1, ROUGE-2 and ROUGE-Lsum, the last with each summary sentence and
each highlight on its own line (summary-level LCS, as the package's ``rougeLsum`` expects). Each
figure has a 95 % bootstrap interval over articles (percentile method, 1000 resamples, fixed
seed; Koehn 2004 for the idea).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable, Iterable

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
BOOTSTRAP = 1000
SEED = 12


class DataError(ValueError):
    """A data file that cannot be used; the message names the file and the line."""


def read_jsonl(path: str | Path, fields: tuple[str, ...], *, offset: int = 0, limit: int | None = None) -> list[dict]:
    """Records ``offset`` .. ``offset + limit`` of a jsonl file, each holding ``fields`` as strings.

    Raises:
        DataError: the file is missing, a line is not a JSON object, or a field is missing or
            not a string (the message names the file and the 1-based line).
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    out: list[dict] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            if n <= offset:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise DataError(f"{path}:{n}: not a JSON object")
            for field in fields:
                if not isinstance(record.get(field), str):
                    raise DataError(f"{path}:{n}: no string field '{field}' (CNN/DailyMail names: article, highlights)")
            out.append(record)
            if limit is not None and len(out) >= limit:
                break
    if not out:
        raise DataError(f"{path}: no records (offset {offset})")
    return out


# ---- the product's path from text to sentences -------------------------------------------------


def article_to_sentences(text: str) -> list[str]:
    """The sentences the product would summarise for ``text``: read as a .txt file, cleaned, split
    (summarize's reader, cleaner and segmenter, as ``summarize run`` does)."""
    from summarize.reading.clean import clean_article
    from summarize.reading.source import parse_text
    from summarize.text.segment import brief_sentences

    article = clean_article(parse_text(text))
    return brief_sentences(article)


def long_sentence_words(text: str, most: int = 100) -> list[int]:
    """The word counts of the sentences of ``text`` (read and cleaned as a .txt file, split by
    ``split_sentences``, before ``cut_long_sentence``) that have more than ``most`` words: what
    the segmenter failed to split (a news sentence is rarely over 60 words)."""
    from summarize.reading.clean import clean_article
    from summarize.reading.source import parse_text
    from summarize.text.segment import split_sentences

    article = clean_article(parse_text(text))
    return [n for p in article.paragraphs for n in (len(s.split()) for s in split_sentences(p)) if n > most]


# ---- (a) summaries ------------------------------------------------------------------------------


def words(text: str) -> int:
    return len(text.split())


def bootstrap_interval(values: list[float], *, resamples: int = BOOTSTRAP, seed: int = SEED) -> tuple[float, float]:
    """95 % percentile-bootstrap interval of the mean of ``values`` (resampling items)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    arr = np.asarray(values, dtype=float)
    if len(arr) < 2:
        return (float(arr.mean()), float(arr.mean())) if len(arr) else (0.0, 0.0)
    means = arr[rng.integers(0, len(arr), size=(resamples, len(arr)))].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


def score_summaries(predictions: list[list[str]], references: list[str]) -> dict[str, Any]:
    """ROUGE-1/2/Lsum F1 (x100) of each prediction (a list of sentences) against its reference
    (highlights, one per line): means, 95 % bootstrap intervals and the per-article F1 lists."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    per: dict[str, list[float]] = {t: [] for t in ROUGE_TYPES}
    for sents, ref in zip(predictions, references):
        ref_lines = "\n".join(line.strip() for line in ref.split("\n") if line.strip())
        scores = scorer.score(ref_lines, "\n".join(sents))
        for t in ROUGE_TYPES:
            per[t].append(100 * scores[t].fmeasure)
    out: dict[str, Any] = {}
    for t in ROUGE_TYPES:
        vals = per[t]
        lo, hi = bootstrap_interval(vals)
        out[t] = {"f1": sum(vals) / len(vals), "ci95": [lo, hi]}
    out["per_article"] = per
    return out


def lead(sentences: list[str], k: int = 3) -> list[str]:
    """Lead-k: the article's first ``k`` sentences (the news baseline; See et al. 2017)."""
    return sentences[:k]


def summarizer_variants(config_path: str | None) -> dict[str, Callable[[list[str]], list[str]] | str]:
    """Each configured summariser that can run here, by name, as ``sentences -> summary sentences``;
    a string instead says why one cannot run (a seq2seq model without local weights).

    The extractive summariser appears as its default and as each of its other algorithms
    (``extractive[textrank]`` ...), so one run compares them.
    """
    from summarize.config import load_config
    from summarize.engines.registry import build_summarizer
    from summarize.engines.summarizers.extractive import ALGORITHMS, ExtractiveSummarizer

    config = load_config(config_path) if config_path else load_config()
    out: dict[str, Callable[[list[str]], list[str]] | str] = {}
    for name, spec in config.models.items():
        if spec.task != "summarize":
            continue
        if spec.kind == "extractive":
            base = build_summarizer(spec, config)
            out[name] = _sentences_of(base)
            for algorithm in ALGORITHMS:
                if algorithm != base.algorithm:
                    out[f"{name}[{algorithm}]"] = _sentences_of(ExtractiveSummarizer(name, algorithm=algorithm))
            continue
        try:
            model = build_summarizer(spec, config, offline=True)
        except Exception as exc:  # no weights here (no hub): say so, score the rest
            out[name] = f"skipped: {str(exc).splitlines()[0][:160]}"
            continue
        out[name] = _sentences_of(model, split=True)
    return out


def _sentences_of(summarizer, *, split: bool = False) -> Callable[[list[str]], list[str]]:
    from summarize.text.segment import split_sentences

    def run(sentences: list[str]) -> list[str]:
        summary = summarizer.summarize(sentences)
        return summary.sentences if summary.sentences is not None and not split else split_sentences(summary.text)

    return run


def bench_summaries(path: str | Path, *, offset: int = 0, limit: int | None = 500, config: str | None = None,
                    only: Iterable[str] | None = None, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Part (a): ROUGE of each runnable summariser and of Lead-3 on ``limit`` articles from ``offset``.

    Returns ``{"data": ..., "systems": {name: {"rouge1": {"f1", "ci95"}, ..., "words",
    "sentence_words_median", "wins_vs_lead3": {...}, "seconds"}}, "skipped": {name: why}}``.

    Raises:
        DataError: see :func:`read_jsonl`.
    """
    records = read_jsonl(path, ("article", "highlights"), offset=offset, limit=limit)
    started = time.perf_counter()
    articles = [article_to_sentences(r["article"]) for r in records]
    log(f"summaries: {len(records)} articles read and split in {time.perf_counter() - started:.1f} s")
    long_sentences = [long_sentence_words(r["article"]) for r in records]
    references = [r["highlights"] for r in records]
    systems: dict[str, Callable[[list[str]], list[str]]] = {"lead-3": lead}
    skipped: dict[str, str] = {}
    for name, run in summarizer_variants(config).items():
        if only and name not in only:
            continue
        if isinstance(run, str):
            skipped[name] = run
        else:
            systems[name] = run
    results: dict[str, Any] = {}
    for name, run in systems.items():
        t0 = time.perf_counter()
        predictions = [run(s) if s else [] for s in articles]
        scored = score_summaries(predictions, references)
        lengths = [words(" ".join(p)) for p in predictions]
        picked = sorted(words(s) for p in predictions for s in p)
        results[name] = {**{t: scored[t] for t in ROUGE_TYPES},
                         "words": sum(lengths) / len(lengths),
                         "sentence_words_median": picked[len(picked) // 2] if picked else 0,
                         "per_article": scored["per_article"],
                         "seconds": time.perf_counter() - t0}
        log(f"summaries: {name} scored in {results[name]['seconds']:.1f} s")
    lead_r1 = results["lead-3"]["per_article"]["rouge1"]
    for name, r in results.items():
        mine = r["per_article"]["rouge1"]
        r["vs_lead3_rouge1"] = {"better": sum(a > b + 1e-9 for a, b in zip(mine, lead_r1)),
                                "same": sum(abs(a - b) <= 1e-9 for a, b in zip(mine, lead_r1)),
                                "worse": sum(a < b - 1e-9 for a, b in zip(mine, lead_r1))}
    return {"data": {"path": str(path), "offset": offset, "articles": len(records),
                     "ids_first_last": [records[0].get("id"), records[-1].get("id")]},
            "systems": results, "skipped": skipped,
            "segmenter": {"articles_with_sentence_over_100_words": sum(bool(w) for w in long_sentences),
                          "sentences_over_100_words": sum(len(w) for w in long_sentences),
                          "longest_sentence_words": max((max(w) for w in long_sentences if w), default=0)}}


def summary_table(result: dict[str, Any]) -> list[str]:
    """Printable lines: one per system, ROUGE F1 with intervals and length."""
    lines = [f"(a) summaries: {result['data']['articles']} articles of {result['data']['path']} "
             f"(from #{result['data']['offset']}); ROUGE F1, rouge-score with stemming, 95 % bootstrap interval",
             f"    {'system':26} {'ROUGE-1':>20} {'ROUGE-2':>20} {'ROUGE-Lsum':>20} {'words':>6} {'vs Lead-3 R1 +/=/-':>20}"]
    for name, r in result["systems"].items():
        cells = [f"{r[t]['f1']:5.2f} [{r[t]['ci95'][0]:5.2f}, {r[t]['ci95'][1]:5.2f}]" for t in ROUGE_TYPES]
        v = r["vs_lead3_rouge1"]
        lines.append(f"    {name:26} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20} {r['words']:6.1f} "
                     f"{v['better']:>6}/{v['same']}/{v['worse']}")
    for name, why in result["skipped"].items():
        lines.append(f"    {name:26} {why}")
    seg = result.get("segmenter")
    if seg:
        lines.append(f"    segmenter: {seg['sentences_over_100_words']} sentences over 100 words in "
                     f"{seg['articles_with_sentence_over_100_words']} articles (longest {seg['longest_sentence_words']}), "
                     "before cut_long_sentence")
    return lines


# ---- (d) cleaner --------------------------------------------------------------------------------


def bench_cleaner(path: str | Path, *, offset: int = 0, limit: int | None = 250,
                  log: Callable[[str], None] = print) -> dict[str, Any]:
    """Part (d): each article is split into sentences (summarize's segmenter) and written one
    sentence per paragraph, then read and cleaned as a .txt file. Every sentence is article text,
    so every line that leaves the body is listed: removed by a rule (with the rule's name) or taken
    as the title. Judging which are real captions is left to the reader of the list. Every
    article is real article text, so none may be refused as "no article text found"
    (``pipeline.article_text_problem``): that is checked on this .txt form and on the article as a
    page of ``<p>`` paragraphs (.html, read with trafilatura), and each refusal is listed.

    Returns ``{"data", "articles", "lines", "removed": [{"article", "line", "rule", "text"}],
    "by_rule": {rule: n}, "refused": [{"article", "format", "reason"}], "junk": ..., "reader":
    ...}``; the title counts as rule ``title``; ``junk`` is :func:`bench_junk`'s, ``reader``
    :func:`bench_reader`'s on the same articles.

    Raises:
        DataError: see :func:`read_jsonl`.
    """
    import html

    from summarize.pipeline import article_text_problem
    from summarize.reading.clean import clean_article
    from summarize.reading.source import parse_text
    from summarize.text.segment import split_sentences

    records = read_jsonl(path, ("article",), offset=offset, limit=limit)
    removed: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    lines = 0
    for k, record in enumerate(records):
        sentences = split_sentences(record["article"])
        lines += len(sentences)
        article = clean_article(parse_text("\n\n".join(sentences)))
        where = record.get("id") or f"#{offset + k}"
        page = "<html><body>" + "".join(f"<p>{html.escape(p)}</p>" for p in record["article"].split("\n") if p.strip())
        for fmt, cleaned in (("txt", article), ("html", None)):
            try:
                cleaned = cleaned or clean_article(parse_text(page + "</body></html>", fmt="html"))
                problem = article_text_problem(cleaned)
            except Exception as exc:  # noqa: BLE001 -- the reader refusing the page is a refusal too
                problem = str(exc)
            if problem:
                refused.append({"article": where, "format": fmt, "reason": problem})
        if article.title:
            removed.append({"article": where, "line": 0, "rule": "title", "text": article.title})
        for r in article.removed:
            removed.append({"article": where, "line": r.line, "rule": r.rule, "text": r.text})
    by_rule: dict[str, int] = {}
    for r in removed:
        by_rule[r["rule"]] = by_rule.get(r["rule"], 0) + 1
    log(f"cleaner: {len(records)} articles, {lines} lines, {len(removed)} left the body, {len(refused)} refused")
    return {"data": {"path": str(path), "offset": offset, "articles": len(records)}, "lines": lines,
            "removed": removed, "by_rule": by_rule, "refused": refused, "junk": bench_junk(),
            "reader": bench_reader([r["article"] for r in records])}


#: Texts in other scripts, each with the legacy encodings to save it in (written for this project).
OTHER_ENCODINGS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "other_encodings.txt"
#: A valid UTF-8 letter put before each article in :func:`bench_reader`: what makes the reader take
#: a file with invalid bytes for UTF-8 with a few stray ones.
_UTF8_LEAD = "Caf\u00e9 owners met on Monday. "


def other_encoding_texts(path: str | Path = OTHER_ENCODINGS) -> list[tuple[str, str, str]]:
    """``(language, encoding, text)`` for each text of ``path`` (``LANGUAGE<TAB>ENCODINGS<TAB>TEXT``
    lines, ``#`` comments) and each encoding listed for it."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, encodings, text = line.split("\t")
            out.extend((language, encoding, text) for encoding in encodings.split())
    return out


def bench_reader(articles: Iterable[str]) -> dict[str, Any]:
    """What the reader's "a few invalid bytes" rule (``reading.decode.few_invalid_bytes``) is
    measured on. (1) Each article that has a non-ASCII character Windows-1252 has, written with
    every such character as its Windows-1252 byte(s) inside UTF-8 (after a valid ``é``): the worst
    a passage pasted from a Windows-1252 file can do; each must be read as UTF-8 with those bytes
    replaced. (2) Each text of tests/fixtures/other_encodings.txt in each of its legacy encodings:
    decoded exactly, refused (with or without an encoding named), read as UTF-8 with bytes
    replaced (garbage: must be 0), or read in another code page (mojibake).

    Returns ``{"pasted": {"articles", "utf8_replaced", "most_bytes", "most_share"}, "legacy":
    {"texts", "by_outcome": {outcome: n}, "rows": [{"language", "encoding", "outcome",
    "invalid_bytes", "bytes"}]}}``."""
    from summarize.errors import InputError
    from summarize.reading.decode import UTF8_REPLACED, decode, invalid_utf8_bytes

    pasted = {"articles": 0, "utf8_replaced": 0, "most_bytes": 0, "most_share": 0.0}
    for article in articles:
        chars = []
        for ch in article:
            try:
                chars.append(ch.encode("cp1252") if ord(ch) > 0x7F else ch.encode("utf-8"))
            except UnicodeEncodeError:
                chars.append(ch.encode("utf-8"))
        data = _UTF8_LEAD.encode("utf-8") + b"".join(chars)
        bad = invalid_utf8_bytes(data)
        if not bad:
            continue
        pasted["articles"] += 1
        pasted["most_bytes"] = max(pasted["most_bytes"], bad)
        pasted["most_share"] = max(pasted["most_share"], round(bad / len(data), 5))
        try:
            pasted["utf8_replaced"] += decode("article", data)[1] == UTF8_REPLACED
        except InputError:
            pass
    rows: list[dict[str, Any]] = []
    by_outcome: dict[str, int] = {}
    for language, encoding, text in other_encoding_texts():
        data = text.encode(encoding)
        try:
            decoded, used = decode(f"{language}.{encoding}", data)
        except InputError as exc:
            outcome = "refused, encoding named" if "it looks like" in exc.problem else "refused"
        else:
            outcome = ("decoded exactly" if decoded == text else
                       "read as UTF-8 with bytes replaced" if used == UTF8_REPLACED else "read in another code page")
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        rows.append({"language": language, "encoding": encoding, "outcome": outcome,
                     "invalid_bytes": invalid_utf8_bytes(data), "bytes": len(data)})
    return {"pasted": pasted, "legacy": {"texts": len(rows), "by_outcome": by_outcome, "rows": rows}}


#: What ``bench_junk`` reads by default: this repository's own code, data and templates (so the
#: figure is the same on every machine), none of it an article.
JUNK_GLOBS = ("summarize/**/*.py", "benchmarks/*.py", "tests/*.py", "benchmarks/results/*.json",
              "pyproject.toml", "models.yaml", "summarize/templates/*", "tests/fixtures/configs/*",
              "tests/fixtures/junk/*")


def bench_junk(paths: Iterable[str | Path] | None = None) -> dict[str, Any]:
    """Files that are no article (code, data, templates; default: :data:`JUNK_GLOBS` in this
    repository), each read as a .txt article and cleaned as ``summarize run`` would: which of them
    ``pipeline.article_text_problem`` refuses (all should be) and which get through, with their
    size in words (the short ones get through: a 15-word docstring is a sentence).

    Returns ``{"files", "refused", "passed": [{"path", "words"}], "by_reason": {reason: n}}``."""
    from summarize.pipeline import article_text_problem
    from summarize.reading.clean import clean_article
    from summarize.reading.source import parse_text

    root = Path(__file__).resolve().parents[1]
    if paths is None:
        paths = sorted({p for g in JUNK_GLOBS for p in root.glob(g) if p.is_file()})
    passed: list[dict[str, Any]] = []
    by_reason: dict[str, int] = {}
    files = 0
    for path in map(Path, paths):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not text.strip():
            continue
        files += 1
        article = clean_article(parse_text(text, source=str(path)))
        problem = article_text_problem(article)
        if problem:
            reason = problem.split(":")[0].split(",")[0]
            by_reason[reason] = by_reason.get(reason, 0) + 1
        else:
            shown = path.relative_to(root) if path.is_relative_to(root) else path
            passed.append({"path": str(shown), "words": len(" ".join(article.paragraphs).split())})
    return {"files": files, "refused": files - len(passed), "passed": passed, "by_reason": by_reason}


def cleaner_table(result: dict[str, Any], *, show: int = 60) -> list[str]:
    """Printable lines: counts by rule, then each line that left the body (up to ``show``)."""
    n = len(result["removed"])
    lines = [f"(d) cleaner: {result['data']['articles']} articles written one sentence per paragraph "
             f"({result['lines']} lines): {n} left the body; by rule: "
             + (", ".join(f"{k} {v}" for k, v in sorted(result["by_rule"].items())) or "none")]
    refused = result.get("refused", [])
    lines.append(f"    refused as 'no article text found' (must be 0): {sum(r['format'] == 'txt' for r in refused)} as .txt, "
                 f"{sum(r['format'] == 'html' for r in refused)} as .html")
    lines += [f"    refused  {r['article']} ({r['format']}): {r['reason']}" for r in refused[:show]]
    junk = result.get("junk")
    if junk:
        lines.append(f"    junk: {junk['refused']} of {junk['files']} files of code and data (this repository's) refused; "
                     + ", ".join(f"{k} {v}" for k, v in sorted(junk["by_reason"].items())))
        lines += [f"    junk passed  {j['path']} ({j['words']} words)" for j in junk["passed"][:show]]
    reader = result.get("reader")
    if reader:
        p, legacy = reader["pasted"], reader["legacy"]
        lines.append(f"    reader: {p['articles']} articles with Windows-1252 characters written so inside UTF-8: "
                     f"{p['utf8_replaced']} read as UTF-8 with bytes replaced (must be all), at most {p['most_bytes']} "
                     f"invalid bytes ({p['most_share']:.2%}); {legacy['texts']} texts in legacy encodings: "
                     + ", ".join(f"{k} {v}" for k, v in sorted(legacy["by_outcome"].items()))
                     + " (read as UTF-8 with bytes replaced must be 0)")
        lines += [f"    reader  {r['language']} {r['encoding']}: {r['outcome']} ({r['invalid_bytes']} of {r['bytes']} "
                  "bytes invalid as UTF-8)" for r in legacy["rows"] if r["outcome"] != "decoded exactly"][:show]
    for r in result["removed"][:show]:
        text = r["text"] if len(r["text"]) <= 150 else r["text"][:147] + "..."
        lines.append(f"    {r['rule']:20} {r['article']}:{r['line']}  {text}")
    if n > show:
        lines.append(f"    ... {n - show} more in the JSON file")
    return lines

