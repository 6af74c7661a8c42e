"""The review page as a reviewer uses it: Playwright driving Debian's chromium on the real
brief.html that `summarize run` writes with the tiny models, opened from file://.

Skips when the playwright package or a chromium binary is missing (.ci/run installs both).
On a failure, a full-page screenshot is saved (the path is printed; the folder is
$SUMMARIZE_TEST_ARTIFACTS when set, else the test's tmp folder).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.brief import brief_identity
from summarize.cli import main
from summarize.writers.html import HtmlWriter
from tests.conftest import SEED, NetworkAccessError
from tests.review_helpers import XSS, XSS_IMG, find_chromium, make_review_brief
from tests.tiny_models import write_models_yaml

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install -e '.[test]'")
EXE = find_chromium()
pytestmark = pytest.mark.skipif(EXE is None, reason="chromium not installed: apt-get install chromium")

URDU = "یہ ترجمہ درست کیا گیا ہے۔"
PASHTO = "دا ژباړه سمه شوه."
LONG = "x" * 400  # one unbroken token, wider than any column


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=EXE, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class Tab:
    """One page in a fresh browser context, with what it requested, logged and popped up."""

    def __init__(self, browser, artifacts: Path, width: int = 1400, height: int = 1000):
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        # Playwright's 30 s default: one action overran it once while four suites shared two cores
        self.context.set_default_timeout(120_000)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.artifacts = artifacts
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        self.page.wait_for_selector(".toolbar:not([hidden])")
        return self.page

    @contextmanager
    def shot_on_failure(self, name: str):
        try:
            yield self.page
        except BaseException:
            shot = self.artifacts / f"{name}.png"
            try:
                self.page.screenshot(path=str(shot), full_page=True)
                print(f"screenshot of the failing page: {shot}", file=sys.stderr)
            except Exception as exc:  # noqa: BLE001 - the original failure matters more
                print(f"no screenshot: {exc}", file=sys.stderr)
            raise

    def close(self):
        self.context.close()


@pytest.fixture
def artifacts(tmp_path) -> Path:
    folder = Path(os.environ.get("SUMMARIZE_TEST_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def tab(browser, artifacts):
    t = Tab(browser, artifacts)
    yield t
    t.close()


@pytest.fixture(scope="module")
def real_brief_once(tiny_models, tmp_path_factory) -> Path:
    """The folder `summarize run` writes for the seed article with the tiny models, made once
    for this module, with the network and the user's caches kept out as conftest does."""
    root = tmp_path_factory.mktemp("review-page")
    config = write_models_yaml(root / "models.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))

    def refuse(*args, **kwargs):
        raise NetworkAccessError(f"test tried to open a network connection: {args[1:]!r}")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", lambda self, address: refuse(self, address))
        mp.setattr(socket, "create_connection", lambda *a, **k: refuse(None, *a))
        mp.setenv("HF_HOME", str(root / "hf-home"))
        mp.setenv("HF_HUB_CACHE", str(root / "hf-home" / "hub"))
        for var in ("SUMMARIZE_MODELS", "SUMMARIZE_TARGETS", "SUMMARIZE_SUMMARIZER", "SUMMARIZE_DEVICE", "SUMMARIZE_DTYPE"):
            mp.delenv(var, raising=False)
        out = root / "out"
        result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(config), "-o", str(out), "--offline",
                                           "-f", "html,json,txt"])
    assert result.exit_code == 0, result.output
    return out / "afghan-truce"


@pytest.fixture
def real_brief(real_brief_once, tmp_path) -> Path:
    """A private copy of that folder (a test may write brief.review.json into it)."""
    return Path(shutil.copytree(real_brief_once, tmp_path / "afghan-truce"))


def cell(page, seg, target):
    return page.locator(f'td.tgt[data-seg="{seg}"][data-target="{target}"]')


def test_approve_edit_reject_comment_persist_and_export(real_brief, tab):
    data = json.loads((real_brief / "brief.json").read_text(encoding="utf-8"))
    assert data["id"] == brief_identity(data)["id"] and data["content_hash"] == brief_identity(data)["content_hash"]
    rows = ["title"] + [s["index"] for s in data["segments"]]
    n = len(rows)
    assert n >= 2 and data["title"] is not None
    mt = {("title", t): data["title"]["targets"][t]["text"] for t in ("ur", "ps", "prs")}
    mt.update({(s["index"], t): s["targets"][t]["text"] for s in data["segments"] for t in ("ur", "ps", "prs")})
    page_file = real_brief / "brief.html"
    with tab.shot_on_failure("review-round-trip") as page:
        tab.open(page_file)
        assert page.locator("#review").get_attribute("data-brief-id") == data["id"]
        assert page.locator("#review").get_attribute("data-content-hash") == data["content_hash"]
        ur_progress = page.locator('.progress [data-target="ur"] .counts')
        assert ur_progress.text_content() == f"0 of {n} approved · 0 edited · 0 rejected · {n} pending"

        page.fill("#reviewer", "Amina")
        cell(page, "title", "ur").locator("button[data-act=approve]").click()
        # Edit in place: the text area is right-to-left Urdu; type over the machine text.
        cell(page, rows[1], "ur").locator("button[data-act=edit]").click()
        area = cell(page, rows[1], "ur").locator("textarea.edit")
        assert area.evaluate("a => [a.lang, getComputedStyle(a).direction]") == ["ur", "rtl"]
        area.press("Control+a")
        area.press("Delete")
        page.keyboard.type(URDU)
        area.press("Control+Enter")
        assert area.count() == 0
        # Reject the Pashto title, with a comment.
        cell(page, "title", "ps").locator("button[data-act=reject]").click()
        cell(page, "title", "ps").locator("button[data-act=comment]").click()
        page.keyboard.type("wrong language")
        page.keyboard.press("Enter")

        expect_ur = f"1 of {n} approved · 1 edited · 0 rejected · {n - 2} pending"
        assert ur_progress.text_content() == expect_ur
        assert page.locator('.progress [data-target="ps"] .counts').text_content().startswith(f"0 of {n} approved · 0 edited · 1 rejected")

        page.reload()
        page.wait_for_selector(".toolbar:not([hidden])")
        assert "st-approved" in cell(page, "title", "ur").get_attribute("class")
        assert "st-edited" in cell(page, rows[1], "ur").get_attribute("class")
        assert cell(page, rows[1], "ur").locator(".text").text_content() == URDU
        # The machine text stays in sight under an edit, and only there.
        assert cell(page, rows[1], "ur").locator(".mt-orig .btext").text_content() == mt[(rows[1], "ur")]
        assert page.locator(".mt-orig:visible").count() == 1
        assert "st-rejected" in cell(page, "title", "ps").get_attribute("class")
        assert cell(page, "title", "ps").locator("textarea.comment").input_value() == "wrong language"
        assert ur_progress.text_content() == expect_ur
        assert page.input_value("#reviewer") == "Amina"

        with page.expect_download() as dl:
            page.click("#export-review")
        download = dl.value
        assert download.suggested_filename == "brief.review.json"
        saved = real_brief / "brief.review.json"
        download.save_as(saved)
        assert set(tab.requests) == {page_file.as_uri()}, "the page requested something besides itself"
        assert tab.errors == [] and tab.dialogs == []

    review = json.loads(saved.read_text(encoding="utf-8"))
    assert review["format"] == "summarize-review" and review["version"] == 1
    # the article's path too: it tells two briefs of one article apart (see test_two_briefs_...)
    assert review["brief"] == {"id": data["id"], "content_hash": data["content_hash"], "source": data["source"]["path"]}
    assert review["reviewer"] == "Amina"
    exported = datetime.fromisoformat(review["exported_at"].replace("Z", "+00:00"))
    assert exported.tzinfo is not None
    got = {(d["segment"], d["target"]): d for d in review["decisions"]}
    assert len(review["decisions"]) == len(got) == 3 * n
    assert [d["segment"] for d in review["decisions"][::3]] == rows  # page order, title first
    assert set(got) == set(mt)
    touched = {("title", "ur"), (rows[1], "ur"), ("title", "ps")}
    for key, d in got.items():
        assert set(d) == {"segment", "target", "source", "status", "text", "mt", "comment", "at", "known"}
        assert d["mt"] == mt[key]
        seg = data["title"] if key[0] == "title" else data["segments"][key[0]]
        assert d["source"] == seg["source"]  # what --matching finds the sentence by after the article changed
        # known: the reviews of the cell brief.json may hold that the page saw before this
        # decision: none (brief.json held none, and nothing was exported before)
        assert d["known"] == []
        if key in touched:
            assert exported >= datetime.fromisoformat(d["at"].replace("Z", "+00:00")) > exported - timedelta(minutes=10)
        else:
            assert d["at"] is None
    assert got[("title", "ur")] | {"at": None} == {"segment": "title", "target": "ur", "source": data["title"]["source"], "status": "approved",
                                                 "text": mt[("title", "ur")], "mt": mt[("title", "ur")], "comment": "", "at": None,
                                                 "known": []}
    assert got[(rows[1], "ur")]["status"] == "edited" and got[(rows[1], "ur")]["text"] == URDU
    assert got[("title", "ps")]["status"] == "rejected" and got[("title", "ps")]["comment"] == "wrong language"
    assert got[("title", "ps")]["text"] == mt[("title", "ps")]
    others = [d for k, d in got.items() if k not in touched]
    assert others and all(d["status"] == "pending" and d["text"] == d["mt"] and d["comment"] == "" for d in others)


@pytest.mark.skipif("review" not in getattr(main, "commands", {}), reason="this checkout has no `summarize review import` yet")
def test_page_export_imports_into_every_file(real_brief, tab):
    """The whole loop through the page: review in the browser, export, `summarize review
    import`; brief.json and summary.ur.txt then hold the decisions."""
    data = json.loads((real_brief / "brief.json").read_text(encoding="utf-8"))
    seg0 = data["segments"][0]["index"]
    with tab.shot_on_failure("export-import") as page:
        tab.open(real_brief / "brief.html")
        page.fill("#reviewer", "Amina")
        cell(page, "title", "ur").locator("button[data-act=approve]").click()
        cell(page, seg0, "ur").locator("button[data-act=edit]").click()
        page.keyboard.press("Control+a")
        page.keyboard.type(URDU)
        page.keyboard.press("Control+Enter")
        cell(page, seg0, "ps").locator("button[data-act=reject]").click()
        cell(page, seg0, "ps").locator("button[data-act=comment]").click()
        page.keyboard.type("wrong language")
        page.keyboard.press("Enter")
        with page.expect_download() as dl:
            page.click("#export-review")
        exported = real_brief / "brief.review.json"
        dl.value.save_as(exported)
    result = CliRunner().invoke(main, ["review", "import", str(exported), "--brief", str(real_brief), "--no-tm"])
    assert result.exit_code == 0, result.output
    after = json.loads((real_brief / "brief.json").read_text(encoding="utf-8"))
    ur = after["segments"][0]["targets"]["ur"]
    assert ur["text"] == URDU and ur["mt"] == data["segments"][0]["targets"]["ur"]["text"] and ur["origin"] == "review"
    assert ur["review"]["status"] == "edited" and ur["review"]["by"] == "Amina"
    assert after["title"]["targets"]["ur"]["review"]["status"] == "approved"
    ps = after["segments"][0]["targets"]["ps"]
    assert ps["review"]["status"] == "rejected" and ps["review"]["comment"] == "wrong language"
    assert (after["id"], after["content_hash"]) == (data["id"], data["content_hash"])
    lines = (real_brief / "summary.ur.txt").read_text(encoding="utf-8").splitlines()
    assert lines[2] == URDU  # title, blank line, then the first segment
    # The page written by the import starts from the imported decisions.
    with tab.shot_on_failure("after-import") as page:
        page.evaluate("localStorage.clear()")
        tab.open(real_brief / "brief.html")
        assert "st-edited" in cell(page, seg0, "ur").get_attribute("class")
        assert cell(page, seg0, "ur").locator(".text").text_content() == URDU
        assert "st-rejected" in cell(page, seg0, "ps").get_attribute("class")
        assert tab.errors == [] and tab.dialogs == []


def test_keyboard_review(real_brief, tab):
    data = json.loads((real_brief / "brief.json").read_text(encoding="utf-8"))
    first = data["segments"][0]["index"]
    with tab.shot_on_failure("keyboard") as page:
        tab.open(real_brief / "brief.html")

        def current():
            return page.evaluate("(() => { const c = document.querySelector('td.tgt.current');"
                                 " return c && [c.dataset.seg, c.dataset.target, document.activeElement === c]; })()")

        assert current() is None
        page.keyboard.press("j")
        assert current() == ["title", "ur", True]
        page.keyboard.press("j")
        assert current() == [str(first), "ur", True]
        page.keyboard.press("l")
        assert current() == [str(first), "ps", True]
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")  # stops at the last column
        assert current() == [str(first), "prs", True]
        page.keyboard.press("k")
        assert current() == ["title", "prs", True]
        page.keyboard.press("ArrowUp")  # stops at the first row
        assert current() == ["title", "prs", True]
        page.keyboard.press("h")
        page.keyboard.press("ArrowDown")
        assert current() == [str(first), "ps", True]

        page.keyboard.press("a")
        assert "st-approved" in cell(page, first, "ps").get_attribute("class")
        page.keyboard.press("r")
        assert "st-rejected" in cell(page, first, "ps").get_attribute("class")
        page.keyboard.press("e")
        area = cell(page, first, "ps").locator("textarea.edit")
        assert area.evaluate("a => document.activeElement === a && getComputedStyle(a).direction") == "rtl"
        page.keyboard.press("Control+a")
        page.keyboard.type(PASHTO)  # keys typed into the editor are text, not commands
        page.keyboard.press("Control+Enter")
        assert "st-edited" in cell(page, first, "ps").get_attribute("class")
        assert cell(page, first, "ps").locator(".text").text_content() == PASHTO
        assert current() == [str(first), "ps", True]  # focus is back on the cell
        page.keyboard.press("e")
        page.keyboard.type("more")
        page.keyboard.press("Escape")  # cancel keeps the saved edit
        assert cell(page, first, "ps").locator(".text").text_content() == PASHTO
        page.keyboard.press("c")
        page.keyboard.type("ajr")  # letters in the comment box are not commands either
        page.keyboard.press("Enter")
        assert "st-edited" in cell(page, first, "ps").get_attribute("class")
        assert cell(page, first, "ps").locator("textarea.comment").input_value() == "ajr"
        page.keyboard.press("u")
        assert "st-pending" in cell(page, first, "ps").get_attribute("class")
        assert cell(page, first, "ps").locator(".text").text_content() == data["segments"][0]["targets"]["ps"]["text"]

        # The side panel: the whole cleaned article and the removed lines.
        panel = page.locator("#source-panel")
        assert not panel.is_visible()
        page.keyboard.press("s")
        assert panel.is_visible()
        text = panel.inner_text()
        for para in data["source"]["text"].split("\n\n"):
            assert " ".join(para.split()) in " ".join(text.split())
        assert all(r["text"] in text for r in data["source"]["removed"]) and data["source"]["removed"]
        page.keyboard.press("s")
        assert not panel.is_visible()
        keys = page.locator("#keys")
        assert keys.evaluate("d => d.open") is False
        page.keyboard.press("?")
        assert keys.evaluate("d => d.open") is True
        assert "next segment" in keys.inner_text() and "approve" in keys.inner_text()
        assert tab.errors == [] and tab.dialogs == []


def test_an_empty_edit_is_not_saved(real_brief, tab):
    """`summarize review import` refuses an "edited" decision with an empty text (an empty
    text is no translation): the page does not save one, says why, and keeps the editor open."""
    data = json.loads((real_brief / "brief.json").read_text(encoding="utf-8"))
    first = data["segments"][0]["index"]
    with tab.shot_on_failure("empty-edit") as page:
        tab.open(real_brief / "brief.html")
        target = cell(page, first, "ur")
        target.locator("button[data-act=edit]").click()
        area = target.locator("textarea.edit")
        note = target.locator(".edit-empty")
        assert not note.is_visible()
        area.press("Control+a")
        area.press("Delete")
        page.keyboard.type("  ")
        area.press("Control+Enter")
        assert area.count() == 1 and area.evaluate("a => document.activeElement === a")
        assert note.is_visible() and note.text_content().startswith("An empty text is no translation")
        assert area.get_attribute("aria-invalid") == "true"
        assert "st-pending" in target.get_attribute("class")
        page.keyboard.type(PASHTO)
        area.press("Control+Enter")  # a text again: saved
        assert area.count() == 0 and "st-edited" in target.get_attribute("class")
        target.locator("button[data-act=undo]").click()
        target.locator("button[data-act=edit]").click()
        area.press("Control+a")
        area.press("Delete")
        target.locator(".edit-bar button", has_text="Save").click()
        assert area.count() == 1 and note.is_visible()
        page.keyboard.press("Escape")
        assert area.count() == 0
        with page.expect_download() as dl:
            page.click("#export-review")
        saved = real_brief / "brief.review.json"
        dl.value.save_as(saved)
        assert tab.errors == [] and tab.dialogs == []
    review = json.loads(saved.read_text(encoding="utf-8"))
    [d] = [d for d in review["decisions"] if (d["segment"], d["target"]) == (first, "ur")]
    assert d["status"] == "pending" and d["text"] == data["segments"][0]["targets"]["ur"]["text"]
    assert run_import(saved, real_brief).exit_code == 0


def run_import(review: Path, folder: Path):
    return CliRunner().invoke(main, ["review", "import", str(review), "--brief", str(folder), "--no-tm"])


def test_target_cells_are_rtl_and_nothing_overflows(real_brief, tab, tmp_path, artifacts):
    brief = make_review_brief()
    # Unbroken tokens everywhere a reviewer meets text: a translation, a flag message, the
    # source sentence, the article.
    brief.segments[0].source += " " + LONG
    brief.segments[0].targets["ur"].text += " " + LONG
    brief.segments[1].targets["ps"].flags[0].message += " " + LONG
    brief.article.paragraphs[0] += " " + LONG
    (long_page,) = HtmlWriter().write(brief, tmp_path / "long")
    for name, path in (("real", real_brief / "brief.html"), ("long-tokens", long_page)):
        for width in (800, 1400):
            with tab.shot_on_failure(f"{name}-{width}") as page:
                page.set_viewport_size({"width": width, "height": 900})
                tab.open(path)
                dirs = page.evaluate("[...document.querySelectorAll('td.tgt')].map(c => getComputedStyle(c).direction)")
                assert dirs and set(dirs) == {"rtl"}
                for panel_open in (False, True):
                    if panel_open:
                        page.keyboard.press("s")
                    sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                    assert sizes[0] <= sizes[1], f"horizontal scroll at {width}px (panel open: {panel_open}): {sizes}"
                    # No cell's content spills into the next column.
                    spill = page.evaluate(
                        "[...document.querySelectorAll('table.grid td, table.grid th, .review-first li, .source-text p')]"
                        ".filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)"
                        ".map(e => e.className + ' ' + e.scrollWidth + '>' + e.clientWidth)"
                    )
                    assert spill == [], spill
                page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=False)
    assert tab.errors == []


def test_injected_markup_stays_inert_while_reviewing(tab, tmp_path):
    brief = make_review_brief()
    (path,) = HtmlWriter().write(brief, tmp_path / "xss")
    with tab.shot_on_failure("injection") as page:
        tab.open(path)
        cell(page, 5, "ur").locator("button[data-act=edit]").click()
        page.wait_for_function("document.activeElement && document.activeElement.matches('textarea.edit')")
        page.keyboard.press("Control+a")
        page.keyboard.type(f"{XSS} {URDU}")
        page.keyboard.press("Control+Enter")
        cell(page, 5, "ps").locator("button[data-act=comment]").click()
        page.keyboard.type(XSS_IMG)
        page.keyboard.press("Enter")
        page.keyboard.press("s")
        page.reload()
        page.wait_for_selector(".toolbar:not([hidden])")
        assert cell(page, 5, "ur").locator(".text").text_content() == f"{XSS} {URDU}"
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.evaluate("document.scripts.length") == 1
        assert page.evaluate("document.querySelector('h1').textContent") == f"Floods close schools {XSS}"
        with page.expect_download() as dl:
            page.click("#export-review")
        review = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
        got = {(d["segment"], d["target"]): d for d in review["decisions"]}
        assert got[(5, "ur")]["text"] == f"{XSS} {URDU}" and got[(5, "ps")]["comment"] == XSS_IMG
        assert tab.dialogs == [], "an injected script ran"
        assert set(tab.requests) == {path.as_uri()}
        assert tab.errors == []


def test_page_starts_from_imported_review_fields(tab, tmp_path):
    """brief.json review fields (written by `summarize review import`) show on the page, and a
    browser with nothing saved starts from them."""
    brief = make_review_brief()
    ur = brief.segments[0].targets["ur"]
    ur.mt, ur.origin, ur.text = ur.text, "review", URDU
    ur.review = {"status": "edited", "comment": "fixed the verb", "by": "Amina", "at": "2026-12-01T10:00:00Z"}
    ps = brief.segments[1].targets["ps"]
    ps.review = {"status": "rejected", "comment": "", "by": "Amina", "at": "2026-12-01T10:01:00Z"}
    prs = brief.segments[2].targets["prs"]
    prs.review = {"status": "stale", "comment": "check the number", "by": "Amina", "at": "2026-12-01T10:02:00Z"}
    (path,) = HtmlWriter().write(brief, tmp_path / "imported")
    with tab.shot_on_failure("imported") as page:
        tab.open(path)
        c = cell(page, 0, "ur")
        assert "st-edited" in c.get_attribute("class")
        assert c.locator(".text").text_content() == URDU and c.get_attribute("data-mt") == ur.mt
        assert "reviewed text" in c.locator(".origin").text_content() and "Amina" in c.locator(".origin").text_content()
        assert c.locator("textarea.comment").input_value() == "fixed the verb"
        assert "st-rejected" in cell(page, 1, "ps").get_attribute("class")
        n = 1 + len(brief.segments)
        assert page.locator('.progress [data-target="ur"] .counts').text_content() == f"0 of {n} approved · 1 edited · 0 rejected · {n - 1} pending"
        stale = cell(page, 2, "prs")
        assert "st-stale" in stale.get_attribute("class") and "stale" in stale.locator(".status").text_content()
        assert page.locator('.progress [data-target="prs"] .counts').text_content() == f"0 of {n} approved · 0 edited · 0 rejected · {n} pending"
        # Enter on a focused button presses that button (the page's keys leave it alone).
        cell(page, 3, "ur").locator("button[data-act=reject]").focus()
        page.keyboard.press("Enter")
        assert "st-rejected" in cell(page, 3, "ur").get_attribute("class")
        assert cell(page, 3, "ur").locator("textarea.edit").count() == 0
        # Undo goes back to the machine text.
        c.locator("button[data-act=undo]").click()
        assert c.locator(".text").text_content() == ur.mt
        assert tab.errors == []


def test_a_typed_edit_counts_when_the_reviewer_moves_on(real_brief, tab):
    """As in a CAT tool, moving on commits the segment being edited: Tab out of the editor, a
    click on another cell's button, or Export saves a changed text as the edit; only Cancel
    (Esc) drops it. A reviewer's typing is never lost silently."""
    data = json.loads((real_brief / "brief.json").read_text(encoding="utf-8"))
    rows = ["title"] + [s["index"] for s in data["segments"]]
    mt = {("title", t): data["title"]["targets"][t]["text"] for t in ("ur", "ps", "prs")}
    mt.update({(s["index"], t): s["targets"][t]["text"] for s in data["segments"] for t in ("ur", "ps", "prs")})
    assert len(rows) >= 2

    def type_over(target, words):
        target.locator("button[data-act=edit]").click()
        area = target.locator("textarea.edit")
        area.press("Control+a")
        page.keyboard.type(words)
        return area

    with tab.shot_on_failure("edit-moves-on") as page:
        tab.open(real_brief / "brief.html")
        # Tab out of the editor: saved as an edit
        first = cell(page, rows[0], "ur")
        area = type_over(first, URDU)
        page.keyboard.press("Tab")
        first.locator("textarea.edit").wait_for(state="detached")
        assert "st-edited" in first.get_attribute("class") and first.locator(".text").text_content() == URDU
        # a click on another cell's Approve: the edit is saved, then the other cell approved
        second = cell(page, rows[0], "ps")
        type_over(second, PASHTO)
        cell(page, rows[1], "ps").locator("button[data-act=approve]").click()
        assert "st-edited" in second.get_attribute("class") and second.locator(".text").text_content() == PASHTO
        assert "st-approved" in cell(page, rows[1], "ps").get_attribute("class")
        # Cancel drops what was typed, by click as by Esc
        third = cell(page, rows[1], "prs")
        area = type_over(third, "dropped")
        third.locator(".edit-bar button", has_text="Cancel").click()
        assert area.count() == 0 and "st-pending" in third.get_attribute("class")
        assert third.locator(".text").text_content() == mt[(rows[1], "prs")]
        # an editor opened and left unchanged closes with no decision
        fourth = cell(page, rows[1], "ur")
        fourth.locator("button[data-act=edit]").click()
        page.keyboard.press("Tab")
        fourth.locator("textarea.edit").wait_for(state="detached")
        assert "st-pending" in fourth.get_attribute("class")
        # Export with the editor still open and focused: the typed text goes out as an edit
        last = cell(page, rows[0], "prs")
        area = type_over(last, "ویرایش شده")
        assert area.evaluate("a => document.activeElement === a")
        with page.expect_download() as dl:
            page.click("#export-review")
        review = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
        assert "st-edited" in last.get_attribute("class")
        assert tab.errors == [] and tab.dialogs == []
    got = {(d["segment"], d["target"]): d for d in review["decisions"]}
    assert (got[(rows[0], "ur")]["status"], got[(rows[0], "ur")]["text"]) == ("edited", URDU)
    assert (got[(rows[0], "ps")]["status"], got[(rows[0], "ps")]["text"]) == ("edited", PASHTO)
    assert (got[(rows[0], "prs")]["status"], got[(rows[0], "prs")]["text"]) == ("edited", "ویرایش شده")
    assert got[(rows[1], "prs")]["status"] == "pending" and got[(rows[1], "ur")]["status"] == "pending"
    assert got[(rows[1], "ps")]["status"] == "approved"


def test_leaving_the_page_keeps_an_open_edit(real_brief, tab):
    """Reloading (or closing) the page with an editor open saves the changed text in this
    browser first; an emptied editor cannot be saved, so leaving asks, and Export refuses."""
    data = json.loads((real_brief / "brief.json").read_text(encoding="utf-8"))
    first = data["segments"][0]["index"]
    with tab.shot_on_failure("edit-unload") as page:
        tab.open(real_brief / "brief.html")
        target = cell(page, first, "ur")
        target.locator("button[data-act=edit]").click()
        target.locator("textarea.edit").press("Control+a")
        page.keyboard.type(URDU)
        page.reload()
        page.wait_for_selector(".toolbar:not([hidden])")
        assert "st-edited" in target.get_attribute("class") and target.locator(".text").text_content() == URDU
        # an emptied editor: leaving asks (beforeunload cancelled), Export does not go out
        other = cell(page, first, "ps")
        other.locator("button[data-act=edit]").click()
        area = other.locator("textarea.edit")
        area.press("Control+a")
        area.press("Delete")
        asked = page.evaluate("() => { const e = new Event('beforeunload', {cancelable: true});"
                              " window.dispatchEvent(e); return e.defaultPrevented; }")
        assert asked is True
        page.click("#export-review")
        assert page.locator("#save-state").text_content().startswith("not exported: an edit is open with an empty text")
        assert area.count() == 1 and other.locator(".edit-empty").is_visible()
        assert "st-pending" in other.get_attribute("class")
        page.keyboard.press("Escape")
        with page.expect_download():
            page.click("#export-review")
        assert tab.errors == []


def test_an_english_text_in_an_rtl_cell_reads_left_to_right(tab, tmp_path):
    """A wrong-script translation shows in its own direction, as the page opens and after an
    edit; the cell stays right to left, and so does an Urdu text."""
    from summarize.brief import TargetSegment

    brief = make_review_brief(checked=False)
    english = "Schools reopened near Khwazakhela."
    brief.segments[0].targets["ur"] = TargetSegment(english)
    (path,) = HtmlWriter().write(brief, tmp_path / "dir")
    direction = "e => getComputedStyle(e).direction"
    with tab.shot_on_failure("text-direction") as page:
        tab.open(path)
        text = cell(page, 0, "ur").locator(".text")
        assert text.evaluate(direction) == "ltr" and cell(page, 0, "ur").evaluate(direction) == "rtl"
        # the full stop is at the right end of the line, after "Khwazakhela"
        ends = text.evaluate("""e => { const r = document.createRange(); const t = e.firstChild;
            r.setStart(t, t.length - 1); r.setEnd(t, t.length); const dot = r.getBoundingClientRect();
            r.setStart(t, 0); r.setEnd(t, 1); const first = r.getBoundingClientRect(); return dot.left > first.left; }""")
        assert ends is True
        assert cell(page, 1, "ur").locator(".text").evaluate(direction) == "rtl"
        # an edit to English in another Urdu cell: shown left to right too, and back
        other = cell(page, 1, "ur")
        other.locator("button[data-act=edit]").click()
        other.locator("textarea.edit").press("Control+a")
        page.keyboard.type("The minister said so.")
        page.keyboard.press("Control+Enter")
        assert other.locator(".text").evaluate(direction) == "ltr"
        other.locator("button[data-act=undo]").click()
        assert other.locator(".text").evaluate(direction) == "rtl"
        assert tab.errors == [] and tab.dialogs == []


def test_two_briefs_of_one_article_keep_their_own_decisions_in_one_browser(tab, tmp_path):
    """Two briefs of one article (a batch with world/a.txt and sport/a.txt) have one id and
    content hash: the page keys what it saves by the article's path too, so a decision made on
    one page does not show on (nor get exported from) the other. A state an older page saved
    under the key without the path is still read."""
    pages = {}
    for name in ("world", "sport"):
        brief = make_review_brief()
        brief.article.source = f"in/{name}/a.txt"
        (pages[name],) = HtmlWriter().write(brief, tmp_path / name / "a")
    ident = brief_identity(make_review_brief())
    with tab.shot_on_failure("two-briefs") as page:
        tab.open(pages["world"])
        cell(page, 0, "ur").locator("button[data-act=reject]").click()
        assert "st-rejected" in cell(page, 0, "ur").get_attribute("class")
        tab.open(pages["sport"])
        assert "st-rejected" not in cell(page, 0, "ur").get_attribute("class")  # world's decision stays on world's page
        tab.open(pages["world"])
        assert "st-rejected" in cell(page, 0, "ur").get_attribute("class")  # and is still there
        # a state saved by an older page, under the key without the article's path
        old_key = f"summarize-review:{ident['id']}:{ident['content_hash']}"
        text = cell(page, 1, "ps").locator(".text").text_content()
        saved = {"version": 1, "reviewer": "Old", "decisions": {
            "1|ps": {"status": "approved", "text": text, "comment": "", "at": "2026-12-01T10:00:00.000Z", "known": []}}}
        page.evaluate("([k, v]) => window.localStorage.setItem(k, v)", [old_key, json.dumps(saved)])
        tab.open(pages["sport"])
        assert "st-approved" in cell(page, 1, "ps").get_attribute("class")
        assert page.locator("#review").get_attribute("data-article") == "in/sport/a.txt"
        assert tab.errors == []
