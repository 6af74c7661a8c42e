"""The memory follows what a review took back, and keeps who and when it knows (a fresh
reviewer's report): Undo on the page withdraws the text this brief's review put in the memory;
an OmegaT round trip where nobody edits decides nothing, line breaks and all; ``tm import`` of a
brief's own TMX keeps the review's attribution and counts the same text as already there."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.review import import_reviews
from summarize.tm import SqliteTM, TMEntry
from summarize.tm.tmx import import_tmx, read_tmx_pairs
from tests.test_review_loop import brief_json
from tests.test_review_user_b import EDIT, _cell, _client_tmx, _herat, _page, _ps

T1 = "2026-12-03T10:00:00.000Z"
T2 = "2026-12-03T10:05:00.000Z"


def _entry(tm, source: str) -> TMEntry | None:
    return next((e for e in SqliteTM(tm).entries() if e.source == source and e.target_lang == "pbt_Arab"), None)


def _edit_then_undo(tmp_path, between=None):
    src, out, folder, tm = _herat(tmp_path)
    source = brief_json(folder)["segments"][0]["source"]
    page = _page(folder, [_cell(folder, "0", "ps", "edited", EDIT, T1)], tmp_path, "edit.json")
    import_reviews([page], brief=folder, tm=SqliteTM(tm), reviewer=None)
    e = _entry(tm, source)
    assert (e.target, e.status, e.origin, e.at) == (EDIT, "edited", "review:herat", T1)
    if between is not None:
        between(tm, source)
    undo = _page(folder, [_cell(folder, "0", "ps", "pending", None, T2, known=[T1])], tmp_path, "undo.json")
    [res] = import_reviews([undo], brief=folder, tm=SqliteTM(tm))
    assert res.describe().startswith("1 decision (1 pending): 1 changed")
    assert _ps(folder, "0")["review"]["status"] == "pending"
    return tm, source


def test_undo_on_the_page_withdraws_the_edit_from_the_memory(tmp_path):
    tm, source = _edit_then_undo(tmp_path)
    assert _entry(tm, source) is None
    assert SqliteTM(tm).lookup([source], "eng_Latn", "pbt_Arab") == [None]  # no other brief is pre-filled with it


def test_undo_leaves_an_entry_that_came_from_elsewhere(tmp_path):
    def client(tm, source):  # a client's memory gives the sentence another translation meanwhile
        import_tmx(SqliteTM(tm), _client_tmx(tmp_path / "client.tmx", [(source, "د کلاینټ ژباړه")]))

    tm, source = _edit_then_undo(tmp_path, client)
    e = _entry(tm, source)
    assert (e.target, e.origin) == ("د کلاینټ ژباړه", "tmx:client.tmx")


def test_undo_leaves_the_same_text_stored_by_another_review(tmp_path):
    def other(tm, source):  # another brief's reviewer stores the same text, later
        SqliteTM(tm).add([TMEntry(source, EDIT, "eng_Latn", "pbt_Arab", "edited", "review:other", "Nadia",
                                  "2026-12-03T10:02:00Z")])

    tm, source = _edit_then_undo(tmp_path, other)
    e = _entry(tm, source)
    assert (e.target, e.origin, e.by) == (EDIT, "review:other", "Nadia")


def test_a_brief_tmx_imported_into_the_memory_keeps_the_reviews_who_and_when(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    source = brief_json(folder)["segments"][0]["source"]
    page = _page(folder, [_cell(folder, "0", "ps", "edited", EDIT, T1)], tmp_path, "edit.json")
    import_reviews([page], brief=folder, tm=SqliteTM(tm))
    before = _entry(tm, source)
    assert (before.by, before.at) == ("Nadia", T1)
    # the brief's TMX says who and when on the reviewed unit's target
    [pair] = [p for p in read_tmx_pairs(folder / "brief.ps.tmx") if p["tuid"] == "0"]
    assert (pair["by"], pair["at"]) == ("Nadia", "2026-12-03T10:00:00Z")
    res = import_tmx(SqliteTM(tm), folder / "brief.ps.tmx")
    assert (res.stored, res.unchanged) == (0, 1), res.describe()
    assert _entry(tm, source) == before
    # a TMX that says neither who nor when (a brief's TMX written before, a client's) with the
    # same text and status is already in the memory: it erases nothing
    SqliteTM(tm).store([TMEntry(source, EDIT, "eng_Latn", "pbt_Arab", "edited", "tmx:old.tmx")])
    assert _entry(tm, source) == before
    counts = SqliteTM(tm).store([TMEntry(source, EDIT, "eng_Latn", "pbt_Arab", "edited", "tmx:old.tmx")])
    assert (counts.added, counts.updated, counts.unchanged) == (0, 0, 1)
    # another text, or another status, still replaces it
    SqliteTM(tm).store([TMEntry(source, EDIT, "eng_Latn", "pbt_Arab", "approved", "tmx:client.tmx")])
    assert (_entry(tm, source).status, _entry(tm, source).by) == ("approved", None)


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (Debian: apt-get install omegat)")
def test_an_omegat_round_trip_nobody_edits_keeps_a_line_broken_edit(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    edit = "پہلی کرښه\nدويمه کرښه"
    page = _page(folder, [_cell(folder, "0", "ps", "edited", edit, T1)], tmp_path, "edit.json")
    import_reviews([page], brief=folder, tm=SqliteTM(tm))
    before = _ps(folder, "0")
    memory = SqliteTM(tm).entries()
    res = CliRunner().invoke(main, ["review", "omegat", str(folder), "-o", str(tmp_path / "om"), "-t", "ps"])
    assert res.exit_code == 0, res.output
    project = tmp_path / "om" / "herat.ps"
    run = subprocess.run(["omegat", str(project), "--mode=console-translate"], capture_output=True, text=True,
                         timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    save = project / "omegat" / "project_save.tmx"
    shutil.copy(project / "herat.ps-omegat.tmx", save)
    res = CliRunner().invoke(main, ["review", "import", str(save), "--tm", str(tm)])
    assert res.exit_code == 0, res.output
    assert "0 changed" in res.output and "edited" not in res.output, res.output
    after = _ps(folder, "0")
    assert after["text"] == edit and after["review"] == before["review"]
    assert SqliteTM(tm).entries() == memory


def test_undo_of_an_approved_memory_match_leaves_it_in_the_memory(tmp_path):
    from tests.test_review_loop import _batch
    from tests.test_review_user_b import PS_CLIENT

    src, out, folder, tm = _herat(tmp_path)
    seg2 = brief_json(folder)["segments"][2]["source"]
    import_tmx(SqliteTM(tm), _client_tmx(tmp_path / "client.tmx", [(seg2, PS_CLIENT)]))
    assert _batch(src, out, tm=tm, force=True).exit_code == 0
    assert _ps(folder, "2")["origin"] == "tm"
    page = _page(folder, [_cell(folder, "2", "ps", "approved", PS_CLIENT, T1)], tmp_path, "approve.json")
    import_reviews([page], brief=folder, tm=SqliteTM(tm))
    assert _entry(tm, seg2).origin == "review:herat"
    undo = _page(folder, [_cell(folder, "2", "ps", "pending", None, T2, known=[T1])], tmp_path, "undo.json")
    import_reviews([undo], brief=folder, tm=SqliteTM(tm))
    assert _ps(folder, "2")["review"]["status"] == "pending"
    assert _entry(tm, seg2).target == PS_CLIENT  # the client's translation was in the memory before
