"""HTML to paragraphs with trafilatura: the main text, the title, author, date and description."""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from ..text.normalize import normalize_text
from ..text.segment import split_sentences, words
from .markdown import LINK_ONLY_LINES
from .structure import Para

#: What may stand between the links of an element that is only links: spaces, bars, dots, commas,
#: brackets, dashes (as :mod:`.markdown` allows between Markdown links).
_LINK_SEPARATORS = re.compile(r"[\s|·•,;/*_~»«>()\[\]–—-]+")

#: ``metadata`` key: the number of story cards of a page that is a section front (see
#: :func:`section_front_cards`), set only on such a page; ``pipeline.article_text_problem``
#: refuses it (a fresh user's report: a page of story cards was briefed with exit 0).
SECTION_FRONT = "section_front"
#: A page is a section front when it has at least SECTION_FRONT_MIN_CARDS story cards (a heading
#: that is only a link, over a teaser: one paragraph of at most TEASER_MAX_SENTENCES sentences and
#: TEASER_MAX_WORDS words, with no other paragraph after it before the next heading) and their
#: teasers make up at least SECTION_FRONT_SHARE of the words of the text trafilatura extracted
#: (lines that are only links left out). An article's few linked subheadings are each over a
#: section of several paragraphs, and a "Related stories" box of cards after its body holds a
#: small share of its words. Part (d)'s 1000 CNN/DailyMail pages have no links, so no card.
SECTION_FRONT_MIN_CARDS = 4
SECTION_FRONT_SHARE = 0.5
TEASER_MAX_SENTENCES = 2
TEASER_MAX_WORDS = 60
# What may stand in a card between its headline and its teaser: a time, a picture.
_CARD_EXTRAS = frozenset({"time", "img", "picture", "figure"})


def parse_html(source: str, text: str) -> tuple[list[Para], str | None, dict[str, Any]]:
    """HTML to paragraphs with trafilatura: the main text only (no navigation, scripts, comments,
    ads), plus title, author, date and description. Tables are left out. A fragment trafilatura
    cannot place is retried wrapped in ``<html><body>``, then read as plain page text."""
    stripped = _without_scripts(text)
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            stripped, with_metadata=True, include_comments=False, include_tables=False, include_images=False
        )
        body = (doc.text if doc is not None else None) or ""
        if not body.strip():
            # the page's visible text only: a <title> moved into <body> would pass for a one-line article
            wrapped = f"<html><body>{_without_scripts(stripped, head=True)}</body></html>"
            doc2 = trafilatura.bare_extraction(wrapped, include_comments=False, include_tables=False)
            body = (doc2.text if doc2 is not None else None) or trafilatura.html2txt(wrapped) or ""
    except Exception as exc:  # lxml/trafilatura on broken markup; the user gets one line
        raise InputError(source, f"cannot parse the HTML page ({type(exc).__name__}: {exc})".replace("\n", " ")) from None
    body = normalize_text(body)
    if not body.strip():
        if re.search(r"(?i)<noscript[\s>]", text):  # a page of scripts whose only text says "enable JavaScript"
            raise InputError(source, "no article text found in the HTML page: it shows its text only with "
                                     "JavaScript; save the page from a browser once it has loaded")
        raise InputError(source, "no article text found in the HTML page")
    meta: dict[str, Any] = {}
    title = None
    if doc is not None:
        for key in ("author", "date", "description", "sitename"):
            value = getattr(doc, key, None)
            if value:
                meta[key] = " ".join(str(value).split())
        if doc.title:
            title = " ".join(normalize_text(doc.title).split()) or None
    out: list[Para] = []
    for i, raw in enumerate(body.split("\n")):
        line = " ".join(raw.split())
        line = re.sub(r"^[-*•]\s+", "", line)  # trafilatura writes list items as "- item"
        if line:
            out.append(Para(line, i))
    if title and out and _same_text(out[0].text, title):
        out.pop(0)
    tree = _tree(stripped)
    links = _link_only_texts(tree)
    marked: list[int] = []
    if links:
        marked = [p.line for p in out if _norm(p.text) in links]
        if marked:
            meta[LINK_ONLY_LINES] = marked
    cards = section_front_cards(tree, [p.text for p in out if p.line not in marked])
    if cards:
        meta[SECTION_FRONT] = cards
    return out, title, meta


def _tree(text: str) -> Any:
    """The lxml tree of ``text``, or None for markup lxml cannot parse."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _only_links(element: Any) -> bool:
    """Whether ``element``'s text is nothing but its links (``<a href>``), separators allowed."""
    anchors = element.xpath(".//a[@href]")
    rest = element.text_content()
    for a in anchors:
        rest = rest.replace(a.text_content(), " ", 1)
    return bool(anchors) and not _LINK_SEPARATORS.sub("", rest)


def _next_with_text(element: Any) -> Any:
    """The first element after ``element`` among its siblings that has text, passing over a
    card's extras (_CARD_EXTRAS: ``<time>``, pictures); None when there is none."""
    for sibling in element.itersiblings():
        if isinstance(sibling.tag, str) and sibling.tag not in _CARD_EXTRAS and sibling.text_content().strip():
            return sibling
    return None


def section_front_cards(tree: Any, texts: list[str]) -> int:
    """How many story cards the page ``tree`` (lxml, or None) has when it is a section front, else 0.

    A card is a heading (``<h2>`` to ``<h6>``) that is only a link, or inside one, over a teaser:
    the next element with text among its siblings (or, none there, its link's) is a ``<p>`` of at most
    TEASER_MAX_SENTENCES sentences and TEASER_MAX_WORDS words that is not only links, and no
    other ``<p>`` follows the teaser before the next heading (``<div class="card"><h2><a
    href="/floods">Floods hit the north</a></h2><p>Thousands were moved ...</p></div>``). The page
    is a section front when it has SECTION_FRONT_MIN_CARDS (4) cards or more and their teasers
    make up SECTION_FRONT_SHARE (50 %) or more of the words of ``texts`` (the paragraphs of the
    page's extracted text, less the lines that are only links). Never raises."""
    if tree is None or not texts:
        return 0
    teasers: set[str] = set()
    cards = 0
    for heading in tree.iter("h2", "h3", "h4", "h5", "h6"):
        node = heading
        parent = heading.getparent()
        if parent is not None and parent.tag == "a" and parent.get("href") is not None:
            node = parent  # <a href="/floods"><h2>Floods hit the north</h2></a>
        elif not _only_links(heading):
            continue
        teaser = _next_with_text(heading) if node is not heading else None  # inside the link first
        if teaser is None:
            teaser = _next_with_text(node)
        if teaser is None or teaser.tag != "p" or _only_links(teaser):
            continue
        text = teaser.text_content()
        if len(words(text)) > TEASER_MAX_WORDS or len(split_sentences(text)) > TEASER_MAX_SENTENCES:
            continue
        after = _next_with_text(teaser)
        if after is not None and after.tag == "p":
            continue  # the heading's section goes on: an article's subheading
        cards += 1
        teasers.add(_norm(text))
    if cards < SECTION_FRONT_MIN_CARDS:
        return 0
    teaser_words = sum(len(words(t)) for t in texts if _norm(t) in teasers)
    return cards if teaser_words >= SECTION_FRONT_SHARE * sum(len(words(t)) for t in texts) else 0


def _link_only_texts(tree: Any) -> set[str]:
    """The texts (as :func:`_norm` writes them) of the page's list items, paragraphs, headings
    and table cells that are nothing but links (``<li><a href="/1">Floods displace thousands</a></li>``,
    ``<p><a>Home</a> | <a>World</a></p>``): a section front's list of headlines, a "related stories"
    box, a row of navigation. A text that also stands somewhere on the page not as a link (a
    sentence of the story that a link repeats) is left out, so it is never marked. trafilatura's
    text has lost the links; the reader marks its paragraphs with these texts in
    ``metadata["link_only_lines"]`` and ``clean`` removes them as ``link-only``, as it does a
    Markdown paragraph of links. ``tree``: the page's lxml tree (:func:`_tree`); None (markup lxml
    cannot parse) gives an empty set."""
    if tree is None:
        return set()
    only, other = set(), set()
    for element in tree.iter("li", "p", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td"):
        whole = _norm(element.text_content())
        if not whole:
            continue
        if _only_links(element):
            only.add(whole)
        else:
            other.add(whole)
    return only - other


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _without_scripts(text: str, *, head: bool = False) -> str:
    """``text`` with its ``<script>``, ``<style>``, ``<template>`` and ``<noscript>`` elements
    removed (the text after each stays). trafilatura leaves scripts out of the body but not out
    of the title it takes from a heading: ``<h1>Floods <script>track()</script>hit</h1>`` gave
    the title "Floods track() hit". ``<noscript>`` holds what a browser without JavaScript shows
    instead of the page ("You need to enable JavaScript to run this app"), never the article.
    ``head=True`` also removes ``<head>`` and ``<title>``. Markup lxml cannot parse is returned as
    it was."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return text
    found = tree.xpath("//script | //style | //template | //noscript" + (" | //head | //title" if head else ""))
    if not found:
        return text
    for element in found:
        element.drop_tree()
    return lxml_html.tostring(tree, encoding="unicode")


def _same_text(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)
