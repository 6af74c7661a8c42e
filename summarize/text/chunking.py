"""Fitting text into a model's input limit: chunks of whole sentences, long sentences cut at words.

Token counts come from the caller (``count_tokens(text) -> int``, the model's own tokenizer), so
the same code serves the summariser (chunks of an article) and the translator (one long sentence).
"""

from __future__ import annotations

from typing import Callable


def chunk_sentences(sentences: list[str], count_tokens: Callable[[str], int], budget: int) -> list[list[str]]:
    """Pack consecutive sentences into chunks of at most ``budget`` tokens, in order.

    A single sentence longer than ``budget`` is split into word runs that fit (so nothing is
    dropped). ``count_tokens(text) -> int`` measures a piece. Returns at least one chunk.
    """
    chunks: list[list[str]] = [[]]
    for sentence in sentences:
        for piece in split_to_fit(sentence, count_tokens, budget):
            if chunks[-1] and count_tokens(" ".join(chunks[-1] + [piece])) > budget:
                chunks.append([])
            chunks[-1].append(piece)
    return chunks


def split_to_fit(sentence: str, count_tokens: Callable[[str], int], budget: int) -> list[str]:
    """``sentence`` if it has at most ``budget`` tokens, else consecutive word runs that each fit
    (a single word longer than the budget stays whole). Joined with spaces they give the sentence
    back, whitespace normalised."""
    if count_tokens(sentence) <= budget:
        return [sentence]
    words, pieces, current = sentence.split(), [], []
    for word in words:
        if current and count_tokens(" ".join(current + [word])) > budget:
            pieces.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        pieces.append(" ".join(current))
    return pieces
