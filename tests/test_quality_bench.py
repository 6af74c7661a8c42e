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
