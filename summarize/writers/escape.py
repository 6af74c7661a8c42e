"""Markdown escaping, in one place: brief.md and a batch's index.md use the same two functions."""

from __future__ import annotations

import html
import re


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
