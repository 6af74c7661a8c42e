"""summarize.reader: formats, encodings, normalisation, structure, and every bad input."""

from __future__ import annotations

import hashlib
import io
import os
import sys
from pathlib import Path

import pytest

from summarize.errors import InputError
from summarize.reading import source as reader
from summarize.reading.source import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, read_article
from summarize.reading.structure import find_dateline
from summarize.text.normalize import normalize_text
from tests.fixtures import make_inputs

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "afghan-truce.txt"



@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return make_inputs.make_inputs(tmp_path_factory.mktemp("inputs"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def from_bytes(data: bytes, **kw):
    return read_article("-", stdin=io.BytesIO(data), **kw)


# ---- constants ---------------------------------------------------------------------------------


def test_constants():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm")
    assert DEFAULT_MAX_BYTES == 5_000_000 == make_inputs.DEFAULT_MAX_BYTES
    assert "5 MB" in (reader.__doc__ or "")


# ---- the fixture folder of bad inputs ------------------------------------------------------------

READ_ERRORS = [c for c in make_inputs.CASES if c.stage == "read"]


@pytest.mark.parametrize("case", READ_ERRORS, ids=[c.name for c in READ_ERRORS])
def test_bad_inputs_refused_with_one_line(case, inputs):
    path = inputs[case.name]
    with pytest.raises(InputError) as info:
        read_article(path)
    message = str(info.value)
    assert case.fragment in message
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert info.value.source == str(path)
    assert info.value.exit_code == case.exit_code == 1


OK_CASES = [c for c in make_inputs.CASES if c.stage != "read"]


@pytest.mark.parametrize("case", OK_CASES, ids=[c.name for c in OK_CASES])
def test_odd_inputs_read(case, inputs):
    article = read_article(inputs[case.name])
    assert article.paragraphs
    expect = case.expect
    if "encoding" in expect:
        assert article.metadata["encoding"] == expect["encoding"]
    if "first" in expect:
        assert article.paragraphs[0] == expect["first"]
    if "title" in expect:
        assert article.title == expect["title"]
    if "format" in expect:
        assert article.metadata["format"] == expect["format"]


def test_input_files_are_never_modified(inputs):
    for name, path in inputs.items():
        if not path.is_file():
            continue
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        try:
            read_article(path)
        except InputError:
            pass
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before, name


# ---- individual error cases ----------------------------------------------------------------------


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)


@pytest.mark.parametrize("name", ["article.pdf", "article.doc", "page.json", "table.CSV", "photo.png"])
def test_unsupported_suffix_names_formats(tmp_path, name):
    path = write(tmp_path, name, b"Officials met on Monday.\n")
    with pytest.raises(InputError) as info:
        read_article(path)
    assert "unsupported file type" in str(info.value)
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in str(info.value)


@pytest.mark.parametrize("name, stem", [("notes", "notes"), ("article.text", "article.text"),
                                        ("story.v2", "story.v2"), ("Kabul talks. Day 2", "Kabul talks. Day 2")])
def test_a_file_with_another_suffix_or_none_is_read_as_text(tmp_path, name, stem):
    path = write(tmp_path, name, b"Officials met on Monday.\n\nThey talked <b>for hours</b>.\n")
    article = read_article(path)
    assert article.metadata["format"] == "txt"
    assert article.paragraphs == ["Officials met on Monday.", "They talked <b>for hours</b>."]
    assert article.stem == stem  # story.v2 and story.v3 are two briefs, not one


def test_a_saved_page_with_no_suffix_is_read_as_html(tmp_path):
    page = b"<!DOCTYPE html><html><head><title>Talks</title></head><body><article><p>Officials met in Kabul on Monday to discuss trade.</p></article></body></html>"
    article = read_article(write(tmp_path, "page", page))
    assert article.metadata["format"] == "html"
    assert not any("<" in p for p in article.paragraphs)


def test_fmt_overrides_suffix_and_unknown_fmt_is_refused(tmp_path):
    path = write(tmp_path, "article.text", b"First paragraph here.\n\nSecond one.\n")
    article = read_article(path, fmt="txt")
    assert article.paragraphs == ["First paragraph here.", "Second one."]
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        read_article(path, fmt="pdf")


def test_uppercase_suffix_is_supported(tmp_path):
    path = write(tmp_path, "STORY.TXT", b"One paragraph.\n")
    assert read_article(path).paragraphs == ["One paragraph."]


def test_empty_and_whitespace(tmp_path):
    with pytest.raises(InputError, match="is empty"):
        read_article(write(tmp_path, "e.txt", b""))
    with pytest.raises(InputError, match="only whitespace"):
        read_article(write(tmp_path, "w.md", b" \n\r\n\t \n"))
    with pytest.raises(InputError, match="is empty"):
        from_bytes(b"")


def test_pdf_renamed_to_txt(tmp_path):
    path = write(tmp_path, "story.txt", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(InputError, match=r"looks like a PDF file \(binary\), not text"):
        read_article(path)


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\xff\xd8\xff\xdb\x00C", "JPEG"),
        (b"GIF87a\x01\x00", "GIF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"{\\rtf1\\ansi Hello}", "RTF"),
    ],
)
def test_binary_magic(data, kind):
    with pytest.raises(InputError, match=f"looks like a {kind}"):
        from_bytes(data)


def test_nul_bytes_are_binary():
    with pytest.raises(InputError, match="contains NUL bytes"):
        from_bytes(b"Hello\x00there\x00\x00\x00\xff\x01 what is this")


def test_undecodable(tmp_path):
    with pytest.raises(InputError, match="cannot decode the text"):
        read_article(write(tmp_path, "bad.txt", bytes(range(0x80, 0x100)) * 3))


def test_bad_utf16_after_bom_is_undecodable():
    with pytest.raises(InputError, match="cannot decode"):
        from_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xdc")  # lone low surrogate


def test_too_large_file_names_limit(tmp_path):
    path = write(tmp_path, "big.txt", b"word " * 300)
    with pytest.raises(InputError) as info:
        read_article(path, max_bytes=1000)
    assert "over the size limit of 1,000 bytes" in str(info.value)
    assert read_article(path, max_bytes=1500).paragraphs  # exactly at the limit is fine


def test_too_large_default_limit(inputs):
    with pytest.raises(InputError, match=r"is 5\.0 MB, over the size limit of 5 MB"):
        read_article(inputs["huge.txt"])


def test_too_large_stdin():
    with pytest.raises(InputError, match="over the size limit"):
        from_bytes(b"x" * 101, max_bytes=100)


# ---- encodings ---------------------------------------------------------------------------------

TEXT = "Caf\xe9 \u201cquotes\u201d \u2014 the minister\u2019s visit \u2013 ended.\n\nSecond paragraph."
EXPECTED = ["Caf\xe9 \u201cquotes\u201d \u2014 the minister\u2019s visit \u2013 ended.", "Second paragraph."]


@pytest.mark.parametrize(
    "encoded, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32", "cp1252"],
)
def test_encodings_decode_exactly(tmp_path, encoded, encoding):
    article = read_article(write(tmp_path, "a.txt", encoded))
    assert article.paragraphs == EXPECTED
    assert article.metadata["encoding"] == encoding
    assert "\ufeff" not in article.body


def test_latin1(tmp_path):
    data = "Caf\xe9 owners in Montr\xe9al said the na\xefve plan failed.\n\n\xa9 \xbd done.".encode("latin-1")
    article = read_article(write(tmp_path, "l.txt", data))
    assert article.paragraphs == ["Caf\xe9 owners in Montr\xe9al said the na\xefve plan failed.", "\xa9 \xbd done."]
    assert article.metadata["encoding"] == "iso-8859-1"


def test_short_cp1252_is_not_mojibake():
    # charset-normalizer alone would call these cp1250 or mac_latin2; we must not.
    assert from_bytes(b"He said \x93hi\x94 \x97 then left.").paragraphs == ["He said \u201chi\u201d \u2014 then left."]
    assert from_bytes(b"Na\xefve caf\xe9.").paragraphs == ["Na\xefve caf\xe9."]


def test_utf16_without_bom():
    article = from_bytes("Officials met on Monday.\n\nThey talked.".encode("utf-16-le"))
    assert article.paragraphs == ["Officials met on Monday.", "They talked."]
    assert article.metadata["encoding"] == "utf-16-le"


def test_other_encoding_via_charset_normalizer():
    text = "هذا نص عربي قصير للاختبار. وهذه جملة ثانية في النص."
    article = from_bytes(text.encode("cp1256"))
    assert article.paragraphs == [text]
    assert article.metadata["encoding"] == "cp1256"


def test_html_meta_charset_is_honoured():
    html = (
        '<html><head><meta charset="windows-1252"><title>T</title></head><body><article>'
        "<p>The minister\u2019s \u201cvisit\u201d ended on Monday after two days of talks in the capital.</p>"
        "<p>Officials said the next round of talks would be held in Kabul next month.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    article = from_bytes(html)
    assert article.metadata["format"] == "html"
    assert article.paragraphs[0].startswith("The minister\u2019s \u201cvisit\u201d ended")


# ---- normalisation -----------------------------------------------------------------------------


def test_normalize_text_rules():
    assert normalize_text("a\r\nb\rc") == "a\nb\nc"
    assert normalize_text("zero\u200bwidth\u2060 \ufeffjoin\u00ad") == "zerowidth join"
    assert normalize_text("bell\x07 and\x1b esc\x7f\x85x") == "bell and esc\nx"
    assert normalize_text("tab\tkept\nnewline") == "tab\tkept\nnewline"
    assert normalize_text("nbsp\u00a0and\u2009thin") == "nbsp and thin"
    assert normalize_text("Cafe\u0301") == "Caf\xe9"  # NFC
    assert normalize_text("\u202bright\u202c \u200eleft\u200f") == "right left"
    # ZWNJ is part of Persian spelling between Arabic letters; elsewhere it goes
    assert normalize_text("\u0622\u0646\u200c\u0647\u0627") == "\u0622\u0646\u200c\u0647\u0627"
    assert normalize_text("ab\u200ccd\u200d") == "abcd"


def test_reader_applies_normalisation(tmp_path):
    data = "Title\u200b here\r\n\r\nOne\u00a0line\x07 with e\u0301\r\nand more.\r\n".encode("utf-8")
    article = read_article(write(tmp_path, "n.txt", data))
    assert article.title == "Title here"
    assert article.paragraphs == ["One line with \xe9 and more."]


# ---- plain text structure --------------------------------------------------------------------


def test_text_paragraphs_and_wrapped_lines():
    article = from_bytes(
        b"Officials from the two countries met on Monday to discuss the border\n"
        b"trade agreement, which has been negotiated since last year. The\n"
        b"talks ended without a deal.\n\n\n"
        b"A second paragraph follows.\n"
    )
    assert article.paragraphs == [
        "Officials from the two countries met on Monday to discuss the border trade agreement, "
        "which has been negotiated since last year. The talks ended without a deal.",
        "A second paragraph follows.",
    ]
    assert article.title is None
    assert article.metadata["paragraph_lines"] == [0, 5]


def test_one_paragraph_per_line_copy_paste():
    article = from_bytes(
        b"Ports reopen after strike\nDock workers returned on Monday.\nAdvertisement\n"
        b"The port said wages would be paid.\n"
    )
    assert article.title == "Ports reopen after strike"
    assert article.paragraphs == ["Dock workers returned on Monday.", "Advertisement", "The port said wages would be paid."]
    assert article.metadata["paragraph_lines"] == [1, 2, 3]


@pytest.mark.parametrize(
    "first, title",
    [
        ("Khalilzad meets Gen Qamar amid push for Afghan truce", "Khalilzad meets Gen Qamar amid push for Afghan truce"),
        ("Will the truce hold?", "Will the truce hold?"),
        ("This first line ends with a full stop.", None),
        (" ".join(["word"] * 21), None),
        ("ISLAMABAD:", None),
        ("Advertisement", None),
    ],
)
def test_title_rule(first, title):
    article = from_bytes(f"{first}\n\nThe body of the article follows here.\n".encode())
    assert article.title == title
    if title is None and first != "ISLAMABAD:":
        assert article.paragraphs[0] == first


def test_a_lone_short_line_is_not_a_title():
    article = from_bytes(b"Just one short line")
    assert article.title is None
    assert article.paragraphs == ["Just one short line"]


# ---- datelines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph, dateline, rest, agency",
    [
        ("ISLAMABAD:", "ISLAMABAD", "", None),
        ("KABUL: The talks resumed.", "KABUL", "The talks resumed.", None),
        ("NEW YORK: Stocks fell.", "NEW YORK", "Stocks fell.", None),
        ("WASHINGTON, Oct 8: The envoy left.", "WASHINGTON, Oct 8", "The envoy left.", None),
        ("PESHAWAR / KABUL: Rain fell.", "PESHAWAR / KABUL", "Rain fell.", None),
        ("KABUL (Reuters) - The Taliban said.", "KABUL", "The Taliban said.", "Reuters"),
        ("DERA ISMAIL KHAN: “We wait,” he said.", "DERA ISMAIL KHAN", "“We wait,” he said.", None),
        # a fresh user's wire and US-paper datelines, which stayed in the first sentence
        ("HERAT, Afghanistan — A quake struck.", "HERAT, Afghanistan", "A quake struck.", None),
        ("PESHAWAR, Pakistan (Reuters) - Floods killed 36.", "PESHAWAR, Pakistan", "Floods killed 36.", "Reuters"),
        ("WASHINGTON — The president spoke.", "WASHINGTON", "The president spoke.", None),
        ("SAN JOSE, Calif. -- Shares rose.", "SAN JOSE, Calif.", "Shares rose.", None),
        ("NEW YORK, Oct 8 — Stocks fell.", "NEW YORK, Oct 8", "Stocks fell.", None),
    ],
)
def test_find_dateline(paragraph, dateline, rest, agency):
    assert find_dateline(paragraph) == (dateline, rest, agency)


@pytest.mark.parametrize(
    "paragraph",
    [
        "NOTE: This story was updated.",
        "UPDATE: Officials confirmed the deal.",
        "NATO: the alliance met.",
        "Islamabad: mixed case is prose.",
        "The US said on Monday: talks will go on.",
        "Q: What happened?",
        "US: Talks go on.",
        "KABUL - The Taliban said.",
        "NATO — the alliance met.",
        "Kabul, Afghanistan — mixed case is prose.",
        "The UN — and its agencies — said so.",
        "FLOODS: 20 DEAD",  # a headline in capitals (a fresh user's first line)
        "ISLAMABAD: PM TO VISIT CHINA",
    ],
)
def test_not_a_dateline(paragraph):
    assert find_dateline(paragraph) is None


def test_dateline_prefix_removed_from_paragraph():
    article = from_bytes(b"Envoy visits Kabul\n\nKABUL: The US envoy arrived on Monday.\n\nHe met officials.\n")
    assert article.dateline == "KABUL"
    assert article.paragraphs == ["The US envoy arrived on Monday.", "He met officials."]


@pytest.mark.parametrize(
    "body, dateline, first",
    [
        (b"(CNN) Sen. Ted Cruz spoke on Monday for an hour.", "(CNN)", "Sen. Ted Cruz spoke on Monday for an hour."),
        (b"Lynchburg, Virginia (CNN)Sen. Ted Cruz spoke on Monday.", "Lynchburg, Virginia (CNN)", "Sen. Ted Cruz spoke on Monday."),
        (b"(CNN) -- The storm hit the coast on Monday.", "(CNN)", "The storm hit the coast on Monday."),
        (b"(The Hollywood Reporter) The film opened on Friday.", "(The Hollywood Reporter)", "The film opened on Friday."),
    ],
)
def test_a_source_tag_before_the_first_sentence_is_the_dateline(body, dateline, first):
    """A fresh user's report: "(CNN)" stayed at the start of 407 of 500 CNN briefs, and glued to the
    next word ("(CNN)Sen.") it made the segmenter cut after "Sen.". A source tag before the first
    body paragraph's first word is taken off into the dateline, as "KABUL (Reuters) -" is."""
    article = from_bytes(b"Senator launches bid\n\n" + body + b"\n\nAbout ten thousand students came.\n")
    assert article.dateline == dateline
    assert article.paragraphs == [first, "About ten thousand students came."]
    # not a tag: a bracket inside the sentence, or one that lower case follows
    plain = from_bytes(b"Talks resume\n\nThe Labour Party (Labour) said so on Monday.\n\nThey met.\n")
    assert plain.dateline is None and plain.paragraphs[0] == "The Labour Party (Labour) said so on Monday."
    plain = from_bytes(b"Talks resume\n\nLabour (the party) won the vote on Monday.\n\nThey met.\n")
    assert plain.dateline is None and plain.paragraphs[0].startswith("Labour (the party)")


def test_a_byline_after_the_title_is_no_dateline():
    # a fresh user's report: "By Ahmad Shah, Staff Reporter" (a name, a comma, a role: the shape of
    # "Kabul, Afghanistan") was taken as the dateline, and the real one stayed in the text
    article = from_bytes("Strong earthquake shakes western Afghanistan\n\nBy Ahmad Shah, Staff Reporter\n\n"
                         "HERAT, Afghanistan — A magnitude 6.3 earthquake struck on Saturday, officials said.\n\n"
                         "Rescue teams reached the villages.\n".encode())
    assert article.dateline == "HERAT, Afghanistan"
    assert article.paragraphs == ["By Ahmad Shah, Staff Reporter",  # the cleaner's byline rule takes it
                                  "A magnitude 6.3 earthquake struck on Saturday, officials said.",
                                  "Rescue teams reached the villages."]
    assert from_bytes(b"Talks resume\n\nNew Delhi, India\n\nThe talks resumed on Monday.\n").dateline == "New Delhi, India"


def test_an_all_caps_headline_with_a_colon_is_the_title_not_a_dateline():
    # a fresh user's report: "FLOODS" was taken as the dateline and "20 DEAD" became the first paragraph
    article = from_bytes(b"FLOODS: 20 DEAD\nHeavy rain caused floods in three northern districts on Monday, officials "
                         b"said.\nAt least 20 people died. Rescue teams reached two of the districts by boat.\n")
    assert (article.title, article.dateline) == ("FLOODS: 20 DEAD", None)
    assert article.paragraphs[0].startswith("Heavy rain caused floods")
    assert from_bytes(b"Floods hit north\n\nISLAMABAD: Heavy rain fell on Monday.\n").dateline == "ISLAMABAD"


def test_agency_recorded():
    article = from_bytes(b"KABUL (AFP) - The Taliban said on Monday they would talk.\n\nMore text here.\n")
    assert article.dateline == "KABUL"
    assert article.metadata["agency"] == "AFP"
    assert article.paragraphs[0] == "The Taliban said on Monday they would talk."


# ---- the seed sample ---------------------------------------------------------------------------


def test_seed_sample_structure():
    data = SEED.read_bytes()
    article = read_article(SEED)
    assert article.title == "Khalilzad meets Gen Qamar amid push for Afghan truce"
    assert article.dateline == "ISLAMABAD"
    assert article.stem == "afghan-truce"
    assert article.source == str(SEED)
    assert article.paragraphs[0] == "Pakistan\u2019s support sought to convince Taliban to agree to a ceasefire"
    assert article.paragraphs[2].startswith("US Special Representative for Afghan Reconciliation")
    assert "ISLAMABAD:" not in article.body
    assert article.removed == []
    meta = article.metadata
    assert meta["format"] == "txt"
    assert meta["encoding"] == "utf-8"
    assert meta["sha256"] == hashlib.sha256(data).hexdigest()
    assert meta["bytes"] == len(data)
    assert len(meta["paragraph_lines"]) == len(article.paragraphs)
    lines = data.decode("utf-8").split("\n")
    for para, line in zip(article.paragraphs, meta["paragraph_lines"]):
        assert lines[line].strip() == para  # every paragraph of the seed is one input line


def test_path_like_and_str_sources_agree():
    assert read_article(SEED) == read_article(str(SEED)) == read_article(os.fspath(SEED))


# ---- markdown ----------------------------------------------------------------------------------

MARKDOWN = """---
title: Front matter title
author: Jane Reporter
date: 2021-03-14
---
# Tariffs cut on farm goods

*By a staff reporter*

KABUL: Officials signed an agreement on **Wednesday** that will cut tariffs on
fruit and __cotton__ by _half_, see [the text](https://example.org/a_(b)) and <https://example.org>.

![A photo](img/x.jpg)

## What changes

- Lower duties on `fresh fruit`
- A joint ~~panel~~ committee

> “A good day,” the minister said.

```python
print("code is dropped")
```

Escaped \\*stars\\* and snake_case_names stay; 5 * 3 * 2 too.

| crop | duty |
|------|------|
| fruit | 10% |

---
[ref]: https://example.org/ref
<!-- a comment
over two lines -->
Last line with a [reference link][ref] and <b>bold</b> tag.
"""


def test_markdown_stripped():
    article = from_bytes(MARKDOWN.encode(), fmt="md")
    assert article.title == "Tariffs cut on farm goods"
    assert article.dateline == "KABUL"
    assert article.metadata["format"] == "md"
    assert article.metadata["author"] == "Jane Reporter"
    assert article.metadata["date"] == "2021-03-14"
    assert article.paragraphs == [
        "By a staff reporter",
        "Officials signed an agreement on Wednesday that will cut tariffs on fruit and cotton by half, "
        "see the text and https://example.org.",
        "What changes",
        "Lower duties on fresh fruit",
        "A joint panel committee",
        "“A good day,” the minister said.",
        "Escaped *stars* and snake_case_names stay; 5 * 3 * 2 too.",
        "crop duty",
        "fruit 10%",
        "Last line with a reference link and bold tag.",
    ]
    assert "code is dropped" not in article.body


def test_markdown_setext_title_and_front_matter_title(tmp_path):
    a = read_article(write(tmp_path, "s.md", b"Big news today\n==============\n\nBody text here.\n"))
    assert a.title == "Big news today"
    assert a.paragraphs == ["Body text here."]
    b = read_article(write(tmp_path, "f.markdown", b"---\ntitle: From front matter\n---\n\nBody. More body here.\n"))
    assert b.title == "From front matter"
    assert b.paragraphs == ["Body. More body here."]


def test_markdown_sample():
    article = read_article(SAMPLES / "trade-agreement.md")
    assert article.title == "Neighbours sign agreement to cut tariffs on farm goods"
    assert article.dateline == "KABUL"
    assert not any("](" in p or "**" in p or "![" in p for p in article.paragraphs)
    assert any("chamber of commerce, fruit lorries" in p for p in article.paragraphs)


# ---- html --------------------------------------------------------------------------------------

HTML_SAMPLE = SAMPLES / "ministers-meet.html"
NOT_ARTICLE = [
    "dataLayer", "trackPageView", "googletag", "Buy cheap flights", "Advertisement", "World", "Sport",
    "Subscribe", "cookies", "Related stories", "Ports reopen", "Share on", "Follow us", "tradewatcher99",
    "About time", "believe it when", "Comments", "All rights reserved", "Privacy policy", "min-height",
    "Reader comments", "The Daily Ledger",
]


def test_html_sample_gives_just_the_article():
    article = read_article(HTML_SAMPLE)
    assert article.title == "Regional ministers agree on border trade corridor"
    assert article.dateline == "ISLAMABAD"
    assert article.metadata["format"] == "html"
    assert article.metadata["author"] == "Sana Qureshi"
    assert article.metadata["date"] == "2021-03-14"
    assert article.stem == "ministers-meet"
    assert len(article.paragraphs) == 6
    assert article.paragraphs[0].startswith("Foreign and commerce ministers from four neighbouring countries")
    assert article.paragraphs[-1].startswith("Business groups in the region welcomed")
    for junk in NOT_ARTICLE:
        assert junk not in article.body, junk
    assert article.title not in article.body


def test_html_from_stdin_is_sniffed():
    article = from_bytes(HTML_SAMPLE.read_bytes())
    assert article.metadata["format"] == "html"
    assert article.stem == "stdin"
    assert article.source == "-"
    assert article.title == "Regional ministers agree on border trade corridor"


def test_html_fragment_and_empty_page():
    article = from_bytes(b"<p>Hello world.</p>", fmt="html")
    assert article.paragraphs == ["Hello world."]
    with pytest.raises(InputError, match="no article text found"):
        from_bytes(b"<html><body><script>var x = 1;</script></body></html>", fmt="html")


def test_stdin_text_and_default_stream(monkeypatch):
    article = from_bytes(b"Plain text from a pipe.\n\nSecond.")
    assert article.metadata["format"] == "txt"
    assert article.stem == "stdin"
    fake = io.TextIOWrapper(io.BytesIO("Via sys.stdin.buffer \u2014 ok.".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert read_article("-").paragraphs == ["Via sys.stdin.buffer \u2014 ok."]


# ---- URLs (never the network) ------------------------------------------------------------------


def test_url_offline_is_one_line(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "fetch_url", lambda url, **kw: None)
    url = "https://www.example.com/news/khalilzad-meets-gen-qamar.html"
    with pytest.raises(InputError) as info:
        read_article(url)
    assert str(info.value) == f"{url}: cannot fetch the page (no network?); save the page as .html and pass the file instead"


def test_url_fetch_exception_is_input_error(monkeypatch):
    import trafilatura

    def boom(url, **kw):
        raise OSError("no route to host")

    monkeypatch.setattr(trafilatura, "fetch_url", boom)
    with pytest.raises(InputError, match=r"cannot fetch the page \(no network\?\) \(OSError\)"):
        read_article("http://example.org/story")


def test_url_fetched_page(monkeypatch):
    import trafilatura

    html = HTML_SAMPLE.read_text(encoding="utf-8")
    monkeypatch.setattr(trafilatura, "fetch_url", lambda url, **kw: html)
    url = "https://example.com/world/2021/ministers-agree-corridor.html?ref=home"
    article = read_article(url)
    assert article.stem == "ministers-agree-corridor"
    assert article.source == url
    assert article.metadata["url"] == url
    assert article.title == "Regional ministers agree on border trade corridor"
    assert article.metadata["sha256"] == hashlib.sha256(html.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    "url, stem",
    [
        ("https://www.dawn.com/news/1585139", "news-1585139"),
        ("https://example.com/", "example-com"),
        ("http://example.com/a/Big_Story!.HTML", "big-story"),
    ],
)
def test_url_stem(url, stem):
    assert reader._url_stem(url) == stem


def test_script_text_stays_out_of_the_title_and_body(tmp_path):
    # a user's report: <h1>Scripted <script>alert(1)</script> page</h1> gave the title "Scripted alert(1) page"
    page = tmp_path / "scripted.html"
    page.write_text(
        "<html><head><style>h1 {color: red}</style></head><body><article>"
        "<h1>Scripted <script>alert(1)</script> page</h1>"
        "<p>Floods closed the main road on Monday, officials said, and schools stayed shut.</p>"
        "<p>Rescue teams reached the villages <script>track('x')</script>by boat on Tuesday morning.</p>"
        "</article></body></html>", encoding="utf-8")
    article = read_article(page)
    assert article.title == "Scripted page"
    text = " ".join(article.paragraphs)
    assert "alert" not in text and "track" not in text and "color" not in text
    assert "by boat on Tuesday" in text and article.paragraphs[0].startswith("Floods closed")


_MD = ("# Neighbours sign a trade deal\n\nKABUL: The two governments signed an agreement on **Wednesday** to cut "
       "tariffs on farm goods.\n\n_Smaller traders_ welcomed the deal, officials said.\n").encode()


def test_markdown_on_stdin_is_read_as_markdown():
    # a fresh user's report: `summarize run - < story.md` kept '# ', '**' and '_' as text
    article = read_article("-", stdin=io.BytesIO(_MD))
    assert article.title == "Neighbours sign a trade deal"
    assert article.metadata["format"] == "md"
    assert "**" not in article.body and "_Smaller" not in article.body and "Wednesday" in article.body


def test_markdown_without_a_suffix_is_read_as_markdown_and_txt_stays_text(tmp_path):
    (tmp_path / "story").write_bytes(_MD)
    assert read_article(tmp_path / "story").metadata["format"] == "md"
    (tmp_path / "story.txt").write_bytes(_MD)
    assert read_article(tmp_path / "story.txt").metadata["format"] == "txt"


def test_a_hashtag_at_the_start_of_stdin_is_text():
    text = b"#Breaking The two governments signed an agreement on Wednesday to cut tariffs on farm goods.\n"
    assert read_article("-", stdin=io.BytesIO(text)).metadata["format"] == "txt"


def test_front_matter_on_stdin_gives_the_title_as_a_md_file_does(tmp_path):
    # a fresh user's report: on stdin the front matter vanished with its title
    text = (b"---\ntitle: Floods hit the north\ndate: 2026-12-01\n---\n\nHeavy rain caused floods in three "
            b"northern districts on Monday, officials said. Rescue teams reached two of them by boat.\n")
    (tmp_path / "fm.md").write_bytes(text)
    from_file = read_article(tmp_path / "fm.md")
    from_stdin = read_article("-", stdin=io.BytesIO(text))
    assert from_stdin.title == from_file.title == "Floods hit the north"
    assert from_stdin.paragraphs == from_file.paragraphs
    # a text whose first line is a rule of dashes and then prose is text
    assert read_article("-", stdin=io.BytesIO(b"---\nHeavy rain caused floods on Monday, officials said.\n")
                        ).metadata["format"] == "txt"


@pytest.mark.parametrize("name, data", [
    ("h3.txt", b"Floods hit the north hard\n\nRain.\n"),
    ("h3.md", b"# Floods hit the north hard\n\nRain.\n"),
    ("h1.md", b"# Floods hit the north hard\n"),
])
def test_a_headline_over_no_sentence_is_the_text_as_a_headline_alone_is(tmp_path, name, data):
    # a fresh user's report: "Floods hit north" alone was briefed, but the same headline over "Rain."
    # was refused as "no sentence of 3 words or more, only 'Rain.'" (and "# Floods ..." alone in a
    # .md file as "nothing but page furniture"); one rule now: the headline is the text
    from summarize.config import load_config, packaged_default_path
    from summarize.pipeline import BriefOptions, Pipeline

    article = Pipeline(load_config(packaged_default_path()), BriefOptions(translate=False)).read(write(tmp_path, name, data))
    assert article.title is None and article.paragraphs[0] == "Floods hit the north hard"
    assert read_article(write(tmp_path, "lone.txt", b"Floods hit the north hard\n")).paragraphs == ["Floods hit the north hard"]
    # a headline over a real sentence stays the title; a page's <title> over no text is still refused
    assert read_article(write(tmp_path, "ok.txt", b"Floods hit the north hard\n\nRain fell all day.\n")).title
    with pytest.raises(InputError, match="no sentence of 3 words"):
        Pipeline(load_config(packaged_default_path()), BriefOptions(translate=False)).read(
            write(tmp_path, "p.html", b"<html><head><title>Floods hit the north hard</title></head><body><p>Rain.</p></body></html>"))


def test_each_row_of_a_markdown_table_is_a_paragraph_of_its_own():
    # a fresh user's report: the header row was a paragraph and every data row ran into one
    from summarize.reading.markdown import parse_markdown

    text = ("The provinces agreed on Monday how to share the budget.\n\n| Province | Share |\n|---|---|\n"
            "| North | 40% |\n| South | 60% |\n\nThe deal runs for five years.\n")
    paras, _title, _meta = parse_markdown(text)
    assert [p.text for p in paras] == ["The provinces agreed on Monday how to share the budget.", "Province Share",
                                       "North 40%", "South 60%", "The deal runs for five years."]
    assert [p.line for p in paras] == [0, 2, 4, 5, 7]


@pytest.mark.parametrize("name", ["w.htm", "w.html"])
def test_markdown_saved_as_htm_is_read_as_markdown(tmp_path, name):
    # a fresh user's report: "# Water bill passes" kept its "#" in the title of summary.en.txt
    data = (b"# Water bill passes\n\nThe national assembly passed the water bill on Monday after a long debate.\n\n"
            b"It now goes to the senate for a vote next month.\n")
    article = read_article(write(tmp_path, name, data))
    assert (article.title, article.metadata["format"]) == ("Water bill passes", "md")
    page = b"<html><body><h1>Water bill passes</h1><p>The assembly passed the bill on Monday.</p></body></html>"
    assert read_article(write(tmp_path, "p.htm", page)).metadata["format"] == "html"


# ---- a kicker, a time stamp or a breadcrumb above the headline (a fresh user's report, finding 7) ----

_LEAD = ("Thousands of families fled their homes in the Swat valley on Sunday as the river burst its banks, "
         "officials said. The disaster authority said at least 14 people had died. Rescue teams used boats "
         "to reach villages cut off by the water. More rain is expected this week.")
_HEADLINE = "Floods force thousands from Swat valley homes"


@pytest.mark.parametrize("above, rule", [
    ("WORLD", "kicker"),
    ("BREAKING NEWS", "kicker"),
    ("Published 3 hours ago", "timestamp"),
    ("Home > World > Asia", "breadcrumb"),
    ("WORLD\n\nUpdated: 12 August 2024, 10:32 PKT", None),
])
def test_the_headline_under_a_kicker_is_the_title_and_the_kicker_goes(above, rule):
    from summarize.reading.clean import clean_article

    article = reader.parse_text(f"{above}\n\n{_HEADLINE}\n\n{_LEAD}\n")
    assert article.title == _HEADLINE
    cleaned = clean_article(article)
    assert cleaned.paragraphs == [_LEAD]
    assert [r.text for r in cleaned.removed] == above.split("\n\n")
    if rule:
        assert [r.rule for r in cleaned.removed] == [rule]
    # --keep-boilerplate keeps the kicker in the text, and the title stays the headline
    assert clean_article(article, keep_boilerplate=True).paragraphs == [*above.split("\n\n"), _LEAD]


@pytest.mark.parametrize("label", ["Business", "Pakistan", "Middle East"])
def test_a_title_case_section_label_over_a_headline_is_a_kicker(label):
    # a fresh user's report: "Business" over a .txt's headline became the title, and the headline
    # stayed in the body (before, a label only in capitals, "WORLD", was one)
    from summarize.reading.clean import clean_article

    headline = "Markets fall as oil prices climb"
    body = ("Stocks fell sharply on Tuesday as the price of oil rose for a third day. Traders said the rise had "
            "caught many investors off guard. The main index closed two percent lower than it opened. Analysts "
            "expect more swings in the coming weeks.")
    article = reader.parse_text(f"{label}\n\n{headline}\n\n{body}\n")
    assert article.title == headline
    cleaned = clean_article(article)
    assert cleaned.paragraphs == [body]
    assert [(r.text, r.rule) for r in cleaned.removed] == [(label, "kicker")]


def test_a_kicker_over_a_pages_h1_leaves_the_text():
    from summarize.reading.clean import clean_article

    page = (f'<html><head><title>The Valley Times - Breaking news</title></head><body><article>'
            f'<h2 class="kicker">Pakistan</h2><h1>{_HEADLINE}</h1><p>{_LEAD}</p></article></body></html>')
    cleaned = clean_article(reader.parse_text(page, fmt="html"))
    assert cleaned.title == _HEADLINE
    assert cleaned.paragraphs == [_LEAD]
    assert [(r.text, r.rule) for r in cleaned.removed] == [("Pakistan", "kicker")]


@pytest.mark.parametrize("text, title, first", [
    # a headline over a standfirst with no full stop: the headline stays the title
    (f"{_HEADLINE}\n\nThousands flee as the river bursts its banks\n\n{_LEAD}\n", _HEADLINE,
     "Thousands flee as the river bursts its banks"),
    # a section label over the body with no headline: as before, the label is the first line
    (f"WORLD\n\n{_LEAD}\n", "WORLD", _LEAD),
    # a line of three capitalised words is a headline, not a section label: it stays the title
    (f"Floods Hit Swat\n\n{_HEADLINE}\n\n{_LEAD}\n", "Floods Hit Swat", _HEADLINE),
    # a short headline alone above the body stays the title
    (f"Floods hit north\n\n{_LEAD}\n", "Floods hit north", _LEAD),
    (f"Floods Hit\n\n{_LEAD}\n", "Floods Hit", _LEAD),
])
def test_no_kicker_without_its_shape(text, title, first):
    article = reader.parse_text(text)
    assert article.title == title and article.paragraphs[0] == first and "kicker_lines" not in article.metadata


def test_the_lead_is_briefed_under_a_kicker(tmp_path):
    # the headline left in the body sank the lead (a fresh user's report): with the headline taken
    # as the title, the lead is the brief's first sentence, as with no kicker
    import json

    from click.testing import CliRunner

    from summarize.cli import main

    briefs = []
    for name, head in (("kicker.txt", "WORLD\n\n"), ("plain.txt", "")):
        (tmp_path / name).write_text(f"{head}{_HEADLINE}\n\n{_LEAD}\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["run", str(tmp_path / name), "-s", "extractive", "--no-translate",
                                           "-f", "json", "-o", "-"])
        assert result.exit_code == 0, result.output
        brief = json.loads(result.output[result.output.index("{"):])
        briefs.append([seg["source"] for seg in brief["segments"]])
    assert briefs[0] == briefs[1] and briefs[0][0].startswith("Thousands of families fled")
