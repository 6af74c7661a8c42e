"""Smoke test of benchmarks/quality_text.py (segmentation, QA checks, translation) on a few
FLORES-format lines of our own, with the tiny models."""

from __future__ import annotations

import json

import pytest

from benchmarks import quality_text as Q

LINES = {
    "eng_Latn": ["The talks began on Monday.", "He said: 'We will stay. It is over.'", "Prices rose 2.5 per cent.",
                 "On March 18 the 16th round began."],
    "urd_Arab": ["مذاکرات پیر کو شروع ہوئے۔", "اس نے کہا: 'ہم رہیں گے۔ یہ ختم ہو گیا۔'", "قیمتیں ۲.۵ فیصد بڑھ گئیں-",
                 "18 مارچ کو سولہواں دور شروع ہوا۔"],
    "pbt_Arab": ["خبرې اترې د دوشنبې په ورځ پیل شوې.", "هغه وویل: 'موږ به پاتې شو. دا پای ته ورسید.'",
                 "بیې ۲.۵ سلنه لوړې شوې.", "د مارچ په اتلسمه شپاړسم پړاو پیل شو."],
    "prs_Arab": ["مذاکرات روز دوشنبه آغاز شد.", "او گفت: 'ما می‌مانیم. تمام شد.'", "قیمت‌ها ۲.۵ درصد بالا رفت.",
                 "در ۱۸ مارچ دور شانزدهم آغاز شد."],
}


@pytest.fixture
def flores(tmp_path):
    (tmp_path / "dev").mkdir()
    for code, lines in LINES.items():
        (tmp_path / "dev" / f"{code}.dev").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_segmentation_finds_every_boundary_of_our_lines(flores):
    result = Q.bench_segmentation(flores, per_paragraph=4)
    for code, r in result.items():
        assert r["boundaries"] == 3 and r["paragraphs"] == 1, code
        # the quote holds two sentences: one boundary more than the lines have
        assert (r["recall"], r["marked_recall"], r["made"]) == (1.0, 1.0, 4), (code, r)
        assert r["max_piece_words"] <= 100 and r["pieces_over_100"] == 0


def test_segmentation_by_documents_leaves_each_headline_out(flores, tmp_path):
    ids = tmp_path / "DOCUMENT_IDS.tsv"
    ids.write_text("a\na\nb\nb\n", encoding="utf-8")  # two documents of two lines each
    result = Q.bench_segmentation(flores, ["eng_Latn"], documents=ids)["eng_Latn"]
    # each body is one sentence line: no boundary between lines is left to find
    assert (result["paragraphs"], result["sentences"], result["boundaries"]) == (2, 2, 0)
    # the quote line still holds two sentences: one made-up boundary
    assert result["made"] == 1
    ids.write_text("a\na\n", encoding="utf-8")
    with pytest.raises(ValueError, match="2 document ids for 4 lines of eng_Latn"):
        Q.bench_segmentation(flores, ["eng_Latn"], documents=ids)


def test_checks_pass_our_references_and_catch_swaps(flores):
    result = Q.bench_checks(flores)
    for code, r in result["flags"].items():
        assert r["flagged"] == 0, (code, r["examples"])
    assert result["swaps"]["urd_Arab->pbt_Arab"]["caught"] >= 2  # the two with Urdu letters ے ں
    assert set(result["swaps"]) == {f"{a}->{b}" for a in Q.TARGETS for b in Q.TARGETS if a != b}
    # a loop written into each of our references is caught
    assert {code: (r["segments"], r["caught"]) for code, r in result["loops"].items()} == {c: (4, 4) for c in Q.TARGETS}
    text = Q.checks_table(result)
    assert "urd_Arab->prs_Arab" in text


def test_missing_file_and_length_mismatch_are_clear(flores):
    with pytest.raises(FileNotFoundError, match="devtest/eng_Latn.devtest"):
        Q.bench_segmentation(flores, ["eng_Latn"], split="devtest")
    (flores / "dev" / "prs_Arab.dev").write_text("یک خط.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="1 lines, eng_Latn has 4"):
        Q.bench_checks(flores)


def test_translation_scores_each_direction_with_the_tiny_models(flores, tiny_config, tmp_path):
    import sentencepiece

    from summarize.config import load_config

    text = tmp_path / "spm.txt"
    text.write_text("\n".join(line for lines in LINES.values() for line in lines) * 5, encoding="utf-8")
    sentencepiece.SentencePieceTrainer.train(input=str(text), model_prefix=str(tmp_path / "spm"), vocab_size=120, hard_vocab_limit=False,
                                             character_coverage=1.0, minloglevel=2)
    spm = tmp_path / "spm.model"  # stands in for the FLORES-200 SentencePiece model
    result = Q.bench_translation(flores, load_config(tiny_config), limit=2, spm_model=spm)
    directions = result["tiny-nllb"]["directions"]
    assert set(directions) == {"eng_Latn-urd_Arab", "eng_Latn-pbt_Arab", "eng_Latn-prs_Arab"}
    for d in directions.values():
        assert d["segments"] == 2 and 0 <= d["chrf++"] <= 100 and 0 <= d["spbleu"] <= 100
    # without a FLORES-200 SentencePiece model on this machine, spBLEU is absent, never downloaded
    no_spm = Q.bench_translation(flores, load_config(tiny_config), limit=1, targets=["urd_Arab"])
    assert no_spm["tiny-nllb"]["directions"]["eng_Latn-urd_Arab"]["spbleu"] is None
    assert "tiny-nllb" in Q.translation_table(result)


def test_command_line_prints_tables_and_writes_json(flores, tmp_path, capsys):
    out = tmp_path / "r.json"
    assert Q.main(["--flores", str(flores), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "## Segmentation" in printed and "## QA checks" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["segmentation"]["urd_Arab"]["recall"] == 1.0


def test_quality_driver_takes_short_language_names(flores, tmp_path, capsys):
    # benchmarks/quality.py documents --langs en,ur,ps,prs; FLORES files are named by NLLB code
    from benchmarks import quality

    out = tmp_path / "q.json"
    assert quality.main(["--flores", str(flores), "--langs", "en,ur,ps,prs", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["segmentation"]) == {"eng_Latn", "urd_Arab", "pbt_Arab", "prs_Arab"}
    assert "left_in" in data["checks"]
    printed = capsys.readouterr().out
    assert "| urd_Arab |" in printed and "English left in" in printed  # the tables, not just headers
    with pytest.raises(SystemExit, match="--langs: unknown language 'xx'"):
        quality.main(["--flores", str(flores), "--langs", "xx", "--out", str(out)])


def test_a_missing_data_folder_is_one_error_line(tmp_path, capsys):
    from benchmarks import quality

    for main in (Q.main, quality.main):
        assert main(["--flores", str(tmp_path / "nope"), "--out", str(tmp_path / "out.json")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err == [f"error: {tmp_path / 'nope'}: no dev/eng_Latn.dev or eng_Latn.dev (FLORES layout)"]


def test_quality_driver_runs_the_translation_part_and_skips_a_translator_without_weights(flores, tiny_config, tmp_path, capsys):
    """`benchmarks/quality.py --flores DIR --translation` failed with an AttributeError (it passed
    the models.yaml path where a Config was wanted), and a translator without weights ended the
    run in a traceback, where part (a) says "skipped" (a fresh user's report on docs/quality.md)."""
    from benchmarks import quality
    from summarize.config import load_config

    out = tmp_path / "q.json"
    assert quality.main(["--flores", str(flores), "--translation", "--models", str(tiny_config), "--out", str(out)]) == 0
    assert "| tiny-nllb | eng_Latn-urd_Arab |" in capsys.readouterr().out
    assert set(json.loads(out.read_text(encoding="utf-8"))["translation"]["tiny-nllb"]["directions"]) >= {"eng_Latn-urd_Arab"}
    missing = tmp_path / "missing.yaml"
    missing.write_text(tiny_config.read_text(encoding="utf-8").replace(str(load_config(tiny_config).model("tiny-nllb").model),
                                                                       str(tmp_path / "no-such-model")), encoding="utf-8")
    result = Q.bench_translation(flores, str(missing), limit=1)
    assert "not available" in result["tiny-nllb"]["skipped"] and result["tiny-nllb"]["directions"] == {}
    assert "| tiny-nllb | skipped: " in Q.translation_table(result)
