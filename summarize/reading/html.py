"""HTML to paragraphs with trafilatura: the main text, the title, author, date and description."""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from ..text.normalize import normalize_text
from .markdown import LINK_ONLY_LINES
from .structure import Para

#: What may stand between the links of an element that is only links: spaces, bars, dots, commas,
#: brackets, dashes (as :mod:`.markdown` allows between Markdown links).
_LINK_SEPARATORS = re.compile(r"[\s|·•,;/*_~»«>()\[\]–—-]+")


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
    links = _link_only_texts(stripped)
    if links:
        marked = [p.line for p in out if _norm(p.text) in links]
        if marked:
            meta[LINK_ONLY_LINES] = marked
    return out, title, meta


def _link_only_texts(text: str) -> set[str]:
    """The texts (as :func:`_norm` writes them) of the page's list items, paragraphs, headings
    and table cells that are nothing but links (``<li><a href="/1">Floods displace thousands</a></li>``,
    ``<p><a>Home</a> | <a>World</a></p>``): a section front's list of headlines, a "related stories"
    box, a row of navigation. A text that also stands somewhere on the page not as a link (a
    sentence of the story that a link repeats) is left out, so it is never marked. trafilatura's
    text has lost the links; the reader marks its paragraphs with these texts in
    ``metadata["link_only_lines"]`` and ``clean`` removes them as ``link-only``, as it does a
    Markdown paragraph of links. Markup lxml cannot parse gives an empty set."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return set()
    only, other = set(), set()
    for element in tree.iter("li", "p", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td"):
        whole = _norm(element.text_content())
        if not whole:
            continue
        anchors = element.xpath(".//a[@href]")
        rest = element.text_content()
        for a in anchors:
            rest = rest.replace(a.text_content(), " ", 1)
        if anchors and not _LINK_SEPARATORS.sub("", rest):
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
