"""``brief.tsv``: the brief as a spreadsheet, a title row and one row per summary sentence.

Columns, in order: ``id``, the unit's id as in the XLIFF and TMX files (``title`` for the title,
then ``Segment.index``: ``0``, ``1``, ...; see ``xliff.units_of``); the source language's short
name (``en``); then per target its short name (``ur``), followed by ``<short>.back`` when any
segment of that target has a machine back-translation and by ``<short>.origin`` when any
segment of that target did not come from the machine as it is (where the text came from, as
brief.json's ``origin``: ``mt`` machine translation, ``tm`` the translation memory's match,
``review`` a reviewer's text; the review page and the XLIFF's ``state-qualifier`` say the same);
then ``<short>.flags`` per target (``code: message`` items joined by ``; ``). The ``title`` row comes first, when the article has
a title, as in every other format. A translation a reviewer rejected is not delivered: its cell
reads ``[rejected in review: no translation yet]`` (``base.REJECTED_TEXT``).

Fields are escaped so that a row is one line and a field never holds a tab: backslash becomes
``\\\\``, tab ``\\t``, line feed ``\\n``, carriage return ``\\r``, and every other character
that ends a line for some reader (Python's ``str.splitlines``, editors, JavaScript: the line and
paragraph separators U+2028 and U+2029, NEL U+0085, and VT, FF, U+001C-U+001E) ``\\u`` and its
four hex digits (``\\u2028``). A field that starts with
``=``, ``+``, ``-`` or ``@`` (or their fullwidth forms) gets a backslash in front, so that a
spreadsheet opening the file shows it as text instead of running it as a formula: an article is
untrusted input, and ``=HYPERLINK(...)`` in a summary sentence would otherwise become a live link
(CSV injection; OWASP's advice is to make such cells start with another character).
:func:`unescape_field` undoes all of it. UTF-8 without a byte-order mark; rows end with ``\\n``.
"""

from __future__ import annotations

from ..brief import Brief, TargetSegment
from . import register
from .base import Writer, delivered_text
from .xliff import units_of

__all__ = ["TsvWriter", "FORMULA_STARTS", "LINE_BREAKS", "escape_field", "unescape_field", "parse_tsv"]

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
#: The other characters that end a line (``str.splitlines``): written ``\\uXXXX``.
LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_ESCAPES.update({ch: f"\\u{ord(ch):04x}" for ch in LINE_BREAKS})
#: Characters that make a spreadsheet read a cell as a formula when they start it.
FORMULA_STARTS = "=+-@\uff1d\uff0b\uff0d\uff20"
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r", **{ch: ch for ch in FORMULA_STARTS}}


def escape_field(text: str) -> str:
    """``text`` with backslash, tab, line feed and carriage return written as ``\\\\ \\t \\n \\r``,
    the other characters that end a line (``LINE_BREAKS``: U+2028, U+2029, ...) as ``\\u2028``,
    and a backslash before a first character in ``FORMULA_STARTS`` (``=SUM(A1)`` -> ``\\=SUM(A1)``)."""
    escaped = "".join(_ESCAPES.get(ch, ch) for ch in text)
    return "\\" + escaped if escaped[:1] and escaped[0] in FORMULA_STARTS else escaped


def unescape_field(field: str) -> str:
    """Undo :func:`escape_field`.

    Raises:
        ValueError: ``field`` holds a backslash not followed by ``\\``, ``t``, ``n``, ``r``, a
            character of ``FORMULA_STARTS`` or ``u`` and the hex code of one of ``LINE_BREAKS``.
    """
    out = []
    it = iter(field)
    for ch in it:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(it, "")
        if nxt == "u":
            digits = "".join(next(it, "") for _ in range(4))
            ch = chr(int(digits, 16)) if len(digits) == 4 and all(d in "0123456789abcdefABCDEF" for d in digits) else ""
            if len(ch) != 1 or ch not in LINE_BREAKS:
                raise ValueError(f"bad escape '\\u{digits}' in TSV field {field!r}")
            out.append(ch)
            continue
        if nxt not in _UNESCAPES:
            raise ValueError(f"bad escape '\\{nxt}' in TSV field {field!r}")
        out.append(_UNESCAPES[nxt])
    return "".join(out)


def parse_tsv(data: bytes) -> list[list[str]]:
    """Read ``brief.tsv`` bytes back into rows of unescaped fields (header row first)."""
    lines = data.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [[unescape_field(f) for f in line.split("\t")] for line in lines]


def _flags_text(ts: TargetSegment | None) -> str:
    if ts is None:
        return "missing: no translation"
    return "; ".join(f"{f.code}: {f.message}" for f in ts.flags)


@register
class TsvWriter(Writer):
    """``--format tsv``: ``brief.tsv`` (see the module docstring for the columns)."""

    format = "tsv"

    def render(self, brief: Brief) -> dict[str, bytes]:
        """``{"brief.tsv": bytes}``: a header row, the title row (when there is a title) and one
        row per summary segment."""
        source = brief.source.short
        units = units_of(brief)
        back = {
            t.short: any(
                s.targets.get(t.short) is not None and s.targets[t.short].back_translation is not None
                for _, s in units
            )
            for t in brief.targets
        }
        origin = {
            t.short: any(s.targets.get(t.short) is not None and s.targets[t.short].origin != "mt" for _, s in units)
            for t in brief.targets
        }
        header = ["id", source]
        for t in brief.targets:
            header.append(t.short)
            if back[t.short]:
                header.append(f"{t.short}.back")
            if origin[t.short]:
                header.append(f"{t.short}.origin")
        header += [f"{t.short}.flags" for t in brief.targets]
        rows = [header]
        for unit_id, seg in units:
            row = [unit_id, seg.source]
            for t in brief.targets:
                ts = seg.targets.get(t.short)
                row.append(delivered_text(ts) if ts else "")
                if back[t.short]:
                    row.append((ts.back_translation or "") if ts else "")
                if origin[t.short]:
                    row.append(ts.origin if ts else "")
            row += [_flags_text(seg.targets.get(t.short)) for t in brief.targets]
            rows.append(row)
        text = "".join("\t".join(escape_field(f) for f in row) + "\n" for row in rows)
        return {"brief.tsv": text.encode("utf-8")}
