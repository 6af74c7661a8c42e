"""Markdown to paragraphs, the title and front-matter metadata."""

from __future__ import annotations

import re
from typing import Any

from .structure import Para, flush_block

_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_HR = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_ITEM = re.compile(r"^\s{0,8}(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")

_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\[\]]{0,500}\]\((?:[^()\s]|\([^()\s]{0,500}\)){0,2000}(?:\s+\"[^\"]{0,300}\")?\)"), ""),  # images
    (re.compile(r"!\[[^\[\]]{0,500}\]\[[^\[\]]{0,100}\]"), ""),  # reference images
    (re.compile(r"\[([^\[\]]{1,500})\]\((?:[^()\s]|\([^()\s]{0,500}\)){0,2000}(?:\s+\"[^\"]{0,300}\")?\)"), r"\1"),  # links
    (re.compile(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,100}\]"), r"\1"),  # reference links -> text
    (re.compile(r"<((?:https?|ftp)://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"<([^@\s<>]+@[^@\s<>]+)>"), r"\1"),  # mail autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<![\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"), r"\1"),  # _em_
)
#: The image and link patterns of _MD_INLINE (images, reference images; links, reference links,
#: autolinks): a paragraph that is nothing but these (and separators) is a link-only line.
_MD_IMAGES = tuple(pattern for pattern, _repl in _MD_INLINE[:2])
_MD_LINKS = tuple(pattern for pattern, _repl in _MD_INLINE[2:5])
_LINK_SEPARATORS = re.compile(r"[\s|·•,;/*_~»«>()\[\]–—-]+")
#: ``metadata`` key: the 0-based lines where a paragraph that is only links starts (``clean``
#: removes those paragraphs as ``link-only``).
LINK_ONLY_LINES = "link_only_lines"
_MD_CODE_SPAN = re.compile(r"(?<!`)(`{1,3})([^`]{1,2000}?)\1(?!`)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|<])")
_SENTINEL = re.compile("\x00(\\d+)\x00")  # NUL never survives normalize_text, so it is free to use


def _md_inline(text: str) -> str:
    """Strip inline Markdown: images dropped, links to their text, code spans to their content,
    emphasis markers removed, inline HTML tags removed, backslash escapes resolved."""
    protected: list[str] = []

    def protect(s: str) -> str:
        protected.append(s)
        return f"\x00{len(protected) - 1}\x00"

    text = _MD_CODE_SPAN.sub(lambda m: protect(m.group(2).strip()), text)
    text = _MD_ESCAPE.sub(lambda m: protect(m.group(1)), text)
    for _ in range(2):  # twice, for nested ***bold italic***
        for pattern, repl in _MD_INLINE:
            text = pattern.sub(repl, text)
    text = _SENTINEL.sub(lambda m: protected[int(m.group(1))], text)
    return " ".join(text.split())


def is_link_only(raw: str) -> bool:
    """True when the Markdown ``raw`` (a paragraph or list item before inline stripping) holds a
    link and nothing else but images, other links and separators (``|``, ``·``, commas, dashes,
    brackets, emphasis markers): a "related stories" line, a link card, a row of navigation.
    "Also read: [...](...)" and a sentence with a link in it are not."""
    bare, links = raw, 0
    for pattern in _MD_IMAGES:
        bare = pattern.sub(" ", bare)
    for pattern in _MD_LINKS:
        bare, n = pattern.subn(" ", bare)
        links += n
    return links > 0 and not _LINK_SEPARATORS.sub("", bare)


def _strip_html_comments(text: str) -> str:
    """Remove ``<!-- ... -->`` comments, keeping their newlines so line numbers stay right.
    An unclosed ``<!--`` is left as text. Linear time (a regex would be quadratic on ``<!--<!--``)."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if start < 0 or end < 0:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos:start])
        out.append("\n" * text.count("\n", start, end))
        pos = end + 3


#: ``metadata`` key: why the front matter was skipped (one line), when it was not YAML or was
#: refused; the reader warns (``InputWarning``) and the brief notes it.
FRONT_MATTER_SKIPPED = "front_matter_skipped"
#: Front matter longer than this (characters) is skipped unread: a site's front matter is a few
#: hundred characters; this bounds what the YAML parser is given (an alias bomb's aliases are
#: refused before they expand, see ``safe_yaml``, but each one is still parsed).
MAX_FRONT_MATTER_CHARS = 20_000
_YAML_WHERE = re.compile(r":(\d+):(\d+)$")


def _front_matter(lines: list[str]) -> tuple[int, dict[str, str], str | None]:
    """YAML front matter (``---`` ... ``---``) at the top: returns (lines to skip, str fields,
    why it was skipped or None). A block that is not YAML, or that ``safe_yaml`` refuses (an
    alias bomb, nesting too deep), or that is over MAX_FRONT_MATTER_CHARS, is skipped with its
    reason; one that is YAML but neither a mapping nor empty (a line of prose between two rules)
    is no front matter: its lines are read as Markdown. Never raises."""
    if not lines or lines[0].strip() != "---":
        return 0, {}, None
    for end in range(1, min(len(lines), 100)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return 0, {}, None
    block = "\n".join(lines[1:end])
    if len(block) > MAX_FRONT_MATTER_CHARS:
        return end + 1, {}, f"it is over {MAX_FRONT_MATTER_CHARS:,} characters long"
    from ..errors import ConfigError
    from ..safe_yaml import read_yaml  # the safe loader that refuses alias bombs

    try:
        data = read_yaml(block, "front matter")
    except ConfigError as exc:  # malformed (or refused) front matter: skip it, keep the article
        return end + 1, {}, _skipped_because(exc)
    except Exception as exc:  # noqa: BLE001 -- whatever the YAML library raises, the article is read
        return end + 1, {}, f"it could not be read as YAML ({type(exc).__name__})"
    if data is not None and not isinstance(data, dict):
        return 0, {}, None
    fields: dict[str, str] = {}
    for key in ("title", "author", "date"):
        value = (data or {}).get(key)
        if isinstance(value, (str, int, float)) or hasattr(value, "isoformat"):
            fields[key] = " ".join(str(value).split())
    return end + 1, fields, None


def _skipped_because(exc) -> str:  # type: ignore[no-untyped-def]
    """One line: why ``safe_yaml.read_yaml`` refused the front matter (``exc``, a ConfigError
    whose ``where`` is ``front matter[:line:column]``, lines counted from the block's first),
    with the line of the file (the block starts on line 2)."""
    problem = " ".join(str(exc.problem).split())
    m = _YAML_WHERE.search(exc.where)
    if problem.startswith("YAML syntax error: "):
        where = f"line {int(m.group(1)) + 1}, column {m.group(2)}: " if m else ""
        return f"it is not valid YAML ({where}{problem.removeprefix('YAML syntax error: ')})"
    problem = problem.removeprefix("refused: ").split(" (YAML anchors")[0]
    bomb = " (an alias bomb; nothing was expanded)" if "alias" in problem else ""
    return f"it was refused as YAML: {problem}{bomb}"


def parse_markdown(text: str) -> tuple[list[Para], str | None, dict[str, Any]]:
    """Markdown to paragraphs: headings become paragraphs (a level-1 heading first of all becomes
    the title), list items, quotes and each row of a table (its cells joined by spaces) become
    paragraphs, code blocks, images, rules, tables' separator rows, reference definitions, HTML comments and front matter are dropped (front
    matter that is not YAML, or is refused, is skipped with its reason in
    ``metadata["front_matter_skipped"]``: the reader warns of it). Indented
    (four-space) code blocks are not recognised: they are read as text. A paragraph or list item
    that is only links (:func:`is_link_only`) is kept as its link text, and the line where it
    starts is listed in ``metadata["link_only_lines"]``: page furniture that ``clean`` removes
    (unless ``--keep-boilerplate``)."""
    text = _strip_html_comments(text)
    lines = text.split("\n")
    start, front, skipped = _front_matter(lines)
    out: list[Para] = []
    block: list[tuple[int, str]] = []
    kind = "p"
    fence: str | None = None
    link_only: list[int] = []

    def flush() -> None:
        nonlocal kind
        if block:
            stripped = [(ln, _md_inline(t)) for ln, t in block]
            stripped = [(ln, t) for ln, t in stripped if t]
            if stripped:
                if kind in ("p", "item") and is_link_only(" ".join(t for _ln, t in block)):
                    link_only.append(stripped[0][0])
                flush_block(stripped, out, kind, split_lines=False)
        block.clear()
        kind = "p"

    for i in range(start, len(lines)):
        raw = lines[i]
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
            continue
        m = _MD_FENCE.match(raw)
        if m:
            flush()
            fence = m.group(1)[0] * 3
            continue
        if not raw.strip():
            flush()
            continue
        if block and kind == "p" and _MD_SETEXT.match(raw):
            # "Title\n=====" (level 1) or "Heading\n-------" (level 2) when the block is one line
            if len(block) == 1:
                kind = "h1" if raw.strip()[0] == "=" else "heading"
                flush()
                continue
        if _MD_HR.match(raw) or _MD_REFDEF.match(raw) or _MD_TABLE_SEP.match(raw):
            flush()
            continue
        m = _MD_HEADING.match(raw)
        if m:
            flush()
            heading = re.sub(r"\s+#+\s*$", "", m.group(2) or "").strip()
            if heading and heading.strip("#"):
                block.append((i, heading))
                kind = "h1" if len(m.group(1)) == 1 else "heading"
                flush()
            continue
        line = raw
        while _MD_QUOTE.match(line):
            line = _MD_QUOTE.sub("", line, count=1)
        m = _MD_ITEM.match(line)
        if m:
            flush()
            kind = "item"
            line = m.group(1)
        line = line.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            # a table row is a paragraph of its own, its cells joined by spaces: the header row
            # and each data row alike (the rows ran on into one paragraph, "North 40% South 60%")
            flush()
            line = " ".join(c.strip() for c in line.strip("|").split("|") if c.strip())
            if line:
                block.append((i, line))
                flush()
            continue
        if line:
            block.append((i, line))
    flush()
    title = None
    if out and out[0].kind == "h1":
        title = out.pop(0).text
    elif front.get("title"):
        title = front["title"]
    meta: dict[str, Any] = {k: v for k, v in front.items() if k in ("author", "date")}
    if link_only:
        meta[LINK_ONLY_LINES] = link_only
    if skipped:
        meta[FRONT_MATTER_SKIPPED] = skipped
    return out, title, meta
