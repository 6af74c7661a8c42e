"""Remove page furniture (boilerplate) from an Article, recording every removal.

All rules live in ONE table, :data:`RULES`. Each rule is tested against a whole paragraph (the
reader makes each line of a copy-pasted page its own paragraph, so "a line" and "a paragraph"
are the same thing here). The first rule that matches names the removal. Rules are deliberately
conservative: they match the whole paragraph (or a short caption ending in a photo credit), cap
the length of what they match, and never fire on an ordinary sentence of news. What cannot be
told apart from news safely is kept, e.g. a paragraph that merely ends in ``— AFP`` (wire
stories end like that too).

Every removed paragraph is listed in ``Article.removed`` as a
:class:`~summarize.brief.RemovedLine` ``(text, rule, line)``, where ``line`` is the 0-based line
of the decoded, normalised input where the paragraph starts (for HTML: the line of the text
trafilatura extracted), taken from ``metadata["paragraph_lines"]`` that :mod:`summarize.reading.structure`
writes. For an Article built without that map, ``line`` is the paragraph's 0-based index.

The table (name: what it removes, e.g.):

==================== ==========================================================================
photo-caption        a short caption ending in a photo credit: "... process. SCREENGRAB",
                     "Troops in Kabul. PHOTO: AFP", "... | Photo: Reuters", "... (File photo)",
                     "... 2022. REUTERS/Fayaz Aziz"; or one that starts with its label: "Image
                     caption ...", "Media caption ...", "FILE PHOTO: ..." (in capitals)
credit-line          a line that is only a credit: "SCREENGRAB", "PHOTO: AFP", "(AFP)", "(AP Photo/Jane Doe)",
                     "Credit: Valley Times" (capitalised names),
                     "— Reuters", "File photo", "Image credit: Getty Images", "Image copyright Getty
                     Images", "REUTERS/Fayaz Aziz"; a source line "SOURCE: Al Jazeera News",
                     "SOURCE: News agencies" (label in capitals; never "Source: police said ...")
load-more            "Load Next Story", "Load more", "Next story", "Show more comments"
read-more            "Read more", "Read more: <headline>", "Also read: <headline>", "Read also",
                     "READ: <headline>", "See also: ...", "Related stories", "Watch: ...", "Read
                     more about <topic>" (never with a comma or semicolon in it: "Read more about
                     the causes, analysts said, in ..." is a sentence); what follows a label is a
                     headline, never lower case with a comma or a full stop ("Related: the two
                     plans are linked, the mayor said, ..."); "[Related: <headline>]"; a related-stories
                     box's label alone, no full stop: "You may also like...", "Most read in world
                     news", "Popular on IndieWire", "DON'T MISS", "Explore further", "More:" (never
                     "Most read in English.", "Don't miss the deadline, officials warned.")
share-follow         "Follow us on Twitter", "Share this article (on Facebook)", "Share on Facebook",
                     "Share on Facebook Share on Twitter Share via Email",
                     "Subscribe to our newsletter", "Join our WhatsApp channel", share bars; "Follow
                     Newsbeat on Instagram, Facebook, Twitter and YouTube." (capitalised names, then
                     only networks), "Follow AP's full coverage of Brexit ... at https://..."
cookie-notice        "We use cookies to ...", "By continuing to use this site ... cookies",
                     "Accept all cookies", "Cookie policy"
advertisement        "Advertisement", "ADVERTISEMENT", "Sponsored content",
                     "Story continues below advertisement", "Scroll to continue with content",
                     "Scroll down for video"
byline               "By a staff reporter", "By Sana Qureshi", "By Ali Khan, Staff Reporter", "By
                     Sana Malik | March 4, 2024" (alone on a line; never "By Monday, ..." or "By
                     Tuesday, Kabul had ...")
reporting-credit     a wire story's sign-off: "Reporting by Jibran Ahmad in Peshawar; Editing by
                     Mark Heinrich", "Additional reporting by ...", "Writing by ...", in brackets too:
                     "(Reporting by A, B, with reporting by C, editing by D.)" (capitalised names;
                     never "Reporting by Reuters showed that ..."); a contributor line: "Keith
                     Bradsher contributed reporting from Hong Kong.", "Associated Press writers A, B
                     and C contributed to this report.", "CNN's A in Delhi and journalist B
                     contributed to this report." (never "Heavy rain also contributed to the floods.")
click-here           "Click here to ...", "Tap here to ...", "Click here!", "Click here for ..." (a
                     prompt; never "Click here was the only instruction on the site, ...")
copyright            "Copyright 2024 The Daily News. All rights reserved.", "©2015 Billboard.",
                     "All rights reserved.", AP's "... This material may not be published ...",
                     "This article may not be reproduced without permission.", a print footer
                     "Published in Dawn, December 2nd, 2026" (never "Copyright law was changed
                     in 2024."; at most 20 words)
access-wall          a sign-in, paywall, cookie-consent or maintenance wall: "Subscribe to continue
                     reading", "You have reached your limit of free articles", "We value your
                     privacy", "We'll be back soon" (at most 60 words)
error-page           an HTTP error or a bot check served instead of the article: "404 Not Found",
                     "Access denied", "The requested URL /x was not found on this server.",
                     "Apache/2.4.41 (Ubuntu) Server at example.com Port 80", "You have been
                     blocked by Cloudflare. Ray ID: 7a8b9c.", "The page you requested could not be
                     found ...", "Sorry, we can't find that page", "Error 404" (at most 40 words;
                     never "The ministry said error 404 was shown ...")
repeated-caption     a later copy of one of the first 10 paragraphs: at least 90 % of its words
                     (6 different words or more) recur in order inside that earlier paragraph
                     (a photo caption repeating the lead, as Daily Mail pages do). The copy goes,
                     the first telling stays; it adds at most a tenth of new words ("(pictured)"),
                     and repeats at least half of the sentences it copies (never a phrase that a
                     quotation repeats from inside a longer sentence)
repeated-paragraph   a later word-for-word copy (case and punctuation aside) of ANY earlier
                     paragraph, 6 different words or more, beside another such copy: a page
                     whose text comes out twice or three times (the article shown again below
                     itself). The first stays, and so does a copy standing alone (a refrain)
breadcrumb           "Home > World > Asia", "News » Pakistan"
reading-time         "5 min read", "Listen to this article · 4 min", "Reading time: 3 minutes"
timestamp            a time stamp alone on its line, perhaps labelled: "Updated: 12 August 2024,
                     10:32 PKT", "Published 3 hours ago", "Posted at 14:32", "August 12, 2024",
                     "Monday, 10:30", "Tuesday, 4:15 pm", "November 20, 2019 - 11:28 AMT", "5:45 AM
                     PST 11/19/2019 by Patrick Shanley" (a clock time only with a label, a date or a
                     weekday: "(John 5:17)." split one sentence per line leaves "5:17)."; an
                     unlabelled date or weekday and time only above the first prose; never with
                     words of its own: "Updated figures were released on Monday.")
tag-line             "Tags: floods, Swat, monsoon", "Topics: Pakistan | Floods", "Filed under: Asia"
                     (each item at most three words, no sentence end)
comments             "Comments (34)", "34 comments", "View comments", "Leave a comment"
contact-prompt       "Have a news tip? Email us at ...", an author's tagline ending "Follow her
                     on Twitter @handle." (perhaps then "Follow us on ..."), "Write to Al Root at
                     <e-mail>", "Email Tariq Malik at <e-mail> or follow him @handle.", "Reach the
                     reporters on Twitter at <URL> and <URL>" (an address, never "She wrote to the
                     minister at his office"; at most 40 words)
teaser-tag           a related-story teaser ending in a tag in capitals in brackets: "China furious at
                     Macron for Hong Kong protest jibe [INSIGHT]", "... [VIDEO]", "[REACTION]" (a
                     fixed list of tags; at most 30 words)
newsletter           a newsletter box: "Get the latest updates right in your inbox. Subscribe to ...
                     newsletters.", "Sign Up: ... Sign up for our Email Newsletters here.", "Thanks
                     for signing up!", "Keep an eye on your inbox for ...", "There was an error
                     processing your subscription.", "Pick Six Newsletter" (never what someone said;
                     at most 40 words)
promo                "Like this story? Share it with a friend!", "If you enjoyed this article, ...",
                     an affiliate disclosure "If you buy something through this post, IGN may get a
                     share of the sale." (never what someone said; at most 60 words)
reprint              print and reprint tools: "Order Reprints", "Print Article", "This copy is for your
                     personal, non-commercial use only. ..." (at most 60 words)
url-line             a line that is only e-mail addresses, web addresses or handles, perhaps after a
                     short label: "paul.takahashi@chron.com", "twitter.com/paultakahashi", "Listen:
                     http://...", "More AP NBA: https://... and https://..." (at most 12 words)
topic-list           (after a topics heading the cleaner removed: "Related Topics", "Topics",
                     "More on this story") each label under it, one to three words with no
                     sentence end: "Pakistan", "Floods"; the first other paragraph ends the list
kicker               (marked by the reader) a label above the headline that no rule names: a section
                     of one or two capitalised words ("WORLD", "BREAKING NEWS", "Business", "Middle
                     East") over a text's headline, a short label ("Pakistan") over the copy of a
                     page's <h1> in its text
link-only            (Markdown and HTML; marked by the reader, which still sees the links) a
                     paragraph or list item that is nothing but links: "[Border crossing
                     reopens](...)", "[Home](/) | [World](/world)", "<li><a href=...>Floods
                     displace thousands</a></li>"; never "Also read: [...]", a sentence with a
                     link in it, or a text the page also has not as a link
==================== ==========================================================================
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable, Sequence

from ..brief import Article, RemovedLine
from .markdown import LINK_ONLY_LINES
from .structure import KICKER_LINES

#: The rule name of a Markdown or HTML paragraph that is only links (marked by the reader, see
#: ``markdown.is_link_only`` and ``html._link_only_texts``; not in RULES, which test a paragraph's
#: text alone).
LINK_ONLY = "link-only"
#: The rule name of a label above the headline that no rule names ("WORLD", a page's kicker
#: "Pakistan" over its ``<h1>``), marked by the reader (``structure.assemble``).
KICKER = "kicker"

#: The rule name of a label under a topics heading ("Related Topics", "Topics", "Tags", "More on
#: this story"): one to three words, no sentence end ("Pakistan", "Floods"). Not in RULES: it
#: needs the heading removed just before it, which RULES (matching kept paragraphs) never see.
TOPIC_LIST = "topic-list"
_TOPICS_HEADING = re.compile(r"(?:related\s+|more\s+)?(?:topics|tags|subjects)|more\s+on\s+(?:this\s+)?(?:story|topic)"
                             r"|explore\s+more\s+on\s+these\s+topics|in\s+this\s+story" + r"[\s:.]*", re.I)
_TOPIC_LABEL = re.compile(r"[A-Z0-9][\w'’&.+-]*(?:\s+[\w'’&.+-]+){0,2}")
_TOPIC_LABEL_MAX_CHARS = 40

_MAX_CHARS_PER_WORD = 25  # with max_words, also caps characters: keeps every pattern linear-time


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule.

    ``pattern`` is matched against the whole stripped paragraph (``fullmatch``, case-insensitive
    unless the pattern says otherwise); ``predicate(text, earlier)`` is used instead when the rule
    needs context (``earlier`` = the paragraphs before this one that it may be compared with). ``max_words`` caps the length of a
    paragraph the rule may remove (and, times 25, its length in characters). ``example`` is a
    paragraph the rule removes (a test checks it).
    """

    name: str
    description: str
    example: str
    pattern: re.Pattern[str] | None = None
    predicate: Callable[[str, Sequence[str]], bool] | None = None
    max_words: int | None = None
    #: A paragraph this finds anything in is never removed by the rule (``re.search``): the
    #: article reporting what a page said (REPORTED), not the page itself.
    unless: re.Pattern[str] | None = None
    #: A paragraph this fullmatches is removed only above the article's first sentence of prose
    #: (none of the paragraphs kept before it ends like one, see :func:`match_rule`): a date alone
    #: on its line is a page's stamp there, and a timeline's entry below it (a fresh user's report).
    only_above_prose: re.Pattern[str] | None = None

    def matches(self, text: str, earlier: Sequence[str] = ()) -> bool:
        """True when this rule removes paragraph ``text`` (``earlier``: paragraphs before it)."""
        text = text.strip()
        if not text:
            return False
        if self.max_words is not None and (
            len(text) > self.max_words * _MAX_CHARS_PER_WORD or len(text.split()) > self.max_words
        ):
            return False
        if self.unless is not None and self.unless.search(text):
            return False
        if self.pattern is not None and self.pattern.fullmatch(text):
            return True
        return self.predicate is not None and self.predicate(text, earlier)


# ---- building blocks of the patterns ----------------------------------------------------------

#: An article sentence that reports what a page or a person said, which the wall rules
#: (``error-page``, ``access-wall``) leave alone: it opens with a quotation mark ('"We don't have
#: permission to access our own land," said ...') or attributes it ("..., the message on its
#: website said", "were told that the page you requested could not be found"). A fresh user's
#: report: such quotes were removed from articles, and a short article holding one was refused
#: as an error page. Pages served instead of the article attribute nothing.
REPORTED = re.compile(r"^\s*[\"“”‘'«]|\b(?:said|says|told|tells|telling|according\s+to|wrote|writes|reported|"
                      r"complained|warned|explained|added)\b"
                      # an attribution after a comma or colon, perhaps inverted: "..., researchers found.",
                      # "..., the study shows", "..., reads a handwritten sign", "..., insists a company ..."
                      # (an adversarial reading of the rules: each of these was removed as furniture)
                      r"|[,:;]\s+(?:[\w'’.-]+\s+){0,6}(?:found|finds|shows|showed|urged|urges|advised|advises|advise"
                      r"|admitted|admits|insisted|insists|promised|promises|reads|read|warns|warn|claimed|claims|argued"
                      r"|argues|asked|asks|noted|notes|stated|states|announced|announces|revealed|reveals|say|agreed"
                      r"|concluded|suggests|suggested|recalled|replied)\b", re.IGNORECASE)

_TAIL = r"[\s.:;!…»›>→|\-–—_*·)]*"  # trailing punctuation and arrows a furniture line may carry
_AGENCY = r"(?:AFP|AP|Reuters|EPA|Xinhua|Anadolu|APP|PPI|INP|NNI|Online|IANS|PTI|ANI|Getty\s+Images|Dawn|ISPR)"
# A photo credit: "SCREENGRAB", "PHOTO: AFP", "Photo: Reuters/File", "Photo by X", "File photo",
# "Image credit: X", "Courtesy: ISPR", "AFP photo", "(Photo: AFP)".
_CREDIT = (
    r"(?:screen\s?(?:grab|shot)(?:\s*[:/]\s*[^.!?()]{1,60})?"
    r"|(?:file\s+)?photo(?:graph)?s?\s*(?:[:/]|\bcourtesy\b:?)\s*[^.!?()]{1,60}"
    r"|(?:file\s+)?photo(?:graph)?s?\s+by\s+(?-i:[A-Z][\w.'’-]*)(?:[\s/]+(?-i:[A-Z][\w.'’-]*)){0,4}"
    r"|file\s+(?:photo|image|picture)(?:\s*[:/]\s*[^.!?()]{1,60})?"
    r"|(?:image|photo|picture|video)\s+(?:credits?|courtesy|source)\s*:?\s*[^.!?()]{0,60}"
    r"|courtesy\s*:\s*[^.!?()]{1,60}"
    # "Credit: Valley Times", "Credits: Jane Doe/AFP" (capitalised names only: "Credit: the bank ..." is prose)
    r"|credits?\s*:\s*(?-i:[A-Z][\w.&'’-]*)(?:[\s/]+(?-i:[A-Z][\w.&'’-]*)){0,5}"
    r"|image\s+copyright\s+[^.!?()]{1,60}"
    rf"|{_AGENCY}(?:\s*/\s*(?:file|\w+))?\s+(?:photo|file\s+photo|image)(?:\s*/\s*[^.!?()]{{1,60}})?"
    # a wire photographer's credit: "REUTERS/Fayaz Aziz", "AFP/Aamir Qureshi" (capitalised names)
    rf"|{_AGENCY}\s*/\s*(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){{0,3}}"
    r")"
)
# What a wire service's copyright line may end with (AP's), or say alone ("This article may not be
# reproduced without permission.").
_NOT_REPRODUCED = (r"this\s+(?:material|article|story|content)\s+may\s+not\s+be\s+"
                   r"(?:re)?(?:published|produced|printed|distributed|broadcast)\b"
                   # then only more of the same verbs, and "without (prior written) permission" ("This
                   # material may not be published, broadcast, rewritten or redistributed."): never "This
                   # article may not be published in Turkey under a court order ..."
                   r"(?:\s*,?\s*(?:or\s+|and\s+|in\s+whole\s+or\s+in\s+part|)(?:re)?(?:published|produced|printed|distributed"
                   r"|broadcast|written|rewritten|redistributed|copied|transmitted|stored|used)\b)*"
                   r"(?:\s*,?\s*(?:in\s+whole\s+or\s+in\s+part|without\s+(?:the\s+)?(?:prior\s+)?(?:written\s+)?"
                   r"(?:permission|consent)(?:\s+of\s+[^.!?]{1,60})?))*")
_REDISTRIBUTE = rf"(?:[.]?\s*{_NOT_REPRODUCED})?"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
# A date as a footer writes it: "December 2nd, 2026", "2 December 2026", "Dec. 2, 2026".
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
_AGENCY_LINE = rf"{_AGENCY}(?:\s*/\s*(?:File|Photo|\w+))?"
# A time stamp as a page prints it: "12 August 2024, 10:32 PKT", "Aug. 12, 2024 at 10:32 a.m. ET",
# "Monday, 12 August 2024", "2024-08-12 10:32", "3 hours ago", "14:32 GMT".
_CLOCK = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*\(?(?-i:[A-Z]{2,5})\)?)?|\d{1,2}\s*[ap]\.?m\.?(?:\s*(?-i:[A-Z]{2,5}))?"
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+"
_DAY = (rf"(?:{_WEEKDAY})?(?:{_DATE}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}"
        r"|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?Z?)?|\d{1,2}/\d{1,2}/\d{2,4})")
_AGO_N = r"(?:\d{1,3}|an?|one)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
_AGO = _AGO_N + r"|just\s+now|yesterday|today"
# A weekday and a clock time, no date: "Monday, 10:30", "Monday 10:30 GMT", "Tuesday, 4:15 pm" (a
# fresh user's report: kept in the body above the first sentence).
_WEEKDAY_CLOCK = rf"{_WEEKDAY}(?:at\s+)?(?:{_CLOCK})"
_STAMP = (rf"(?:{_DAY}(?:\s*[,|·•]?\s*(?:at\s+)?(?:{_CLOCK}))?|{_WEEKDAY_CLOCK}"
          rf"|(?:{_CLOCK})(?:\s*[,|·•]?\s*(?:on\s+)?{_DAY})?|{_AGO})")
# A stamp with no label (removed only above the first prose): a date, perhaps with a clock time
# after it ("November 20, 2019 - 11:28 AMT") or before it ("5:45 AM PST 11/19/2019"), or a weekday
# and a clock time; then perhaps the byline ("... by Patrick Shanley", capitalised names).
_UNLABELLED_STAMP = (rf"(?:{_DAY}(?:\s*[,|·•\-–—]?\s*(?:at\s+)?(?:{_CLOCK}))?|{_WEEKDAY_CLOCK}|(?:{_CLOCK})\s*[,|·•\-–—]?\s*{_DAY})"
                     r"(?:\s*[,|·•\-–—]?\s+by\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){0,3})?")
_STAMP_LABEL = (r"(?:(?:last\s+)?(?:updated|modified|edited)|(?:first\s+)?(?:published|posted)|date)"
                r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*")
# A list item of a tag line: one to three words, no sentence end ("floods", "Swat valley").
_TAG = r"[\w'’&#+-]+(?:\s+[\w'’&#+-]+){0,2}"
# After "By": words that start a time phrase, not a name ("By Monday, India was ...").
_NOT_A_NAME = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June"
    r"|July|August|September|October|November|December|Christmas|Easter|Ramadan|Eid|Then|Now|Noon|Midnight"
    r"|Dawn|Dusk|Nightfall|Morning|Evening|Tonight|Tomorrow|Yesterday|Today|The\s+(?:time|end|way))"
)
# What may follow a byline's name after a comma, bar or dash: capitalised words ("Staff
# Reporter", "Dawn.com", "Daily Mail") and a few short joining words ("for the Daily Mail").
_ROLE = r"(?:(?:[A-Z@][\w.'’@-]*|for|the|of|in|at|and|on)\s*){1,6}"


# A wire sign-off's "Reporting by", "Additional reporting by", "Writing by", "Editing by",
# "Reporting and writing by"; then capitalised names (or places), joined by commas, "and" or "&".
_CREDITED_BY = (r"(?i:(?:additional\s+)?(?:reporting|writing|editing|research|compiled|produced)"
                r"(?:\s+(?:and|&)\s+(?:reporting|writing|editing|research))?\s+by)")
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
_NAMES = rf"{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"


# A contributor line: "Keith Bradsher contributed reporting from Hong Kong.", "Associated Press
# writers A, B and C contributed to this report.", "Fox News' Jessica Napoli contributed to this
# report.", "CNN's A in Delhi and journalist B contributed to this report ." (capitalised names,
# with "de", "al-", "van" ...; perhaps an outlet and a role before them, a place after each).
_CONTRIB_WORD = r"(?:[A-Z][\w'’.-]*|(?:de|da|del|van|von|der|den|du|la|le|bin|al|el)(?=\s+[A-Z])|(?:al|el)-[A-Z][\w'’.-]*)"
_CONTRIB_NAME = rf"{_CONTRIB_WORD}(?:\s+{_CONTRIB_WORD}){{0,4}}(?:\s+(?i:in|from)\s+{_NAME})?"
_CONTRIB_ROLE = r"(?i:(?:staff\s+)?(?:writers?|reporters?|correspondents?|producers?|journalists?|meteorologists?|photographers?|researchers?)\s+)"
_CONTRIBUTOR = (rf"(?:{_NAME}['’]?s?\s+)?{_CONTRIB_ROLE}?{_CONTRIB_NAME}"
                rf"(?:\s*(?:,\s*(?:and\s+)?(?:as\s+well\s+as\s+)?|\s(?:and|&)\s+|\s+as\s+well\s+as\s+){_CONTRIB_ROLE}?{_CONTRIB_NAME})*,?"
                rf"\s+(?i:(?:also\s+)?contributed\s+(?:reporting(?:\s+and\s+research)?(?:\s+to\s+this\s+(?:report|story|article))?"
                rf"|research\s+to\s+this\s+(?:report|story|article)|to\s+this\s+(?:report|story|article)))(?:\s+(?i:from|in)\s+{_NAMES})?\s*[.]?")
# An e-mail address, a web address or a handle, alone ("paul.takahashi@chron.com",
# "twitter.com/paultakahashi", "https://apnews.com/NBA", "@AP_Sports").
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_URL = (r"(?:(?:https?://|www\.)[^\s<>\"]+|(?:[\w-]+\.)+(?:com|org|net|gov|edu|co\.uk|io|ly|st|tv|info)/[^\s<>\"]*"
        r"|(?:[\w-]+\.)+(?:com|org|net)(?=\s*$))")
_ADDRESS = rf"(?:{_EMAIL}|{_URL}|@\w{{2,30}})"
# Social networks a "Follow X on ..." line lists.
_NETWORK = r"(?:twitter|x|facebook|instagram|youtube|tiktok|linkedin|threads|bluesky|snapchat|telegram|whatsapp|flipboard|google\+?)"
_NETWORKS = rf"{_NETWORK}(?:\s*\(@\w+\))?(?:\s*(?:,|and|&|or)\s*(?:on\s+)?{_NETWORK}(?:\s*\(@\w+\))?)*"
# An outlet's "Follow us ..." after an author's contact line: "Follow us on Twitter @Spacedotcom and on Facebook."
_FOLLOW_US = r"(?:\s+follow\s+us\b[^.!?]{0,80}[.!]?)?"
# A label over a related-stories box, alone on its line: never followed by a full stop ("Most read
# in English." may be a sentence; the label is not).
_LABEL_TAIL = r"(?:\s*(?:\.\.\.|…|[:»›>→|\-–—]))*\s*"
# The tags in capitals that close a related-story teaser (Express.co.uk: "... jibe [INSIGHT]").
_TEASER_TAG = (r"(?-i:INSIGHT|VIDEO|VIDEOS|REACTION|WARNING|NEWS|PICTURES|PICS|PHOTOS|POLL|LATEST|REVEAL|REVEALED|"
               r"ANALYSIS|UPDATE|EXPLAINED|MAPPED|INTERVIEW|COMMENT|REPORT|LIVE|BREAKING|OPINION|VOTE|EXCLUSIVE|"
               r"CLAIM|SPECULATION|REVIEW|QUIZ|GALLERY|MAP|CHART|FORECAST|PROFILE|TIMELINE|LISTEN|WATCH|READ|MORE)")


def _rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


#: Sentence ends for ``repeated-caption``'s coverage test: a stop, then closing quotes or brackets,
#: then space. Crude on purpose: it only has to tell a sentence from a phrase inside one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")


def _repeats_earlier(text: str, earlier: Sequence[str]) -> bool:
    """True when at least 90 % of the words of ``text`` (6 different words or more) recur in
    order inside one paragraph of ``earlier``, and those words make up at least half of the
    sentences of that paragraph they fall in: ``text`` is a copy of it, e.g. a photo caption
    repeating the lead. Counting different words keeps "officials officials officials ..." from
    looking like a copy of anything; the share of the sentence keeps a refrain, a line that a
    quotation repeats from inside a longer sentence (`they chant, "There will never be ... .
    You can ... There will never be ..."`), from looking like a caption (CNN/DailyMail
    validation: the one article sentence the rule removed, docs/quality.md)."""
    a = _words(text)
    aset = set(a)
    if len(aset) < 6:
        return False
    for other in earlier:
        b = _words(other)
        if len(b) < len(a) * 0.9 or len(aset & set(b)) < 0.9 * len(aset):
            continue
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        blocks = [blk for blk in matcher.get_matching_blocks() if blk.size]
        matched = sum(blk.size for blk in blocks)
        if matched >= 0.9 * len(a) and matched >= 0.5 * _sentence_words(other, blocks[0].b, blocks[-1].b + blocks[-1].size):
            return True
    return False


@lru_cache(maxsize=8192)
def _word_key(text: str) -> tuple[str, ...]:
    return tuple(_words(text))


def _copies_earlier(text: str, earlier: Sequence[str]) -> bool:
    """True when ``text`` (6 different words or more) is word for word, case and punctuation
    aside, a paragraph of ``earlier`` (any of them, not only the first ten): a page whose text
    trafilatura found twice or three times (an article shown again below itself, scrapinghub's
    article-extraction-benchmark: Business Insider's "10 things in tech" came out three times and
    was refused as "it repeats itself"). News repeats a phrase, never a whole paragraph."""
    key = _word_key(text)
    return len(set(key)) >= 6 and any(_word_key(other) == key for other in earlier)


def copied_blocks(paragraphs: Sequence[str]) -> set[int]:
    """The positions of the paragraphs that repeat an earlier one word for word (case and
    punctuation aside, 6 different words or more) next to another that does: a block of the page
    found again, which ``repeated-paragraph`` removes. A copy standing alone is a refrain, a chant
    or a witness's answer given twice (an adversarial reading of the rules: "I do not recall, she
    replied." and "Do not go gentle into that good night." came back in their stories), and stays."""
    seen: set[tuple[str, ...]] = set()
    copies: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        key = _word_key(paragraph)
        if len(set(key)) >= 6 and key in seen:
            copies.add(i)
        seen.add(key)
    return {i for i in copies if i - 1 in copies or i + 1 in copies}


def _sentence_words(paragraph: str, start: int, end: int) -> int:
    """How many words (as :func:`_words` counts them) the sentences of ``paragraph`` that hold
    its words ``start`` to ``end`` (a half-open range of word indexes) have in all."""
    total = first = 0
    for sentence in _SENTENCE_END.split(paragraph):
        n = len(_words(sentence))
        last = first + n
        if last > start and first < end:
            total += n
        first = last
    return total


RULES: list[Rule] = [
    Rule(
        "photo-caption",
        "a caption (at most 50 words) that ends in a photo credit after a sentence end, a bar, a "
        "dash or a bracket: SCREENGRAB, PHOTO: AFP, Photo: Reuters, File photo, Image credit ...",
        "The visiting dignitaries appreciated the positive role being played by Pakistan for "
        "Afghan peace process. SCREENGRAB",
        pattern=_rx(rf".*?(?:[.!?”\"’')\]]\s+|\s*[|—–/]\s*|\s*\(|\s+-\s+){_CREDIT}{_TAIL}"
                    # or one that starts with its label: BBC's "Image caption ...", Reuters' "FILE PHOTO: ..."
                    r"|(?:image|media|video)\s+caption\s+.+|(?-i:FILE PHOTO)\s*[:\-–—]\s*.+"),
        max_words=50,
        unless=REPORTED,
    ),
    Rule(
        "credit-line",
        "a line that is only a photo or agency credit, or a source line ('SOURCE: News agencies')",
        "PHOTO: AFP",
        pattern=_rx(rf"[\s(—–\-]*(?:{_CREDIT}|{_AGENCY_LINE}){_TAIL}"
                    # a source line with its label in capitals: "SOURCE: Al Jazeera News", "Source: News
                    # agencies" (a name, then capitalised words or a few lower-case ones of a source)
                    r"|(?-i:SOURCES?|Sources?)\s*:\s*(?-i:[A-Z][\w.&'’-]*)(?:\s+(?:(?-i:[A-Z][\w.&'’-]*)|of|the|and|&"
                    r"|news|agenc(?:y|ies)|wires?|reports?|media|staff|websites?)){0,6}\s*\.?"),
        max_words=15,
    ),
    Rule(
        "load-more",
        "infinite-scroll and pagination prompts",
        "Load Next Story",
        pattern=_rx(
            r"(?:(?:load|show|view|see)\s+(?:the\s+)?(?:next|more)(?:\s+(?:story|stories|articles?|news|"
            rf"comments|results|posts))?|(?:next|previous)\s+(?:story|article|post)){_TAIL}"
        ),
        max_words=6,
    ),
    Rule(
        "read-more",
        "links to other articles: Read more / Also read / Read also / READ / See also / Related / "
        "Watch, alone or followed by a headline, or a related-stories box's label alone ('You may also "
        "like...', 'Most read in world news', 'DON'T MISS'; at most 25 words in all)",
        "Also read: Taliban reject calls for a nationwide ceasefire",
        pattern=_rx(
            r"(?:(?:read|see|watch)\s+(?:more|also|next)|also\s+(?:read|see|watch)|read|see|watch|related"
            r"|recommended|more\s+on\s+this(?:\s+story)?|related\s+(?:stories|articles|news|coverage|"
            r"content|posts?|topics))"
            # what follows the label is a headline, never a sentence that goes on in lower case
            # with a comma or a full stop ("Related: the two plans are linked, the mayor said, ...";
            # "Read more: other stories from the valley" is a link)
            r"(?:\s*(?:[:|»›>→–—]|\.\.\.|…|\s-\s)\s*(?-i:(?!\s*[a-z][^,;]*[,;]|\s*[a-z].*[.!?]\s*$)).*|" + _TAIL + r")"
            r"|read\s+more\s+(?:about|on|at|here)\b[^,;]{0,120}"
            # in brackets: "[Related: Salesforce keynote: AI and integration]"
            r"|\[\s*(?:related|read\s+more|see\s+also|also\s+read)\s*:\s*[^\[\]]{1,200}\]"
            # a related-stories box's label alone on its line, no full stop: "You may also like...",
            # "Most read in world news", "Popular on IndieWire", "DON'T MISS", "Explore further", "More:"
            r"|(?:you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)|don['’]t\s+miss|explore\s+further"
            r"|most\s+(?:read|popular|viewed|shared|watched)(?:\s+(?:in|on|from)\s+[\w'’&-]+(?:\s+[\w'’&-]+){0,3})?"
            r"|(?:popular|trending)\s+(?:on|at)\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){0,2}"
            r"|more\s+(?:stories|videos|news)(?:\s+(?:from|on)\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){0,2})?"
            r")" + _LABEL_TAIL + r"|more\s*:"
        ),
        max_words=25,
    ),
    Rule(
        "share-follow",
        "share, follow and subscribe prompts and share bars",
        "Follow us on Twitter",
        pattern=_rx(
            # "Follow us on Twitter", "Find us on Facebook", "Follow us for the latest news"; never "Follow
            # us for the next 90 days as we ...", "Find us at the old mill ..." (a network, a name or news after it)
            r"(?:please\s+)?(?:follow|like|find)\s+(?:us|@\w+)(?:\s+(?:on|at|via|for)\s+(?:(?-i:[A-Z@])|(?:the\s+)?"
            r"(?:latest|updates?|more|news|breaking)\b|(?:twitter|x|facebook|instagram|youtube|tiktok|linkedin|threads"
            r"|bluesky|telegram|whatsapp)\b).*)?"
            # "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", "Follow The New York Times
            # Opinion section on Facebook, Twitter (@NYTopinion) and Instagram." (capitalised names, then networks)
            r"|follow\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?:(?-i:[A-Z@][\w.'’-]*)|section|page|desk|team)){0,6}"
            rf"\s+on\s+{_NETWORKS}\s*[.!]?"
            # "Follow AP's full coverage of Brexit and British politics at https://..."
            rf"|follow\s+(?-i:[A-Z][\w.'’-]*)\s+(?:full\s+|live\s+|latest\s+)?coverage\s+of\b[^.!?]{{1,100}}\s+at\s+{_URL}\s*\.?"
            r"|(?:(?:share|tweet|email|e-mail)\s+(?:on|via|to|with)\s+[\w&]+(?:\s+[\w&]+)?\s*[|,·/]?\s*){2,8}"
            r"|(?:share|tweet|email|e-mail|print|save)\s+(?:this(?:\s+(?:article|story|page|post|link|video))?"
            r"(?:\s+(?:on|via|to|with)\s+[\w ,&]{1,40})?|(?:on|via|to)\s+(?:a\s+friend|(?-i:[A-Z@][\w.&'’-]*)"
            r"(?:\s*(?:,|&|and|or)?\s*(?-i:[A-Z@][\w.&'’-]*)){0,4}))\s*[:!.]?"
            r"|(?:subscribe|sign\s+up)\s+(?:to|for)\b[^.!?]*\b(?:newsletters?|updates|alerts|channel|digest|inbox|"
            r"e-?mails?|podcast)\b[^.!?]*[.!]?"
            r"|(?:subscribe|sign\s+up)(?:\s+(?:now|today|here))?"
            # "Join our WhatsApp channel", "Join us on Telegram"; never "Join us in rebuilding our community ..."
            r"|join\s+(?:us\s+on|our)\s+(?:[\w'’-]+\s+){0,2}(?:whatsapp|telegram|facebook|discord|channel|community|newsletter)"
            r"\b[^.!?]{0,60}[.!]?"
            r"|(?:(?:share|tweet|email|print|whatsapp|facebook|twitter|x|linkedin|telegram|reddit|"
            r"pinterest|copy\s+link|comments?)\s*[:|/·,]?\s*){1,10}"
        ),
        max_words=20,
        unless=REPORTED,
    ),
    Rule(
        "cookie-notice",
        "cookie and consent banners",
        "We use cookies to improve your experience on our site.",
        pattern=_rx(
            # "We use cookies (and similar technologies) to ...", "This site uses cookies."; never "We use
            # cookies from the bakery next door as a reward" (what follows says what they are for, or nothing)
            r"(?:(?:we|this\s+(?:web)?site|our\s+(?:web)?site|this\s+page)\s+uses?\s+cookies\b"
            r"(?:\s+and\s+similar\s+(?:technologies|tools))?(?:\s*[.,;!]|\s+(?:to|for|on|so|that|which|in\s+order|and)\b|$).*"
            # "By continuing to use this site, you agree to our use of cookies"; never "By continuing to bake cookies ..."
            r"|by\s+(?:continuing|using|browsing)\b.*\b(?:site|website|page|service|app)\b.*\bcookies?\b.*"
            # a banner's buttons: "Accept all cookies", "Manage cookies | Reject all"; never "Allow cookies to cool ..."
            r"|(?:accept|reject|allow|manage)\s+(?:all\s+|necessary\s+|optional\s+)?cookies?(?:\s*[|/·]\s*.*|\s+(?-i:[A-Z]).*|[\s.!]*)"
            r"|cookies?\s+(?:policy|settings|preferences|consent|notice)(?:\s*[|/·]\s*.*|\s+(?-i:[A-Z]).*|[\s.!:]*)"
            r"|we\s+value\s+your\s+privacy\b.*)"
        ),
        max_words=60,
        unless=REPORTED,
    ),
    Rule(
        "advertisement",
        "advertising labels and 'story continues' markers",
        "ADVERTISEMENT",
        pattern=_rx(
            r"[\s\-–—_*·.:]*(?:advertisements?|advert|ads?|sponsored(?:\s+(?:content|post|links?|stories))?"
            r"|promoted(?:\s+(?:content|stories))?|paid\s+(?:content|post|partnership)"
            r"|(?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad|the\s+ad))?"
            r"|continue\s+reading\s+(?:below|the\s+main\s+story)"
            r"|scroll\s+(?:down\s+)?to\s+continue(?:\s+(?:with\s+content|reading))?"
            r"|scroll\s+down\s+(?:for|to\s+(?:see|watch))\s+(?:the\s+)?(?:videos?|pictures|photos|more))" + _TAIL
        ),
        max_words=8,
    ),
    Rule(
        "byline",
        "a lone byline: 'By <Name>' or 'By a staff reporter' (at most 10 words, no final full stop); "
        "what follows a comma, bar or dash is capitalised words (a role or an outlet) and then perhaps "
        "a date ('By Sana Malik | March 4, 2024'), and the name "
        "is not a day, a month or a time ('By Monday, ...', 'By Tuesday, Kabul had ...')",
        "By a staff reporter",
        pattern=re.compile(
            r"(?i:by|from)\s+(?:(?i:a|our)\s+)?(?:(?i:staff|special|senior|own)\s+)?"
            r"(?:(?i:reporter|correspondent|writer|desk)\b.*"
            rf"|(?!{_NOT_A_NAME}\b)"
            r"(?:[A-Z][\w'’.-]*\s*){1,4}(?:(?:,|and|&)\s*(?:[A-Z][\w'’.-]*\s*){1,4})*"
            rf"(?:\s*[|,—–-]\s*{_ROLE})?(?:\s*[|,—–-]\s*{_DATE})?)"
            r"(?<![.:])"
        ),
        max_words=10,
    ),
    Rule(
        "reporting-credit",
        "a wire story's sign-off naming who reported, wrote and edited it: 'Reporting by X; Editing "
        "by Y', '(Reporting by X, with reporting by Y, editing by Z.)' (capitalised names, places after "
        "'in'), or a contributor line: 'X contributed reporting from Y.', 'CNN's X contributed to this "
        "report.' (at most 40 words)",
        "Reporting by Jibran Ahmad in Peshawar; Editing by Mark Heinrich",
        pattern=re.compile(rf"\(?(?:(?:(?i:with|and)\s+)?{_CREDITED_BY}\s+{_NAMES}(?:\s+in\s+{_NAMES})*\s*[;,.]?\s*)+\)?\s*\.?"
                           rf"|{_CONTRIBUTOR}"),
        max_words=40,
    ),
    Rule(
        "copyright",
        "a copyright line: Copyright or © with a year or a name, or ending in 'All rights reserved' "
        "(at most 20 words)",
        "Copyright 2024 The Daily News. All rights reserved.",
        pattern=_rx(
            # a year or the mark, then a name (capitalised), never a sentence going on in lower case:
            # "Copyright 2024 was a record year ...", "(c) the council failed to ..." (a list's item)
            r"(?:copyright\s*(?:©|\(c\))?\s*\d{4}|(?:©|\(c\))\s*(?:\d{4}\b)?)(?![\s\d]*(?!by\b)(?-i:[a-z]))(?:[^.!?]|\.(?=\w)){0,80}"
            r"(?:[.,]?\s*all\s+rights\s+reserved)?" + _REDISTRIBUTE + _TAIL
            + r"|(?:(?:[^.!?]|\.(?=\w)){1,80}[.,]?\s*)?all\s+rights\s+reserved" + _REDISTRIBUTE + _TAIL
            + "|" + _NOT_REPRODUCED + _TAIL
            # a newspaper's print footer: "Published in Dawn, December 2nd, 2026"
            + r"|published\s+in\s+(?-i:[A-Z][\w.&'’-]*)(?:\s+(?-i:[A-Z][\w.&'’-]*)){0,4},?\s+(?:on\s+)?" + _DATE + _TAIL
        ),
        max_words=20,
        unless=REPORTED,
    ),
    Rule(
        "click-here",
        "click/tap-here prompts",
        "Click here to read the full statement",
        # a prompt: "Click here", "Click here to/for ...", "Click here!", "Tap here: ..."; never a
        # sentence about the words ("Click here was the only instruction on the site, ...")
        pattern=_rx(r"(?:click|tap)\s+here(?:" + _TAIL + r"|\s*[!:(»›>→].*"
                    r"|\s+(?:to|for|and|if|now|or|below|on|at|when|from|instead)\b.*)"),
        max_words=20,
        unless=REPORTED,
    ),
    Rule(
        "breadcrumb",
        "a breadcrumb trail: 'Home > World > Asia', 'News » Pakistan', 'You are here: Home > News', "
        "'Home / Business / Markets' (a slash only after 'Home'; items of at most four words; at most 16 words)",
        "Home > World > Asia",
        pattern=_rx(r"(?:you\s+are\s+here\s*:\s*)?(?:[\w'’&.-]+(?:\s+[\w'’&.-]+){0,3}(?:\s*[>»›→]\s*[\w'’&.-]+"
                    r"(?:\s+[\w'’&.-]+){0,3})+[\s>»›→]*"
                    r"|home(?:\s+/\s+[\w'’&.-]+(?:\s+[\w'’&.-]+){0,3}){1,6}[\s/]*)"),
        max_words=16,
    ),
    Rule(
        "reading-time",
        "a reading or listening time: '5 min read', 'Listen to this article · 4 min', 'Reading "
        "time: 3 minutes' (at most 8 words)",
        "Listen to this article · 4 min",
        pattern=_rx(
            r"(?:listen\s+to\s+(?:this\s+)?(?:article|story)"
            r"(?:\s*[·•|:,(\-–—]?\s*\d{1,3}\s*(?:minutes?|mins?|m)\b\)?(?:\s+(?:read|listen))?)?"
            r"|listen\s*\(?\d{1,3}\s*(?:minutes?|mins?)\)?"
            r"|\d{1,3}\s*-?\s*(?:minutes?|mins?|m)\s+(?:read|listen)"
            r"|(?:estimated\s+)?(?:reading|read|listening)\s+time\s*:?\s*\d{1,3}\s*(?:minutes?|mins?|m)\b)" + _TAIL
        ),
        max_words=8,
    ),
    Rule(
        "timestamp",
        "a time stamp alone on its line, perhaps labelled: 'Updated: 12 August 2024, 10:32 PKT', "
        "'Published 3 hours ago', 'Posted at 14:32', 'August 12, 2024', 'Monday, 10:30', '5:45 AM PST "
        "11/19/2019 by Jane Doe' (a clock time only with a label, a date or a weekday; at most 16 words; never with words of its own: 'Updated figures "
        "were released on Monday.')",
        "Updated: 12 August 2024, 10:32 PKT",
        pattern=_rx(
            # unlabelled only a date, a weekday and a clock time or "3 hours ago": a bare clock time
            # is a scripture or score fragment as often ("(John 5:17)." split one sentence per line)
            rf"(?:{_STAMP_LABEL}{_STAMP}|{_UNLABELLED_STAMP}|{_AGO_N})"
            rf"(?:\s*[|·•,;/]\s*{_STAMP_LABEL}{_STAMP})*[\s.:;!…»›>→|\-–—_*·]*"
        ),
        max_words=16,
        # unlabelled, a date, a clock time or "3 hours ago" goes only above the first prose: below it
        # "A year ago." is a sentence of the story's ("One year ago." as a paragraph of its own)
        only_above_prose=_rx(rf"(?:{_UNLABELLED_STAMP}|{_AGO_N})[\s.:;!…»›>→|\-–—_*·]*"),
    ),
    Rule(
        "tag-line",
        "a line of tags or topics: 'Tags: floods, Swat, monsoon', 'Topics: Pakistan | Floods', "
        "'Filed under: Asia' (each at most three words, no sentence end; at most 30 words)",
        "Tags: floods, Swat, monsoon",
        pattern=_rx(
            r"(?:tags?|tagged(?:\s+with)?|topics?|related\s+topics|filed\s+under|categor(?:y|ies)|keywords)"
            rf"\s*:\s*{_TAG}(?:\s*[,|·•/;]\s*{_TAG})*[\s,|·•]*"
        ),
        max_words=30,
    ),
    Rule(
        "comments",
        "a comments link or count: 'Comments (34)', '34 comments', 'View comments', 'Leave a "
        "comment', 'Comments are closed' (at most 8 words)",
        "Comments (34)",
        pattern=_rx(
            r"(?:\d{1,6}\s+)?comments?(?:\s*\(\d{1,6}\)|\s*:\s*\d{1,6})?"
            r"|(?:view|show|read|see|leave|add|post|write|hide|load)\s+(?:a\s+|the\s+|all\s+|your\s+)?(?:\d{1,6}\s+)?"
            r"comments?(?:\s*\(\d{1,6}\))?"
            r"|be\s+the\s+first\s+to\s+comment|comments?\s+(?:are|is)\s+(?:closed|disabled)" + _TAIL
        ),
        max_words=8,
    ),
    Rule(
        "contact-prompt",
        "a tip-line or author-contact prompt: 'Have a news tip? Email us at ...', an author's "
        "tagline that ends 'Follow her on Twitter @handle.', 'Write to X at <e-mail>', 'Reach the "
        "reporters on Twitter at <URL>' (at most 40 words)",
        "Have a news tip? Email us at tips@example.com",
        pattern=_rx(
            r"(?:do\s+you\s+)?(?:have|got)\s+a\s+(?:news\s+)?(?:story\s+)?tip(?:\s+for\s+us)?\s*\?.*"
            r"|(?:[^.!?]+[.!?]\s+){0,2}(?:follow|find)\s+(?:him|her|them|me)\s+"
            r"(?:on\s+(?:twitter|x|instagram|facebook|threads|bluesky|linkedin|tiktok)(?:\s+(?:at\s+)?@\w+)?"
            r"|(?:at\s+)?@\w+(?:\s+on\s+(?:twitter|x|instagram|threads|bluesky))?)[.!]?" + _FOLLOW_US
            # "Write to Al Root at allen.root@dowjones.com", "Email Tariq Malik at tmalik@space.com or
            # follow him @tariqjmalik. Follow us on Twitter @Spacedotcom and on Facebook." (an address, not a place)
            + r"|(?:write\s+to|e-?mail|contact|reach)\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){0,3}\s+at\s+"
            + _EMAIL + r"(?:\s+(?:or|and)\s+follow\s+(?:him|her|them)\s+(?:on\s+\w+\s+)?(?:at\s+)?@\w+)?\s*[.]?" + _FOLLOW_US
            # "Reach the reporters on Twitter at http://twitter.com/A and http://twitter.com/B"
            + r"|(?:reach|contact|follow)\s+the\s+(?:reporters?|writers?|authors?)\s+(?:on\s+\w+\s+)?(?:at\s+)?"
            + rf"{_ADDRESS}(?:\s*(?:,|and|or)\s*{_ADDRESS})*\s*[.]?"
        ),
        max_words=40,
        unless=REPORTED,
    ),
    Rule(
        "teaser-tag",
        "a related-story teaser that ends in a tag in capitals in brackets: '... jibe [INSIGHT]', "
        "'... [VIDEO]', '[REACTION]' (at most 30 words, a fixed list of tags)",
        "Border crossing reopens after two weeks [VIDEO]",
        pattern=re.compile(rf".{{3,}}?\s*\[{_TEASER_TAG}\]\s*[|,]?\s*"),
        max_words=30,
        unless=REPORTED,
    ),
    Rule(
        "newsletter",
        "a newsletter sign-up box and its messages: 'Get the latest updates right in your inbox.', "
        "'Sign Up: ... Sign up for our Email Newsletters here.', 'Thanks for signing up!', 'Keep an eye "
        "on your inbox ...', 'There was an error processing your subscription.' (at most 40 words)",
        "Thanks for signing up!",
        pattern=_rx(
            # "Get the latest updates right in your inbox. Subscribe to NJ.com's newsletters.", "Get the
            # day's top headlines delivered to your inbox every morning by subscribing to our newsletter."
            r"get\s+(?:the\s+|our\s+)?(?:latest|day['’]s|today['’]s|week['’]s|top|best|breaking|biggest)\b[^.!?]{0,80}"
            r"\b(?:inbox|e-?mail)\b[^.!?]{0,80}[.!]?(?:\s+(?:subscribe|sign\s+up)\s+(?:to|for)\b.{0,60}?\bnewsletters?\b[^.!?]{0,20}[.!]?)?"
            r"|sign\s+up\s*:\s*.{0,160}\bnewsletters?\b.{0,40}"
            r"|(?:thanks?(?:\s+you)?\s+for\s+(?:signing\s+up|subscribing)|you['’]re\s+(?:all\s+)?(?:signed\s+up|subscribed))\s*[.!]*"
            r"|keep\s+an\s+eye\s+on\s+your\s+inbox\b[^.!?]{0,80}[.!]?"
            r"|(?:sorry[!,.]?\s+)?there\s+was\s+an\s+error\s+processing\s+your\s+(?:subscription|request|sign-?up)\s*[.!]?"
            r"|(?:sorry[!,.]?\s+)?an\s+error\s+(?:has\s+)?occurred[,.;]?\s+please\s+try\s+again(?:\s+later)?\s*[.!]?"
            # a box's title: "Pick Six Newsletter", "The Morning Newsletter" (capitalised words, no full stop)
            r"|(?-i:[A-Z][\w'’&+-]*)(?:\s+(?-i:[A-Z][\w'’&+-]*)){0,3}\s+(?-i:Newsletters?)"
        ),
        max_words=40,
        unless=REPORTED,
    ),
    Rule(
        "promo",
        "a plea to share or join, or an affiliate disclosure: 'Like this story? Share it with a "
        "friend!', 'If you enjoyed this article, ... Join X.', 'If you buy something through this post, "
        "X may get a share of the sale.' (at most 60 words; never what someone said)",
        "Like this story? Share it with a friend!",
        pattern=_rx(
            r"(?:like|liked|enjoy|enjoyed|love)\s+this\s+(?:story|article|post|piece)\s*\?\s*(?:share|send|pass)\s+it\b[^.!?]{0,60}[.!]?"
            r"|if\s+you\s+(?:enjoyed|liked|appreciated)\s+(?:this|reading\s+this)\s+(?:article|story|post|piece)\b.*"
            r"|if\s+you\s+(?:buy|purchase)\s+(?:something|anything|a\s+product)\s+(?:through|via|from)\s+(?:this|our|a|the)\s+"
            r"(?:post|page|article|story|links?|site)\b.*"
            r"|(?:we|this\s+(?:site|article|post))\s+may\s+(?:earn|receive|get)\s+(?:an?\s+)?(?:small\s+)?(?:affiliate\s+)?"
            r"(?:commission|share\s+of\s+(?:the\s+)?(?:sales?|revenue))\b.*"
        ),
        max_words=60,
        unless=REPORTED,
    ),
    Rule(
        "reprint",
        "a page's print and reprint tools: 'Order Reprints', 'Print Article', 'This copy is for your "
        "personal, non-commercial use only. ...' (at most 60 words)",
        "Order Reprints",
        pattern=_rx(
            r"(?:(?:order|request|buy|purchase)\s+(?:a\s+)?reprints?|reprints?(?:\s+(?:and|&)\s+permissions)?"
            r"|print\s+(?:article|story|page|this\s+page)|this\s+(?:article|story)\s+has\s+been\s+sent\s+to)[\s.:!]*"
            r"|this\s+copy\s+is\s+for\s+your\s+personal,?\s+non-?commercial\s+use\s+only\b.*"
        ),
        max_words=60,
    ),
    Rule(
        "url-line",
        "a line that is only e-mail addresses, web addresses or handles, perhaps after a short label: "
        "'jane.doe@example.com', 'twitter.com/janedoe', 'Listen: http://...', 'More AP NBA: https://... "
        "and https://...' (at most 12 words)",
        "twitter.com/janedoe",
        pattern=_rx(
            rf"(?:(?-i:[A-Z][\w'’&.+-]*)(?:\s+[\w'’&.+-]+){{0,3}}\s*:\s*)?{_ADDRESS}"
            rf"(?:(?:\s*[,|/]\s*|\s+(?:(?:and|or)\s+)?){_ADDRESS}){{0,4}}\s*[.]?"
        ),
        max_words=12,
    ),
    Rule(
        "error-page",
        "an HTTP error or bot check instead of the page: 404 Not Found, Access denied, the "
        "server's signature, a Cloudflare block (at most 40 words)",
        "Please enable cookies. You have been blocked by Cloudflare. Ray ID: 7a8b9c.",
        pattern=_rx(
            r"(?:error\s*)?(?:40[0-9]|41[0-9]|42[69]|50[0-4])\s*[:\-–—]?\s*(?:error|(?:page\s+|file\s+)?not\s+found|forbidden|"
            r"unauthori[sz]ed|gone|bad\s+request|internal\s+server\s+error|service\s+(?:temporarily\s+)?unavailable|"
            r"bad\s+gateway|gateway\s+time-?out|too\s+many\s+requests)\b(?:\s*[-–—:|(]\s*.*|[\s.!]*)"
            r"|(?:page|file|document)?\s*not\s+found|access\s+denied|forbidden|attention\s+required!?.*"
            r"|just\s+a\s+moment\.*|sorry,\s+you\s+have\s+been\s+blocked"
            r"|.*\b(?:the\s+requested\s+(?:url|page|resource)\b.{0,200}\bwas\s+not\s+found\s+on\s+this\s+server"
            r"|you\s+have\s+been\s+blocked\b|(?:blocked|protected)\s+by\s+cloudflare|\bray\s+id\s*:\s*[0-9a-f]{6,}"
            r"|checking\s+(?:your\s+browser\s+before\s+accessing|if\s+the\s+site\s+connection\s+is\s+secure)"
            r"|verify\s+you\s+are\s+(?:a\s+)?human|complete\s+the\s+security\s+check\s+to\s+access"
            r"|enable\s+javascript\s+and\s+cookies\s+to\s+continue|don['’]?t\s+have\s+permission\s+to\s+access\b"
            r"|needs\s+to\s+review\s+the\s+security\s+of\s+your\s+connection|performance\s+(?:and|&)\s+security\s+by\s+cloudflare"
            r"|the\s+page\s+you\s+(?:are|were)\s+looking\s+for\s+(?:does\s+not|doesn['’]?t|cannot|can['’]?t|could\s+not)\b"
            # "The page you requested could not be found", "Sorry, we can't find that page", "Error 404"
            r"|the\s+(?:page|url|file|article)\s+you\s+(?:requested|tried\s+to\s+(?:open|reach|visit|access))\s+"
            r"(?:could\s+not|cannot|can['’]?t|was\s+not|wasn['’]?t|does\s+not|doesn['’]?t|is\s+no\s+longer|no\s+longer)\b"
            r"|sorry,?\s+(?:we|but\s+we)\s+(?:can['’]?t|cannot|could\s+not|couldn['’]?t)\s+find\s+(?:that|the|this)\s+page"
            r"|\berror\s+(?:code\s*:?\s*)?40[34]\b(?=\s*(?:[-–—:|.!]|$))"
            r"|\bpage\s+not\s+found\s*$).*"
            r"|reference\s+#\s*[\da-f.]{8,}"
            r"|(?:apache|nginx|microsoft-iis|lighttpd|litespeed)(?:/[\d.]+)?(?:\s+\([^)]*\))?\s+server\s+at\s+\S+\s+port\s+\d+.*"
        ),
        max_words=40,
        unless=REPORTED,
    ),
    Rule(
        "access-wall",
        "a sign-in, subscription, cookie-consent or maintenance wall served instead of the article "
        "(at most 60 words)",
        "You have reached your limit of free articles this month.",
        pattern=_rx(
            r"(?:subscribe|sign\s+in|log\s*in|register)\s+(?:now\s+)?to\s+(?:continue(?:\s+reading)?|keep\s+reading"
            r"|read\s+(?:this|the\s+full)\s+(?:article|story))\b.*"
            r"|already\s+a\s+subscriber\b.*|we\s+value\s+your\s+privacy\b.*|we['’]ll\s+be\s+back\s+soon\b.*"
            r"|.*\b(?:you\s+have\s+reached\s+(?:your|the)\s+(?:limit|maximum)\s+of\s+free\s+(?:articles|stories)"
            r"|this\s+(?:article|story|content)\s+is\s+(?:only\s+)?(?:for|available\s+to)\s+(?:our\s+)?subscribers"
            r"|we\s+and\s+our\s+partners\s+use\s+cookies|by\s+clicking\s+[\"“]?accept\s+all\b"
            r"|(?:we\s+are|we['’]re)\s+(?:currently\s+)?performing\s+(?:some\s+)?(?:scheduled\s+)?maintenance).*"
        ),
        max_words=60,
        unless=REPORTED,
    ),
    Rule(
        "repeated-caption",
        "a later copy of one of the first 10 paragraphs: >= 90 % of its words (6 different words "
        "or more) recur in order inside that earlier paragraph; the copy goes, the first stays",
        "Pakistan's army chief (pictured) met the US envoy in Rawalpindi on Thursday",
        predicate=_repeats_earlier,
        max_words=80,
    ),
    Rule(
        "repeated-paragraph",
        "a later word-for-word copy (case and punctuation aside) of any earlier paragraph, 6 different "
        "words or more, next to another such copy: the page's text found again below itself; the copy "
        "goes, the first stays, and a copy standing alone (a refrain, a chant) stays",
        "Teachers returned to classrooms across the city on Wednesday morning.",
        predicate=_copies_earlier,
    ),
]
"""The boilerplate rules, in priority order (the first match names the removal)."""

_CAPTION_SCOPE = 10  # repeated-caption compares a paragraph with the first this-many paragraphs


def match_rule(text: str, earlier: Sequence[str] = (), *, index: int = 0,
               copied_block: bool = True) -> Rule | None:
    """The first rule of :data:`RULES` that removes paragraph ``text``, or None.

    ``earlier`` are the paragraphs kept before it and ``index`` its 0-based position; together they
    let ``repeated-caption`` compare it with the start of the article (that rule applies only when
    ``earlier`` is given; it looks at the first 10 of them), and keep a rule's ``only_above_prose``
    form (a bare date) below the first paragraph of prose. ``copied_block``: whether a neighbour
    of the paragraph is a word-for-word copy too (:func:`copied_blocks`, which
    :func:`clean_article` asks); ``repeated-paragraph`` removes only such a copy. Never raises.
    """
    for rule in RULES:
        if rule.predicate is _repeats_earlier:
            if not earlier or index == 0:
                continue
            if rule.matches(text, earlier[:_CAPTION_SCOPE]):
                return rule
            continue
        if rule.predicate is _copies_earlier:
            if copied_block and earlier and rule.matches(text, earlier):
                return rule
            continue
        if rule.only_above_prose is not None and any(_PROSE_LINE.search(p) for p in earlier) \
                and rule.only_above_prose.fullmatch(text.strip()):
            continue  # "August 15, 2021" between a timeline's entries is the next entry's date
        if rule.matches(text):
            return rule
    return None


#: A paragraph of prose (for Rule.only_above_prose): six words or more ending like a sentence.
_PROSE_LINE = re.compile(r"(?:\S+\s+){5,}\S*[.!?…][\"'”’)\]]*\s*$")


def clean_article(article: Article, *, keep_boilerplate: bool = False) -> Article:
    """Return a new Article without boilerplate paragraphs (``article`` is not modified).

    Each removed paragraph is appended to ``removed`` as ``RemovedLine(text, rule name, line)``
    (``line``: see the module docstring); ``metadata["paragraph_lines"]`` is kept in step with the
    remaining paragraphs. Title and dateline are left as they are. The result may have no
    paragraphs left when the input was nothing but furniture; the caller decides what that means.

    With ``keep_boilerplate=True`` nothing is removed: an equal copy comes back.

    Never raises for any Article.
    """
    meta = dict(article.metadata)
    link_only = meta.pop(LINK_ONLY_LINES, None)  # the reader's marks, used here and then dropped
    kicker_marks = meta.pop(KICKER_LINES, None)
    if keep_boilerplate:
        return dataclasses.replace(
            article, paragraphs=list(article.paragraphs), removed=list(article.removed), metadata=meta
        )
    lines = meta.get("paragraph_lines")
    mapped = isinstance(lines, list) and len(lines) == len(article.paragraphs)
    if not mapped:
        lines = list(range(len(article.paragraphs)))
    link_lines = set(link_only) if mapped and isinstance(link_only, list) else set()
    kicker_lines = set(kicker_marks) if mapped and isinstance(kicker_marks, list) else set()
    kept: list[str] = []
    kept_lines: list[int] = []
    removed = list(article.removed)
    paragraphs = article.paragraphs
    blocks = copied_blocks(paragraphs)
    in_topics = False  # just after a removed topics heading, or a label under it
    for i, text in enumerate(paragraphs):
        if lines[i] in link_lines:
            removed.append(RemovedLine(text=text, rule=LINK_ONLY, line=lines[i]))
            continue
        if lines[i] in kicker_lines:
            removed.append(RemovedLine(text=text, rule=KICKER, line=lines[i]))
            continue
        label = text.strip()
        if in_topics and len(label) <= _TOPIC_LABEL_MAX_CHARS and _TOPIC_LABEL.fullmatch(label) and not label.endswith("."):
            removed.append(RemovedLine(text=text, rule=TOPIC_LIST, line=lines[i]))
            continue
        rule = match_rule(text, kept, index=i, copied_block=i in blocks)  # compared with kept paragraphs only: never a copy of a removed one
        in_topics = rule is not None and bool(_TOPICS_HEADING.fullmatch(label))
        if rule is None:
            kept.append(text)
            kept_lines.append(lines[i])
        else:
            removed.append(RemovedLine(text=text, rule=rule.name, line=lines[i]))
    if "paragraph_lines" in meta:
        meta["paragraph_lines"] = kept_lines
    return dataclasses.replace(article, paragraphs=kept, removed=removed, metadata=meta)
