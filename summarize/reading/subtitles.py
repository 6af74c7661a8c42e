"""Subtitles (SubRip ``.srt``, WebVTT ``.vtt``) saved as text: the words a broadcast says, without
the cue numbers and timings that would otherwise be read as a title ("1") and as sentences.

The formats: SubRip, a cue number, ``00:00:01,000 --> 00:00:04,000``, the cue's lines, a blank
line (as Matroska's and ffmpeg's documentation describe it); WebVTT, the W3C recommendation
(``WEBVTT`` header, optional cue identifiers, ``00:01.000 --> 00:04.000`` timings with settings,
``NOTE``/``STYLE``/``REGION`` blocks, ``<i>``/``<v Speaker>`` tags).
"""

from __future__ import annotations

import re

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3}"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
_CUE_NUMBER = re.compile(r"^\s*\d{1,6}\s*$")
_TAG = re.compile(r"</?(?:[a-z]+|v|c|lang)(?:[.\s][^>]*)?>|\{\\[^}]*\}", re.I)  # <i>, <v Anna>, {\an8}
_VTT_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)(?:\s|$)")
# A cue whose text is only a sound description: "[Music]", "(applause)", "♪ ... ♪".
_SOUND_ONLY = re.compile(r"^\s*(?:\[[^\]]*\]|\([^)]*\)|♪[^♪]*♪?|♪)\s*$")

#: A text is subtitles when at least this many of its lines are timings and its first line is
#: ``WEBVTT`` or a cue number followed by a timing.
MIN_TIMINGS = 2


def looks_like_subtitles(text: str) -> str | None:
    """``"srt"`` or ``"vtt"`` when ``text`` (decoded, newlines normalised) is a subtitle file as the
    module docstring describes; None otherwise (a news article quoting one timing line stays text)."""
    lines = [line for line in text.lstrip("\ufeff").split("\n") if line.strip()]
    if len(lines) < 3 or sum(1 for line in lines if _TIMING.match(line)) < MIN_TIMINGS:
        return None
    first = lines[0].strip()
    if first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t")):
        return "vtt"
    if _CUE_NUMBER.match(first) and _TIMING.match(lines[1]):
        return "srt"
    return None


def subtitle_text(text: str) -> str:
    """The spoken text of subtitles as one paragraph (subtitles have none), its cues' lines joined
    with a space; cue numbers and identifiers, timings, tags, the VTT header and NOTE/STYLE/REGION
    blocks, and cues that only describe a sound go. "" when no cue says anything."""
    words: list[str] = []
    blocks = re.split(r"\n[ \t]*\n", text.lstrip("\ufeff"))
    for i, block in enumerate(blocks):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines or (i == 0 and lines[0].startswith("WEBVTT")) or _VTT_BLOCK.match(lines[0]):
            continue
        timing = next((k for k, line in enumerate(lines) if _TIMING.match(line)), None)
        if timing is None or timing > 1:  # not a cue: a stray line (kept as it is)
            words.append(" ".join(lines))
            continue
        cue = " ".join(_TAG.sub("", line).strip() for line in lines[timing + 1:])
        cue = " ".join(cue.split())
        if cue and not _SOUND_ONLY.match(cue):
            words.append(cue)
    return " ".join(words) + "\n" if words else ""
