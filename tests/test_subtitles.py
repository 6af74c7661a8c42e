"""Subtitles saved as text (a fresh user's report: an .srt file saved as .txt was briefed with the
title "1" and its timings as words): read as the words the cues say."""

from __future__ import annotations

import pytest

from summarize.errors import InputError
from summarize.reading.source import SUBTITLES, parse_text, read_article
from summarize.reading.subtitles import looks_like_subtitles, subtitle_text

SRT = """1
00:00:01,000 --> 00:00:04,200
Heavy rain caused floods in three northern
districts on Monday, officials said.

2
00:00:04,400 --> 00:00:08,000
At least 20 people died and 4,000 families
left their homes.

3
00:00:08,100 --> 00:00:09,000
[Music]

4
00:00:09,200 --> 00:00:12,500
<i>Rescue teams reached two of the districts by boat.</i>
"""

VTT = """WEBVTT - evening bulletin

NOTE recorded at the studio

intro
00:01.000 --> 00:04.200 align:start position:10%
<v Anchor>Heavy rain caused floods in three northern districts on Monday, officials said.

00:04.400 --> 00:08.000
At least 20 people died and 4,000 families left their homes.
"""

SPOKEN = ("Heavy rain caused floods in three northern districts on Monday, officials said. At least 20 people "
          "died and 4,000 families left their homes.")


@pytest.mark.parametrize("text, kind, spoken", [
    (SRT, "srt", SPOKEN + " Rescue teams reached two of the districts by boat."),
    (VTT, "vtt", SPOKEN),
    ("\ufeff" + SRT.replace("\n", "\r\n"), "srt", SPOKEN + " Rescue teams reached two of the districts by boat."),
], ids=["srt", "vtt", "bom-crlf"])
def test_subtitles_are_read_as_the_words_of_their_cues(tmp_path, text, kind, spoken):
    path = tmp_path / "bulletin.txt"
    path.write_bytes(text.encode("utf-8"))
    article = read_article(path)
    assert article.metadata[SUBTITLES] == kind
    assert article.title is None
    assert " ".join(p for p in article.paragraphs) == spoken
    body = " ".join(article.paragraphs)
    assert "-->" not in body and "[Music]" not in body and "<i>" not in body


def test_an_article_that_quotes_a_timing_is_still_an_article():
    text = ("Subtitle files look like this.\n\n1\n00:00:01,000 --> 00:00:04,200\nHello.\n\n"
            "The second cue would follow, 00:00:04,400 --> 00:00:08,000, and so on.\n")
    assert looks_like_subtitles(text) is None
    assert SUBTITLES not in parse_text(text).metadata
    assert looks_like_subtitles("1\n00:00:01,000 --> 00:00:04,200\nOne cue only.\n") is None


def test_subtitles_that_say_nothing_are_refused_in_one_line(tmp_path):
    path = tmp_path / "music.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:04,000\n[Music]\n\n2\n00:00:05,000 --> 00:00:09,000\n♪ ♪\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"music\.srt: is subtitles \(SRT\) whose cues say nothing"):
        read_article(path)
    assert subtitle_text(path.read_text(encoding="utf-8")) == ""


def test_the_brief_of_subtitles_notes_it_and_has_no_cue_numbers(tmp_path):
    import summarize

    text = SRT + "".join(f"\n{n}\n00:00:{n + 10},000 --> 00:00:{n + 11},000\n{s}\n" for n, s in [
        (5, "Roads to the third district remain closed, and aid will arrive on Wednesday."),
        (6, "The provincial disaster agency said more rain was expected later in the week."),
        (7, "Schools in the three districts will stay shut until further notice, officials added.")])
    path = tmp_path / "bulletin.txt"
    path.write_text(text, encoding="utf-8")
    brief = summarize.make_brief(path, summarizer="extractive", translate=False)
    assert brief.title != "1"
    assert not any("-->" in s.source or s.source.strip().isdigit() for s in brief.segments)
    assert any("read as subtitles (SRT)" in note for note in brief.notes)
