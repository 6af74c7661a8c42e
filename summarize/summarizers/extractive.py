"""An extractive summariser: TextRank over sentences (Mihalcea & Tarau, 2004, "TextRank: Bringing
Order into Texts"), with no weights and no download.

Sentences are nodes; edges are TF-IDF cosine similarities between them; PageRank (damping 0.85,
as in the paper) ranks them; the top ``sentences`` are returned in their original order. News
puts its most important facts first (the inverted pyramid), so a small lead bias breaks ties
toward earlier sentences.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from .base import Summary

_WORD = re.compile(r"\w+", re.UNICODE)
#: Function words ignored when comparing sentences (English; other languages compare all words).
STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its of on or "
    "our she that the their them they this to was were which who will with would you".split()
)
DAMPING = 0.85
LEAD_BIAS = 0.05


class ExtractiveSummarizer:
    """TextRank; ``sentences`` is how many sentences the summary keeps (the article's own if fewer)."""

    def __init__(self, name: str = "extractive", sentences: int = 5):
        self.name = name
        self.sentences = sentences

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "kind": "extractive", "model": None, "algorithm": "TextRank", "sentences": self.sentences}

    def summarize(self, sentences: list[str]) -> Summary:
        """Pick the ``self.sentences`` highest-ranked sentences, joined with spaces, in article order."""
        picked = rank(sentences)[: self.sentences]
        kept = [sentences[i] for i in sorted(picked)]
        return Summary(" ".join(kept), {"chunked": False, "method": "extractive", "input_sentences": len(sentences)}, kept)


def rank(sentences: list[str], iterations: int = 50) -> list[int]:
    """Indices of ``sentences`` from most to least central (TextRank with a lead bias).

    Returns ``[]`` for no sentences. Runs in O(n^2) similarity computations for n sentences.
    """
    n = len(sentences)
    if n == 0:
        return []
    bags = [_bag(s) for s in sentences]
    df = Counter(w for bag in bags for w in set(bag))
    vecs = [{w: c * math.log(1 + n / df[w]) for w, c in bag.items()} for bag in bags]
    norms = [math.sqrt(sum(v * v for v in vec.values())) or 1.0 for vec in vecs]
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            dot = sum(v * vecs[j].get(w, 0.0) for w, v in vecs[i].items())
            sim[i][j] = sim[j][i] = dot / (norms[i] * norms[j])
    out_weight = [sum(row) or 1.0 for row in sim]
    score = [1.0 / n] * n
    for _ in range(iterations):
        score = [
            (1 - DAMPING) / n + DAMPING * sum(sim[j][i] / out_weight[j] * score[j] for j in range(n))
            for i in range(n)
        ]
    biased = [s * (1 + LEAD_BIAS * (n - i) / n) for i, s in enumerate(score)]
    return sorted(range(n), key=lambda i: (-biased[i], i))


def _bag(sentence: str) -> Counter:
    words = [w.lower() for w in _WORD.findall(sentence)]
    return Counter(w for w in words if w not in STOPWORDS and not w.isdigit())
