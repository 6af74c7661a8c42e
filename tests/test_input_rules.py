"""Bad input gets a clear error, good input is not refused (issue 10): junk pages, HTML saved
under a text suffix, and short English that the language check used to refuse."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.jobs.batch import run_batch
from summarize.cli import main
from summarize.config import load_config, packaged_default_path
from summarize.errors import InputError
from summarize.pipeline import BriefOptions, Pipeline
from summarize.reading.source import parse_text, read_article
from summarize.settings import Settings
from summarize.text.segment import is_english
from tests.fixtures.make_inputs import CASES, INPUTS, make_inputs
from tests.fixtures.short_english import short_english_texts

BY_NAME = {c.name: c for c in CASES}
ARTICLE = (
    "Ministers meet on border trade\n\n"
    "KABUL: Officials from two neighbouring countries met on Monday to discuss border trade.\n\n"
    "They agreed to reopen two crossings that had been closed for a month.\n\n"
    "A joint committee will report back within six weeks, the statement said.\n"
)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return make_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(load_config(packaged_default_path()), BriefOptions(translate=False))


def run_cli(*args: str):
    return CliRunner().invoke(main, ["run", *args, "-s", "extractive", "--no-translate", "-f", "json"])


# ---- junk is never briefed -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["js-only.html", "js-only-fragment.html", "furniture-page.html"])
def test_junk_page_fails_the_run_with_one_line(name, inputs, tmp_path):
    result = run_cli(str(inputs[name]), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == f"summarize: error: {inputs[name]}: {result.stderr.split(': ', 3)[-1].strip()}"
    assert "no article text found" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("brief.json"))


@pytest.mark.parametrize("page", [
    "# Heading\n\n![a photo](photo.jpg)\n\n[a link](https://example.org/story)\n",  # a fresh user's report
    "# Heading\n\n[a link](https://example.org/story)\n",
    "# Latest news\n\n- [Border crossing reopens](https://example.org/a)\n- [Talks resume in Doha](https://example.org/b)\n",
    "Top stories\n\n[Home](/) | [World](/world) | **[Sport](/sport)**\n\n<https://example.org/more>\n",
])
def test_a_markdown_page_of_headings_images_and_links_is_refused(page, tmp_path):
    path = tmp_path / "page.md"
    path.write_text(page, encoding="utf-8")
    result = run_cli(str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"summarize: error: {path}: no article text found") and result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("brief.json"))
    assert run_cli(str(path), "-o", str(tmp_path / "kept"), "--keep-boilerplate").exit_code == 0  # the user's say


def test_a_markdown_article_keeps_its_text_and_loses_its_link_only_lines(pipeline, tmp_path):
    path = tmp_path / "item.md"
    path.write_text("# Floods in Swat\n\n[Home](/) | [World](/world)\n\n"
                    "Relief convoys reached [cut-off villages](https://example.org/map) in Swat on Monday.\n\n"
                    "- [Border crossing reopens](https://example.org/a)\n", encoding="utf-8")
    article = pipeline.read(path)
    assert article.paragraphs == ["Relief convoys reached cut-off villages in Swat on Monday."]
    assert [(r.text, r.rule, r.line) for r in article.removed] == [
        ("Home | World", "link-only", 2), ("Border crossing reopens", "link-only", 6)]
    assert "link_only_lines" not in article.metadata


@pytest.mark.parametrize("raw, expect", [
    ("[a link](https://example.org)", True),
    ("[Home](/) | [World](/world) · [Sport](/s)", True),
    ("**[Read the report](https://example.org/r)**", True),
    ("[![logo](logo.png)](https://example.org)", True),
    ("<https://example.org/more>", True),
    ("[Talks resume][1]", True),
    ("Also read: [Border crossing reopens](https://example.org/a)", False),
    ("Officials said [the report](https://example.org/r) was late.", False),
    ("![only a photo](photo.jpg)", False),
    ("No links here at all", False),
])
def test_is_link_only(raw, expect):
    from summarize.reading.markdown import is_link_only

    assert is_link_only(raw) is expect


@pytest.mark.parametrize("text", short_english_texts(), ids=lambda t: t[:40])
def test_short_english_as_markdown_is_never_refused(text, pipeline, tmp_path):
    path = tmp_path / "item.md"
    path.write_text(text, encoding="utf-8")
    article = pipeline.read(path)  # raises InputError when refused
    assert not [r for r in article.removed if r.rule == "link-only"]


def test_js_only_page_on_stdin_is_refused(pipeline):
    page = b'<div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>'
    with pytest.raises(InputError, match="only with JavaScript"):
        pipeline.read("-", stdin=io.BytesIO(page))


def test_noscript_text_is_never_article_text():
    page = ("<html><body><noscript>Please enable JavaScript to see the comments.</noscript>"
            "<article><p>Officials met in Kabul on Monday to discuss border trade.</p></article></body></html>")
    article = parse_text(page, fmt="html")
    assert not any("JavaScript" in p for p in article.paragraphs)
    assert article.paragraphs == ["Officials met in Kabul on Monday to discuss border trade."]


def test_furniture_left_after_cleaning_is_refused_but_kept_with_keep_boilerplate(inputs, tmp_path):
    result = run_cli(str(inputs["furniture-page.html"]), "-o", str(tmp_path / "a"), "--keep-boilerplate")
    assert result.exit_code == 0, result.output


def test_a_short_item_with_furniture_is_kept(pipeline):
    text = ("Gold up Rs1,500 per tola\n\nShare this article\n\n"
            "KARACHI: Gold rose by Rs1,500 per tola on Tuesday, the jewellers' association said.\n\nRead more\n")
    article = pipeline.read("-", stdin=io.BytesIO(text.encode()))
    assert article.removed and article.paragraphs == ["Gold rose by Rs1,500 per tola on Tuesday, the jewellers' association said."]


@pytest.mark.parametrize("text, expect", [
    ("Officials met in Kabul on Monday to discuss border trade.", True),
    ("“We will reopen the crossings within a month,” the minister told reporters.", True),
    ("Skip to content", False),
    ("Copyright 2024 Daily News. All rights reserved.", False),
    ("Click to share on Facebook (Opens in new window)", False),
])
def test_has_prose(text, expect):
    from summarize.pipeline import has_prose

    assert has_prose(parse_text(text)) is expect


def test_batch_records_a_junk_page_as_failed_and_goes_on(inputs, tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text(ARTICLE, encoding="utf-8")
    for name in ("js-only.html", "furniture-page.html"):
        (root / name).write_bytes(inputs[name].read_bytes())
    settings = Settings.from_options(summarizer="extractive", translate=False, quiet=True)
    res = run_batch([str(root)], settings, str(tmp_path / "out"))
    status = {r.source.path.name: (r.status, r.reason) for r in res.records}
    assert status["good.txt"][0] == "done"
    for name in ("js-only.html", "furniture-page.html"):
        assert status[name][0] == "failed" and "no article text found" in status[name][1]
    assert res.exit_code == 1
    lines = [json.loads(x) for x in (tmp_path / "out" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(x["status"] for x in lines) == ["done", "failed", "failed"]


# ---- code, data and logs are no article ----------------------------------------------------------

_JSON = json.dumps([{"id": i, "name": f"border crossing {i}", "open": i % 2 == 0} for i in range(12)], indent=2)
_PYTHON = (
    "def reopen_crossings(crossings, days=30):\n"
    "    \"\"\"Reopen the crossings that have been closed for more than a month.\"\"\"\n"
    "    for crossing in crossings:\n"
    "        if crossing.closed_days > days and not crossing.flags[\"disputed\"]:\n"
    "            crossing.state = \"open\"\n"
    "    return [c for c in crossings if c.state == \"open\"]\n"
)
_LOG = "\n".join(f"2026-12-02 10:{m:02d}:00 INFO worker {m} finished job {m * 7} in {m + 3} seconds with status ok"
                  for m in range(8))
_CSV = "\n".join(["crossing,country,opened,trucks per day"]
                  + [f"Crossing number {i},Country {i % 3},2026-0{i % 9 + 1}-01,{i * 40}" for i in range(20)])


_STAMPED_LOG = ("2024-01-01 12:00:00 INFO server started on port 8080 with 4 workers and the cache is warm.\n"
                "2024-01-01 12:00:01 ERROR Connection refused while connecting to the database at host db.\n")
_REPEATS = " ".join(f"Row {i}: the customer said the product was very good and would buy it again." for i in range(8))
_ERROR_PAGE = ("<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not "
               "found on this server.</p><hr><address>Apache/2.4.41 (Ubuntu) Server at example.com Port 80</address>"
               "</body></html>")


@pytest.mark.parametrize("text, reason", [
    ('{"a": 1, "b": [1, 2, 3], "c": {"d": "e"}, "f": "g"}', "it looks like code or data, not prose: the whole text is a JSON object"),  # too few symbols for the share
    ('{"error": "Not Found", "status": 404}', "it looks like code or data, not prose: the whole text is a JSON object"),
    ('<?xml version="1.0"?><error>Not found</error>', "it looks like code or data, not prose: the whole text is an XML document"),
    (_STAMPED_LOG, "it looks like a log"),
    (_REPEATS, "it repeats itself"),
    (_JSON, "it looks like code or data"),
    (_PYTHON, "it looks like code or data"),
    (_LOG, "it looks like a log"),
    (_CSV, "it repeats itself"),
    ("\n".join(f"{name} {i} of the register: {town}, {i * 3} trucks, open"
               for i, (name, town) in enumerate(zip(["Torkham", "Chaman", "Wagah", "Angoor Adda", "Ghulam Khan"] * 4,
                                                   ["Khyber", "Qila Abdullah", "Lahore", "South Waziristan"] * 5))),
     "it looks like a list, a table or a log"),
])
def test_code_data_and_logs_are_no_article(text, reason, pipeline):
    with pytest.raises(InputError, match=f"no article text found: {reason}.*--keep-boilerplate briefs it"):
        pipeline.prepare(parse_text(text))


@pytest.mark.parametrize("text", [
    ARTICLE,
    # markup named in a sentence, a few brackets and an equals sign in prose
    "Editors wrap each paragraph in <p> tags.\n\nThe <div> tag groups them, and <br> breaks a line.\n",
    ARTICLE + "\nThe minister [of trade] said the toll would be cut by half, so that 2 x 50 = 100 trucks a day pass.\n",
    # a short market report is mostly not sentences, and is news
    "Brent crude $82.15 (-0.6%), WTI $78.02 (-0.8%). Gold $1,962 an ounce.\n\nNikkei 225 ends 1.2pc lower; Hang Seng flat",
])
def test_prose_with_a_few_symbols_is_an_article(text, pipeline):
    assert pipeline.prepare(parse_text(text)).paragraphs


@pytest.mark.parametrize("page", [
    "404 - Page not found\n\nSorry, the page you are looking for does not exist or has been moved.\n"
    "Please check the URL for errors or go back to the home page.\n",
    "Subscribe to continue reading\n\nYou have reached your limit of free articles this month.\n"
    "Already a subscriber? Log in to continue reading this story.\n",
    "We'll be back soon\n\nSorry for the inconvenience but we are performing some maintenance at the moment.\n",
])
def test_a_wall_or_an_error_page_with_some_prose_is_no_article(page, pipeline):
    with pytest.raises(InputError, match="no article text found: it is an error page, a bot check or a wall"):
        pipeline.prepare(parse_text(page))


def test_an_article_with_a_stray_wall_line_is_an_article(pipeline):
    text = ARTICLE + "\nSubscribe to continue reading\n\n" + (
        "Traders in Peshawar said the closure had cost them millions of rupees since the spring.\n\n"
        "Drivers waited for days at the gate, sleeping in their cabs while fruit rotted in the heat.\n\n"
        "The chamber of commerce asked both governments to keep the crossings open during future disputes.\n\n"
        "Customs officials said new scanners would cut the time each truck spends at the border by half.\n")
    article = pipeline.prepare(parse_text(text))
    assert [r.rule for r in article.removed] == ["access-wall"]


# a fresh user's report (finding 8): a 404 page with a sentence of its own, briefed with exit 0
_NOT_FOUND_PAGE = ("<html><head><title>404 Not Found</title></head><body><h1>404 - Page not found</h1><p>The page "
                   "you requested could not be found on this server. It may have been removed or renamed.</p>"
                   "<p><a href=\"/\">Return to the home page</a></p></body></html>")
_SORRY_PAGE = ("<html><head><title>Oops</title></head><body><main><h2>Sorry, we can't find that page</h2><p>It may "
               "have moved, or the address may be mistyped. Try the search box above or browse the latest stories "
               "from our newsroom.</p><p>Error 404</p></main></body></html>")
_TITLE_ONLY_ERROR = ("<html><head><title>Page not found</title></head><body><h1>Page not found</h1><p>Try the search "
                     "box above, or browse the latest stories from our newsroom on the front page.</p></body></html>")
# ... and a section front: a list of headlines, each a link
_LINKS = ["Floods displace thousands in Swat valley after heavy rains",
          "Ministers agree on border trade corridor at Islamabad talks",
          "Wheat prices climb as a dry spell hits Punjab farmers",
          "Nurses strike over three months of unpaid wages", "Kabul schools reopen after the long winter break"]
_SECTION_FRONT = ("<html><head><title>World news</title></head><body><main><h1>World news</h1><ul>"
                  + "".join(f'<li><a href="/{i}">{t}</a></li>' for i, t in enumerate(_LINKS)) + "</ul></main></body></html>")


@pytest.mark.parametrize("page", [_NOT_FOUND_PAGE, _SORRY_PAGE, _TITLE_ONLY_ERROR], ids=["404", "sorry", "title"])
def test_a_not_found_page_is_no_article(page, pipeline):
    with pytest.raises(InputError, match="no article text found: it is an error page, a bot check or a wall"):
        pipeline.prepare(parse_text(page, fmt="html"))


_REPORTING = {
    "quote": ("Farmers locked out of their own land\n\nFarmers in the Thar desert say a mining company has fenced off "
              "grazing land their families have used for generations.\n\n\"We don't have permission to access our own "
              "land any more,\" said Ramesh Kumar, a herder from Islamkot.\n\nThe company said it had bought the land "
              "legally in 2019.\n"),
    "told": ("Ministry blames error for missing report\n\nThe health ministry blamed a technical error on Tuesday after a "
             "report on hospital deaths disappeared from its website.\n\nJournalists who followed the link were told "
             "that the page you requested could not be found.\n\nA spokesman said the report would be published again.\n"),
    "said": ("Paywall row\n\nThe newspaper put its stories behind a paywall on Monday, angering readers.\n\nSubscribe to "
             "continue reading, the message on its website said.\n\nReaders said the fee of 500 rupees was too high.\n"),
    "play": ("404 Not Found\n\nA new play called 404 Not Found opened in Karachi on Friday, telling the story of a family "
             "searching for a missing son.\n\nCritics praised the young cast.\n"),
    "forbidden": ("Forbidden\n\nKABUL: The Taliban barred women from universities across Afghanistan on Tuesday, a "
                  "ministry letter said.\n\nStudents said they were turned away at the gates.\n"),
}


@pytest.mark.parametrize("name", sorted(_REPORTING))
def test_an_article_that_reports_an_error_page_or_a_wall_is_briefed_whole(name, pipeline):
    """A fresh user's report: the wall rules matched a phrase anywhere in a line, so a quote
    ('"We don't have permission to access ...," said ...'), a sentence reporting a page ("were
    told that the page you requested could not be found", "..., the message said") was removed,
    and a short article holding one refused as an error page; so was an item under the headline
    "404 Not Found" (a play) or "Forbidden". A page that is the error is still refused (above)."""
    article = pipeline.prepare(parse_text(_REPORTING[name], fmt="txt"))
    assert article.removed == [] or all(r.rule not in ("error-page", "access-wall") for r in article.removed)
    body = [p for p in _REPORTING[name].split("\n\n")[1:] if p.strip()]
    assert len(article.paragraphs) == len(body)  # every sentence kept (a dateline, KABUL:, goes to the metadata)
    assert all(b.strip().endswith(a.strip()) for a, b in zip(article.paragraphs, body))
    for page in ("404 Not Found\n\nThe requested URL was not found on this server.\n",
                 "Forbidden\n\nYou don't have permission to access this resource.\n",
                 "Subscribe to continue reading.\n\nAlready a subscriber? Log in.\n"):
        with pytest.raises(InputError, match="it is an error page, a bot check or a wall"):
            pipeline.prepare(parse_text(page, fmt="txt"))


def test_an_html_section_front_of_links_is_no_article_and_the_run_fails(pipeline, tmp_path):
    with pytest.raises(InputError, match="no article text found: nothing but page furniture"):
        pipeline.prepare(parse_text(_SECTION_FRONT, fmt="html"))
    (tmp_path / "front.html").write_text(_SECTION_FRONT, encoding="utf-8")
    (tmp_path / "404.html").write_text(_NOT_FOUND_PAGE, encoding="utf-8")
    for name in ("front.html", "404.html"):
        result = run_cli(str(tmp_path / name), "-o", str(tmp_path / name.replace(".", "-")))
        assert result.exit_code == 1, result.output
        assert "no article text found" in result.output and len(result.output.strip().splitlines()) == 1


# a fresh user's report: a section front of story cards (a linked headline over a one-sentence
# teaser, no article body) was briefed with exit 0: trafilatura drops the linked headlines and keeps
# the teasers, which read as five sentences of news
_CARDS = [("floods", "Floods hit the north", "Thousands were moved from their homes on Monday."),
          ("budget", "Budget talks stall again", "Ministers failed to agree on the new spending plan."),
          ("polls", "Voters head to the polls", "Turnout is expected to be high in the capital."),
          ("bridge", "New bridge opens to traffic", "The crossing cuts the journey time by an hour."),
          ("schools", "Schools reopen after the storm", "Teachers returned to damaged classrooms this week.")]
_CARD_FRONT = ("<html><head><title>World news</title></head><body><h1>World news</h1>"
               + "".join(f'<div class="card"><h2><a href="/{u}">{h}</a></h2><p>{t}</p></div>' for u, h, t in _CARDS)
               + "</body></html>")
_BODY = ["Heavy rain caused rivers to burst their banks across the north on Sunday, officials said.",
         "Hundreds of families left their homes as the water rose through the night.",
         "The disaster authority said at least twelve people had died and many more were missing.",
         "Rescue teams used boats to reach villages that the water had cut off from the main road.",
         "Doctors in the district hospital said they were short of clean water and medicine.",
         "The weather office expects more rain later in the week and warned people to keep away from the rivers.",
         "Farmers said the floods had washed away crops that were almost ready for harvest.",
         "The provincial government promised money for every family that lost its home."]


def test_an_html_section_front_of_story_cards_is_no_article_and_the_run_fails(pipeline, tmp_path):
    with pytest.raises(InputError, match=r"no article text found: it looks like a section front \(5 linked "
                                         r"headlines with teasers\), not an article"):
        pipeline.prepare(parse_text(_CARD_FRONT, fmt="html"))
    # a headline inside its link, and a time between it and the teaser, make a card too
    wrapped = _CARD_FRONT.replace('<h2><a href="/', '<a href="/').replace("</a></h2>", "</a>")
    wrapped = re.sub(r'<a href="(/\w+)">([^<]*)</a>', r'<a href="\1"><h3>\2</h3></a><time>2 hours ago</time>', wrapped)
    with pytest.raises(InputError, match=r"section front \(5 linked headlines"):
        pipeline.prepare(parse_text(wrapped, fmt="html"))
    # ... and so does a card that is one link, headline and teaser
    whole = re.sub(r'<h2><a href="(/\w+)">([^<]*)</a></h2><p>([^<]*)</p>', r'<a href="\1"><h2>\2</h2><p>\3</p></a>',
                   _CARD_FRONT)
    assert whole.count("<a href") == 5
    with pytest.raises(InputError, match=r"section front \(5 linked headlines"):
        pipeline.prepare(parse_text(whole, fmt="html"))
    (tmp_path / "front.html").write_text(_CARD_FRONT, encoding="utf-8")
    result = run_cli(str(tmp_path / "front.html"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "front.html: no article text found: it looks like a section front" in result.output
    # --keep-boilerplate briefs it all the same
    keep = Pipeline(load_config(packaged_default_path()), BriefOptions(translate=False, keep_boilerplate=True))
    assert len(keep.prepare(parse_text(_CARD_FRONT, fmt="html")).paragraphs) == 5


@pytest.mark.parametrize("kind", ["subheadings", "short-sections", "related"])
def test_an_article_with_linked_subheadings_or_a_box_of_cards_is_briefed(kind, pipeline):
    if kind == "subheadings":  # four linked subheadings, each over a section of two paragraphs
        body = "<p>" + _BODY[0] + "</p>" + "".join(
            f'<h2><a href="#s{k}">Part {k}</a></h2><p>{_BODY[2 * k]}</p><p>{_BODY[2 * k + 1]}</p>' for k in range(1, 4))
    elif kind == "short-sections":  # a few (three) linked subheadings over one short paragraph each
        body = "<p>" + _BODY[0] + " " + _BODY[1] + "</p>" + "".join(
            f'<h2><a href="#s{k}">Part {k}</a></h2><p>{_BODY[k + 1]}</p>' for k in range(1, 4))
    else:  # a long body, then a box of five story cards
        body = ("".join(f"<p>{s}</p>" for s in _BODY) + "<h2>More news</h2>"
                + "".join(f'<h3><a href="/{u}">{h}</a></h3><p>{t}</p>' for u, h, t in _CARDS))
    page = f"<html><body><article><h1>Rivers burst their banks across the north</h1>{body}</article></body></html>"
    article = pipeline.prepare(parse_text(page, fmt="html"))
    assert article.title == "Rivers burst their banks across the north"
    assert article.paragraphs[0].startswith(_BODY[0]) and "section_front" not in article.metadata


_STORY = ("<p>Thousands of families fled their homes in the Swat valley on Sunday as the river burst its banks, "
          "officials said.</p><p>The disaster authority said at least 14 people had died.</p>")


def test_an_html_article_keeps_its_text_and_loses_its_list_of_related_links(pipeline):
    # a list of links in the middle of the story, which trafilatura keeps (a "Related stories"
    # box at the end it drops itself)
    page = ("<html><body><article><h1>Floods force thousands from Swat valley homes</h1>" + _STORY
            + "<ul>" + "".join(f'<li><a href="/{i}">{t}</a></li>' for i, t in enumerate(_LINKS[:3])) + "</ul>"
            + "<p>Rescue teams used <a href=\"/boats\">boats</a> to reach villages cut off by the water.</p>"
            + "</article></body></html>")
    article = pipeline.prepare(parse_text(page, fmt="html"))
    assert article.title == "Floods force thousands from Swat valley homes"
    assert len(article.paragraphs) == 3 and article.paragraphs[2].startswith("Rescue teams used boats")
    assert sorted(r.text for r in article.removed if r.rule == "link-only") == sorted(_LINKS[:3])


@pytest.mark.parametrize("page", [
    "<html><body><h1>Gold price falls</h1><p>KARACHI: Gold fell by Rs500 per tola on Tuesday.</p></body></html>",
    "<html><body><ul><li>Officials met in Kabul on Monday to discuss <a href=\"/t\">border trade</a>.</li>"
    "<li>They agreed to reopen two crossings.</li></ul></body></html>",
    # a story whose sentence a link also repeats, as a teaser elsewhere on the page
    "<html><body><article><p>" + _LINKS[0] + ", officials said on Sunday.</p><p><a href=\"/x\">" + _LINKS[1]
    + "</a></p><p>" + _LINKS[1] + "</p></article></body></html>",
])
def test_short_items_and_articles_with_a_few_links_are_briefed(page, pipeline):
    assert pipeline.prepare(parse_text(page, fmt="html")).paragraphs


@pytest.mark.parametrize("page", [
    _ERROR_PAGE,
    "Access denied\n\nPlease enable cookies. You have been blocked by Cloudflare. Ray ID: 7a8b9c. Please complete "
    "the security check to access example.com.\n",
])
def test_an_error_page_or_a_bot_check_is_no_article(page, pipeline):
    with pytest.raises(InputError, match="no article text found: it is an error page, a bot check or a wall"):
        pipeline.prepare(parse_text(page))


@pytest.mark.parametrize("text", [
    "12:05 GMT: Officials said the crossing would reopen on Monday.\n\n12:40 GMT: Trucks began to queue at the gate.\n",
    ARTICLE + "\nThe ministry's website showed a 404 Not Found page for hours, engineers said on Monday.\n"
              "\nAccess denied to the site was a mistake, the police said.\n",
])
def test_news_about_errors_and_live_blogs_are_articles(text, pipeline):
    assert pipeline.prepare(parse_text(text)).paragraphs


def test_a_results_story_with_a_table_is_an_article(pipeline):
    # a fresh user's report: refused as "a list, a table or a log" (78 words, 45 % in sentences)
    text = ("Asia Cup: results and standings\n\n"
            "Pakistan beat Nepal by 238 runs in Multan on Wednesday, and Sri Lanka beat Bangladesh by five wickets.\n\n"
            "Results:\nPakistan 342-6 (50) beat Nepal 104 (23.4) by 238 runs\nSri Lanka 165-5 (39) beat Bangladesh 164 "
            "(42.4) by 5 wickets\nIndia 266 (48.5) v Pakistan: no result, rain\n\n"
            "Standings:\n1. Pakistan: 3 points\n2. India: 1 point\n3. Nepal: 0 points\n\n"
            "Pakistan play Bangladesh in Lahore on Sunday in the first game of the next round.\n")
    assert pipeline.prepare(parse_text(text)).paragraphs


def test_urdu_prose_is_prose():
    from summarize.pipeline import code_or_data_problem
    from summarize.text.segment import split_sentences

    paragraph = " ".join(f"سرحدی تجارت پر بات چیت کے لیے {word} ممالک کے حکام نے پیر کو ملاقات کی۔"
                         for word in ("دونوں", "تین", "چار", "پانچ", "چھ", "سات", "آٹھ", "نو"))
    assert code_or_data_problem([paragraph], split_sentences(paragraph, "ur")) is None



def test_titles_marked_with_angle_brackets_are_prose():
    """Korean news marks the title of a show or a book <so>; a review naming eight of them (16
    brackets) was refused as "code or data" (scrapinghub's article-extraction-benchmark). Our
    own sentences; markup tags in the same text are still counted."""
    from summarize.pipeline import code_or_data_problem
    from summarize.text.segment import split_sentences

    shows = ("바람의 노래", "겨울 바다", "작은 집", "푸른 밤", "먼 길", "붉은 달", "검은 강", "하얀 산")
    paragraph = " ".join(f"이번 주말에는 드라마 <{show}>가 방송되었고 시청자들의 반응이 좋았다." for show in shows)
    assert code_or_data_problem([paragraph], split_sentences(paragraph)) is None
    english = " ".join(f"The theatre staged <{show} of Jang Noksu> for the festival crowds on Monday." for show in
                       ("The Palace", "The River", "The Garden", "The Gate", "The Bell", "The Moon", "The Road", "The Song"))
    assert code_or_data_problem([english], split_sentences(english)) is None
    tagged = " ".join(f"이번 주말에는 드라마 <b>{show}</b>가 방송되었다." for show in shows)
    assert "code or data" in (code_or_data_problem([tagged], split_sentences(tagged)) or "")


def test_an_article_with_one_very_long_sentence_is_prose():
    """A court story whose ruling is one 120-word sentence, over three short ones, was refused as
    "a list, a table or a log" (a fresh user's report): a sentence over 100 words did not count
    as prose at all. Our own text; one page-long "sentence" is still not an article."""
    from summarize.pipeline import code_or_data_problem
    from summarize.text.segment import split_sentences

    from tests.test_extractive import AFTER_RULING, RULING as ruling

    assert len(ruling.split()) >= 115
    text = " ".join([ruling, *AFTER_RULING])
    assert code_or_data_problem([text], split_sentences(text)) is None
    blob = " ".join(f"item{i} value{i} code{i}" for i in range(300)) + "."
    assert "list, a table or a log" in (code_or_data_problem([blob], split_sentences(blob)) or "")


_CONFIGS = sorted((Path(__file__).parent / "fixtures" / "configs").glob("*.y*ml"))


@pytest.mark.parametrize("config", _CONFIGS, ids=lambda p: p.name)
def test_a_yaml_configuration_file_is_no_article(config, pipeline):
    # too few symbols for the code rule and too few words for the prose rule (a fresh user's report)
    with pytest.raises(InputError, match="no article text found: it looks like a configuration file \\(YAML\\)"):
        pipeline.prepare(parse_text(config.read_text(encoding="utf-8")))


@pytest.mark.parametrize("text", [
    # lowercase words before a colon in prose, and a news item's capitalised keys
    "The ministers agreed on three points: tariffs, quotas and a timetable.\n\nThey said: the talks went well. "
    "Officials added: more meetings follow, including: one in Kabul and one in Islamabad.",
    "PSX: KSE-100 index gains 1,200 points\nKARACHI: The index closed higher Tuesday. Volume: 412 million shares.\n"
    "Top gainers: OGDC, PPL, HBL. Turnover: Rs 20 billion.",
    # a news item with a bulleted list and a few lowercase lines before a colon: not a YAML file
    "Floods cut off three districts\n\nHeavy rain caused floods in three northern districts on Monday, officials said.\n"
    "What we know so far:\n- At least 20 people died.\n- 4,000 families left their homes.\n- Two roads are closed.\n"
    "note: the figures come from the provincial disaster authority.\nupdate: a third road reopened at noon.\n"
    "source: the district office, which gave the figures on Monday.\n"
    "The government said aid would arrive on Wednesday, and the army sent boats to the worst-hit villages.\n"
    "Residents said the water was still rising in the lower parts of the valley.\n",
])
def test_a_few_keys_in_news_are_not_a_configuration_file(text, pipeline):
    assert pipeline.prepare(parse_text(text)).paragraphs


def test_keep_boilerplate_briefs_data_all_the_same():
    lenient = Pipeline(load_config(packaged_default_path()), BriefOptions(translate=False, keep_boilerplate=True))
    assert lenient.prepare(parse_text(_JSON)).paragraphs


def test_a_json_file_on_stdin_fails_the_run_with_one_line(tmp_path):
    result = CliRunner().invoke(main, ["run", "-", "-s", "extractive", "--no-translate", "-o", str(tmp_path / "out")],
                                input=_JSON)
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("summarize: error: -: no article text found: it looks like code or data")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("brief.json"))


# ---- HTML saved as .txt / .md ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["saved-page.txt", "saved-page.md"])
def test_a_saved_page_with_a_text_suffix_is_read_as_html(name, inputs, tmp_path):
    article = read_article(inputs[name])
    assert article.metadata["format"] == "html"
    assert not any("<" in p for p in article.paragraphs)
    assert "Great report!" not in article.body  # trafilatura's main-text extraction, not the raw page
    result = run_cli(str(inputs[name]), "-o", str(tmp_path))
    brief = json.loads(next(tmp_path.rglob("brief.json")).read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert not any("<" in s["source"] for s in brief["segments"])


def test_forced_format_still_wins(inputs):
    article = read_article(inputs["saved-page.txt"], fmt="txt")
    assert article.metadata["format"] == "txt"


def test_text_that_only_mentions_tags_stays_text(inputs):
    assert read_article(inputs["tags-in-text.txt"]).metadata["format"] == "txt"


# ---- short English is English ------------------------------------------------------------------


def test_at_least_fifty_short_english_texts():
    texts = short_english_texts()
    assert len(texts) >= 50 and len(set(texts)) == len(texts)


@pytest.mark.parametrize("text", short_english_texts(), ids=lambda t: t[:40])
def test_short_english_is_never_refused(text, pipeline):
    assert is_english(text)
    pipeline.read("-", stdin=io.BytesIO(text.encode("utf-8")))  # raises InputError when refused


@pytest.mark.parametrize("name", ["headline.txt", "market-report.txt"])
def test_headline_and_market_report_are_briefed(name, tmp_path):
    result = run_cli(str(INPUTS / name), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", ["not-english-fr.txt", "not-english-ur.txt", "not-english-ps.txt", "not-english-prs.txt"])
def test_other_languages_are_still_refused(name, tmp_path):
    result = run_cli(str(INPUTS / name), "-o", str(tmp_path))
    assert result.exit_code == 1 and "does not look like English" in result.stderr


@pytest.mark.parametrize("text", [
    "El Niño to bring heavy rains to Los Angeles, says La Niña expert",
    "Ursula von der Leyen meets Lula da Silva in Brasilia",
    "Tour de France: Pogacar takes yellow jersey on Stage 14",
    "Based on Fray Bartolomé de las Casas (Tratado de las Indias) the conquerors killed thousands.",
])
def test_name_particles_are_not_another_language(text):
    assert is_english(text)


@pytest.mark.parametrize("text", [
    "Les ministres se réunissent à Paris",
    "Le gouvernement a annoncé une hausse des prix de l'essence",
    "Menteri luar negeri bertemu di Jakarta untuk membahas perdagangan yang adil",
    "A kormány szerint az infláció csökkenni fog, és a bérek nőnek",
    "Ministrowie spotkali się w Warszawie, aby omówić bezpieczeństwo regionu",
])
def test_short_text_in_other_languages_is_refused(text):
    assert not is_english(text)


def test_source_lang_eng_latn_means_english_go_on(tmp_path):
    refused = run_cli(str(INPUTS / "not-english-fr.txt"), "-o", str(tmp_path / "a"))
    assert refused.exit_code == 1
    for code in ("eng_Latn", "en"):
        result = run_cli(str(INPUTS / "not-english-fr.txt"), "--source-lang", code, "-o", str(tmp_path / code))
        assert result.exit_code == 0, result.output
        brief = json.loads(next((tmp_path / code).rglob("brief.json")).read_text(encoding="utf-8"))
        assert brief["source_lang"] == "en"
