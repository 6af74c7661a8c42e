"""Normalise decoded text: line endings, invisible and control characters, odd spaces, NFC."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and invisible formatting characters that carry nothing for a summariser:
# ZWSP, word joiner, BOM/ZWNBSP, Mongolian vowel separator, soft hyphen, LRM/RLM, ALM,
# bidi embeddings/overrides (LRE..RLO) and isolates (LRI..PDI).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u180e\u00ad\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# ZWNJ/ZWJ shape Persian, Urdu and Indic words: kept between two non-Latin letters, else dropped.
_JOINERS = re.compile("[\u200c\u200d]")
_CONTROL = {cp: None for cp in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if cp not in (0x09, 0x0A)}
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def _nonlatin_letter(ch: str) -> bool:
    return bool(ch) and ch.isalpha() and ord(ch) > 0x24F


def _joiner(m: re.Match[str]) -> str:
    s, i, j = m.string, m.start(), m.end()
    prev = s[i - 1] if i > 0 else ""
    nxt = s[j] if j < len(s) else ""
    return m.group() if _nonlatin_letter(prev) and _nonlatin_letter(nxt) else ""


def normalize_text(text: str) -> str:
    """Normalise decoded text: ``\\r\\n``/``\\r``/NEL/LS to ``\\n`` (PS and form feed to a blank
    line), zero-width and bidi control characters dropped (ZWNJ/ZWJ kept inside non-Latin words),
    every other control character except ``\\n`` and ``\\t`` dropped, non-breaking and other
    Unicode spaces to a plain space, then Unicode NFC. Returns the new string; never raises."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u0085", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\f", "\n\n").replace("\v", "\n")
    text = _INVISIBLE.sub("", text)
    text = _JOINERS.sub(_joiner, text)
    text = text.translate(_CONTROL)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)
