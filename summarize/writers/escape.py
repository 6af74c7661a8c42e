"""Escaping, in one place: Markdown (brief.md and a batch's index.md use the same two functions),
and JSON text that any UTF-8 file can hold (:func:`json_dumps`)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from ..errors import SURROGATE


#: CommonMark punctuation that formats text or ends a table cell (every ASCII punctuation
#: character may be backslash-escaped; these are the ones that matter inside a table cell).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|])")


def md_escape(text: str) -> str:
    """``text`` on one line, HTML-escaped, with Markdown's special characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False))


def md_code(text: str, *, in_table: bool = False) -> str:
    """``text`` on one line as a code span (shown as is: no escapes apply inside one), fenced with
    one backtick more than its longest run of backticks. ``in_table``: ``|`` is written ``\\|``,
    which GitHub-flavoured Markdown reads as a pipe inside a table cell, code spans included."""
    text = " ".join(str(text).split())
    if in_table:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


#: A letter of a script written right to left (Hebrew, Arabic and its presentation forms).
RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def text_dir(text: str | None, rtl: bool) -> str:
    """The direction a target text shows in (``dir`` of its cell's text): the cell's
    (``rtl``), unless the text holds no letter written that way but letters written the other:
    English left in an Urdu cell is ``ltr`` (its full stop stays at its end), an Urdu text that
    opens with a Latin name (``UN ...``) stays ``rtl``. review.js applies the same rule to an edit."""
    text = text or ""
    has_rtl = RTL_LETTER.search(text) is not None
    has_ltr = any(c.isalpha() and not RTL_LETTER.match(c) for c in text)
    if rtl:
        return "ltr" if has_ltr and not has_rtl else "rtl"
    return "rtl" if has_rtl and not has_ltr else "ltr"


def json_dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, **kwargs)``, with each lone surrogate written as its
    JSON escape (``\\udcff``): the text then encodes as UTF-8, and ``json.loads`` gives back the
    very same string. A path with a byte that is not UTF-8 reaches Python as such a surrogate
    (``os.fsdecode``, PEP 383), and the manifest and a brief's stamp record the input's real path,
    which a later run compares with the files it finds; plain ``json.dumps(...).encode("utf-8")``
    raised UnicodeEncodeError there. A lone surrogate can only stand inside a JSON string, where
    its escape is valid JSON (RFC 8259, section 7)."""
    return SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(value, ensure_ascii=False, **kwargs))
