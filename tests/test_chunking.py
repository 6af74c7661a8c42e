"""Fitting articles into a model's input limit."""

from __future__ import annotations

from summarize.text.chunking import chunk_sentences, split_to_fit


def words(text: str) -> int:
    return len(text.split())


def test_chunks_respect_budget_and_keep_every_sentence_in_order():
    sentences = [f"sentence {i} has " + "word " * (i % 7) + "end." for i in range(40)]
    chunks = chunk_sentences(sentences, words, 25)
    assert len(chunks) > 1
    assert [s for c in chunks for s in c] == sentences
    assert all(words(" ".join(c)) <= 25 for c in chunks)


def test_short_input_is_one_chunk():
    assert chunk_sentences(["A b.", "C d."], words, 100) == [["A b.", "C d."]]


def test_long_sentence_is_cut_at_words_not_dropped():
    long = " ".join(f"w{i}" for i in range(55))
    pieces = split_to_fit(long, words, 10)
    assert all(words(p) <= 10 for p in pieces)
    assert " ".join(pieces) == long
    chunks = chunk_sentences(["Short one.", long], words, 10)
    assert " ".join(s for c in chunks for s in c) == "Short one. " + long
