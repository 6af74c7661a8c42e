"""Smoke test of benchmarks/quality.py parts (a) summaries and (d) cleaner on a few articles of
our own, and of the driver: a table printed, a JSON file written, bad data refused in one line."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("rouge_score")

from benchmarks import quality  # noqa: E402
from benchmarks.quality_news import DataError, bench_cleaner, bench_summaries, read_jsonl, score_summaries  # noqa: E402

ARTICLES = [
    {
        "id": "a1",
        "article": "Floods cut the main road to Jalalabad on Monday, officials said. Rain fell for three days "
                   "across the province. Trucks waited at the flooded road near Jalalabad. Engineers said the road "
                   "would reopen on Friday. Scroll down for video. A local market reopened on Tuesday.",
        "highlights": "Floods cut the road to Jalalabad on Monday .\nEngineers say it will reopen on Friday .",
    },
    {
        "id": "a2",
        "article": "By Tuesday, Kabul had reopened its schools. Teachers returned to classrooms across the city on Wednesday morning. "
                   "Parents welcomed the decision, the ministry said. Teachers returned to classrooms across the "
                   "city on Wednesday morning (pictured). Read more: Schools in the region .",
        "highlights": "Kabul reopened its schools on Tuesday .\nTeachers returned to classrooms .",
    },
]


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def test_rouge_is_rouge_score_f1_and_perfect_for_the_reference():
    scored = score_summaries([["Floods cut the road ."], ["Nothing alike here ."]],
                             ["Floods cut the road .", "Floods cut the road ."])
    assert scored["per_article"]["rouge1"][0] == pytest.approx(100.0)
    assert scored["per_article"]["rouge2"][1] == 0.0
    lo, hi = scored["rouge1"]["ci95"]
    assert lo <= scored["rouge1"]["f1"] <= hi


def test_summaries_part_scores_lead3_and_every_extractive_algorithm(data):
    result = bench_summaries(data, limit=None, log=lambda _: None)
    systems = result["systems"]
    assert {"lead-3", "extractive", "extractive[lead]", "extractive[textrank]"} <= set(systems)
    for r in systems.values():
        assert 0 < r["rouge1"]["f1"] <= 100 and r["words"] > 0
        assert sum(r["vs_lead3_rouge1"].values()) == len(ARTICLES)
    # the seq2seq summariser has no weights here: reported as skipped, not scored
    assert "distilbart-cnn" in result["skipped"]


def test_cleaner_part_lists_each_removed_line_with_its_rule(data):
    result = bench_cleaner(data, limit=None, log=lambda _: None)
    removed = {(r["rule"], r["text"]) for r in result["removed"]}
    assert ("advertisement", "Scroll down for video.") in removed
    assert ("read-more", "Read more: Schools in the region .") in removed
    assert ("repeated-caption", "Teachers returned to classrooms across the city on Wednesday morning (pictured).") in removed
    assert not any("By Tuesday" in text for _, text in removed)  # an article sentence, kept
    assert result["lines"] == 11 and result["by_rule"]["advertisement"] == 1


def test_driver_prints_a_table_and_writes_json(data, tmp_path, capsys):
    out = tmp_path / "q.json"
    assert quality.main(["--summaries", str(data), "--cleaner", str(data), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "lead-3" in printed and "(d) cleaner" in printed
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["summaries"]["data"]["articles"] == 2 and payload["cleaner"]["lines"] == 11


def test_bad_data_is_a_one_line_error(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article": "x"}\n', encoding="utf-8")
    assert quality.main(["--summaries", str(bad), "--out", str(tmp_path / "q.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == f"error: {bad}:1: no string field 'highlights' (CNN/DailyMail names: article, highlights)"
    with pytest.raises(DataError, match="no such file"):
        read_jsonl(tmp_path / "missing.jsonl", ("article",))


#: Two saved pages of our own, in the article-extraction-benchmark layout: each marked body is its
#: <p> paragraphs but the furniture ("Follow us on Twitter", a copyright line).
PAGE_BODIES = {
    "p1": ["Floods cut the main road to Jalalabad on Monday, officials said, and trucks waited for two days.",
           "Engineers from the provincial office said the road would reopen on Friday if the rain stopped.",
           "A local market reopened on Tuesday, and traders said prices of flour had risen by a tenth."],
    "p2": ["Teachers returned to classrooms across Kabul on Wednesday morning after the winter holiday ended.",
           "Parents welcomed the decision, the ministry said, and more than forty schools opened their gates.",
           "The ministry said books would reach the northern districts before the end of the month."],
}
PAGE_FURNITURE = ["Follow us on Twitter", "Copyright 2026 The Valley Times. All rights reserved."]


def _pages(tmp_path):
    import gzip

    folder = tmp_path / "pages"
    (folder / "html").mkdir(parents=True)
    truth = {}
    for n, (key, body) in enumerate(PAGE_BODIES.items()):
        paras = "".join(f"<p>{p}</p>" for p in body + PAGE_FURNITURE)
        page = f"<html><head><title>Page {key}</title></head><body><article><h1>Headline {key}</h1>{paras}</article></body></html>"
        if n:
            (folder / "html" / f"{key}.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
        else:
            (folder / "html" / f"{key}.html").write_text(page, encoding="utf-8")
        truth[key] = {"articleBody": "\n".join(body), "url": f"https://example.org/{key}"}
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return folder


def test_html_part_scores_the_reader_and_the_cleaner_against_the_marked_body(tmp_path):
    from benchmarks.quality_html import bench_html

    result = bench_html(_pages(tmp_path), log=lambda _: None)
    assert result["pages"] == 2 and result["refused"] == []
    # the reader keeps every marked sentence and the two furniture lines; the cleaner drops those
    assert result["reader"]["recall"]["value"] == pytest.approx(1.0)
    assert result["reader"]["precision"]["value"] < 0.95
    assert result["cleaned"]["precision"]["value"] == pytest.approx(1.0)
    assert result["cleaned"]["recall"]["value"] == pytest.approx(1.0)
    assert result["by_rule"] == {"copyright": 2, "share-follow": 2}
    assert result["removed_marked"] == [] and result["kept_unmarked"] == []


def test_html_part_lists_a_removed_marked_line_and_a_kept_unmarked_one(tmp_path):
    from benchmarks.quality_html import bench_html

    folder = _pages(tmp_path)
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    truth["p1"]["articleBody"] += "\nCopyright 2026 The Valley Times. All rights reserved."  # marked as body
    truth["p2"]["articleBody"] = "\n".join(PAGE_BODIES["p2"][:2])  # the last paragraph not marked
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    result = bench_html(folder, log=lambda _: None)
    assert [(r["page"], r["rule"]) for r in result["removed_marked"]] == [("p1", "copyright")]
    assert [(r["page"], r["index"]) for r in result["kept_unmarked"]] == [("p2", 2)]
    assert result["cleaned"]["recall"]["value"] < 1.0 and result["cleaned"]["precision"]["value"] < 1.0


def test_shingle_shares_match_the_benchmark_definition():
    from benchmarks.quality_html import page_scores, shingle_shares

    assert shingle_shares("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = shingle_shares("one two three four five", "one two three four")  # 2 true shingles, 1 found
    assert (tp, fp, fn) == pytest.approx((1 / 2, 0.0, 1 / 2))
    assert shingle_shares("", "") == (0.0, 0.0, 0.0)
    scores = page_scores([(1.0, 0.0, 0.0), (0.5, 0.0, 0.5)])
    assert scores["precision"] == pytest.approx(1.0) and scores["recall"] == pytest.approx(0.75)
    assert scores["f1"] == pytest.approx(2 * 0.75 / 1.75)


def test_html_part_refuses_a_folder_without_its_files(tmp_path, capsys):
    from benchmarks.quality_html import read_pages

    with pytest.raises(DataError, match="ground-truth.json: no such file"):
        read_pages(tmp_path)
    folder = _pages(tmp_path)
    (folder / "html" / "p1.html").unlink()
    with pytest.raises(DataError, match=r"p1\.html: no such file \(nor \.html\.gz\)"):
        read_pages(folder)
    assert quality.main(["--html", str(folder), "--out", str(tmp_path / "q.json")]) == 2
    assert "p1.html: no such file" in capsys.readouterr().err


def test_driver_runs_the_html_part(tmp_path, capsys):
    out = tmp_path / "q.json"
    assert quality.main(["--html", str(_pages(tmp_path)), "--out", str(out)]) == 0
    assert "(f) HTML pages with a marked article body: 2 pages" in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["html"]["pages"] == 2
