"""An extractive summariser: TextRank over sentences (Mihalcea & Tarau, 2004, "TextRank: Bringing
Order into Texts"), with no weights and no download.

Sentences are nodes; edges are TF-IDF cosine similarities between them; PageRank (damping 0.85,
as in the paper) ranks them; the top ``sentences`` are returned in their original order. News
puts its most important facts first (the inverted pyramid), so a small lead bias breaks ties
toward earlier sentences.

The similarity graph grows with the square of the sentence count, so a long text is ranked in
blocks of at most ``BLOCK`` sentences: each block keeps its best sentences, and the survivors are
ranked again, round after round, until one block is left (like the seq2seq summariser's chunks;
nothing is skipped unread).

A sentence repeated word for word (case and spacing aside: a paragraph pasted twice, a caption
repeated) is ranked once, at its first place, so a summary never holds the same sentence twice.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import numpy as np

from .base import Summary

_WORD = re.compile(r"\w+", re.UNICODE)
#: Function words ignored when comparing sentences (English; other languages compare all words).
STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its of on or "
    "our she that the their them they this to was were which who will with would you".split()
)
DAMPING = 0.85
LEAD_BIAS = 0.05
#: Most sentences ranked in one graph (a 300 x 300 similarity matrix is instant).
BLOCK = 300


class ExtractiveSummarizer:
    """TextRank; ``sentences`` is how many sentences the summary keeps (the article's own if fewer)."""

    def __init__(self, name: str = "extractive", sentences: int = 5):
        self.name = name
        self.sentences = sentences

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "kind": "extractive", "model": None, "algorithm": "TextRank", "sentences": self.sentences}

    def summarize(self, sentences: list[str]) -> Summary:
        """Pick the ``self.sentences`` highest-ranked sentences, in article order.

        ``chunking`` records the blocks of each round when the text had more than BLOCK sentences,
        and how many repeated sentences were dropped before ranking.
        """
        keep = max(1, self.sentences)
        seen: set[str] = set()
        candidates = []  # the first place of each distinct sentence
        for i, sentence in enumerate(sentences):
            key = " ".join(sentence.casefold().split())
            if key not in seen:
                seen.add(key)
                candidates.append(i)
        repeats = len(sentences) - len(candidates)
        rounds: list[int] = []
        while len(candidates) > BLOCK:
            blocks = [candidates[i : i + BLOCK] for i in range(0, len(candidates), BLOCK)]
            rounds.append(len(blocks))
            survivors = []
            for block in blocks:
                order = rank([sentences[i] for i in block])
                survivors.extend(block[j] for j in sorted(order[: max(keep, len(block) // 10)]))
            candidates = survivors
        rounds.append(1)
        order = rank([sentences[i] for i in candidates])
        kept = [sentences[candidates[j]] for j in sorted(order[:keep])]
        chunking = {"chunked": len(rounds) > 1, "method": "extractive", "input_sentences": len(sentences),
                    "repeated_sentences_dropped": repeats, "rounds": rounds}
        return Summary(" ".join(kept), chunking, kept)


def rank(sentences: list[str], iterations: int = 50) -> list[int]:
    """Indices of ``sentences`` from most to least central (TextRank with a lead bias).

    Returns ``[]`` for no sentences. Builds an n x n similarity matrix: call it on at most a few
    hundred sentences (see BLOCK).
    """
    n = len(sentences)
    if n == 0:
        return []
    bags = [_bag(s) for s in sentences]
    df = Counter(w for bag in bags for w in bag)
    vocab = {w: k for k, w in enumerate(df)}
    tfidf = np.zeros((n, max(1, len(vocab))))
    for i, bag in enumerate(bags):
        for w, c in bag.items():
            tfidf[i, vocab[w]] = c * math.log(1 + n / df[w])
    norms = np.linalg.norm(tfidf, axis=1)
    norms[norms == 0] = 1.0
    unit = tfidf / norms[:, None]
    sim = unit @ unit.T
    np.fill_diagonal(sim, 0.0)
    out_weight = sim.sum(axis=1)
    out_weight[out_weight == 0] = 1.0
    transition = sim / out_weight[:, None]  # row j: how node j spreads its score
    score = np.full(n, 1.0 / n)
    for _ in range(iterations):
        score = (1 - DAMPING) / n + DAMPING * (transition.T @ score)
    biased = score * (1 + LEAD_BIAS * (n - np.arange(n)) / n)
    return sorted(range(n), key=lambda i: (-round(float(biased[i]), 12), i))


def _bag(sentence: str) -> Counter:
    words = [w.lower() for w in _WORD.findall(sentence)]
    return Counter(w for w in words if w not in STOPWORDS and not w.isdigit())
