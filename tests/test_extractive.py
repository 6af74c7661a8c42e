"""TextRank: picks central sentences, keeps article order, and stays fast on huge texts."""

from __future__ import annotations

from summarize.engines.summarizers.extractive import BLOCK, ExtractiveSummarizer, rank

SENTENCES = [
    "The ceasefire talks in Doha resumed on Monday.",
    "The weather was mild.",
    "Negotiators in Doha said the ceasefire talks made progress.",
    "A football match ended in a draw.",
    "The Taliban and the government discussed the ceasefire in Doha.",
]


def test_central_sentences_win_and_order_is_kept():
    order = rank(SENTENCES)
    assert set(order[:3]) == {0, 2, 4}
    summary = ExtractiveSummarizer(sentences=3).summarize(SENTENCES)
    assert summary.sentences == [SENTENCES[0], SENTENCES[2], SENTENCES[4]]
    assert summary.chunking["chunked"] is False


def test_identical_sentences_tie_break_toward_the_lead():
    assert rank(["Same words here.", "Same words here.", "Same words here."]) == [0, 1, 2]


def test_empty_and_wordless_sentences():
    assert rank([]) == []
    assert ExtractiveSummarizer(sentences=2).summarize(["...", "!!!"]).sentences == ["...", "!!!"]


def test_huge_text_is_ranked_in_blocks(monkeypatch):
    # the regression: one n x n graph over every sentence took minutes and tens of GB on a 5 MB text
    from summarize.engines.summarizers import extractive

    sizes = []
    real_rank = extractive.rank
    monkeypatch.setattr(extractive, "rank", lambda s, **kw: sizes.append(len(s)) or real_rank(s, **kw))
    many = [f"Sentence {i} mentions topic{i % 37} and region{i % 11} near river{i % 5}." for i in range(20 * BLOCK)]
    summary = ExtractiveSummarizer(sentences=5).summarize(many)
    assert max(sizes) <= BLOCK and sum(sizes) < 2 * len(many)
    assert len(summary.sentences) == 5 and summary.chunking["chunked"] is True
    assert summary.chunking["rounds"][0] == 20 and summary.chunking["rounds"][-1] == 1
    positions = [many.index(s) for s in summary.sentences]
    assert positions == sorted(positions)


def test_repeated_sentences_are_summarised_once():
    # a user's report: one sentence repeated 60,000 times gave a brief of five identical sentences
    repeated = ["Floods closed the main road on Monday."] * 60_000
    summary = ExtractiveSummarizer(sentences=5).summarize(repeated)
    assert summary.sentences == [repeated[0]] and summary.chunking["repeated_sentences_dropped"] == 59_999
    pasted = SENTENCES + ["the ceasefire talks in Doha  resumed on Monday."] + SENTENCES[1:3]
    summary = ExtractiveSummarizer(sentences=5).summarize(pasted)
    assert summary.sentences == SENTENCES  # the repeats (case and spacing aside) are not picked again
