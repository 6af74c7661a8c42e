"""A fresh user's report: reviews were lost over a `--no-translate` rerun between two translated
runs (every review went into `retired_reviews` and stayed there). A retired review whose segment
comes back (same source text, same target) is restored as a carried-over review would be."""

from __future__ import annotations

import io
import json
from pathlib import Path

from summarize.config import load_config, packaged_default_path
from summarize.review import import_reviews, review_status
from summarize.tm import SqliteTM, tm_path
from tests.fakes import FirstSentencesSummarizer, TaggingTranslator
from tests.test_fresh_user import run
from tests.test_review_loop import ARTICLE, OtherTranslator, brief_json, cat_tool_edit, units

EDIT_UR = "سڑک کا منصوبہ منظور ہو گیا۔"


def _batch(src, out, *, targets="ur,ps", translate=True, sentences=3, translator=None, tm=None):
    from summarize.jobs.batch import BatchOptions, run_batch
    from summarize.settings import Settings

    settings = Settings.from_options(config=load_config(packaged_default_path()), targets=targets if translate else None, translate=translate,
                                     tm=tm if translate else None, no_tm=tm is None or not translate)
    res = run_batch([src], settings, out, BatchOptions(force=True), stream=io.StringIO(), handle_signals=False,
                    use_summarizer=FirstSentencesSummarizer(sentences), use_translator=translator or TaggingTranslator())
    assert res.exit_code == 0
    return brief_json(out / "herat")


def _reviews(data: dict) -> dict[tuple[str, str], dict]:
    """``{(segment, target): target segment}`` of every reviewed target segment."""
    segs = [("title", data["title"])] + [(str(s["index"]), s) for s in data["segments"]]
    return {(k, short): ts for k, s in segs for short, ts in s["targets"].items() if ts.get("review")}


def _reviewed_brief(tmp_path: Path, **kw) -> tuple[Path, Path, dict]:
    """A translated brief (ur, ps) of ARTICLE with reviews: Urdu title approved, segment 0 edited
    with a comment, segment 1 rejected; Pashto segment 2 approved by Amina."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "herat.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    _batch(src, out, **kw)
    folder = out / "herat"
    ur = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "herat.ur.xlf", edit={"0": EDIT_UR}, approve=["title"],
                       reject=["1"], comment={"0": "the plan, not the road", "1": "wrong verb"})
    ps = cat_tool_edit(folder / "brief.ps.xlf", tmp_path / "herat.ps.xlf", edit={}, approve=["2"], reject=[])
    import_reviews([ur, ps], brief=folder, tm=SqliteTM(tm_path()), reviewer="Amina")
    reviewed = brief_json(folder)
    assert len(_reviews(reviewed)) == 4
    return src, out, reviewed


def test_reviews_come_back_after_a_no_translate_rerun_and_survive_alternations(tmp_path):
    src, out, reviewed = _reviewed_brief(tmp_path)
    want = _reviews(reviewed)
    for translate in (False, True, False, False, True, True):
        data = _batch(src, out, translate=translate)
        if not translate:  # nothing to show, nothing lost: every review is kept, retrievable
            assert _reviews(data) == {}
            kept = {((r["segment"] if r["segment"] == "title" else str(r["segment"])), r["target"]): r
                    for r in data["retired_reviews"]}
            assert set(kept) == set(want) and len(data["retired_reviews"]) == len(want)
            for key, ts in want.items():
                assert {k: kept[key][k] for k in ("text", "mt", "origin", "review")} == \
                       {k: ts[k] for k in ("text", "mt", "origin", "review")}
            continue
        assert _reviews(data) == want  # text, mt, origin, review, flags: as reviewed
        assert "retired_reviews" not in data
        folder = out / "herat"
        assert (folder / "summary.ur.txt").read_text(encoding="utf-8").splitlines()[2] == EDIT_UR
        xlf = units((folder / "brief.ur.xlf").read_bytes())
        assert xlf["0"].get("approved") == "yes" and xlf["title"].get("approved") == "yes"
        counts = review_status(out)["total"]
        assert (counts["ur"]["approved"], counts["ur"]["edited"], counts["ur"]["rejected"]) == (1, 1, 1)
        assert counts["ps"]["approved"] == 1


def test_with_the_memory_a_restored_review_keeps_its_reviewer_and_comment(tmp_path):
    """The memory gives the reviewed text back as origin tm; the review (by, comment, status) is
    restored onto it as well."""
    src, out, reviewed = _reviewed_brief(tmp_path, tm=tm_path())
    _batch(src, out, translate=False, tm=tm_path())
    data = _batch(src, out, tm=tm_path())
    got = _reviews(data)
    assert got == _reviews(reviewed)
    assert got[("0", "ur")]["review"]["by"] == "Amina" and got[("0", "ur")]["review"]["comment"] == "the plan, not the road"
    assert got[("0", "ur")]["origin"] == "review"


def test_a_restored_review_goes_stale_when_the_new_mt_differs(tmp_path):
    src, out, reviewed = _reviewed_brief(tmp_path)
    _batch(src, out, translate=False)
    data = _batch(src, out, translator=OtherTranslator())
    seg0 = data["segments"][0]["targets"]["ur"]
    assert seg0["text"] == EDIT_UR and seg0["mt"].startswith("urd_Arab~")
    assert seg0["review"]["status"] == "stale" and seg0["review"]["previous_status"] == "edited"
    assert seg0["review"]["comment"] == "the plan, not the road"
    assert "stale" in [f["code"] for f in seg0["flags"]]
    assert "retired_reviews" not in data


def test_reviews_of_a_target_left_out_come_back_with_it(tmp_path):
    src, out, reviewed = _reviewed_brief(tmp_path)
    only_ur = _batch(src, out, targets="ur")
    assert [r["target"] for r in only_ur["retired_reviews"]] == ["ps"]
    assert _batch(src, out)["segments"][2]["targets"]["ps"] == reviewed["segments"][2]["targets"]["ps"]


def test_a_sentence_that_leaves_the_summary_and_comes_back_gets_its_review_back(tmp_path):
    src, out, reviewed = _reviewed_brief(tmp_path)
    shorter = _batch(src, out, sentences=2)  # segment 2 (Pashto approved) is no longer in the summary
    assert [(r["segment"], r["target"]) for r in shorter["retired_reviews"]] == [(2, "ps")]
    data = _batch(src, out, sentences=3)
    assert data["segments"][2]["targets"]["ps"] == reviewed["segments"][2]["targets"]["ps"]
    assert "retired_reviews" not in data


def test_a_retired_review_of_the_title_comes_back_only_onto_the_title(tmp_path):
    """A summary sentence with the text of a title that retired (a rerun that read the first line
    as a sentence) does not take the title's review."""
    from summarize.brief import Brief
    from summarize.review.carry import carry_reviews

    src, out, reviewed = _reviewed_brief(tmp_path)
    untranslated = _batch(src, out, translate=False)
    brief = Brief.from_dict(reviewed)
    for seg in [brief.title, *brief.segments]:
        for ts in seg.targets.values():
            ts.review, ts.text, ts.origin = None, ts.mt, "mt"
    brief.segments[0].source, brief.title.source = reviewed["title"]["source"], "Another title"
    carry_reviews(brief, untranslated)
    assert brief.segments[0].targets["ur"].review is None and brief.title.targets["ur"].review is None
    assert [r["target"] for r in brief.retired_reviews if r["segment"] == "title"] == ["ur"]


def test_the_cli_loop_of_the_report(tiny_config, tmp_path, monkeypatch):
    """run -> review import -> run --no-translate -> run, through the CLI with the tiny models,
    with and without the memory: the reviews are back, status counts them."""
    from tests.conftest import SEED

    monkeypatch.setenv("SUMMARIZE_THREADS", "1")
    for memory in ([], ["--no-tm"]):
        out = tmp_path / f"out{len(memory)}"
        base = ["run", SEED, "--models", tiny_config, "--offline", "--targets", "ur", "-o", out, *memory]
        assert run(*base).exit_code == 0
        folder = out / "afghan-truce"
        ids = list(units((folder / "brief.ur.xlf").read_bytes()))
        edited = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / f"a{len(memory)}.ur.xlf",
                               edit={ids[1]: "جنگ بندی پر بات چیت ہوئی۔"}, approve=[ids[0]], reject=[],
                               comment={ids[1]: "shorter"})
        res = run("review", "import", edited, "--brief", folder, "--reviewer", "Amina", *memory)
        assert res.exit_code == 0, res.output
        reviewed = _reviews(brief_json(folder))
        assert run(*base, "--no-translate").exit_code == 0
        res = run("review", "status", folder)
        assert res.exit_code == 0 and "2 earlier reviews kept in brief.json (retired_reviews)" in res.stdout
        assert run(*base).exit_code == 0
        assert _reviews(brief_json(folder)) == reviewed
        assert "جنگ بندی پر بات چیت ہوئی۔" in (folder / "summary.ur.txt").read_text(encoding="utf-8")
        counts = json.loads(run("review", "status", folder, "--json").stdout)["total"]["ur"]
        assert (counts["approved"], counts["edited"]) == (1, 1)
