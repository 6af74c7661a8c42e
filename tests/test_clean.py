"""summarize.clean: the boilerplate table, conservative matching, and what is recorded."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from summarize.brief import Article, RemovedLine
from summarize.reading.clean import RULES, clean_article, match_rule
from summarize.reading.source import parse_text, read_article
from tests.fixtures.make_inputs import CASES, make_inputs

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "afghan-truce.txt"
CAPTION = (
    "The visiting dignitaries appreciated the positive role being played by Pakistan for Afghan "
    "peace process. SCREENGRAB"
)
STANDFIRST = "Pakistan\u2019s support sought to convince Taliban to agree to a ceasefire"




# ---- the table itself --------------------------------------------------------------------------


def test_rules_table_is_well_formed():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
        assert rule.description and rule.example
        assert (rule.pattern is None) != (rule.predicate is None)


@pytest.mark.parametrize("rule", [r for r in RULES if r.pattern is not None], ids=lambda r: r.name)
def test_each_rule_removes_its_own_example(rule):
    assert rule.matches(rule.example)
    assert match_rule(rule.example) is rule


def test_every_rule_is_documented_in_the_module_docstring():
    import summarize.reading.clean as clean

    for rule in RULES:
        assert rule.name in clean.__doc__


# ---- what the rules remove -------------------------------------------------------------------

BOILERPLATE = [
    ("SCREENGRAB", "credit-line"),
    ("Screengrab", "credit-line"),
    (CAPTION, "photo-caption"),
    ("Afghan soldiers patrol a street in Kabul. PHOTO: AFP", "photo-caption"),
    ("Afghan soldiers patrol a street in Kabul | Photo: Reuters", "photo-caption"),
    ("Prime Minister Imran Khan addresses the gathering. Photo: Reuters/File", "photo-caption"),
    ("The envoy meets the army chief in Rawalpindi (File photo)", "photo-caption"),
    ("A view of the meeting. Image credit: ISPR", "photo-caption"),
    ("Troops on patrol. AFP photo", "photo-caption"),
    ("Rescue workers carry a flood victim. Photo by Sana Qureshi", "photo-caption"),
    ("Rescue workers carry a flood victim (Photo: Online)", "photo-caption"),
    ("PHOTO: AFP", "credit-line"),
    ("Photo: Reuters", "credit-line"),
    ("File photo", "credit-line"),
    ("FILE PHOTO", "credit-line"),
    ("(AFP)", "credit-line"),
    ("— Reuters", "credit-line"),
    ("Image credit: Getty Images", "credit-line"),
    ("Photo courtesy: ISPR", "credit-line"),
    ("Load Next Story", "load-more"),
    ("LOAD MORE", "load-more"),
    ("Next story »", "load-more"),
    ("Show more comments", "load-more"),
    ("Read more", "read-more"),
    ("Read more:", "read-more"),
    ("Read More »", "read-more"),
    ("Read more: Taliban reject calls for a ceasefire", "read-more"),
    ("Also read: Border crossing reopens after two-week closure", "read-more"),
    ("ALSO READ | Pakistan, US discuss peace process", "read-more"),
    ("Read also", "read-more"),
    ("READ: Khalilzad arrives in Islamabad", "read-more"),
    ("See also: Timeline of the Afghan talks", "read-more"),
    ("Related stories", "read-more"),
    ("Watch: The envoy's press conference", "read-more"),
    ("Follow us on Twitter", "share-follow"),
    ("Follow us on Facebook, Twitter and Instagram for the latest news", "share-follow"),
    ("Follow @dawn_com on Twitter", "share-follow"),
    ("Share this article", "share-follow"),
    ("Share on Facebook", "share-follow"),
    ("Share on WhatsApp", "share-follow"),
    ("Facebook Twitter WhatsApp Email", "share-follow"),
    ("Subscribe to our newsletter", "share-follow"),
    ("Sign up for our daily newsletter to get the top stories in your inbox", "share-follow"),
    ("Subscribe now", "share-follow"),
    ("Join our WhatsApp channel", "share-follow"),
    ("We use cookies to improve your experience on our site.", "cookie-notice"),
    ("This website uses cookies to ensure you get the best experience.", "cookie-notice"),
    ("By continuing to browse the site you are agreeing to our use of cookies.", "cookie-notice"),
    ("Accept all cookies", "cookie-notice"),
    ("Cookie policy", "cookie-notice"),
    ("Advertisement", "advertisement"),
    ("ADVERTISEMENT", "advertisement"),
    ("- Advertisement -", "advertisement"),
    ("Sponsored content", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Scroll to continue with content", "advertisement"),
    ("Click here to read the full statement", "click-here"),
    ("Click here", "click-here"),
    ("Click here!", "click-here"),
    ("Click here for a printable version of the quiz (PDF).", "click-here"),
    ("Tap here: the live feed", "click-here"),
    ("RELATED: Police search the office of a doctor in Lahore .", "read-more"),
    ("Read: .", "read-more"),
    ("Read more: other stories from the valley", "read-more"),
    ("By a staff reporter", "byline"),
    ("By Sana Qureshi", "byline"),
    ("By our correspondent", "byline"),
    # a fresh user's page: a share prompt that became the title, a wire credit, a copyright line
    ("Share this article on Facebook", "share-follow"),
    ("Share this story with a friend", "share-follow"),
    ("(AP Photo/Jane Doe)", "photo-caption"),
    ("Copyright 2024 The Daily News. All rights reserved.", "copyright"),
    ("©2015 The Hollywood Reporter.", "copyright"),
    ("Copyright © 2015 Rolling Stone.", "copyright"),
    ("All Rights Reserved.", "copyright"),
    # a second fresh user's page
    ("This article may not be reproduced without permission.", "copyright"),
    ("Published in Dawn, December 2nd, 2026", "copyright"),
    ("Share on Facebook Share on Twitter Share via Email", "share-follow"),
    ("Copyright 2015 The Associated Press. All rights reserved. This material may not be published, "
     "broadcast, rewritten, or redistributed.", "copyright"),
    # a third fresh user's wire page: Reuters' and the BBC's captions, credits and sign-off
    ("FILE PHOTO: Residents wade through floodwater in Mingora, Pakistan, August 27, 2022. REUTERS/Fayaz Aziz",
     "photo-caption"),
    ("Troops patrol the border near Chaman. AFP/Banaras Khan", "photo-caption"),
    ("REUTERS/Fayaz Aziz", "credit-line"),
    ("Image copyright Getty Images", "credit-line"),
    ("Image caption Residents wade through floodwater in the Swat valley", "photo-caption"),
    ("Media caption The moment the bridge gave way", "photo-caption"),
    ("Reporting by Jibran Ahmad; Editing by Mark Heinrich", "reporting-credit"),
    ("Reporting by Jibran Ahmad in Peshawar and Asif Shahzad in Islamabad; Writing by Gibran Peshimam; "
     "Editing by Mark Heinrich and Nick Macfie", "reporting-credit"),
    ("Additional reporting by Sana Qureshi.", "reporting-credit"),
    ("Read more about the floods", "read-more"),
    ("By Sana Malik | March 4, 2024", "byline"),
    ("By Sana Malik, Dawn | 4 March 2024", "byline"),
    # a fresh user's page (finding 9): furniture that stayed in the body
    ("The page you requested could not be found on this server. It may have been removed or renamed.", "error-page"),
    ("Sorry, we can't find that page. It may have moved. Error 404", "error-page"),
    ("Error 404", "error-page"),
    ("Home > World > Asia", "breadcrumb"),
    ("News » Pakistan » Khyber Pakhtunkhwa", "breadcrumb"),
    ("Listen to this article · 4 min", "reading-time"),
    ("5 min read", "reading-time"),
    ("Reading time: 3 minutes", "reading-time"),
    ("Updated: 12 August 2024, 10:32 PKT", "timestamp"),
    ("Published 3 hours ago", "timestamp"),
    ("Posted at 14:32", "timestamp"),
    ("Published 3 hours ago | Updated 1 hour ago", "timestamp"),
    ("August 12, 2024", "timestamp"),
    ("Last updated on Monday, 12 August 2024 at 10:32 a.m.", "timestamp"),
    ("Photo: Residents wade through a flooded street in Mingora. Credit: Valley Times", "photo-caption"),
    ("Credit: Valley Times", "credit-line"),
    ("Tags: floods, Swat, monsoon", "tag-line"),
    ("Topics: Pakistan | Floods | Monsoon rains", "tag-line"),
    ("Comments (34)", "comments"),
    ("34 comments", "comments"),
    ("Leave a comment", "comments"),
    ("Have a news tip? Email us at tips@example.com.", "contact-prompt"),
    ("Farah Naz covers the north for the Valley Times. Follow her on Twitter @farahnaz.", "contact-prompt"),
]


@pytest.mark.parametrize("text, rule", BOILERPLATE, ids=[t for t, _ in BOILERPLATE])
def test_boilerplate_lines_are_recognised(text, rule):
    found = match_rule(text)
    assert found is not None and found.name == rule


NEWS = [
    STANDFIRST,
    "The visiting dignitaries appreciated the positive role being played by Pakistan in the Afghan "
    "peace process, the brief statement added without providing further details.",
    "Police released a file photo of the suspect on Monday.",
    "The archive was sold to Getty Images in 2019, the company said.",
    "Advertisement spending rose by 5 percent last year, the survey found.",
    "Read the full statement, the minister told reporters.",
    "Read more than 100 books, the teacher advised her students.",
    "Related party transactions rose sharply in the last quarter.",
    "Share prices rose on Monday after the announcement.",
    "Follow-up talks are planned for next week in Doha.",
    "Sign up for the new scheme is open until Friday, the ministry said.",
    "The ministry said it would share the data with Kabul.",
    "Subscribers to the service will pay less from next month.",
    "The regulator said the company had used cookies without consent.",
    "By the end of the week, more than 2,000 people had been evacuated.",
    "By Monday the roads were open again.",
    "Officials said the photo showed the minister at the border.",
    "The talks were held in Doha. The next round is due in March.",
    "The Taliban were quick to welcome the US decision. (AFP)",
    "Talks resumed on Monday, the foreign office said. \u2014 Reuters",
    "Click-through rates fell, the report said.",
    "Load-shedding continued for ten hours in several cities, residents said.",
    "Watch the skies, the weather office warned as storms approached.",
    "Next, the delegation travelled to Kabul.",
    "Cookies and sweets were handed out to children at the camp.",
    "Reuters reported that the talks had stalled over the ceasefire.",
    "AFP said its reporter had been detained for several hours.",
    "Photographs of the meeting were released by the military.",
    "Floods hit the valley. Photos by the ministry showed the damage.",
    "He posted a video (photos: ministry) of the meeting on Monday.",
    "The talks ended. Photo opportunities were limited, officials said.",
    "Copyright law was changed in 2024.",
    "The study was published in Nature on Monday.",
    "Published in Dawn, the report said the toll rose.",
    "He said this article may not be reproduced in China, where it was banned.",
    "Copyright 2024 rules were changed. Then the court ruled on it.",
    "He shared this article on Facebook with friends and said it was wrong.",
    "The label said it had all rights reserved for the band's next three albums.",
    # the same fresh user's report: the read-more rule removed this sentence
    "Read more about the causes, analysts said, in the central bank's latest report, which warned of rising debt.",
    "Reporting by Reuters showed that the talks had stalled.",
    "The book includes writing by Alain De Botton and Alison Nordstrom.",
    "If you would like to read more about the case, a good starting point is the court's ruling.",
    "The poll was run by Reuters/Ipsos in March, and it found most voters undecided.",
    "The image caption said the minister had arrived in Kabul.",
    "By March 4, 2024, the talks had ended.",
    # a fresh user's report (finding 12): sentences that open with a furniture label's words
    "Related: the two plans are linked, the mayor said, and both will be put to a vote in April.",
    "Click here was the only instruction on the council's broken website, residents complained.",
    "Click here, he said, was all the broken page offered its readers.",
    # the nearest sentences to the new furniture rules (finding 9)
    "Updated figures were released on Monday, the ministry said.",
    "Published on Monday, the report said the toll had risen.",
    "Posted at the border for ten years, he knew every crossing.",
    "Yesterday, the police said, the river rose by two metres.",
    "Comments made by the minister on Monday angered the opposition.",
    "Comments were closed by the judge after the hearing.",
    "Topics: the police said the plan was wrong.",
    "Tags on the luggage showed it had come from Dubai.",
    "Credit: the bank said it would lend more to farmers this year.",
    "Listen to this, the minister told the crowd, before reading the letter aloud.",
    "The 5 min read that went viral was written by a student.",
    "Have a look at the figures, he said.",
    "Follow her lead, the coach told the team.",
    "It happened on August 12, 2024, when the river rose.",
    "(John 5:17).",
    "Prices rose > 5% in May, the bureau said.",
    "The score was Lahore 3 > Karachi 2 at half-time, fans said.",
    # the nearest sentences to the new error-page forms (finding 8)
    "The ministry said error 404 was shown on its site for hours.",
    "Users saw a page not found message for hours, the ministry said.",
    "The page you requested was moved, the council said, to a new address.",
]


@pytest.mark.parametrize("text", NEWS)
def test_real_news_sentences_are_kept(text):
    assert match_rule(text) is None
    article = Article(source="x", stem="x", paragraphs=["Opening paragraph of the story here.", text, "Closing."])
    assert clean_article(article).paragraphs == article.paragraphs


def test_caption_rule_has_a_length_cap():
    long_para = " ".join(["The officials discussed border trade and security for hours."] * 8) + " PHOTO: AFP"
    assert match_rule(long_para) is None


# ---- repeated caption (was repeated-standfirst) ---------------------------------------------

BODY = [
    "Officials from the two countries met in Kabul on Monday to discuss a new border trade corridor.",
    "The corridor would let customs officers inspect goods at a single checkpoint, the statement said.",
    "Traders welcomed the plan but asked for more staff at the crossings.",
]


@pytest.mark.parametrize(
    "caption",
    [
        "Officials from the two countries (pictured) met in Kabul on Monday to discuss a new border trade corridor .",
        "Officials from the two countries met in Kabul to discuss a new trade corridor",  # shorter copy
        BODY[0],  # an exact repeat
    ],
)
def test_a_later_copy_of_the_lead_is_removed_and_the_lead_kept(caption):
    # issue 12: the old rule removed the lead when a photo caption later repeated it (30 of 37
    # removals on CNN/DailyMail articles); the caption is the copy to drop
    paras = [BODY[0], BODY[1], caption, BODY[2]]
    cleaned = clean_article(Article(source="x", stem="x", paragraphs=paras))
    assert cleaned.paragraphs == BODY
    assert cleaned.removed == [RemovedLine(caption, "repeated-caption", 2)]


def test_a_standfirst_that_the_body_repeats_is_kept():
    # the old rule's case: nothing is lost by keeping it, and it is article text
    standfirst = "The corridor would let customs officers inspect goods at a single checkpoint"
    article = Article(source="x", stem="x", paragraphs=[standfirst, *BODY])
    assert clean_article(article).paragraphs == [standfirst, *BODY]


def test_a_refrain_that_a_quotation_repeats_is_kept():
    # CNN/DailyMail validation: a chant quoted in full repeats its first line at its end; one
    # sentence per paragraph, the repeat is a copy of a phrase inside the earlier sentence, not
    # of a sentence, so it is article text (the rule removed it before)
    paras = [
        'Thousands of supporters on the square clapped and waved flags as they sang, "We will walk home together tonight.',
        "The rain can fall and the wind can blow, but we stay.",
        'We will walk home together tonight."',
        "Police said the rally ended peacefully.",
    ]
    cleaned = clean_article(Article(source="x", stem="x", paragraphs=paras))
    assert cleaned.paragraphs == paras and cleaned.removed == []


def test_a_copy_with_more_than_a_tenth_new_words_is_kept():
    longer = BODY[0][:-1] + ", the foreign office said in a statement."
    article = Article(source="x", stem="x", paragraphs=[BODY[0], longer, BODY[2]])
    assert clean_article(article).paragraphs == article.paragraphs


def test_never_a_copy_of_a_removed_paragraph():
    caption = "Officials from the two countries met in Kabul on Monday. PHOTO: AFP"
    body = "Officials from the two countries met in Kabul on Monday."
    cleaned = clean_article(Article(source="x", stem="x", paragraphs=[caption, body, BODY[2]]))
    assert cleaned.paragraphs == [body, BODY[2]]
    assert [r.rule for r in cleaned.removed] == ["photo-caption"]


def test_copy_rule_only_compares_with_the_first_ten_paragraphs():
    fillers = [f"Filler paragraph number {i} is here." for i in range(10)]
    caption = BODY[1].rstrip(".") + " (pictured)."  # a near copy; a word-for-word one is repeated-paragraph's
    paras = [*fillers, BODY[1], caption]
    cleaned = clean_article(Article(source="x", stem="x", paragraphs=paras))
    assert cleaned.paragraphs == paras  # the first BODY[1] is paragraph 11: out of scope


def test_a_word_for_word_copy_of_any_earlier_paragraph_is_removed():
    """A page whose text trafilatura found three times (the article shown again below itself) was
    refused as "it repeats itself" (scrapinghub's article-extraction-benchmark). The copies go,
    wherever the first is; case and punctuation aside."""
    fillers = [f"Filler paragraph number {i} is here, the clerk said." for i in range(12)]
    again = BODY[1].upper().replace(",", "")
    paras = [*fillers, BODY[1], BODY[2], again, BODY[2]]
    cleaned = clean_article(Article(source="x", stem="x", paragraphs=paras))
    assert cleaned.paragraphs == [*fillers, BODY[1], BODY[2]]
    assert [(r.rule, r.line) for r in cleaned.removed] == [("repeated-paragraph", 14), ("repeated-paragraph", 15)]


def test_a_short_repeated_line_and_a_longer_copy_are_kept():
    # under 6 different words ("Talks resumed on Monday." twice) is a refrain, not a page twice;
    # a copy with words of its own is not word for word
    paras = ["Talks resumed on Monday.", BODY[0], "Talks resumed on Monday.", BODY[0] + " Then they ended."]
    cleaned = clean_article(Article(source="x", stem="x", paragraphs=paras))
    assert cleaned.paragraphs == paras


def test_repeated_words_are_not_a_copy():
    # issue 10's counterexample: "officials officials ..." is no caption of anything
    paras = ["Officials met officials officials officials officials.",
             "Officials met officials officials officials officials officials."]
    assert clean_article(Article(source="x", stem="x", paragraphs=paras)).paragraphs == paras


def test_short_paragraphs_are_never_repeats():
    article = Article(source="x", stem="x", paragraphs=["Talks resumed.", "Talks resumed. Then they ended."])
    assert clean_article(article).paragraphs == article.paragraphs


def test_byline_is_not_a_time_phrase():
    # issue 12: "By Monday, India was in full-scale crisis mode:" was removed as a byline
    assert match_rule("By Tuesday, Kabul had reopened its schools") is None
    assert match_rule("By Monday, India was in full-scale crisis mode:") is None
    assert match_rule("By March, the talks had stalled") is None
    for byline in ("By Sana Qureshi", "By Ali Khan, Staff Reporter", "By John Smith | Reuters", "By The Associated Press"):
        assert match_rule(byline).name == "byline", byline


@pytest.mark.parametrize("line", ["Scroll down for video", "Scroll down for video .", "SCROLL DOWN FOR VIDEO", "Scroll down to watch the video"])
def test_scroll_down_for_video_line_is_removed(line):
    assert match_rule(line).name == "advertisement"
    assert match_rule("Scroll down for video of the rescue, which took three hours, officials said.") is None


# ---- the seed sample ---------------------------------------------------------------------------


def test_seed_sample_cleaned():
    article = clean_article(read_article(SEED))
    assert article.title == "Khalilzad meets Gen Qamar amid push for Afghan truce"
    assert article.dateline == "ISLAMABAD"
    assert CAPTION not in article.paragraphs
    assert "Load Next Story" not in article.paragraphs
    assert "SCREENGRAB" not in article.body
    assert article.paragraphs[0] == STANDFIRST  # a real sentence, not repeated later: kept
    assert article.removed == [
        RemovedLine(CAPTION, "photo-caption", 4),
        RemovedLine("Load Next Story", "load-more", 40),
    ]
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for removed in article.removed:
        assert lines[removed.line] == removed.text
    assert len(article.metadata["paragraph_lines"]) == len(article.paragraphs)
    assert article.paragraphs[-1].startswith("However, Taliban have so far refused")


def test_seed_keep_boilerplate():
    raw = read_article(SEED)
    kept = clean_article(raw, keep_boilerplate=True)
    assert kept == raw
    assert kept.removed == []
    assert CAPTION in kept.paragraphs and "Load Next Story" in kept.paragraphs
    assert kept is not raw and kept.paragraphs is not raw.paragraphs


def test_clean_does_not_modify_its_input():
    raw = read_article(SEED)
    snapshot = copy.deepcopy(raw)
    cleaned = clean_article(raw)
    assert raw == snapshot
    assert cleaned != raw


def test_line_numbers_fall_back_to_paragraph_index():
    article = Article(source="x", stem="x", paragraphs=["Body paragraph one is here.", "Advertisement", "Two."])
    cleaned = clean_article(article)
    assert cleaned.removed == [RemovedLine("Advertisement", "advertisement", 1)]
    assert "paragraph_lines" not in cleaned.metadata


def test_furniture_heavy_copy_paste():
    text = (ROOT / "tests" / "fixtures" / "inputs" / "furniture-heavy.txt").read_text(encoding="utf-8")
    article = clean_article(parse_text(text))
    assert article.title == "Ports reopen after week-long strike"
    assert [r.rule for r in article.removed] == [
        "byline", "advertisement", "photo-caption", "read-more", "share-follow", "cookie-notice", "load-more",
    ]
    assert [r.line for r in article.removed] == [1, 3, 5, 7, 9, 10, 11]
    assert len(article.paragraphs) == 4
    assert all(p.endswith(".") for p in article.paragraphs)


def test_html_and_markdown_samples_clean():
    html = clean_article(read_article(ROOT / "samples" / "ministers-meet.html"))
    assert html.removed == [] and len(html.paragraphs) == 6
    md = clean_article(read_article(ROOT / "samples" / "trade-agreement.md"))
    assert [r.rule for r in md.removed] == ["byline", "read-more"]
    txt = clean_article(read_article(ROOT / "samples" / "flood-relief.txt"))
    assert [(r.text, r.rule) for r in txt.removed] == [("Advertisement", "advertisement")]


CLEAN_CASES = [c for c in CASES if c.stage == "clean"]


@pytest.mark.parametrize("case", CLEAN_CASES, ids=[c.name for c in CLEAN_CASES])
def test_fixture_cases_for_the_cleaner(case, tmp_path):
    paths = make_inputs(tmp_path)
    article = clean_article(read_article(paths[case.name]))
    assert [r.rule for r in article.removed] == case.expect["removed_rules"]
    assert len(article.paragraphs) == case.expect["paragraphs"]


def test_everything_boilerplate_leaves_no_paragraphs():
    article = parse_text("Advertisement\n\nLoad Next Story\n\nFollow us on Twitter\n")
    cleaned = clean_article(article)
    assert cleaned.paragraphs == []
    assert len(cleaned.removed) == 3


def test_labels_under_a_topics_heading_are_removed_and_the_list_ends_at_prose():
    # a fresh user's page (finding 9): "Related Topics" went, its labels stayed
    body = ["Floods forced thousands from their homes on Sunday, officials said.", "Related Topics",
            "Pakistan", "Floods", "The disaster authority said 14 people had died."]
    cleaned = clean_article(Article(source="x", stem="x", paragraphs=body))
    assert cleaned.paragraphs == [body[0], body[4]]
    assert [(r.text, r.rule) for r in cleaned.removed] == [
        ("Related Topics", "read-more"), ("Pakistan", "topic-list"), ("Floods", "topic-list")]


def test_short_paragraphs_without_a_topics_heading_are_kept():
    body = ["Floods forced thousands from their homes on Sunday, officials said.", "Pakistan",
            "Floods", "The disaster authority said 14 people had died."]
    assert clean_article(Article(source="x", stem="x", paragraphs=body)).paragraphs == body


def test_time_stamp_and_tags_inside_an_html_article_are_removed():
    page = ("<html><body><article><h1>Floods force thousands from Swat valley homes</h1>"
            "<p>Published 3 hours ago</p>"
            "<p>Thousands of families fled their homes in the Swat valley on Sunday as the river burst "
            "its banks after three days of heavy rain, officials said.</p>"
            "<p>The provincial disaster authority said at least 14 people had died and more than 2,000 "
            "houses had been damaged across the district.</p>"
            "<p>Tags: floods, Swat, monsoon</p></article></body></html>")
    cleaned = clean_article(parse_text(page, fmt="html"))
    assert [r.rule for r in cleaned.removed] == ["timestamp", "tag-line"]
    assert len(cleaned.paragraphs) == 2


def test_a_date_between_a_timelines_entries_stays_and_a_stamp_above_the_text_goes():
    """A fresh user's report: "August 15, 2021" alone on its line in a timeline was removed as a
    time stamp, and the entry under it lost its date. A bare date goes only above the article's
    first sentence of prose; a labelled stamp goes anywhere."""
    text = ("Timeline: Afghanistan since 2001\n\nMarch 10, 2015\n\nAfghanistan has seen two decades of war and several "
            "failed peace efforts since 2001.\n\nOctober 7, 2001: The United States begins air strikes.\n\n"
            "August 15, 2021\n\nThe Taliban enter Kabul and the government collapses.\n\nUpdated: 16 August 2021, 10:32 PKT\n")
    cleaned = clean_article(parse_text(text, fmt="txt"))
    assert [(r.text, r.rule) for r in cleaned.removed] == [("March 10, 2015", "timestamp"),
                                                           ("Updated: 16 August 2021, 10:32 PKT", "timestamp")]
    assert "August 15, 2021" in cleaned.paragraphs


@pytest.mark.parametrize("stamp", ["Monday, 10:30", "Monday 10:30 GMT", "Tuesday, 4:15 pm", "Wednesday at 9 am"])
def test_a_weekday_and_a_time_above_the_text_is_a_time_stamp(stamp):
    """A fresh user's report: "Monday, 10:30" above the first sentence stayed in the body. A
    weekday and a clock time alone on a line go above the article's first prose, as a bare date
    does; between a live page's entries, and inside a sentence, the words stay."""
    lead = "Heavy rain caused rivers to burst their banks across the north on Sunday, officials said."
    entry = "Rescue teams reached the last of the villages cut off by the water."
    cleaned = clean_article(parse_text(f"Floods hit the north\n\n{stamp}\n\n{lead}\n\n{stamp}\n\n{entry}\n", fmt="txt"))
    assert cleaned.title == "Floods hit the north"
    assert cleaned.paragraphs == [lead, stamp, entry]
    assert [(r.text, r.rule) for r in cleaned.removed] == [(stamp, "timestamp")]
    assert match_rule(f"Updated: {stamp}").name == "timestamp"
    sentence = f"The talks began on {stamp} and ended without a deal, the ministry said."
    assert match_rule(sentence) is None
    assert clean_article(parse_text(f"{lead}\n\n{sentence}\n", fmt="txt")).removed == []
    # a bare clock time is still no stamp ("(John 5:17)." split one sentence per line)
    assert match_rule("5:17).") is None and match_rule("10:30") is None


@pytest.mark.parametrize("line", ["Home / Business / Markets", "You are here: Home > News > Pakistan"])
def test_more_breadcrumb_forms_are_furniture(line):
    """A fresh user's report: these stayed, and in a short item became brief segments."""
    assert match_rule(line).name == "breadcrumb"
    for sentence in ("Peshawar / Kabul talks resume", "Home / Away fans clashed outside the stadium."):
        assert match_rule(sentence) is None


# ---- English furniture of real news pages (scrapinghub/article-extraction-benchmark) ----------
# The forms its 181 pages left in the body, on names and sites made up for the tests.

PAGE_FURNITURE = [
    # contributor lines and a bracketed wire sign-off
    ("Sana Qureshi contributed reporting from Peshawar.", "reporting-credit"),
    ("Valley Times writers Ali Khan, Sana Malik and Omar Farooq contributed to this report.", "reporting-credit"),
    ("Dawn’s Farah Naz contributed to this report.", "reporting-credit"),
    ("CNN's Ali Khan and Sana Malik contributed to this report .", "reporting-credit"),
    ("CNN's Ali Khan in Kabul and journalist Omar Farooq contributed to this story.", "reporting-credit"),
    ("Ali Khan also contributed to this report.", "reporting-credit"),
    ("(Reporting by Ali Khan, Sana Malik, with reporting by Omar Farooq and Farah Naz, editing by Mark Heinrich.)",
     "reporting-credit"),
    ("(Reporting by Ali Khan; Editing by Mark Heinrich)", "reporting-credit"),
    # follow lines and link lines
    ("Follow Valley Times on Instagram, Facebook, Twitter and YouTube.", "share-follow"),
    ("Follow The Valley Times Opinion section on Facebook, Twitter (@VTopinion) and Instagram.", "share-follow"),
    ("Follow VT's full coverage of the floods at https://www.example.com/floods", "share-follow"),
    ("More VT Cricket: https://example.com/cricket and https://twitter.com/VT_Sports", "url-line"),
    ("Listen: http://example.com/ep15", "url-line"),
    ("farah.naz@example.com", "url-line"),
    ("twitter.com/farahnaz", "url-line"),
    ("https://www.example.com/articles/floods-hit-swat-123", "url-line"),
    # a related-stories box's label alone on its line
    ("You may also like...", "read-more"),
    ("You may also like:", "read-more"),
    ("Most read in world news", "read-more"),
    ("Popular on ValleyTimes", "read-more"),
    ("DON'T MISS", "read-more"),
    ("Explore further", "read-more"),
    ("More:", "read-more"),
    ("Related post: Swat valley reopens to tourists", "read-more"),
    ("[Related: Swat valley reopens to tourists]", "read-more"),
    # teasers ending in a tag in capitals
    ("Border crossing reopens after two weeks [INSIGHT]|", "teaser-tag"),
    ("Floods: minister visits the valley [VIDEO]", "teaser-tag"),
    ("Kabul talks 'close to a deal' [REACTION]", "teaser-tag"),
    # newsletter boxes
    ("Get the latest updates right in your inbox. Subscribe to ValleyTimes.com’s newsletters.", "newsletter"),
    ("Get the day’s top headlines delivered to your inbox every morning by subscribing to our newsletter.",
     "newsletter"),
    ("Sign Up: Stay on top of the latest cricket news! Sign up for our Email Newsletters here.", "newsletter"),
    ("Thanks for signing up!", "newsletter"),
    ("Keep an eye on your inbox for the latest cricket news.", "newsletter"),
    ("There was an error processing your subscription.", "newsletter"),
    ("An error has occurred, please try again later.", "newsletter"),
    ("Morning Briefing Newsletter", "newsletter"),
    # pleas and disclosures
    ("Like this story? Share it with a friend!", "promo"),
    ("If you enjoyed this article, we have an offer for you: Join VT Plus.", "promo"),
    ("If you buy something through this post, Valley Times may get a share of the sale.", "promo"),
    # print and reprint tools
    ("Order Reprints", "reprint"),
    ("Print Article", "reprint"),
    ("This copy is for your personal, non-commercial use only. To order copies for your colleagues, visit "
     "www.example.com.", "reprint"),
    # author contact lines
    ("Write to Farah Naz at farah.naz@example.com", "contact-prompt"),
    ("Email Farah Naz at fnaz@example.com or follow her @farahnaz. Follow us on Twitter @ValleyTimes and on "
     "Facebook.", "contact-prompt"),
    ("Reach the reporters on Twitter at http://twitter.com/farahnaz and http://twitter.com/alikhan", "contact-prompt"),
    # a source line; time stamps above the text
    ("SOURCE: Valley News Agency", "credit-line"),
    ("SOURCE: News agencies", "credit-line"),
    ("5:45 AM PST 11/19/2024 by Farah Naz", "timestamp"),
    ("November 20, 2024 - 11:28 AMT", "timestamp"),
]


@pytest.mark.parametrize("text, rule", PAGE_FURNITURE, ids=[t for t, _ in PAGE_FURNITURE])
def test_news_page_furniture_is_recognised(text, rule):
    found = match_rule(text)
    assert found is not None and found.name == rule


PAGE_FURNITURE_NEAR_MISSES = [
    "Sources said the talks would resume on Monday.",
    "Source: police said the man had fled the scene.",
    "She wrote to the minister at his office in Kabul.",
    "Write to your MP at the address below, the charity urged.",
    "The email was sent to officials@example.com on Monday, the court heard.",
    "More than 40 people were killed in the floods.",
    "More: the ministry said it was reviewing the plan, which would cost millions.",
    "Don't miss the deadline, officials warned.",
    "Most read in English.",
    "Popular on social media, the video was shared a million times.",
    "You may also like the new park, the mayor said.",
    "Explore further the claims made by the campaign, the judge told the jury.",
    "Heavy rain in Kabul also contributed to the floods.",
    "Ali Khan contributed to this report's findings, the panel said.",
    "Follow the money, investigators said.",
    "Follow Ali Khan on his tour of the valley, the party urged supporters.",
    "Get the latest figures by e-mail, the ministry told reporters.",
    "Thanks for signing up, he told the volunteers.",
    "Keep an eye on the weather, forecasters said.",
    "An error occurred in the count, officials said.",
    "If you buy something through this post, the firm may get a share of the sale, a spokesman said.",
    "Print journalism is in decline, the survey found.",
    "Order was restored in the town by Friday.",
    "The Morning newsletter was launched in 2016.",
    "The president said: [INAUDIBLE]",
    "November 20, 2024 - the day the talks began.",
]


@pytest.mark.parametrize("text", PAGE_FURNITURE_NEAR_MISSES)
def test_sentences_near_the_news_page_furniture_are_kept(text):
    assert match_rule(text) is None
    article = Article(source="x", stem="x", paragraphs=["Opening paragraph of the story here.", text, "Closing."])
    assert clean_article(article).paragraphs == article.paragraphs


def test_a_clock_and_a_date_go_above_the_text_and_stay_below_it():
    stamp = "5:45 AM PST 11/19/2024 by Farah Naz"
    body = "Floods hit the Swat valley on Monday, forcing thousands from their homes."
    above = clean_article(Article(source="x", stem="x", paragraphs=[stamp, body]))
    assert above.paragraphs == [body] and above.removed[0].rule == "timestamp"
    below = Article(source="x", stem="x", paragraphs=[body, stamp, "The river fell by Tuesday evening."])
    assert clean_article(below).paragraphs == below.paragraphs


#: Sentences of news near the furniture forms, which the rules removed (an adversarial reading of
#: the rules, 2026-12-04: 102 of 394 such sentences went; these are kept now).
NEAR_FURNITURE_SENTENCES = [
    "Sign up for emergency alerts, officials urged residents as the wildfire spread.",
    "Subscribe to our newsletter, the scam emails urged recipients.",
    "Follow us for the next 90 days as we cross the Sahara on foot.",
    "Like us on most issues, the Danes favour a strict budget rule.",
    "Find us at the old mill on Saturday, where the market opens at nine.",
    "Email to parents sparks anger.",
    "Email to all staff went out on Friday.",
    "Subscribe to the podcast? Millions already have.",
    "Join us in rebuilding our community after the floods.",
    "Print on demand is booming.",
    "Save on heating this winter.",
    "Tweet to Musk cost him his job.",
    "We use cookies from the bakery next door as a reward in class.",
    "By using less butter, the bakery cut the cost of its cookies by a third.",
    "Allow cookies to cool for ten minutes before serving.",
    "Cookie policy changes at Google will hit advertisers hard.",
    "By continuing to bake cookies at home, she built a business worth millions.",
    "This website uses cookies to track readers across the web, the regulator found.",
    "We value your privacy, insists a company that sold the data of 8 million users.",
    'Fake "verify you are human" pages are spreading malware, researchers found.',
    "Visitors to the site got error 404 for three days.",
    "500 error messages a day were logged by the tax portal during the outage.",
    "401 unauthorised crossings were recorded in June.",
    "410 gone, 90 still missing after the floods.",
    "404 not found is the message Iranian users see when they try to open Instagram.",
    "Copyright 2024 was a record year for lawsuits against AI companies.",
    "(c) the council failed to consult residents before closing the library.",
    "(c) 2019 was the warmest year on record in Europe.",
    "© 2016 a court in Paris ruled otherwise.",
    "This article may not be published in Turkey under a court order issued on Friday.",
    "This story may not be broadcast in Russia, where a new law bans it.",
    "Image caption software misidentified Black faces, the study found.",
    "Click here to claim your prize, the scam texts say.",
    "We'll be back soon, reads a handwritten sign on the door of the bakery.",
    "Subscribe to continue reading? Most readers simply leave, the research shows.",
    "Both Harvard and Yale contributed research.",
    "Marie Curie contributed research in Paris.",
    "Keep an eye on your inbox for phishing emails this tax season, the tax office warned.",
]


@pytest.mark.parametrize("sentence", NEAR_FURNITURE_SENTENCES)
def test_a_sentence_of_news_near_a_furniture_form_is_kept(sentence):
    rule = match_rule(sentence)
    assert rule is None, f"{rule.name if rule else ''}: {sentence}"


@pytest.mark.parametrize("furniture", [
    "Follow us on Twitter", "Find us on Facebook", "Follow us for the latest news", "Share on Facebook",
    "Email to a friend", "Share via WhatsApp", "Subscribe to our newsletter for daily updates.",
    "Join our WhatsApp channel", "Join us on Telegram for breaking news.",
    "We use cookies to improve your experience on our site.", "This site uses cookies.",
    "By continuing to use this site, you agree to our use of cookies.", "Accept all cookies",
    "Manage cookies | Reject all", "Cookie policy", "404 Not Found", "500 Internal Server Error",
    "Error 404: the page you requested is gone.", "Copyright 2024 The Daily News. All rights reserved.",
    "© 2019 Associated Press. All Rights Reserved. This material may not be published, broadcast, rewritten, or redistributed.",
    "This article may not be reproduced without permission.", "(c) 2015 Cable News Network",
    "Keith Bradsher contributed reporting from Hong Kong.", "Jane Doe contributed research to this report.",
])
def test_the_furniture_forms_still_go(furniture):
    assert match_rule(furniture) is not None, furniture


def test_a_year_ago_below_the_first_prose_is_the_story_s():
    paras = ["Floods cut the main road to Jalalabad on Monday, officials said.", "A year ago.",
             "The same road was closed for a week after the last storm."]
    assert clean_article(Article(source="x", stem="x", paragraphs=paras)).paragraphs == paras
    stamped = ["3 hours ago", *paras[::2]]
    assert clean_article(Article(source="x", stem="x", paragraphs=stamped)).paragraphs == paras[::2]


def test_a_refrain_repeated_word_for_word_is_kept_and_a_repeated_block_goes():
    """A copy standing alone is a refrain or a witness's answer given twice (an adversarial
    reading: "I do not recall, she replied." was removed as furniture); a block of copies is the
    page found again."""
    # past the first ten paragraphs, which repeated-caption compares a near copy with
    fillers = ["The trial of the estate agent opened in Lahore on Tuesday.", "Prosecutors say he forged two deeds.",
               "He denies the charges.", "The house stands on a corner of Mall Road.", "It was sold for 40 million rupees.",
               "The buyer, a textile trader, paid in three instalments.", "A clerk at the land office gave evidence first.",
               "She said the stamps on the deed were genuine.", "The defence called no witnesses on Wednesday.",
               "The widow of the first owner took the stand on Thursday."]
    paras = [*fillers, "The lawyer asked whether she had signed the contract in March before the sale.",
             "I do not recall any such meeting, she replied to the court.",
             "The lawyer then showed her a copy bearing her signature and a date in March.",
             "I do not recall any such meeting, she replied to the court.",
             "The hearing resumes on Monday, when the buyer is expected to give evidence."]
    assert clean_article(Article(source="x", stem="x", paragraphs=paras)).paragraphs == paras
    again = [*paras, paras[12], paras[13], paras[14]]
    cleaned = clean_article(Article(source="x", stem="x", paragraphs=again))
    assert cleaned.paragraphs == paras
    assert [r.rule for r in cleaned.removed] == ["repeated-paragraph"] * 3
