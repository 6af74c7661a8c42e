"""Structure of plain text and the parts every format shares: paragraphs, the title, the dateline
(``ISLAMABAD:``), and the :class:`~summarize.brief.Article` they make."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..brief import Article
from ..errors import InputError
from ..text.segment import split_sentences, words

#: A body with no sentence of this many words (``pipeline.MIN_SENTENCE_WORDS``) under a headline
#: found in the text leaves the headline in the text (see :func:`assemble`).
_BODY_SENTENCE_WORDS = 3
_WORD_CHAR = re.compile(r"\w")
_TITLE_MAX_WORDS = 20
_TITLE_MAX_CHARS = 200
_DATELINE_SCAN = 5  # the dateline is looked for in the first this-many paragraphs after the title
_DATELINE_MAX_CHARS = 120  # a dateline (places, date, agency, colon) is never longer than this
# A sentence ends so (Chinese and Japanese full stops and commas too: 。，、；：); a headline may
# end in ! or ?.
_SENTENCE_END = re.compile(r"[.:,;…。，、；：]$|[.:,;!?…。，、；：！？][\"'”’)\]»」』）]+$")
# "(CNN)", "Washington (CNN)", "(The Hollywood Reporter)" right before the first word: a source tag.
_SOURCE_TAG = re.compile(r"(?:[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,4} )?\([A-Z][\w.&'’ -]{1,40}\)\s*(?:--\s*)?(?=[\"'“‘A-Z0-9])")
# A first line that is only a place, "New Delhi, India" or "Kabul, Afghanistan": a dateline on a
# line of its own, never the title. A byline is no place: "By Ahmad Shah, Staff Reporter".
_PLACE_LINE = re.compile(r"(?!(?:By|From) )[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}")



#: ``metadata`` key: the 0-based lines of the paragraphs above the headline that are page furniture
#: no cleaner rule names, a section label ("WORLD", "Business") or a kicker over a page's ``<h1>``
#: ("Pakistan"); ``clean`` removes them as ``kicker`` (see :func:`assemble`).
KICKER_LINES = "kicker_lines"
# A section label above a headline, in capitals or in Title Case: "WORLD", "BREAKING NEWS",
# "Business", "Middle East" (two words at most, each capitalised: a headline is longer; a fresh
# user's report: "Business" over a .txt's headline became the title). Letters only, no digits.
_SECTION_LABEL = re.compile(r"[A-Z][A-Za-z&'’.-]*(?: [A-Z][A-Za-z&'’.-]*)?")
_KICKER_SCAN = 3  # at most this many furniture paragraphs above the headline
_KICKER_MAX_WORDS = 6  # a kicker over a page's <h1>: a short label, no sentence


# A line of a YAML configuration file: a setting's key (a lowercase word, or one with "_", then a
# colon and a space or the line's end), or a list item ("- run the first job").
_KEY_LINE = re.compile(r"[ \t]*(?:[a-z][\w.-]*|[A-Za-z][\w.-]*_[\w.-]*):(?:[ \t]|$)")
_ITEM_LINE = re.compile(r"[ \t]*- \S")


def setting_lines(text: str) -> tuple[int, int, int]:
    """``(key lines, list-item lines, non-blank lines)`` of a plain text, as it was typed: how
    much of it has the shape of a YAML file (``name: demo``, ``steps:``, ``  - run the job``).
    The reader records it in ``metadata["setting_lines"]`` for ``pipeline.code_or_data_problem``,
    since a text's paragraphs no longer show its lines."""
    keys = items = lines = 0
    for line in text.splitlines():
        if line.strip():
            lines += 1
            keys += bool(_KEY_LINE.match(line))
            items += bool(_ITEM_LINE.match(line))
    return keys, items, lines


@dataclass
class Para:
    """A paragraph found in the input: its text, the 0-based line of the decoded text where it starts,
    how many lines it took, and its kind (``p``, ``heading``, ``h1``, ``item``)."""

    text: str
    line: int  # 0-based line in the decoded (normalised) text
    nlines: int = 1
    kind: str = "p"  # p, heading, h1, item


_END_PUNCT = re.compile(r"[.!?…:;][\"'”’)\]»]*$")


_CONTINUES = re.compile(
    r"(?:[,;(\[\-–—/&]|\b(?:the|a|an|of|and|or|but|to|in|on|at|by|for|with|from|as|that|which|who|"
    r"is|are|was|were|has|have|had|will|would|its|their|his|her|said|Mr|Mrs|Ms|Dr))$",
    re.I,
)


def one_per_line(lines: list[tuple[int, str]]) -> bool:
    """True when a block of single-newline lines is really one paragraph per line (a copy-paste
    from a web page), not a hard-wrapped paragraph: no line break falls mid-sentence. A break is
    mid-sentence when the line does not end a sentence and either the next line starts in lower
    case or the line ends with a comma, dash, bracket, article, preposition or conjunction."""
    for (_, line), (_, nxt) in zip(lines, lines[1:]):
        if _END_PUNCT.search(line):
            continue
        if nxt[:1].islower() or _CONTINUES.search(line):
            return False
    return True


def flush_block(block: list[tuple[int, str]], out: list[Para], kind: str = "p", split_lines: bool = True) -> None:
    """Append the ``(line, text)`` pairs of ``block`` to ``out`` as one paragraph (lines joined with a
    space), or as one paragraph per line when ``split_lines`` and :func:`one_per_line` say so; then
    empty ``block``."""
    if not block:
        return
    if len(block) > 1 and split_lines and one_per_line(block):
        out.extend(Para(text, line, 1, kind) for line, text in block)
    else:
        text = " ".join(t for _, t in block)
        out.append(Para(text, block[0][0], len(block), kind))
    block.clear()


def parse_plain(text: str) -> list[Para]:
    """Plain text: blocks separated by blank lines; lines inside a block join with a space,
    unless the block is one paragraph per line (see :func:`one_per_line`)."""
    out: list[Para] = []
    block: list[tuple[int, str]] = []
    for i, raw in enumerate(text.split("\n")):
        line = " ".join(raw.split())
        if line:
            block.append((i, line))
        else:
            flush_block(block, out)
    flush_block(block, out)
    return out



# ---- title and dateline --------------------------------------------------------------------

# Place words are all-caps tokens; places are joined by single spaces or by ", " / " / " / " & ".
# ("AND" is just another place word, so no input can be split two ways: no runaway backtracking.)
_PLACE_WORD = r"[A-Z][A-Z'’.\-]*"
_PLACES = rf"{_PLACE_WORD}(?:(?:[ ]|[ ]?[,/&][ ]?){_PLACE_WORD})*"
_MONTH_DATE = r"(?:[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][A-Za-z]{2,8}\.?(?:,?\s+\d{4})?)"
# After the places, a region or country as the wires write it: "HERAT, Afghanistan", "PESHAWAR,
# Pakistan (Reuters)", "SAN JOSE, Calif."
_REGION = r"[A-Z][a-z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACES})"
    rf"(?:,\s*(?P<region>{_REGION}))?"
    rf"(?:\s*,\s*(?P<date>{_MONTH_DATE}))?"
    r"(?:\s*:(?!\d)|\s*\((?P<agency>[A-Za-z][A-Za-z .]{1,24})\)\s*(?::|[—–-](?=\s))"
    r"|\s+(?:[—–]|--)(?=\s))\s*"  # "WASHINGTON —", "HERAT, Afghanistan —": the dash of US papers
)
_NOT_PLACES = frozenset(
    """NOTE UPDATE UPDATED BREAKING EXCLUSIVE WATCH READ ALSO PHOTO PHOTOS VIDEO CORRECTION
    EDITOR'S EDITOR’S EDITOR ANALYSIS OPINION COMMENT LIVE FILE SCREENGRAB ADVERTISEMENT RELATED
    SOURCE SOURCES CREDIT IMAGE WARNING DISCLAIMER SUMMARY HIGHLIGHTS TIMELINE Q A FAQ PS NB
    MORE SEE ALERT FLASH URGENT CLARIFICATION AFP AP REUTERS APP PPI INP NNI IANS PTI ANI EPA
    XINHUA ISPR""".split()
)


def find_dateline(paragraph: str) -> tuple[str, str, str | None] | None:
    """Recognise a dateline at the start of a paragraph.

    A dateline is one or more all-caps place names (``ISLAMABAD``, ``NEW YORK``,
    ``PESHAWAR / KABUL``), optionally ``, <region>`` in capitalised words (``, Afghanistan``,
    ``, Calif.``) and ``, <date>`` (``, Oct 8``), then a colon (``ISLAMABAD:``), a wire agency in
    brackets and a colon or dash (``KABUL (Reuters) -``, ``PESHAWAR, Pakistan (Reuters) -``), or
    a spaced em or en dash or ``--`` (``HERAT, Afghanistan —``, ``WASHINGTON --``). Words such as NOTE,
    UPDATE, PHOTO or an agency's name (AFP, REUTERS) are not places, and a paragraph whose rest
    has no lower-case letter and no sentence end (``FLOODS: 20 DEAD``) is a headline in capitals,
    not a dateline (a dateline's rest is prose; a fresh user's first line). Only the first 120
    characters are looked at. A paragraph that is only the dateline (plus punctuation) gives
    ``rest == ""``.

    Returns:
        ``(dateline, rest, agency)``: the dateline text without its colon (``"ISLAMABAD"``,
        ``"WASHINGTON, Oct 8"``), the rest of the paragraph (``""`` when the paragraph is only the
        dateline), and the agency or None. None when the paragraph does not start with one.
    """
    head = paragraph[:_DATELINE_MAX_CHARS]
    if ":" not in head and "(" not in head and "—" not in head and "–" not in head and "--" not in head:
        return None
    m = _DATELINE.match(head)
    if not m:
        return None
    place = m.group("place")
    words = re.findall(r"[A-Z][A-Z'’.\-]*", place)
    if any(w.strip(".") in _NOT_PLACES for w in words) or sum(ch.isalpha() for ch in place) < 3:
        return None
    rest = paragraph[m.end():].lstrip(" -—–:")
    if not any(ch.isalnum() for ch in rest):
        rest = ""
    place = place.strip(" ,/&")
    if rest[:1].islower():
        return None  # "NATO: the alliance" in lower case is prose, not a dateline
    if rest and not any(ch.islower() for ch in rest) and not _SENTENCE_END.search(rest):
        return None  # "FLOODS: 20 DEAD": a headline in capitals; a dateline's rest is prose
    dateline = " ".join(place.split())
    if m.group("region"):
        dateline += ", " + " ".join(m.group("region").split())
    if m.group("date"):
        dateline += ", " + " ".join(m.group("date").split())
    return dateline, rest, m.group("agency")


def _title_candidate(p: Para) -> bool:
    text = p.text
    if p.nlines != 1 or len(text) > _TITLE_MAX_CHARS or len(words(text)) > _TITLE_MAX_WORDS:
        return False
    # A sentence, not a headline: it ends in a full stop or the like, perhaps inside quotes or
    # brackets ('"A picture of horror."'), or it opens with a source tag, as a wire story's first
    # sentence does ('(CNN)Could mobile technology turn the tide?', 'Washington (CNN)If ...').
    if (_SENTENCE_END.search(text) or _SOURCE_TAG.match(text) or find_dateline(text) is not None
            or _PLACE_LINE.fullmatch(text)):
        return False
    from .clean import match_rule  # late import: clean imports this package's siblings only

    rule = match_rule(text)
    # an HTTP error as the first line ("404 Not Found", "Forbidden") is the title: it is a play's
    # name or a headline over news as often as an error page's, which the page's text then shows
    # (pipeline.article_text_problem; a fresh user's report: such items were refused)
    return rule is None or rule.name == "error-page"


def _furniture_above_headline(p: Para) -> bool:
    """Whether paragraph ``p``, above a headline, is furniture: a line a cleaner rule removes
    ("Published 3 hours ago", "Home > World > Asia", "Advertisement") or a section label of one
    or two capitalised words, at most 30 characters ("WORLD", "Business", "Middle East")."""
    from .clean import match_rule  # late import, as in _title_candidate

    text = p.text.strip()
    rule = match_rule(text) if p.nlines == 1 else None
    return p.nlines == 1 and (bool(_SECTION_LABEL.fullmatch(text)) and len(text) <= 30
                              or rule is not None and rule.name != "error-page")  # that is a title (_title_candidate)


def _kicker_label(p: Para) -> bool:
    """Whether ``p`` is short enough to be a kicker over a page's headline: one line of at most
    _KICKER_MAX_WORDS words, no sentence end ("Pakistan", "Analysis", "Published 3 hours ago")."""
    return (p.nlines == 1 and len(words(p.text)) <= _KICKER_MAX_WORDS and len(p.text) <= _TITLE_MAX_CHARS
            and not _SENTENCE_END.search(p.text))


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    return norm(a) == norm(b)


def _drop_kickers(paras: list[Para], title: str | None, metadata: dict[str, Any]) -> tuple[str | None, int]:
    """Find the headline under a kicker, a time stamp or a breadcrumb (a fresh user's report: the
    line above the headline became the title, and the headline left in the body sank the lead).
    With a title given (a page's ``<h1>``, a Markdown ``# heading``): when it recurs as paragraph 2
    or 3 under short labels, the copy goes. With none: when the first paragraphs (at most 3) are
    furniture (:func:`_furniture_above_headline`) and the next is a title candidate with a
    body under it, it is the title. The labels above stay in ``paras`` for the cleaner, those no
    cleaner rule names listed in ``metadata[KICKER_LINES]``. Returns ``(title, title_line)``."""
    from .clean import match_rule

    n = 0
    if title is not None:
        for k in range(1, min(_KICKER_SCAN, len(paras) - 1) + 1):
            if not _kicker_label(paras[k - 1]):
                break
            if _same_text(paras[k].text, title):
                n = k
                break
        if not n:
            return title, 0
        title_line = paras.pop(n).line
    else:
        while n < min(_KICKER_SCAN, len(paras) - 2) and _furniture_above_headline(paras[n]):
            n += 1
        if not n or not _title_candidate(paras[n]):
            return None, 0
        title_line = paras[n].line
        title = paras.pop(n).text
    kickers = [p.line for p in paras[:n] if match_rule(p.text) is None]
    if kickers:
        metadata[KICKER_LINES] = kickers
    return title, title_line


def _has_sentence(paras: list[Para]) -> bool:
    """Whether ``paras`` hold a sentence of _BODY_SENTENCE_WORDS words or more (words with a
    letter or digit), as ``pipeline.article_text_problem`` counts them."""
    return any(sum(bool(_WORD_CHAR.search(w)) for w in words(s)) >= _BODY_SENTENCE_WORDS
               for p in paras for s in split_sentences(p.text))


def assemble(
    paras: list[Para], *, source: str, stem: str, title: str | None, metadata: dict[str, Any]
) -> Article:
    """The Article of ``paras``: the headline under a kicker, a time stamp or a breadcrumb is found
    (:func:`_drop_kickers`), the first paragraph becomes the title when none was found and it
    looks like one, a dateline in the first paragraphs is taken off into ``Article.dateline``, and
    ``metadata["paragraph_lines"]`` records where each paragraph starts. When no sentence of 3
    words or more is left under the title (``Floods hit the north hard`` over ``Rain.``, or a
    Markdown ``# heading`` alone), the title goes back to the text, first: the article is then
    what a headline alone on its line is, text too short to summarise, briefed as it is (one rule
    for both; an HTML page's title stays the title, and such a page is refused).

    Raises:
        InputError: no paragraph and no title is left (``no article text found``).
    """
    paras = [p for p in paras if p.text.strip()]
    title, title_line = _drop_kickers(paras, title, metadata)
    if title is None and len(paras) >= 2 and _title_candidate(paras[0]):
        title_line = paras[0].line
        title = paras.pop(0).text
    dateline = None
    if len(paras) >= 2 and paras[0].nlines == 1 and _PLACE_LINE.fullmatch(paras[0].text.strip()):
        dateline = paras.pop(0).text.strip()  # "New Delhi, India" alone on the first line
    for idx, p in enumerate(paras[:_DATELINE_SCAN] if dateline is None else ()):
        found = find_dateline(p.text)
        if found:
            dateline, rest, agency = found
            if agency:
                metadata["agency"] = agency
            if rest:
                p.text = rest
            else:
                paras.pop(idx)
            break
    if dateline is None and paras:  # "(CNN)Sen. Ted Cruz ...", "Lynchburg, Virginia (CNN) -- The ...": a source tag
        tag = _SOURCE_TAG.match(paras[0].text)
        rest = paras[0].text[tag.end():] if tag else ""
        if tag and sum(ch.isalpha() for ch in rest) >= 3:
            dateline = " ".join(tag.group().replace("--", " ").split())
            metadata.setdefault("agency", dateline[dateline.rindex("(") + 1 : -1])
            paras[0].text = rest
    if title and metadata.get("format") != "html" and not _has_sentence(paras):
        # a headline over "Rain." is briefed as a headline alone is: as the text (a page's <title>
        # over no text is the site's, not the article's, and stays out)
        paras.insert(0, Para(title, title_line))
        title = None
    if not paras and not title:
        raise InputError(source, "no article text found")
    metadata["paragraph_lines"] = [p.line for p in paras]
    return Article(
        source=source,
        stem=stem,
        paragraphs=[p.text for p in paras],
        title=title,
        dateline=dateline,
        metadata=metadata,
    )
