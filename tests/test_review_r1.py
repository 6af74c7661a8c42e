"""A fresh reviewer's report (r1):

1. a rerun with ``--no-translate`` or a narrower ``--targets`` dropped ``earlier`` for good, so
   an untouched XLIFF from before the reruns imported as edits of every unit;
2. the brief's own XLIFF from before a rerun (or its ``imported/`` copy) cleared ``stale`` on an
   edited segment: the reviewed text, final and approved, as the brief wrote it, read as an edit;
3. a CAT tool that drops ``from`` on ``<note>`` made the brief's own QA and back-translation
   notes come back as reviewer comments;
4. a page export saved with a UTF-8 byte order mark was refused as XML;
5. the page's Approve on a stale edited cell was counted ``approved`` while stored ``edited``,
   and a comment alone (pending) went ``stale`` over a rerun.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from summarize.review import import_reviews, review_status
from summarize.tm import SqliteTM
from tests.review_helpers import make_review_brief
from tests.test_kept_edits import _translated
from tests.test_review_kept import _batch
from tests.test_review_loop import OtherTranslator, brief_json, cat_tool_edit, page_export, snapshot, write_folder


EDIT_UR = "سڑک کا منصوبہ منظور ہو گیا۔"


def _herat(tmp_path: Path) -> tuple[Path, Path, Path]:
    """``(src, out, folder)``: the Herat article briefed (ur, ps, prs) by a batch."""
    return _translated(tmp_path)


def _earlier(data: dict, short: str) -> dict[str, list[str]]:
    segs = [("title", data["title"])] + [(str(s["index"]), s) for s in data["segments"]]
    return {k: s["targets"][short].get("earlier") for k, s in segs}


@pytest.mark.parametrize("between", [{"translate": False}, {"targets": "ur"}], ids=["no-translate", "narrower-targets"])
def test_earlier_offers_survive_a_rerun_that_does_not_translate_the_target(tmp_path, between):
    src, out, folder = _herat(tmp_path)
    old = tmp_path / "old.ps.xlf"
    shutil.copy(folder / "brief.ps.xlf", old)
    first = _batch(src, out, translator=OtherTranslator())
    want = _earlier(first, "ps")
    assert all(want.values())
    mid = _batch(src, out, translator=OtherTranslator(), **between)
    assert "ps" in {r["target"] for r in mid["retired_offers"]}
    data = _batch(src, out, translator=OtherTranslator())
    assert _earlier(data, "ps") == want  # retired and restored, as reviews are
    assert "retired_offers" not in data
    before = snapshot(folder)
    [res] = import_reviews([old], brief=folder, tm=SqliteTM(tmp_path / "tm.sqlite"))
    assert (res.decisions, res.comments, res.changed) == (0, 0, 0)  # the old file decides nothing
    assert snapshot(folder) == before
    assert SqliteTM(tmp_path / "tm.sqlite").entries() == []  # no machine text in the memory


def test_earlier_offers_of_a_sentence_that_leaves_the_summary_come_back_with_it(tmp_path):
    src, out, folder = _herat(tmp_path)
    first = _batch(src, out, translator=OtherTranslator())
    want = _earlier(first, "ur")
    shorter = _batch(src, out, translator=OtherTranslator(), sentences=2)
    assert [(r["segment"], r["target"]) for r in shorter["retired_offers"]] == [(2, "ur"), (2, "ps")]
    assert _earlier(_batch(src, out, translator=OtherTranslator()), "ur") == want


@pytest.mark.parametrize("copy", ["rewritten", "imported"])
def test_the_briefs_own_xliff_from_before_a_rerun_leaves_a_stale_edit_stale(tmp_path, copy):
    src, out, folder = _herat(tmp_path)
    xlf = folder / "brief.ur.xlf"
    cat_tool_edit(xlf, xlf, edit={"0": EDIT_UR}, approve=[], reject=[])  # edited in place, as a CAT tool saves
    import_reviews([xlf], brief=folder)
    saved = tmp_path / "saved.ur.xlf"
    shutil.copy(xlf if copy == "rewritten" else next((folder / "imported").glob("brief.ur.*.xlf")), saved)
    _batch(src, out, translator=OtherTranslator())
    assert review_status(folder)["total"]["ur"]["stale"] == 1
    before = snapshot(folder)
    [res] = import_reviews([saved], brief=folder)
    assert (res.decisions, res.comments, res.changed) == (0, 0, 0)
    assert snapshot(folder) == before
    assert review_status(folder)["total"]["ur"]["stale"] == 1
    # the brief's file of now (it notes the stale segment), confirmed in a CAT tool: an edit again
    conf = cat_tool_edit(xlf, tmp_path / "confirmed.ur.xlf", edit={}, approve=["0"], reject=[])
    [res] = import_reviews([conf], brief=folder)
    assert res.by_status == {"edited": 1} and res.changed == 1
    counts = review_status(folder)["total"]["ur"]
    assert (counts["edited"], counts["stale"]) == (1, 0)


def test_the_briefs_own_notes_without_from_are_no_comments(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    files = []
    for short in ("ur", "ps"):
        text = (folder / f"brief.{short}.xlf").read_text(encoding="utf-8")
        assert '<note from="qa">' in text or '<note from="back-translation">' in text
        nofrom = tmp_path / f"nofrom.{short}.xlf"
        nofrom.write_text(re.sub(r'<note from="[a-z-]+">', "<note>", text), encoding="utf-8")
        files.append(nofrom)
    before = snapshot(folder)
    results = import_reviews(files, brief=folder)
    assert [(r.decisions, r.comments, r.changed) for r in results] == [(0, 0, 0), (0, 0, 0)]
    assert snapshot(folder) == before
    # a note of the reviewer's own without from is still a comment
    text = files[0].read_text(encoding="utf-8")
    files[0].write_text(text.replace("</trans-unit>", "<note>check the date</note></trans-unit>", 1), encoding="utf-8")
    [res] = import_reviews([files[0]], brief=folder)
    assert (res.comments, res.changed) == (1, 1)
    data = brief_json(folder)
    reviews = [ts["review"] for s in [data["title"], *data["segments"]] for ts in s["targets"].values() if ts.get("review")]
    assert [r["comment"] for r in reviews] == ["check the date"]


def test_the_stale_note_without_from_is_no_comment(tmp_path):
    src, out, folder = _herat(tmp_path)
    xlf = folder / "brief.ur.xlf"
    import_reviews([cat_tool_edit(xlf, tmp_path / "ed.ur.xlf", edit={"0": EDIT_UR}, approve=[], reject=[])], brief=folder)
    _batch(src, out, translator=OtherTranslator())
    text = xlf.read_text(encoding="utf-8")
    assert '<note from="summarize">' in text
    nofrom = tmp_path / "nofrom.ur.xlf"
    nofrom.write_text(re.sub(r'<note from="[a-z-]+">', "<note>", text), encoding="utf-8")
    [res] = import_reviews([nofrom], brief=folder)
    assert (res.decisions, res.comments, res.changed) == (0, 0, 0)
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["review"]["comment"] is None


def test_a_page_export_with_a_utf8_byte_order_mark_is_read(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    data = brief_json(folder)
    mt = data["segments"][0]["targets"]["ur"]["mt"]
    doc = page_export(data, [{"segment": 0, "target": "ur", "status": "approved", "text": mt, "mt": mt,
                              "at": "2026-12-31T10:00:00.000Z"}])
    bom = tmp_path / "bom.review.json"
    bom.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8-sig")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    [res] = import_reviews([bom], brief=folder)
    assert res.kind == "page" and res.by_status == {"approved": 1} and res.changed == 1


def test_the_pages_approve_on_a_stale_edited_cell_is_counted_as_stored(tmp_path):
    src, out, folder = _herat(tmp_path)
    import_reviews([cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "ed.ur.xlf", edit={"0": EDIT_UR}, approve=[],
                                  reject=[])], brief=folder)
    data = _batch(src, out, translator=OtherTranslator())
    ts = data["segments"][0]["targets"]["ur"]
    assert ts["review"]["status"] == "stale" and ts["text"] == EDIT_UR
    page = tmp_path / "brief.review.json"
    page.write_text(json.dumps(page_export(data, [{"segment": 0, "target": "ur", "status": "approved",
                                                   "text": EDIT_UR, "mt": ts["mt"],
                                                   "at": "2026-12-31T10:00:00.000Z"}])), encoding="utf-8")
    for _ in range(2):  # the same counts on a second import
        [res] = import_reviews([page], brief=folder)
        assert res.by_status == {"edited": 1}
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["review"]["status"] == "edited"


def test_a_comment_alone_does_not_go_stale_over_a_rerun(tmp_path):
    src, out, folder = _herat(tmp_path)
    data = brief_json(folder)
    page = tmp_path / "brief.review.json"
    page.write_text(json.dumps(page_export(data, [{"segment": 1, "target": "ur", "status": "pending",
                                                   "text": data["segments"][1]["targets"]["ur"]["mt"],
                                                   "comment": "ask the desk", "at": "2026-12-31T10:00:00.000Z"}])),
                    encoding="utf-8")
    [res] = import_reviews([page], brief=folder)
    assert res.comments == 1
    new = _batch(src, out, translator=OtherTranslator())
    ts = new["segments"][1]["targets"]["ur"]
    assert ts["review"]["status"] == "pending" and ts["review"]["comment"] == "ask the desk"
    assert ts["text"] == ts["mt"] and ts["mt"].startswith("urd_Arab~")
    assert "stale" not in [f["code"] for f in ts["flags"]]
    counts = review_status(folder)["total"]["ur"]
    assert counts["stale"] == 0
