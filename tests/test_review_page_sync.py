"""The review page and brief.json agree (user B's reports 2, 3 and 11), with Playwright driving
Debian's chromium on brief.html from file://:

2. an Export from a page nobody touched, of a brief whose reviews went stale, took every stale
   review back on import (the reviewer's edited text gone from every file);
3. the page's saved state (localStorage) hid a review that came into brief.json since (a
   colleague's XLIFF), and one Export erased it; a page left open across that import does not
   erase it either: the import keeps the newer review and says so;
11. Approve (or `a`) on an edited cell did nothing without a word.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize.brief import Review
from summarize.review import import_reviews
from tests.review_helpers import find_chromium, make_review_brief
from tests.test_review_loop import brief_json, cat_tool_edit, snapshot, write_folder

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install -e '.[test]'")
EXE = find_chromium()
pytestmark = pytest.mark.skipif(EXE is None, reason="chromium not installed: apt-get install chromium")

EDIT = "یہ ترجمہ درست کیا گیا ہے۔"
COLLEAGUE = "ساتھی کا ترجمہ"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=EXE, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class Profile:
    """One browser profile (a context: its own localStorage), opening brief.html pages."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        # Playwright's 30 s default: one action overran it once while four suites shared two cores
        self.context.set_default_timeout(120_000)
        self.errors: list[str] = []

    def open(self, path: Path):
        page = self.context.new_page()
        page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.goto(path.as_uri())
        page.wait_for_selector(".toolbar:not([hidden])")
        return page

    def close(self):
        self.context.close()


@pytest.fixture
def profiles(browser):
    made: list[Profile] = []

    def make() -> Profile:
        made.append(Profile(browser))
        return made[-1]

    yield make
    for p in made:
        assert p.errors == []
        p.close()


def cell(page, seg, target):
    return page.locator(f'td.tgt[data-seg="{seg}"][data-target="{target}"]')


def export(page, to: Path) -> Path:
    with page.expect_download() as dl:
        page.click("#export-review")
    dl.value.save_as(to)
    return to


def test_exporting_an_untouched_page_of_stale_reviews_changes_nothing(tmp_path, profiles):
    brief = make_review_brief()
    for i, short in ((0, "ur"), (1, "ur"), (2, "ps")):
        ts = brief.segments[i].targets[short]
        # edited on an earlier run, whose machine text was another: stale, the edit kept
        ts.text, ts.origin = f"{EDIT} {i}", "review"
        ts.review = Review(status="stale", by="Amina", at=f"2026-12-01T10:0{i}:00.000Z", previous_status="edited")
    folder = write_folder(brief, tmp_path / "floods-xss")
    before = snapshot(folder)
    page = profiles().open(folder / "brief.html")
    assert "st-stale" in cell(page, 0, "ur").get_attribute("class")
    saved = export(page, tmp_path / "brief.review.json")
    [res] = import_reviews([saved], brief=folder, tm=None)
    assert res.changed == 0, res.describe()
    assert snapshot(folder) == before
    assert [brief_json(folder)["segments"][i]["targets"][s]["text"] for i, s in ((0, "ur"), (1, "ur"), (2, "ps"))] == \
        [f"{EDIT} 0", f"{EDIT} 1", f"{EDIT} 2"]


def test_the_saved_state_never_hides_a_newer_review_in_brief_json(tmp_path, profiles):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    p = profiles()
    page = p.open(folder / "brief.html")
    cell(page, 0, "ur").locator("button[data-act=approve]").click()
    import_reviews([export(page, tmp_path / "first.json")], brief=folder, tm=None)
    cell(page, 2, "ur").locator("button[data-act=approve]").click()  # saved here, not exported
    page.close()
    colleague = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "colleague.ur.xlf", edit={"1": COLLEAGUE, "2": COLLEAGUE},
                              approve=[], reject=[])
    import_reviews([colleague], brief=folder, tm=None)

    page = p.open(folder / "brief.html")  # the same profile: its saved state is there
    c1 = cell(page, 1, "ur")
    assert "st-edited" in c1.get_attribute("class") and c1.locator(".text").text_content() == COLLEAGUE
    assert "st-approved" in cell(page, 0, "ur").get_attribute("class")  # this browser's own, imported
    c2 = cell(page, 2, "ur")  # decided here, then reviewed again elsewhere: the newer review shows, and says so
    assert "st-edited" in c2.get_attribute("class") and c2.locator(".text").text_content() == COLLEAGUE
    assert "newer review" in c2.locator(".cell-note").text_content() and c2.locator(".cell-note").is_visible()
    assert "1 cell was reviewed again in brief.json" in page.locator("#save-state").text_content()

    # 11. Approve on an edited cell says why it does nothing, by button and by key
    c1.locator("button[data-act=approve]").click()
    assert "Already edited" in c1.locator(".cell-note").text_content() and c1.locator(".cell-note").is_visible()
    assert "st-edited" in c1.get_attribute("class")
    cell(page, 3, "ur").locator("button[data-act=approve]").click()
    c1.click()
    page.keyboard.press("a")
    assert "st-edited" in c1.get_attribute("class") and "Already edited" in c1.locator(".cell-note").text_content()

    before = brief_json(folder)
    [res] = import_reviews([export(page, tmp_path / "second.json")], brief=folder, tm=None)
    after = brief_json(folder)
    assert [after["segments"][i]["targets"]["ur"]["text"] for i in (1, 2)] == [COLLEAGUE, COLLEAGUE]
    assert after["segments"][1]["targets"]["ur"]["review"] == before["segments"][1]["targets"]["ur"]["review"]
    assert after["segments"][3]["targets"]["ur"]["review"]["status"] == "approved"
    assert res.conflicts == 0 and res.changed == 1, res.describe()


def test_a_page_left_open_across_a_newer_import_does_not_erase_it(tmp_path, profiles):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    page = profiles().open(folder / "brief.html")  # opened before the colleague's import
    colleague = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "colleague.ur.xlf", edit={"1": COLLEAGUE},
                              approve=[], reject=[])
    import_reviews([colleague], brief=folder, tm=None)
    cell(page, 1, "ur").locator("button[data-act=approve]").click()  # approves the machine text it shows
    saved = export(page, tmp_path / "late.json")
    decision = next(d for d in json.loads(saved.read_text(encoding="utf-8"))["decisions"]
                    if d["segment"] == 1 and d["target"] == "ur")
    assert decision["known"] == [] and decision["status"] == "approved"
    [res] = import_reviews([saved], brief=folder, tm=None)
    assert res.conflicts == 1 and "kept that newer review" in res.warnings[0], res.describe()
    assert brief_json(folder)["segments"][1]["targets"]["ur"]["text"] == COLLEAGUE


def test_approve_on_an_edited_cell_says_why_it_keeps_the_edit(tmp_path, profiles):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    page = profiles().open(folder / "brief.html")
    c = cell(page, 0, "ur")
    c.locator("button[data-act=edit]").click()
    area = c.locator("textarea.edit")
    area.fill(EDIT)
    area.press("Control+Enter")
    assert "st-edited" in c.get_attribute("class")
    assert c.locator(".cell-note").count() == 0 or not c.locator(".cell-note").is_visible()
    page.keyboard.press("a")  # the edited cell is the current one
    note = c.locator(".cell-note")
    assert note.is_visible() and "Already edited" in note.text_content() and "Undo (u)" in note.text_content()
    assert "st-edited" in c.get_attribute("class") and c.locator(".text").text_content() == EDIT
    page.keyboard.press("u")
    assert not note.is_visible()
    page.keyboard.press("a")
    assert "st-approved" in c.get_attribute("class")
