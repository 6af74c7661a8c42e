"""Quality of the text steps on FLORES-format data: (b) sentence segmentation, (c) QA checks on
professional translations, (e) translation scores. Parts of ``benchmarks/quality.py``, and
runnable alone (examples below).

    python benchmarks/quality_text.py --flores /work/data/flores                 # (b) and (c)
    python benchmarks/quality_text.py --flores DIR --parts translation --models models.yaml

FLORES format: one sentence per line, the same line number meaning the same sentence in every
language, in ``DIR/<split>/<code>.<split>`` or ``DIR/<code>.<split>`` (``eng_Latn.dev``,
``urd_Arab.dev``...), as the FLORES-200 release has it. Nothing is downloaded.

- (b) ``bench_segmentation``: each language's sentences are joined with a space into paragraphs of
  50 (the last one shorter) and split with :func:`summarize.text.segment.split_sentences`. A boundary is
  the place between two reference sentences (counted in non-space characters, so whitespace does
  not matter); recall = boundaries found / reference boundaries, precision = boundaries found /
  boundaries made. ``marked`` recall counts only the boundaries after a sentence that ends in
  sentence punctuation as written (possibly followed by closing quotes or brackets): a boundary
  after a sentence without any is invisible to every punctuation-based splitter (more than half
  of the Pashto dev sentences have none). The longest sentence is split_sentences' longest, in
  words; the longest piece is after :func:`summarize.text.segment.cut_long_sentence` (what
  :func:`brief_sentences` hands on to the summariser and translator).
- (c) ``bench_checks``: :func:`summarize.checks.flags.check_segment` on (English source, reference
  translation) for every line: the share of segments with any flag, and per flag code, per
  language; and swapped languages: each reference labelled as each other target language,
  the share caught by the ``language`` (or ``script``) check.
- (e) ``bench_translation``: each configured translator translates the English lines into each
  target; chrF++ (sacrebleu ``CHRF(word_order=2)``) and spBLEU (sacrebleu ``BLEU`` with the
  ``flores200`` SentencePiece tokenizer, when its model is on this machine) against the
  references.

FLORES-200 devtest and other held-out sets are for the team's final figures: tune on ``dev``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SOURCE = "eng_Latn"
TARGETS = ("urd_Arab", "pbt_Arab", "prs_Arab")
LANGS = (SOURCE, *TARGETS)
#: The issue's targets (issue 12): boundary recall per language, longest piece, flag rate, swaps.
GOALS = {
    "boundary_recall": {"eng_Latn": 0.99, "urd_Arab": 0.98, "pbt_Arab": 0.98, "prs_Arab": 0.98},
    "max_piece_words": 100,
    "flag_rate": 0.005,
    "swap_detection": 0.985,
}
# Sentence punctuation a reference sentence may end with, before closing quotes and brackets.
_TERMINALS = set(".!?…۔؟!-")  # "-": typed for ۔ in Urdu (see summarize.text.segment.SPLIT_RULES)
_CLOSERS = set("\"'”’»)]}›\u200e\u200f\u061c\u200b\u202c\u2069")  # and invisible marks after the stop


def flores_file(flores_dir: str | Path, code: str, split: str = "dev") -> Path:
    """The FLORES file of NLLB code ``code`` for ``split``: ``DIR/split/code.split`` or
    ``DIR/code.split``. Raises FileNotFoundError naming both places when neither exists."""
    base = Path(flores_dir)
    for path in (base / split / f"{code}.{split}", base / f"{code}.{split}"):
        if path.is_file():
            return path
    raise FileNotFoundError(f"{base}: no {split}/{code}.{split} or {code}.{split} (FLORES layout)")


def read_flores(flores_dir: str | Path, code: str, split: str = "dev") -> list[str]:
    """The lines of :func:`flores_file` (UTF-8, one sentence per line), stripped."""
    return [line.strip() for line in flores_file(flores_dir, code, split).read_text(encoding="utf-8").splitlines()]


def _is_marked(sentence: str) -> bool:
    s = sentence.rstrip()
    while s and s[-1] in _CLOSERS:
        s = s[:-1].rstrip()
    return bool(s) and s[-1] in _TERMINALS


def _nonspace_ends(pieces: Iterable[str]) -> list[int]:
    """Cumulative count of non-space characters at the end of each piece."""
    ends, total = [], 0
    for p in pieces:
        total += sum(1 for ch in p if not ch.isspace())
        ends.append(total)
    return ends


def bench_segmentation(
    flores_dir: str | Path,
    langs: Iterable[str] = LANGS,
    *,
    split: str = "dev",
    per_paragraph: int = 50,
    paragraphs: int = 20,
    examples: int = 5,
    documents: str | Path | None = None,
) -> dict:
    """Sentence-boundary recall and precision per language (see the module docstring).

    ``documents``: a file of one document id per sentence line (NTREX-128's ``DOCUMENT_IDS.tsv``).
    Then each document is one paragraph instead of each run of ``per_paragraph`` lines, and its
    first line, the headline, is left out: in an article it stands on a line of its own, a
    boundary no splitter can miss. Raises ValueError when the ids do not match the lines.

    Returns ``{code: {"sentences", "paragraphs", "boundaries", "found", "made", "recall",
    "precision", "marked_boundaries", "marked_recall", "max_sentence_words", "max_piece_words",
    "pieces_over_100",
    "missed": [...], "false": [...]}}``; ``missed``/``false`` hold up to ``examples`` contexts
    (the 40 characters either side) of missed and made-up boundaries. Raises FileNotFoundError
    for a missing file."""
    from summarize.text.segment import cut_long_sentence, split_sentences

    ids = None
    if documents is not None:
        ids = Path(documents).read_text(encoding="utf-8").splitlines()
    out = {}
    for code in langs:
        all_lines = read_flores(flores_dir, code, split)
        if ids is None:
            lines = [s for s in all_lines if s][: per_paragraph * paragraphs]
            groups = [lines[i : i + per_paragraph] for i in range(0, len(lines), per_paragraph)]
        else:
            if len(ids) != len(all_lines):
                raise ValueError(f"{documents}: {len(ids)} document ids for {len(all_lines)} lines of {code}")
            groups = []
            for i, (doc, line) in enumerate(zip(ids, all_lines)):
                if i == 0 or doc != ids[i - 1]:
                    groups.append([])  # a new document: its first line is the headline
                elif line:
                    groups[-1].append(line)
            groups = [g for g in groups if g]
            lines = [line for g in groups for line in g]
        gold_n = found = made = marked_n = marked_found = over = 0
        longest = longest_sentence = 0
        missed: list[str] = []
        false: list[str] = []
        n_par = 0
        for sents in groups:
            n_par += 1
            text = " ".join(sents)
            sentences = split_sentences(text, code)
            pieces = [piece for sent in sentences for piece in cut_long_sentence(sent)]
            gold_ends = _nonspace_ends(sents)[:-1]
            pred_ends = _nonspace_ends(sentences)
            if pred_ends and pred_ends[-1] != (_nonspace_ends(sents) or [0])[-1]:
                raise AssertionError(f"{code}: the pieces do not give the paragraph back")
            pred = set(pred_ends[:-1])
            gold = set(gold_ends)
            gold_n += len(gold)
            made += len(pred)
            found += len(gold & pred)
            flat = "".join(ch for ch in text if not ch.isspace())
            for i, end in enumerate(gold_ends):
                if _is_marked(sents[i]):
                    marked_n += 1
                    marked_found += end in pred
                if end not in pred and len(missed) < examples and _is_marked(sents[i]):
                    missed.append(f"{flat[max(0, end - 40):end]} ‖ {flat[end:end + 40]}")
            for end in sorted(pred - gold):
                if len(false) < examples:
                    false.append(f"{flat[max(0, end - 40):end]} ‖ {flat[end:end + 40]}")
            longest_sentence = max([longest_sentence] + [len(x.split()) for x in sentences])
            for p in pieces:
                words = len(p.split())
                longest = max(longest, words)
                over += words > 100
        out[code] = {
            "sentences": len(lines),
            "paragraphs": n_par,
            "boundaries": gold_n,
            "found": found,
            "made": made,
            "recall": found / gold_n if gold_n else 1.0,
            "precision": found / made if made else 1.0,
            "marked_boundaries": marked_n,
            "marked_recall": marked_found / marked_n if marked_n else 1.0,
            "max_sentence_words": longest_sentence,
            "max_piece_words": longest,
            "pieces_over_100": over,
            "missed": missed,
            "false": false,
        }
    return out


def bench_checks(
    flores_dir: str | Path,
    targets: Iterable[str] = TARGETS,
    *,
    split: str = "dev",
    source: str = SOURCE,
    examples: int = 5,
) -> dict:
    """QA flags on professional translations, and swapped-language detection.

    Returns ``{"flags": {code: {"segments", "flagged", "rate", "by_check": {check: count},
    "examples": [{"line", "check", "message"}...]}}, "left_in": see :func:`bench_left_in`, "swaps": {"urd_Arab->pbt_Arab": {"segments",
    "caught", "rate"}, ...}}``; ``A->B`` means A's reference checked as if it were B. Raises
    FileNotFoundError for a missing file and ValueError when the files' line counts differ."""
    from summarize.checks.flags import check_segment

    targets = list(targets)
    src = read_flores(flores_dir, source, split)
    refs = {code: read_flores(flores_dir, code, split) for code in targets}
    for code, lines in refs.items():
        if len(lines) != len(src):
            raise ValueError(f"{flores_file(flores_dir, code, split)}: {len(lines)} lines, {source} has {len(src)}")
    flags = {}
    for code in targets:
        by_check: Counter = Counter()
        flagged = 0
        shown = []
        for i, (s, t) in enumerate(zip(src, refs[code])):
            found = check_segment(s, t, code)
            flagged += bool(found)
            for f in found:
                by_check[f.code] += 1
                if len(shown) < examples:
                    shown.append({"line": i + 1, "check": f.code, "message": f.message})
        flags[code] = {
            "segments": len(src),
            "flagged": flagged,
            "rate": flagged / len(src) if src else 0.0,
            "by_check": dict(sorted(by_check.items())),
            "examples": shown,
        }
    swaps = {}
    for true in targets:
        for label in targets:
            if label == true:
                continue
            caught = sum(
                any(f.code in ("language", "script") for f in check_segment(s, t, label))
                for s, t in zip(src, refs[true])
            )
            swaps[f"{true}->{label}"] = {"segments": len(src), "caught": caught,
                                          "rate": caught / len(src) if src else 0.0}
    return {"flags": flags, "swaps": swaps, "left_in": bench_left_in(src, refs), "loops": bench_loops(src, refs)}


def bench_loops(src: list[str], refs: dict[str, list[str]], n: int = 3, copies: int = 3) -> dict:
    """How often ``repetition`` catches a decoding loop: in each reference of ``n`` words or
    more, the ``n`` words from its middle word are written ``copies`` times back to back (the
    smallest loop the check is meant to catch, ``Thresholds.repetition_tandem``), and the line is
    checked against its real source.

    Returns ``{code: {"segments", "caught", "rate"}}``."""
    from summarize.checks.flags import check_segment

    out: dict = {}
    for code, lines in refs.items():
        tried = caught = 0
        for s, t in zip(src, lines):
            parts = t.split()
            if len(parts) < n:
                continue
            mid = min(len(parts) // 2, len(parts) - n)
            looped = " ".join([*parts[: mid + n], *parts[mid : mid + n] * (copies - 1), *parts[mid + n :]])
            tried += 1
            caught += any(f.code == "repetition" for f in check_segment(s, looped, code))
        out[code] = {"segments": tried, "caught": caught, "rate": caught / tried if tried else 0.0}
    return out


def bench_left_in(src: list[str], refs: dict[str, list[str]], sizes: Iterable[int] = (3, 4)) -> dict:
    """How often ``untranslated`` catches English left in a translation: for each line, the
    first ``n`` consecutive source words that are not names (lower case, not a name particle) are
    put into the reference at its middle word boundary, and the line is checked. Lines whose
    source has no such run are left out.

    Returns ``{code: {"n3": {"segments", "caught", "rate"}, "n4": ...}}``."""
    import re

    from summarize.checks.flags import check_segment

    words_re = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
    out: dict = {}
    for code, lines in refs.items():
        per = {}
        for n in sizes:
            tried = caught = 0
            for s, t in zip(src, lines):
                words = s.split()
                run = None
                for k in range(len(words) - n + 1):
                    window = words[k : k + n]
                    if all(words_re.fullmatch(w) and w[0].islower() for w in window):
                        run = " ".join(window)
                        break
                parts = t.split()
                if run is None or len(parts) < 2:
                    continue
                mid = len(parts) // 2
                mixed = " ".join([*parts[:mid], run, *parts[mid:]])
                tried += 1
                caught += any(f.code == "untranslated" for f in check_segment(s, mixed, code))
            per[f"n{n}"] = {"segments": tried, "caught": caught, "rate": caught / tried if tried else 0.0}
        out[code] = per
    return out


def bench_translation(
    flores_dir: str | Path,
    config,
    *,
    split: str = "dev",
    translators: Iterable[str] | None = None,
    targets: Iterable[str] | None = None,
    limit: int | None = None,
    spm_model: str | Path | None = None,
    offline: bool = True,
) -> dict:
    """chrF++ and spBLEU of each configured translator, per direction.

    Args:
        flores_dir: FLORES folder (see :func:`flores_file`).
        config: a :class:`summarize.config.Config` (from ``load_config``), or the path of a
            models.yaml (None: the packaged one).
        translators: names under ``models:`` with ``task: translate``; default all of them.
        targets: NLLB codes; default every configured language's code.
        limit: translate only the first ``limit`` lines (a smoke run).
        spm_model: the FLORES-200 SentencePiece model for spBLEU; default sacrebleu's cached
            ``flores200`` model. Without one, spBLEU is ``None`` (never downloaded here).
        offline: load models from local folders and the hub cache only (default).

    Returns ``{translator: {"model", "directions": {"eng_Latn-urd_Arab": {"segments", "chrf++",
    "spbleu", "seconds"}}}}``; a translator whose weights are not here gets ``"skipped"`` (the
    reason) and no directions. Raises FileNotFoundError for a missing FLORES file, ConfigError for
    an unknown translator name, ImportError without sacrebleu.
    """
    import sacrebleu

    from summarize.config import Config, load_config
    from summarize.engines.registry import ModelRegistry
    from summarize.errors import ModelNotAvailableError

    if not isinstance(config, Config):  # a models.yaml path, or None for the packaged one
        config = load_config(config)
    registry = ModelRegistry(config, offline=offline)
    names = list(translators) if translators else [n for n, m in config.models.items() if m.task == "translate"]
    codes = list(targets) if targets else list(dict.fromkeys(config.target(t).code for t in config.targets))
    src = read_flores(flores_dir, SOURCE, split)
    if limit:
        src = src[:limit]
    refs = {code: read_flores(flores_dir, code, split)[: len(src)] for code in codes}
    spbleu_tok = _spbleu_tokenizer(spm_model)
    chrf = sacrebleu.CHRF(word_order=2)
    out: dict = {}
    for name in names:
        spec = config.model(name)
        try:
            translator = registry.translator(name)
        except ModelNotAvailableError as exc:  # as part (a) says of a summariser without weights
            out[name] = {"model": spec.model, "skipped": str(exc), "directions": {}}
            continue
        directions = {}
        for code in codes:
            start = time.perf_counter()
            hyps = translator.translate(src, SOURCE, code)
            seconds = time.perf_counter() - start
            ref = refs[code]
            directions[f"{SOURCE}-{code}"] = {
                "segments": len(src),
                "chrf++": round(chrf.corpus_score(hyps, [ref]).score, 2),
                "spbleu": round(spbleu_tok(hyps, ref), 2) if spbleu_tok else None,
                "seconds": round(seconds, 2),
            }
        out[name] = {"model": spec.model, "directions": directions}
    return out


def _spbleu_tokenizer(spm_model):
    """A function (hyps, refs) -> spBLEU, or None when no FLORES-200 SentencePiece model is here."""
    import sacrebleu

    if spm_model is None:
        try:  # sacrebleu keeps the model it downloaded once under ~/.sacrebleu/models
            from sacrebleu.tokenizers.tokenizer_spm import SPM_MODELS
            from sacrebleu.utils import SACREBLEU_DIR

            cached = Path(SACREBLEU_DIR) / "models" / Path(SPM_MODELS["flores200"]["url"]).name
        except Exception:  # noqa: BLE001 - another sacrebleu layout: no spBLEU rather than a crash
            return None
        if not cached.is_file():
            return None
        bleu = sacrebleu.BLEU(tokenize="flores200")
        return lambda hyps, refs: bleu.corpus_score(hyps, [refs]).score
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_model))
    bleu = sacrebleu.BLEU(tokenize="none")

    def score(hyps, refs):
        tok = lambda xs: [" ".join(sp.encode(x, out_type=str)) for x in xs]  # noqa: E731
        return bleu.corpus_score(tok(hyps), [tok(refs)]).score

    return score


# ---------------------------------------------------------------------------------------------
# tables


def segmentation_table(result: dict) -> str:
    rows = ["| language | sentences | boundary recall | marked recall | precision | longest sentence / piece (words) | pieces > 100 words |",
            "|---|---|---|---|---|---|---|"]
    for code, r in result.items():
        rows.append(f"| {code} | {r['sentences']} | {r['recall']:.1%} ({r['found']}/{r['boundaries']}) | "
                    f"{r['marked_recall']:.1%} of {r['marked_boundaries']} | {r['precision']:.1%} | "
                    f"{r['max_sentence_words']} / {r['max_piece_words']} | {r['pieces_over_100']} |")
    return "\n".join(rows)


def checks_table(result: dict) -> str:
    rows = ["| language | segments | flagged | by check |", "|---|---|---|---|"]
    for code, r in result["flags"].items():
        by = ", ".join(f"{k} {v}" for k, v in r["by_check"].items()) or "-"
        rows.append(f"| {code} | {r['segments']} | {r['rate']:.1%} ({r['flagged']}) | {by} |")
    rows += ["", "| reference -> checked as | caught |", "|---|---|"]
    for pair, r in result["swaps"].items():
        rows.append(f"| {pair} | {r['rate']:.1%} ({r['caught']}/{r['segments']}) |")
    left = result.get("left_in") or {}
    if left:
        sizes = list(next(iter(left.values())))
        rows += ["", "| English left in (source words put into the reference) | "
                 + " | ".join(f"{k[1:]} words caught" for k in sizes) + " |",
                 "|---|" + "---|" * len(sizes)]
        for code, per in left.items():
            rows.append(f"| {code} | " + " | ".join(f"{r['rate']:.1%} ({r['caught']}/{r['segments']})"
                                                    for r in per.values()) + " |")
    loops = result.get("loops") or {}
    if loops:
        rows += ["", "| a loop written into the reference (3 words, 3 times) | caught by repetition |", "|---|---|"]
        for code, r in loops.items():
            rows.append(f"| {code} | {r['rate']:.1%} ({r['caught']}/{r['segments']}) |")
    return "\n".join(rows)


def translation_table(result: dict) -> str:
    rows = ["| translator | direction | segments | chrF++ | spBLEU | seconds |", "|---|---|---|---|---|---|"]
    for name, r in result.items():
        if r.get("skipped"):
            rows.append(f"| {name} | skipped: {r['skipped']} | | | | |")
        for d, s in r["directions"].items():
            sp = "n/a" if s["spbleu"] is None else f"{s['spbleu']:.1f}"
            rows.append(f"| {name} | {d} | {s['segments']} | {s['chrf++']:.1f} | {sp} | {s['seconds']:.1f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """The command line; a missing or malformed data file gives one ``error:`` line and exit 2."""
    try:
        return _main(argv)
    except (FileNotFoundError, ValueError) as exc:  # a missing FLORES file, lines that do not match
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flores", required=True, help="FLORES folder (DIR/dev/eng_Latn.dev or DIR/eng_Latn.dev)")
    parser.add_argument("--split", default="dev", help="FLORES split (default dev; devtest is held out)")
    parser.add_argument("--parts", default="segmentation,checks",
                        help="comma-separated: segmentation, checks, translation (default the first two)")
    parser.add_argument("--models", default=None, help="models.yaml for translation (default: the usual lookup)")
    parser.add_argument("--translators", default=None, help="comma-separated translator names (default all)")
    parser.add_argument("--limit", type=int, default=None, help="translate only the first N lines")
    parser.add_argument("--spm", default=None, help="FLORES-200 SentencePiece model for spBLEU")
    parser.add_argument("--examples", type=int, default=5, help="missed/false boundaries and flags shown")
    parser.add_argument("--documents", default=None,
                        help="segmentation: one document id per line (NTREX-128 DOCUMENT_IDS.tsv); "
                             "each document body is a paragraph, its headline left out")
    parser.add_argument("--out", default=None, help="write the results as JSON here")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    results: dict = {"split": args.split, "flores": str(args.flores)}
    if "segmentation" in parts:
        seg = results["segmentation"] = bench_segmentation(args.flores, split=args.split, examples=args.examples,
                                                                documents=args.documents)
        print("## Segmentation\n\n" + segmentation_table(seg) + "\n")
        for code, r in seg.items():
            for kind in ("missed", "false"):
                for ex in r[kind]:
                    print(f"  {code} {kind}: {ex}")
        print()
    if "checks" in parts:
        chk = results["checks"] = bench_checks(args.flores, split=args.split, examples=args.examples)
        print("## QA checks\n\n" + checks_table(chk) + "\n")
        for code, r in chk["flags"].items():
            for ex in r["examples"]:
                print(f"  {code} line {ex['line']} {ex['check']}: {ex['message']}")
        print()
    if "translation" in parts:
        from summarize.config import load_config

        config = load_config(args.models)
        names = args.translators.split(",") if args.translators else None
        tr = results["translation"] = bench_translation(args.flores, config, split=args.split, translators=names,
                                                        limit=args.limit, spm_model=args.spm)
        print("## Translation\n\n" + translation_table(tr) + "\n")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
