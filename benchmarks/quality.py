"""Quality benchmark: summaries, sentence splitting, QA checks, the cleaner and translation,
measured on public development data that you have on disk. It never downloads.

    python benchmarks/quality.py --summaries DATA.jsonl [--offset 0 --limit 500]
    python benchmarks/quality.py --cleaner DATA.jsonl [--cleaner-limit 250]
    python benchmarks/quality.py --flores DIR [--langs en,ur,ps,prs] [--translation]
    python benchmarks/quality.py --html DIR [--html-limit N]
    python benchmarks/quality.py --summaries A.jsonl --cleaner A.jsonl --flores DIR   # all parts

Parts, each reading a standard public format (docs/quality.md says where to get each set):

- (a) ``--summaries``: jsonl with CNN/DailyMail's ``article`` and ``highlights``: ROUGE-1/2/Lsum F1
  with 95 % bootstrap intervals of each runnable summariser in models.yaml (every extractive
  algorithm; seq2seq models only where their weights are on disk) and of Lead-3, with lengths.
- (b) segmentation, (c) QA checks, (e) translation ``--translation``: FLORES-200 files under
  ``--flores`` (benchmarks/quality_text.py).
- (d) ``--cleaner``: the same jsonl, articles written one sentence per paragraph: every line the
  cleaner removes, with its rule.
- (f) ``--html DIR``: saved news pages with a marked article body (scrapinghub's
  article-extraction-benchmark layout): the reader's and the cleaned body's shingle F1, pages
  refused, removed lines that were article body, kept lines that were not
  (benchmarks/quality_html.py).

It prints one table and writes everything to a JSON file (default
``benchmarks/results/quality.json``; per-article figures included). Bad input is a one-line error
naming the file, exit status 2.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.quality_html import bench_html, html_table  # noqa: E402
from benchmarks.quality_news import (  # noqa: E402
    DataError,
    bench_cleaner,
    bench_summaries,
    cleaner_table,
    summary_table,
)


def _text_part(name: str):
    """The function ``name`` of benchmarks/quality_text.py, or None when that module is absent."""
    try:
        from benchmarks import quality_text
    except ImportError:
        return None
    return getattr(quality_text, name, None)


def _plain_table(title: str, result: dict) -> list[str]:
    """Fallback printing for a part that returns no ``table`` lines of its own."""
    lines = [title]
    for key, value in result.items():
        if isinstance(value, (int, float, str)):
            lines.append(f"    {key}: {value}")
        elif isinstance(value, dict) and all(isinstance(v, (int, float, str)) for v in value.values()):
            lines.append(f"    {key}: " + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in value.items()))
    return lines


def _nllb_code(name: str) -> str:
    """The NLLB-200 code of a short name (``ur``) or code (``urd_Arab``): FLORES files are named by
    code. Raises SystemExit naming ``--langs`` for a name the language table does not know."""
    from summarize.languages import language

    try:
        return language(name.strip()).code
    except KeyError:
        raise SystemExit(f"--langs: unknown language {name!r} (use short names such as ur, or NLLB codes)") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--summaries", metavar="FILE.jsonl", help="(a) articles with reference highlights (CNN/DailyMail fields)")
    parser.add_argument("--offset", type=int, default=0, help="(a) skip this many records first (default 0)")
    parser.add_argument("--limit", type=int, default=500, help="(a) articles to score (default 500)")
    parser.add_argument("--systems", default=None,
                        help="(a) comma-separated summariser names to score (default: every runnable one); Lead-3 always runs")
    parser.add_argument("--models", default=None, help="models.yaml to read the summarisers and translators from (default: the packaged one)")
    parser.add_argument("--cleaner", metavar="FILE.jsonl", help="(d) articles (field article) to write one sentence per paragraph")
    parser.add_argument("--cleaner-offset", type=int, default=0, help="(d) skip this many records first (default 0)")
    parser.add_argument("--cleaner-limit", type=int, default=250, help="(d) articles (default 250)")
    parser.add_argument("--flores", metavar="DIR", help="(b, c, e) a FLORES-200 folder (dev split: one sentence per line per language)")
    parser.add_argument("--langs", default="en,ur,ps,prs", help="(b) languages to segment (default en,ur,ps,prs)")
    parser.add_argument("--translation", action="store_true", help="(e) also score each configured translator (needs its weights)")
    parser.add_argument("--html", metavar="DIR", help="(f) saved pages with marked bodies: DIR/ground-truth.json and DIR/html/")
    parser.add_argument("--html-limit", type=int, default=None, help="(f) pages, by key (default all)")
    parser.add_argument("--out", default=None, help="JSON result file (default benchmarks/results/quality.json)")
    args = parser.parse_args(argv)
    if not (args.summaries or args.cleaner or args.flores or args.html):
        parser.error("give at least one of --summaries, --cleaner, --flores, --html")

    started = time.perf_counter()
    log = lambda msg: print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    results: dict[str, object] = {}
    lines: list[str] = []
    try:
        if args.summaries:
            only = set(args.systems.split(",")) if args.systems else None
            r = bench_summaries(args.summaries, offset=args.offset, limit=args.limit, config=args.models, only=only, log=log)
            results["summaries"] = r
            lines += summary_table(r)
        if args.flores:
            for part, fn_name, extra, table_name in (
                ("segmentation", "bench_segmentation", ([_nllb_code(x) for x in args.langs.split(",")],), "segmentation_table"),
                ("checks", "bench_checks", (), "checks_table"),
                ("translation", "bench_translation", (args.models,), "translation_table"),
            ):
                if part == "translation" and not args.translation:
                    continue
                fn = _text_part(fn_name)
                if fn is None:
                    lines.append(f"({part}) not available: benchmarks/quality_text.py has no {fn_name}")
                    continue
                r = fn(args.flores, *extra)
                results[part] = r
                render = _text_part(table_name)
                lines += [f"({part})", render(r)] if render is not None else _plain_table(f"({part})", r)
        if args.cleaner:
            r = bench_cleaner(args.cleaner, offset=args.cleaner_offset, limit=args.cleaner_limit, log=log)
            results["cleaner"] = r
            lines += cleaner_table(r)
        if args.html:
            r = bench_html(args.html, limit=args.html_limit, log=log)
            results["html"] = r
            lines += html_table(r)
    except (DataError, FileNotFoundError, ValueError) as exc:  # FileNotFoundError: a FLORES file (parts b, c, e)
        print(f"error: {exc}", file=sys.stderr)
        return 2

    out = Path(args.out) if args.out else ROOT / "benchmarks" / "results" / "quality.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"command": "python benchmarks/quality.py " + " ".join(sys.argv[1:] if argv is None else argv),
               "machine": {"python": platform.python_version(), "platform": platform.platform()},
               "wall_s": time.perf_counter() - started, "report": lines, **results}
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out)
    print("\n".join(lines))
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
