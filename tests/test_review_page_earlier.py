"""The review page notices decisions this browser saved for an earlier version of the same brief
(a fresh reviewer's report): after a rerun with other machine text the brief has another content
hash, the page saves under another key, and a reopened page showed every cell pending with no
word of the decisions made (and not exported) on the page of the earlier version. Now a banner
says so and exports them; the import records them as stale. Playwright drives Debian's chromium
on brief.html from file:// (as test_review_page_sync.py does)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize.review import import_reviews
from tests.review_helpers import make_review_brief
from tests.test_review_loop import brief_json, write_folder
from tests.test_review_page_sync import EXE, browser, cell, profiles  # noqa: F401 (fixtures)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install -e '.[test]'")
pytestmark = pytest.mark.skipif(EXE is None, reason="chromium not installed: apt-get install chromium")

EDIT = "د پاڼې سمون"


def _rerun_with_other_mt(folder: Path) -> None:
    """The brief written again as a rerun with other machine text does (reviews carried over)."""
    brief = make_review_brief()
    for seg in [brief.title, *brief.segments]:
        for ts in seg.targets.values():
            ts.mt = ts.text = "نوی " + ts.text
    write_folder(brief, folder)


def _decide(page) -> None:
    cell(page, 0, "ur").locator("button[data-act=approve]").click()
    c = cell(page, 1, "ps")
    c.locator("button[data-act=edit]").click()
    area = c.locator("textarea.edit")
    area.fill(EDIT)
    area.press("Control+Enter")
    cell(page, 2, "prs").locator("button[data-act=reject]").click()


def _export_earlier(page, to: Path) -> Path:
    with page.expect_download() as dl:
        page.click("#export-earlier")
    assert dl.value.suggested_filename.startswith("brief.review.earlier-")
    dl.value.save_as(to)
    return to


def test_decisions_saved_for_an_earlier_version_are_offered_for_export_and_import_as_stale(tmp_path, profiles):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    old = brief_json(folder)
    p = profiles()
    page = p.open(folder / "brief.html")
    assert page.locator("#earlier-review").is_hidden()  # nothing saved for another version
    _decide(page)  # saved in this browser, not exported
    page.close()
    _rerun_with_other_mt(folder)
    assert brief_json(folder)["content_hash"] != old["content_hash"]

    page = p.open(folder / "brief.html")
    banner = page.locator("#earlier-review")
    assert banner.is_visible()
    assert "3 decisions made on an earlier version of this brief" in banner.text_content()
    assert all("st-pending" in cell(page, s, t).get_attribute("class") for s, t in ((0, "ur"), (1, "ps"), (2, "prs")))
    saved = _export_earlier(page, tmp_path / "earlier.json")
    assert banner.is_hidden()
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert doc["brief"] == {"id": old["id"], "content_hash": old["content_hash"], "source": old["source"]["path"]}
    assert {(d["segment"], d["target"], d["status"]) for d in doc["decisions"]} == \
        {(0, "ur", "approved"), (1, "ps", "edited"), (2, "prs", "rejected")}
    assert all(d["source"] and d["mt"] for d in doc["decisions"])

    [res] = import_reviews([saved], brief=folder, tm=None)
    assert res.changed == 3 and res.stale == 3, res.describe()
    segs = brief_json(folder)["segments"]
    ur0, ps1, prs2 = segs[0]["targets"]["ur"], segs[1]["targets"]["ps"], segs[2]["targets"]["prs"]
    assert (ur0["review"]["status"], ur0["review"]["previous_status"]) == ("stale", "approved")
    assert (ps1["review"]["status"], ps1["review"]["previous_status"], ps1["text"]) == ("stale", "edited", EDIT)
    assert (prs2["review"]["status"], prs2["review"]["previous_status"]) == ("stale", "rejected")
    page.close()
    page = p.open(folder / "brief.html")  # exported once: not offered again
    assert page.locator("#earlier-review").is_hidden()


def test_a_state_an_older_page_saved_without_sentences_is_offered_too(tmp_path, profiles):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    old = brief_json(folder)
    mt0 = old["segments"][0]["targets"]["ur"]["mt"]
    p = profiles()
    page = p.open(folder / "brief.html")
    # what the page saved before it kept each decision's sentence and offered text
    key = f"summarize-review:{old['id']}:{old['content_hash']}:{old['source']['path']}"
    state = {"version": 1, "reviewer": "Amina", "decisions": {
        "0|ur": {"status": "approved", "text": mt0, "comment": "", "at": "2026-12-01T10:00:00.000Z", "known": [],
                 "shared": False}}}
    page.evaluate("([k, v]) => window.localStorage.setItem(k, v)", [key, json.dumps(state, ensure_ascii=False)])
    page.close()
    _rerun_with_other_mt(folder)
    page = p.open(folder / "brief.html")
    assert "1 decision made on an earlier version" in page.locator("#earlier-review").text_content()
    page.click("#dismiss-earlier")
    assert page.locator("#earlier-review").is_hidden()
    page.reload()
    page.wait_for_selector(".toolbar:not([hidden])")
    saved = _export_earlier(page, tmp_path / "earlier.json")  # "Not now" offers it again next time
    [d] = json.loads(saved.read_text(encoding="utf-8"))["decisions"]
    assert (d["source"], d["mt"], d["text"]) == (None, None, mt0)
    [res] = import_reviews([saved], brief=folder, tm=None)
    ur0 = brief_json(folder)["segments"][0]["targets"]["ur"]
    # an approval of a text the brief offered before: stale, as from an XLIFF (not an edit of the old text)
    assert (ur0["review"]["status"], ur0["review"]["previous_status"], ur0["review"]["by"]) == ("stale", "approved", "Amina")
    assert ur0["text"] != mt0
