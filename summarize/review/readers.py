"""Reading review files into decisions.

``read_review_file(path)`` tells the kind by content, not by name:

* ``page``: the HTML page's export, ``brief.review.json``: ``{"format": "summarize-review",
  "version": 1, "brief": {"id", "content_hash"}, "reviewer", "exported_at", "decisions": [...]}``;
  a decision whose ``text``, ``mt``, ``comment`` or ``at`` is there but no string, an ``at``
  (an entry of ``known``, the file's ``exported_at``) that is no ISO-8601 time, a ``reviewer``
  that is no string, or an ``edited`` (``approved``) one with no (an empty) ``text``, is an error
  naming it: an empty text is no translation, and ``rejected`` is the decision for a wrong one;
  JSON nested too deeply is an error too;
* ``xliff``: XLIFF 1.2 as a CAT tool leaves it (read with translate-toolkit; UTF-8 or UTF-16;
  XLIFF 2.0, an entity bomb and XML nested too deeply are errors in our words): each
  ``<trans-unit>``'s ``<target>``, its ``state``, the unit's ``approved``, and its notes
  (notes ``from`` anyone but ``qa``, ``back-translation`` and ``summarize`` are the reviewer's
  comment, less those the importer finds equal to a note the brief writes on that unit from
  itself, as a CAT tool that drops ``from`` leaves them);
* ``tmx``: a TMX 1.4 file: the brief's own ``brief.<t>.tmx`` (``tuid`` = segment, matched by id
  and source) or another tool's memory such as OmegaT's ``omegat/project_save.tmx`` (matched by
  source text; ``changeid``/``changedate`` give ``by``/``at``); a ``<tu>`` with two different
  translations in one language is an error naming it.

An HTML file is none of them: the review page itself (``brief.html``) gets the advice to import
its export instead, another page says what a review file is.

How a unit reads is decided against the texts the brief *offered* for its segment (the machine
translation and the translation memory's match: ``TargetSegment.offers``), never against the
brief's current text, so that the same file reads the same however often it is imported. The
one exception, ``kept``: the reviewed text a stale review kept (``TargetSegment`` with review
``stale``) is what the brief's own files show for that segment, so a unit that holds it with no
state of its own says nothing new. "Offered" is offered now or by an earlier run of the brief
(``TargetSegment.offered_before``: the texts a rerun recorded in ``earlier``), so a file
written before a rerun reads as it did: its untouched units decide nothing, and an approval or
a rejection of such a text is recorded ``stale`` by the importer (the text delivered now stays).

An XLIFF 1.2 unit with a non-empty target ``T`` (:func:`xliff_decision`, one table; an empty or
missing target decides nothing, its comment is still taken). XLIFF 1.2 defines ``approved`` as
"a translation is final or has passed its final review" and the states as: ``final`` the
terminating state, ``signed-off`` "changes are reviewed and approved", ``translated`` "the item
has been translated", ``needs-translation`` the item needs translating, the other ``needs-*``
and ``new`` work still to do. The brief writes ``approved="no"`` on every unit it has not seen
reviewed, so ``approved="no"`` says nothing by itself; it writes machine translation as
``needs-review-translation`` and a memory match as ``translated`` (DESIGN.md: what memoQ and
Globalese write), so a reviewer's confirmation is a change of state:

| row | ``approved`` | ``state``                                           | ``T``              | decision                          |
|-----|--------------|-----------------------------------------------------|--------------------|-----------------------------------|
| 1   | ``yes``      | a ``needs-*`` state (``NOT_DONE_STATES``)           | any                | none, and a warning (below)       |
| 2   | ``yes``      | any other, or none                                  | offered            | approved                          |
| 3   | ``yes``      | any other, or none                                  | not offered        | edited                            |
| 4   | not ``yes``  | ``final``, ``signed-off``                           | offered            | approved                          |
| 5   | not ``yes``  | ``final``, ``signed-off``                           | not offered        | edited                            |
| 6   | not ``yes``  | ``needs-translation``                               | any                | rejected                          |
| 7   | not ``yes``  | ``translated``                                      | the memory's match | none (how the brief writes it)    |
|     |              |                                                     | or an earlier offer|                                   |
| 8   | not ``yes``  | ``translated``                                      | the MT             | approved (a confirmation)         |
| 9   | not ``yes``  | ``translated``                                      | not offered        | edited                            |
| 10  | not ``yes``  | any other (``needs-review-*``, ``needs-adaptation``, | offered, or kept   | none (as the brief offered it)    |
|     |              | ``needs-l10n``, ``new``), or none                   |                    |                                   |
| 11  | not ``yes``  | any other, or none                                  | not offered        | edited                            |

A TMX pair: from the brief's own file (it carries ``x-origin``), ``T`` not offered (now or
earlier, and not ``kept``) is edited, anything else no decision; from another tool's (OmegaT), ``T`` is what the
translator settled on: not offered is edited (``kept`` only when the tool says who or when,
``changeid``/``changedate``); offered is approved when the tool says who or when, else no
decision (OmegaT carries the text that ``tm/auto/`` pre-filled into its memory without either).

``approved="yes"`` beside a ``needs-*`` state is not an approval: the state wins. XLIFF 1.2
(OASIS Standard, 1 February 2008, attributes ``approved`` and ``state``) defines ``approved`` as
"a translation is final or has passed its final review" and every ``needs-*`` state as work
still to do on the target, and says nothing of the pair. Weblate (``XLIFF_FUZZY_STATES``,
``Unit.get_unit_state``) tests needs-translation/-adaptation/-l10n before ``approved`` and reads
such a unit as needing edit; translate-toolkit (``xliffunit.get_state_n``) lifts it only to
"translated", never final, and its writer never pairs them (``set_state_n`` writes ``approved``
only above needs-review). How the pair arises: Okapi's XLIFF filter keeps ``state`` read-only
and writes it back as it was while ``approved`` is writable, and Rainbow's translation-kit merge
(``rainbowkit.postprocess.Merger``, with the kit's update-approved flag) sets ``approved="yes"``
on every unit it merges, touched or not; OmegaT's XLIFF filters never write ``approved``. The
approval may thus be blanket and the state the translator's last word, or the other way round,
so the unit decides nothing: not approved, and not the rejection that ``needs-translation``
alone means here. The segment keeps what it had (an unreviewed machine translation stays pending
and out of the translation memory), its comment is still taken, and ``summarize review import``
warns, naming the file and the unit, so that the reviewer can settle it and import again.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..brief import TargetSegment
from ..errors import InputError, check_input_path
from ..writers.xliff import BACK_NOTE_ORIGIN, QA_NOTE_ORIGIN, TOOL_NOTE_ORIGIN, XLIFF_NS

PAGE_FORMAT = "summarize-review"
PAGE_VERSION = 1
STATUSES = ("approved", "edited", "rejected", "pending")
#: XLIFF 1.2 ``state`` values that say the target is not done (needs translating, adapting,
#: localizing or reviewing): ``approved="yes"`` beside one of them is not an approval.
NOT_DONE_STATES = frozenset({"needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
                             "needs-review-adaptation", "needs-review-l10n"})
_OWN_NOTES = {QA_NOTE_ORIGIN, BACK_NOTE_ORIGIN, TOOL_NOTE_ORIGIN}


@dataclass
class Unit:
    """One reviewed unit as a file holds it, before it is matched to a brief.

    ``key``: ``"title"``, a segment index as text, or None (a TMX from another tool: match by
    source). ``lang``: the target's BCP 47 tag as the file writes it. ``state``/``approved``:
    XLIFF's. ``own``: the unit comes from a file summarize wrote (its props are there)."""

    key: str | None
    source: str | None
    target: str | None
    lang: str
    state: str | None = None
    approved: bool = False
    comment: str | None = None
    by: str | None = None
    at: str | None = None
    own: bool = False
    status: str | None = None  # the page's decision, or our own TMX's x-review-status
    mt: str | None = None
    known: list[str] | None = None  # the page's: the ``at`` of the cell's reviews it knew (None: not given)
    #: XLIFF's: the texts of the notes that make ``comment`` (from anyone but the brief's own
    #: origins), and of the notes from the brief's own origins (``qa``, ``back-translation``,
    #: ``summarize``): the importer drops from the comment a note equal to one the brief writes
    #: on that unit (a CAT tool that drops ``from``), and reads the stale note
    notes: list[str] = field(default_factory=list)
    tool_notes: list[str] = field(default_factory=list)


@dataclass
class ReviewFile:
    """A parsed review file: ``kind`` (page|xliff|tmx), ``units``, and what names its brief:
    ``brief_id``/``content_hash`` (page), ``originals`` (XLIFF ``<file original>``, per unit)."""

    path: Path
    kind: str
    units: list[Unit] = field(default_factory=list)
    brief_id: str | None = None
    content_hash: str | None = None
    reviewer: str | None = None
    originals: list[str | None] = field(default_factory=list)
    #: the page's: the path of the article the brief was made from (``brief.source``), which
    #: tells two briefs of one article apart (None: an export from before it was written)
    article: str | None = None


def read_review_file(path: str | os.PathLike) -> ReviewFile:
    """Parse one review file (see the module docstring).

    Every unit's target and comment comes without the characters XML 1.0 cannot hold (a NUL,
    a bell; see :func:`_checked`), in every kind, so brief.json, the XLIFF, the TMX and the
    translation memory agree.

    Raises:
        InputError: it cannot be read, or is none of the kinds, or is malformed (the message names
            the file and what is wrong), or a text or comment is longer than
            :data:`MAX_TEXT_CHARS`.
    """
    path = Path(path)
    if stat.S_ISDIR(check_input_path(path, "file").st_mode):
        raise InputError(str(path), "is a folder, not a review file (brief.review.json, XLIFF or TMX)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    data = utf16_as_utf8(data)
    return _checked(_read_kind(path, data))


#: The longest target text or comment a review file may give one segment, in characters: a
#: segment is a sentence (a long news sentence translates to a few hundred characters; NLLB-200
#: writes at most 512 tokens), so more is a damaged file or an XML entity expansion, not a review.
MAX_TEXT_CHARS = 10_000


#: Inside a reviewer's text: a run of two or more spaces or tabs, or a tab (see :func:`trimmed`).
_SPACE_RUNS = re.compile(r"[ \t]{2,}|\t")


def trimmed(text: str) -> str:
    """A reviewer's text as the brief takes it: the white space at either end taken off (the
    trailing space a CAT tool or a hand leaves), and each run of spaces or tabs inside it one
    space (a sentence's translation has no use for two, and the memory would serve them to the
    next article). Line breaks are kept: a segment's line breaks are the brief's own, which every
    file keeps (``omegat.one_line``, the OmegaT project's one-line form, folds them too, on top of
    this). Other characters (a no-break space or a zero-width non-joiner inside, which Dari and
    Pashto spell with) are left as they are."""
    return _SPACE_RUNS.sub(" ", text).strip()


def held_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold (``xliff.xml_text``: NUL, ESC and
    the other C0 controls but tab, newline and carriage return, lone surrogates, U+FFFE/U+FFFF)
    and with its bidi controls balanced (:func:`balance_bidi`): the hygiene every text that
    comes from outside gets before a brief holds it, a reviewer's (:func:`reviewer_text`) and a
    translator's (``Pipeline.translate``: a custom translator's output wrote a NUL, an ANSI
    colour escape and an unclosed U+202E into summary.<t>.txt). Line breaks are kept (the
    writers fold them). Never raises for a str."""
    from ..writers.xliff import xml_text

    return balance_bidi(xml_text(value))


def reviewer_text(value: str, *, file: str, where: str, what: str = "text",
                  cause: str = "a damaged file, or an XML entity expanding into it") -> str:
    """``value``, a text a reviewer or another tool gives (a translation, a comment, a name), as
    summarize takes it in, from ``review import`` and ``tm import`` alike: without the characters
    XML 1.0 cannot hold (NUL, other C0 controls but tab, newline and carriage return, lone
    surrogates, U+FFFE/U+FFFF; ``xliff.xml_text``, as the XLIFF and TMX writers take them out),
    its bidi controls balanced (:func:`balance_bidi`), and, a ``what`` of ``"text"`` (a
    translation), :func:`trimmed`. ``file`` and ``where`` name it in messages (``where``: the unit,
    as :func:`unit_name` gives it; ``cause``: what a too long one says it is).

    Raises:
        InputError: ``value`` is longer than :data:`MAX_TEXT_CHARS`, or is a translation of
            only control characters (it says nothing; the message says nothing was imported).
    """
    if len(value) > MAX_TEXT_CHARS:
        raise InputError(file, f"{where}: its {what} is {len(value):,} characters long, more than a "
                               f"segment's {MAX_TEXT_CHARS:,}: {cause}; nothing was imported")
    clean = held_text(value)
    if what != "text":
        return clean
    if clean != value and not clean.strip():
        raise InputError(file, f"{where}: its text is only control characters "
                               f"({_shown(value)}): no translation; nothing was imported")
    return trimmed(clean)


def _checked(rf: ReviewFile) -> ReviewFile:
    """``rf`` with each unit's target, comment and reviewer's name (``by``; the page export's
    ``reviewer``, a TMX's ``changeid``) as :func:`reviewer_text` takes them in, so that every
    file and the translation memory hold one text, in every kind alike (a name of nothing but
    control characters is no name: None).

    Raises:
        InputError: a unit's target or comment is over :data:`MAX_TEXT_CHARS` characters, or a
            target is only control characters.
    """
    from ..writers.xliff import xml_text

    cause = "a damaged file" if rf.kind == "page" else "a damaged file, or an XML entity expanding into it"
    names: dict[str, str | None] = {}  # each name cleaned once

    def name(value: str | None, where: str) -> str | None:
        if value is None:
            return None
        if value not in names:
            names[value] = reviewer_text(value, file=str(rf.path), where=where, what="reviewer's name",
                                         cause=cause).strip() or None
        return names[value]

    rf.reviewer = name(rf.reviewer, '"reviewer"')
    for n, u in enumerate(rf.units):
        where = unit_name(rf, u, n)
        for field_name, what in (("target", "text"), ("comment", "comment")):
            value = getattr(u, field_name)
            if value is not None:
                setattr(u, field_name, reviewer_text(value, file=str(rf.path), where=where, what=what, cause=cause))
        u.by = name(u.by, where)
        u.notes = [held_text(n) for n in u.notes]
        u.tool_notes = [xml_text(n) for n in u.tool_notes]
    return rf


def unit_name(rf: ReviewFile, u: Unit, n: int) -> str:
    """How messages name unit ``u``, the ``n``-th (0-based) of ``rf``, as the file names it: a
    page export's ``decision 3 (segment 2, target ur)`` (its place in ``decisions``), an XLIFF's
    ``trans-unit id="2" (ur)``, a TMX's ``<tu> tuid="2" (ur)`` or ``<tu> 3 of the file (ur)``."""
    if rf.kind == "page":
        return f"decision {n} (segment {u.key}, target {u.lang})"
    if rf.kind == "xliff":
        return f'trans-unit id="{u.key}" ({u.lang or "no target-language"})'
    return (f'<tu> tuid="{u.key}" ({u.lang})' if u.key is not None else f"<tu> {n + 1} of the file ({u.lang})")


#: Bidi embeddings and overrides (LRE, RLE, LRO, RLO; PDF ends them) and isolates (LRI, RLI,
#: FSI; PDI ends them).
_BIDI_OPEN = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
              "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_BIDI_CLOSE = {"\u202c", "\u2069"}


def balance_bidi(text: str) -> str:
    """``text`` with its bidi controls balanced: an embedding, override or isolate the text opens
    and does not close is closed at its end, and a closer that closes nothing is dropped. A
    reviewer's text keeps the controls it uses (an RLO around a part number works as typed), but
    none reaches past it: brief.tsv holds a row per line, and an unclosed U+202E in one column
    would reorder how every later column of the row displays (summary.<t>.txt, md and the
    memory hold the same text). Marks that open nothing (LRM, RLM, ALM) stay as they are."""
    if not any(c in _BIDI_OPEN or c in _BIDI_CLOSE for c in text):
        return text
    out: list[str] = []
    stack: list[str] = []
    for c in text:
        if c in _BIDI_OPEN:
            stack.append(c)
        elif c in _BIDI_CLOSE:
            # a PDF closes the innermost embedding (not past an isolate); a PDI closes the
            # innermost isolate and every embedding inside it (UAX #9, X6a and X7)
            kinds = [_BIDI_OPEN[o] for o in stack]
            if c == "\u2069":
                if "\u2069" not in kinds:
                    continue
                while stack and _BIDI_OPEN[stack[-1]] != "\u2069":
                    out.append("\u202c")
                    stack.pop()
                stack.pop()
            else:
                if not stack or _BIDI_OPEN[stack[-1]] != "\u202c":
                    continue
                stack.pop()
        out.append(c)
    out.extend(_BIDI_OPEN[o] for o in reversed(stack))
    return "".join(out)


def _read_kind(path: Path, data: bytes) -> ReviewFile:
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise InputError(str(path), f"is empty{' (white space only)' if data else ''}: expected brief.review.json "
                                    "(the review page's export), XLIFF 1.2 or TMX")
    # a UTF-8 byte order mark (Notepad saves JSON so) says nothing of the kind: look past it
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if head in (b"{", b"["):
        return _read_page(path, data)
    if _is_html(data):
        raise InputError(str(path), _html_problem(data))
    if path.suffix.lower() in (".tsv", ".csv", ".txt", ".md") and not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise InputError(str(path), f"is a {path.suffix.lower()[1:].upper()} file, which review import does not read "
                                    "(a spreadsheet or text copy is merged by hand): import the XLIFF "
                                    "(brief.<target>.xlf) or the review page's brief.review.json")
    if head == b"<" or data.startswith(b"\xef\xbb\xbf"):
        from lxml import etree

        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            raise InputError(str(path), xml_problem(exc)) from None
        refuse_entities(path, root)
        name = etree.QName(root).localname
        if name == "xliff":
            version = (root.get("version") or "").strip()
            if version.startswith("2") or "document:2." in (etree.QName(root).namespace or ""):
                raise InputError(str(path), f"is XLIFF {version or '2'}, which review import does not read: "
                                            "export XLIFF 1.2 from your CAT tool (or import the brief's own brief.<target>.xlf)")
            return _read_xliff(path, data)
        if name == "tmx":
            return _read_tmx(path, data)
        if name == "html":  # XHTML
            raise InputError(str(path), _html_problem(data))
        raise InputError(str(path), f"is neither XLIFF nor TMX (its root element is <{name}>)")
    raise InputError(str(path), "is not a review file: expected brief.review.json, XLIFF 1.2 or TMX")


def utf16_as_utf8(data: bytes) -> bytes:
    """``data`` as UTF-8 where it is UTF-16 text (a byte order mark, or ``<?`` as UTF-16 without
    one: Trados and memoQ can save XLIFF and TMX so), its XML declaration saying UTF-8 then;
    other bytes as they are. Undecodable UTF-16 stays as it was (the caller's parse names it)."""
    import re

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif data.startswith(b"<\x00?\x00"):
        codec = "utf-16-le"
    elif data.startswith(b"\x00<\x00?"):
        codec = "utf-16-be"
    else:
        return data
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return data
    text = text.lstrip("\ufeff")
    text = re.sub(r"""^(<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""", r"\1\2UTF-8\2", text, count=1)
    return text.encode("utf-8")


def refuse_entities(path: str | os.PathLike, root: Any) -> None:
    """Refuse XML (``root``, an lxml element) whose DOCTYPE declares entities: no CAT tool writes
    them in XLIFF or TMX, and a few nested ones expand into megabytes that would pass for a
    translation (libxml2 stops only the largest bombs). defusedxml's ``forbid_entities`` rule.

    Raises:
        InputError: naming ``path``.
    """
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and next(iter(dtd.iterentities()), None) is not None:
        raise InputError(str(path), "declares XML entities (<!ENTITY ...> in its DOCTYPE), which no CAT tool writes "
                                    "and which can expand into megabytes: refused; export the file again")


def xml_problem(exc: Exception) -> str:
    """What to say of XML that lxml refused (``XMLSyntaxError``), in our words where libxml2's
    are about its own settings: an entity bomb, nesting too deep; else its message, on one line
    (``is not well-formed XML at line 2, column 55: Invalid character: ...``)."""
    text = str(exc)
    low = text.lower()
    if "amplification" in low or ("entity" in low and ("loop" in low or "too many" in low or "exceeded" in low)):
        return "is XML with an entity bomb (too many entity expansions): refused"
    if "excessive depth" in low or "depth" in low and "huge" in low:
        return "is XML nested too deeply (more than 256 levels) to be a review file: refused"
    import re

    # libxml2's message repeats the position lxml adds ("... line 19, line 19, column 22
    # (<string>, line 19)"): say it once, and what "tag source line 19" means
    # libxml2 ends some messages with a line feed ("... out of allowed range\n, line 2"): one line
    msg = " ".join((getattr(exc, "msg", None) or text).split()).replace(" ,", ",")
    msg = re.sub(r"\s*\(<string>, line \d+\)$", "", msg)
    msg = re.sub(r", line \d+, column \d+$", "", msg)
    msg = re.sub(r" in tag (\S+) line (\d+)$", r" in <\1> (opened on line \2)", msg)
    line, column = (getattr(exc, "position", None) or (None, None))[:2]
    where = f" at line {line}, column {column}" if line else ""
    return f"is not well-formed XML{where}: {msg}"


#: What marks the review page that the html writer makes (``brief.html``): its Export button.
_PAGE_MARK = b'id="export-review"'


def _is_html(data: bytes) -> bool:
    """Whether ``data`` starts as an HTML document does (``<!doctype html``, or ``<html``, after
    a byte order mark, white space and comments)."""
    import re

    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    head = re.sub(rb"^(?:<!--.*?-->\s*)+", b"", head, flags=re.S)
    return re.match(rb"<(?:!doctype\s+html|html)[\s>]", head, flags=re.I) is not None


def _html_problem(data: bytes) -> str:
    """What to say of an HTML file given as a review file: the review page itself (the reviewer
    meant its export), or another page."""
    if _PAGE_MARK in data:
        return ("is the review page, not its export: open it in a browser, press \"Export review\" and import "
                "the brief.review.json it saves")
    return "is an HTML page, not a review file: expected brief.review.json (the review page's export), XLIFF 1.2 or TMX"


def _read_page(path: Path, data: bytes) -> ReviewFile:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(str(path), f"is not valid JSON: {exc}") from None
    except RecursionError:
        raise InputError(str(path), "is JSON nested too deeply to be a review export "
                                    "(brief.review.json nests three levels)") from None
    if isinstance(doc, dict) and doc.get("format") is None and "segments" in doc and "content_hash" in doc:
        raise InputError(str(path), "is a brief (brief.json) itself, not a review of one: open the brief's brief.html, "
                                    "press \"Export review\" and import the brief.review.json it saves (or import an "
                                    "XLIFF, brief.<target>.xlf, edited in a CAT tool)")
    if not isinstance(doc, dict) or doc.get("format") != PAGE_FORMAT:
        raise InputError(str(path), f"is JSON but not a review export (\"format\" is not \"{PAGE_FORMAT}\")")
    if doc.get("version") != PAGE_VERSION:
        raise InputError(str(path), f"is review format version {doc.get('version')!r}; this summarize reads version {PAGE_VERSION}")
    brief = doc.get("brief")
    decisions = doc.get("decisions")
    for name, value, what in (("brief", brief, "an object with the brief's \"id\" and \"content_hash\""),
                              ("decisions", decisions, "a list")):
        if value is None:
            raise InputError(str(path), f"lacks \"{name}\" ({what}): export the review from the page again")
    if not isinstance(brief, dict):
        raise InputError(str(path), f"\"brief\" must be an object with the brief's \"id\" and \"content_hash\", "
                                    f"not {_shown(brief)}")
    if not isinstance(decisions, list):
        raise InputError(str(path), f"\"decisions\" must be a list, not {_shown(decisions)}")
    if brief.get("id") is None and brief.get("content_hash") is None:
        raise InputError(str(path), "\"brief\" names no brief (it has neither \"id\" nor \"content_hash\"): "
                                    "export the review from the page again")
    for name in ("id", "content_hash", "source"):
        if brief.get(name) is not None and not isinstance(brief[name], str):
            raise InputError(str(path), f"\"brief.{name}\" must be a string, not {_shown(brief[name])}")
    if doc.get("reviewer") is not None and not isinstance(doc["reviewer"], str):
        raise InputError(str(path), f"\"reviewer\" must be a string (the name typed on the page), not {_shown(doc['reviewer'])}")
    if doc.get("exported_at") is not None and not is_iso_time(doc["exported_at"]):
        raise InputError(str(path), f"\"exported_at\" must be an ISO-8601 time such as 2026-12-01T20:41:07.123Z, "
                                    f"not {_shown(doc['exported_at'])}")
    reviewer = doc.get("reviewer") if isinstance(doc.get("reviewer"), str) else None
    out = ReviewFile(path, "page", brief_id=brief.get("id"), content_hash=brief.get("content_hash"), reviewer=reviewer,
                     article=brief.get("source"))
    for n, d in enumerate(decisions):
        if not isinstance(d, dict) or d.get("status") not in STATUSES or not isinstance(d.get("target"), str):
            raise InputError(str(path), f"decision {n} is malformed (needs \"segment\", \"target\" and a \"status\" "
                                        f"of {', '.join(STATUSES)})")
        seg = d.get("segment")
        if not (seg == "title" or (isinstance(seg, int) and not isinstance(seg, bool) and seg >= 0)):
            raise InputError(str(path), f"decision {n}: \"segment\" must be a 0-based index or \"title\", not {seg!r}")
        where = f"decision {n} (segment {seg}, target {d['target']})"
        for name in ("text", "mt", "comment", "at", "source"):
            if d.get(name) is not None and not isinstance(d[name], str):
                raise InputError(str(path), f"{where}: \"{name}\" must be a string, not {_shown(d[name])}")
        if d.get("at") is not None and not is_iso_time(d["at"]):
            raise InputError(str(path), f"{where}: \"at\" must be an ISO-8601 time such as 2026-12-01T20:39:55.010Z "
                                        f"(or null), not {_shown(d['at'])}")
        known = d.get("known")
        if known is not None and not (isinstance(known, list) and all(isinstance(k, str) and is_iso_time(k) for k in known)):
            raise InputError(str(path), f"{where}: \"known\" must be a list of ISO-8601 times, not {_shown(known)}")
        text = d.get("text")
        if (d["status"] == "edited" and not (text or "").strip()) or (d["status"] == "approved" and text is not None
                                                                       and not text.strip()):
            which = "no" if text is None else "an empty"
            raise InputError(str(path), f"{where} is \"{d['status']}\" with {which} \"text\": an empty text is no "
                                        "translation; on the page, Undo it (u) or Reject it (r), then export again")
        out.units.append(Unit(key=str(seg), source=_opt_str(d.get("source")), target=_opt_str(d.get("text")), lang=d["target"],
                              status=d["status"], comment=_opt_str(d.get("comment")), by=reviewer,
                              at=_opt_str(d.get("at")), mt=_opt_str(d.get("mt")),
                              known=list(known) if known is not None else None))
    return out


def _shown(v: Any) -> str:
    """``v`` as the error shows it: its ``repr``, cut to 60 characters."""
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


def is_iso_time(v: Any) -> bool:
    """Whether ``v`` is an ISO-8601 date and time as the page writes them (``Date.toISOString()``,
    ``2026-12-01T20:39:55.010Z``) or Python's ``isoformat()`` does (an offset or none)."""
    import re
    from datetime import datetime

    if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?"
                                                  r"(Z|[+-]\d{2}:?\d{2})?", v.strip(), flags=re.I):
        return False
    text = re.sub(r"(\.\d{6})\d+", r"\1", v.strip().replace("z", "Z").replace("Z", "+00:00"))
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _opt_str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _read_xliff(path: Path, data: bytes) -> ReviewFile:
    from translate.storage import xliff

    try:
        store = xliff.xlifffile.parsestring(data)
    except Exception as exc:  # noqa: BLE001 -- translate-toolkit raises assorted errors on bad files
        raise InputError(str(path), f"cannot be read as XLIFF: {exc}") from None
    out = ReviewFile(path, "xliff")
    at = _mtime(path)  # XLIFF 1.2 units carry no date: when the CAT tool saved the file
    for unit in store.units:
        node = unit.xmlelement
        filenode = next((a for a in node.iterancestors() if a.tag.endswith("}file") or a.tag == "file"), None)
        lang = filenode.get("target-language") if filenode is not None else store.gettargetlanguage()
        tnode = unit.getlanguageNode(lang=None, index=1)
        notes, tool_notes = [], []
        for n in node.iterchildren():
            if n.tag in (f"{{{XLIFF_NS}}}note", "note", "{urn:oasis:names:tc:xliff:document:1.1}note") and \
                    (n.text or "").strip():
                (tool_notes if n.get("from") in _OWN_NOTES else notes).append(n.text.strip())
        out.units.append(Unit(
            key=node.get("id"), source=unit.source, target=unit.target if tnode is not None else None,
            lang=lang or "", state=tnode.get("state") if tnode is not None else None,
            approved=node.get("approved") == "yes", comment="\n".join(notes) or None, at=at,
            notes=notes, tool_notes=tool_notes,
        ))
        out.originals.append(filenode.get("original") if filenode is not None else None)
    return out


def _mtime(path: Path) -> str | None:
    from datetime import datetime, timezone

    try:
        return datetime.fromtimestamp(int(path.stat().st_mtime), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except OSError:
        return None


def _read_tmx(path: Path, data: bytes | None = None) -> ReviewFile:
    from ..tm.tmx import read_tmx_pairs
    from ..writers.tmx import ORIGIN_PROP_TYPE, REVIEW_NOTE_PREFIX, STATUS_PROP_TYPE

    out = ReviewFile(path, "tmx")
    for p in read_tmx_pairs(path, data=data):
        if p["alternatives"] > 1:
            name = f'tuid="{p["tuid"]}"' if p["tuid"] else f"{p['unit'] + 1} of the file"
            raise InputError(str(path), f"<tu> {name} holds {p['alternatives']} different {p['target_tag']} translations "
                                        "of one source: a unit has one translation per language; keep the one you mean "
                                        "and import again")
        own = ORIGIN_PROP_TYPE in p["props"]
        comments = [n[len(REVIEW_NOTE_PREFIX):] for n in p["notes"] if n.startswith(REVIEW_NOTE_PREFIX)]
        out.units.append(Unit(key=p["tuid"] if own else None, source=p["source"], target=p["target"], lang=p["target_tag"],
                              by=p["by"], at=p["at"], own=own, status=p["props"].get(STATUS_PROP_TYPE),
                              comment="\n".join(comments) or None))
    return out


def xliff_decision(*, approved: bool, state: str | None, target: str, ts: TargetSegment,
                   stale_note: bool = False) -> str | None:
    """The decision an XLIFF 1.2 unit makes on the brief's target segment ``ts``: ``approved``,
    ``edited``, ``rejected``, or None (no decision), by the table in the module docstring.
    ``approved``: the unit's ``approved="yes"``; ``state``: its ``<target state>`` (None when
    absent); ``target``: its non-empty target text. Row 1 (the contradiction) returns None: the
    caller warns. "Offered" includes what an earlier run of the brief offered
    (``TargetSegment.offered_before``: the file was written before a rerun): such a text read as
    written (rows 7 and 10) decides nothing, and an approval or rejection of it is one of a
    translation the brief no longer offers, which the caller records as ``stale``.

    A unit done (rows 2-5) that holds the reviewed text a stale review kept (``is_kept``) and
    not the brief's note on the stale segment (``stale_note`` False: the unit carries no note
    starting ``writers.xliff.STALE_NOTE_PREFIX``) is the brief's own file from before the rerun,
    which wrote the reviewed segment so (``final``, ``approved="yes"``): it decides nothing,
    and the review stays stale. The brief's file after the rerun writes the note; a CAT tool that
    confirms the kept text there keeps it, and that is an approval or an edit as the table says."""
    if approved or state in ("final", "signed-off"):
        if not (approved and state in NOT_DONE_STATES) and is_kept(ts, target) and not ts.offers(target) \
                and not stale_note:
            return None  # the reviewed segment as the brief wrote it before the rerun
    before = ts.offered_before(target)
    offered = ts.offers(target) or before  # an earlier run's offer: approving it is no edit (the caller makes it stale)
    if approved:
        return None if state in NOT_DONE_STATES else "approved" if offered else "edited"  # rows 1-3
    if state in ("final", "signed-off"):
        return "approved" if offered else "edited"  # rows 4-5
    if state == "needs-translation":
        return "rejected"  # row 6
    if state == "translated":
        if offered:
            return None if target == ts.tm or before else "approved"  # rows 7-8
        return "edited"  # row 9
    return None if offered or is_kept(ts, target) else "edited"  # rows 10-11


def is_kept(ts: TargetSegment, target: str | None) -> bool:
    """Whether ``target`` is the reviewed text that a stale review of ``ts`` kept (what the
    brief's own files show for it, not a new decision of the file)."""
    return ts.review is not None and ts.review.status == "stale" and target == ts.text

