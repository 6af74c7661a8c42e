"""The extractive summariser: picks article sentences, needs no weights and no download.

Three ways of ranking sentences (``algorithm``):

- ``pacsum`` (the default): position-aware centrality after PacSum (Zheng & Lapata 2019,
  "Sentence Centrality Revisited for Unsupervised Summarization", ACL), with TF-IDF cosine
  similarity as the edge weight (the paper's TF-IDF variant). A sentence's score is
  ``LAMBDA_BEFORE * sum of its edges to earlier sentences + LAMBDA_AFTER * sum of its edges to
  later sentences``; each edge is ``max(0, sim - (min + BETA * (max - min)))`` over the
  article's off-diagonal similarities. A sentence that the rest of the article keeps returning to
  scores high; one that only repeats what came before scores low; one that shares no content word
  with any other sentence (no edge at all: furniture, an aside) ranks last. News states its facts first
  and elaborates after (the inverted pyramid), which is what the directed score rewards.
- ``lead``: the first sentences (Lead-k, the news baseline of See et al. 2017).
- ``textrank``: TextRank (Mihalcea & Tarau 2004): PageRank (damping 0.85) over the undirected
  similarity graph, with a small lead bias for ties. Kept as an option; on news it loses to
  Lead-3 (docs/quality.md).

Whichever ranks, the summary is built the same way: sentences are taken best first, skipping
any that would push the summary past ``words`` words (the first one picked always counts;
:func:`summarize.text.segment.words` counts them, each Chinese or Japanese character one) and
any piece that is not a whole sentence (a cut from an over-long "sentence", see
:func:`summarize.text.segment.cut_long_sentence`: it does not start like a sentence or does not end
like one; the pieces of one such sentence are one pick, :func:`cut_units`), any sentence inside a quotation that spans several (:func:`inside_quotation`), until
``sentences`` are taken and they hold ``min_words`` words (MIN_WORDS, 50) or EXTRA_SENTENCES (2)
more are taken; they are returned in article order. A list and the sentence ending in a
colon that introduces it are one pick, taken whole or not at all (:func:`list_units`); a list item
without such a lead is not picked.

The settings below were chosen on CNN/DailyMail validation articles (docs/quality.md gives the
figures): ``LAMBDA_BEFORE = -2``, ``LAMBDA_AFTER = 1`` are the paper's CNN/DM values; ``BETA = 0``
did best there (the paper tuned it per data set); 3 sentences and 90 words keep a brief near a
news brief's length (the CNN/DM highlights are about 50 words), and short sentences may bring a
4th or 5th while the brief is under 50 words.

The similarity graph grows with the square of the sentence count, so a long text is ranked in
blocks of at most ``BLOCK`` sentences: each block keeps its best sentences, and the survivors are
ranked again, round after round, until one block is left (nothing is skipped unread).

A sentence repeated word for word (case and spacing aside: a paragraph pasted twice, a caption
repeated) is ranked once, at its first place, so a summary never holds the same sentence twice.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any, Callable

import numpy as np

from ...config import EXTRACTIVE_ALGORITHMS as ALGORITHMS
from ...text.segment import ANSWER, CJK_CHARS, INTERVIEWER, answers, words
from .base import Summary

_WORD = re.compile(r"\w+", re.UNICODE)
#: Function words ignored when comparing sentences (English; other languages compare all words).
STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its of on or "
    "our she that the their them they this to was were which who will with would you".split()
)
DEFAULT_ALGORITHM = "pacsum"
DEFAULT_SENTENCES = 3
DEFAULT_WORDS = 90
#: A brief under this many words takes more sentences than ``sentences``, up to EXTRA_SENTENCES
#: more, within the word budget: the low end of a news brief's 50-90 words (docs/quality.md).
MIN_WORDS = 50
EXTRA_SENTENCES = 2
LAMBDA_BEFORE = -2.0
LAMBDA_AFTER = 1.0
BETA = 0.0
DAMPING = 0.85
LEAD_BIAS = 0.05
#: Most sentences ranked in one graph (a 300 x 300 similarity matrix is instant).
BLOCK = 300

# A whole sentence starts with a capital, a digit or an opening quote or bracket, and ends with
# sentence punctuation, possibly followed by closing quotes or brackets. A colon is no end: "Key
# figures from the State Bank (SBP):" introduces a list (a fresh user's brief; no sentence of
# CNN/DailyMail validation 0-999 ends in one, so its summaries are unchanged).
_STARTS = re.compile(r"^[\W_]*[^\W_a-z]", re.UNICODE)
# A sentence that is a quotation and nothing else ('"Our house fell on my children."'): alone in a
# brief it has no speaker (a fresh user's brief). 987 of the 32802 sentences of CNN/DailyMail
# validation 0-999; 32 of them were in the 1000 default briefs (docs/quality.md).
_ALL_QUOTED = re.compile(r"[\"“‘'][^\"“”]*[.!?…][\"”’']")
#: How many sentences a quotation may span for :func:`inside_quotation` to mark the ones between
#: its opening and its closing sentence.
QUOTE_SPAN = 6
# A list item: "1. ", "2) ", "a) ", "- ", "* ", "• " and the like at the start.
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.)]|[a-z][.)]|[-*•◦▪●■►])\s+\S")
# A sentence that opens with a pronoun, a pointing word or a "but" ("He is the village elder.",
# "This was the third rise.", "That simple offer set off ...", "But the kidney was not a match"):
# it leans on the sentence before it (fresh users' briefs; docs/quality.md).
_LEANS_BACK = re.compile(r"(?:He|She|They|It|His|Her|Their|Its|This|These|Those|That|But|Yet|Such)\b")
_ENDS = re.compile(r"[.!?…。！？][\"'”’)\]»」』）]*$")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")


class ExtractiveSummarizer:
    """Picks ``sentences`` sentences, about ``words`` words in all, ranked by ``algorithm``
    (``pacsum``, ``lead`` or ``textrank``; see the module docstring); while they hold fewer than
    ``min_words`` words, up to EXTRA_SENTENCES more (``min_words=None``: exactly ``sentences``).

    Raises:
        ValueError: an unknown ``algorithm``.
    """

    def __init__(self, name: str = "extractive", sentences: int = DEFAULT_SENTENCES, *,
                 algorithm: str = DEFAULT_ALGORITHM, words: int | None = DEFAULT_WORDS,
                 min_words: int | None = MIN_WORDS):
        if algorithm not in ALGORITHMS:
            raise ValueError(f"unknown extractive algorithm {algorithm!r}; expected one of {', '.join(ALGORITHMS)}")
        self.name = name
        self.sentences = sentences
        self.algorithm = algorithm
        self.words = words
        self.min_words = min_words

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "kind": "extractive", "model": None, "algorithm": self.algorithm,
                "sentences": self.sentences, "words": self.words, "min_words": self.min_words}

    def summarize(self, sentences: list[str]) -> Summary:
        """Pick sentences (see the class docstring), in article order.

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
        ranker = RANKERS[self.algorithm]
        rounds: list[int] = []
        while len(candidates) > BLOCK and self.algorithm != "lead":
            blocks = [candidates[i : i + BLOCK] for i in range(0, len(candidates), BLOCK)]
            rounds.append(len(blocks))
            survivors = []
            for block in blocks:
                order = ranker([sentences[i] for i in block])
                survivors.extend(block[j] for j in sorted(order[: max(keep, len(block) // 10)]))
            candidates = survivors
        rounds.append(1)
        texts = [sentences[i] for i in candidates]
        chosen = pick(texts, ranker(texts), keep, self.words, self.min_words)
        kept = [sentences[candidates[j]] for j in chosen]
        chunking = {"chunked": len(rounds) > 1, "method": "extractive", "input_sentences": len(sentences),
                    "repeated_sentences_dropped": repeats, "rounds": rounds}
        return Summary(" ".join(kept), chunking, kept)


def is_whole_sentence(text: str) -> bool:
    """True when ``text`` starts like a sentence (capital, digit, quote or bracket first), ends
    like one (``. ! ? …`` or ``。 ！ ？``, then any closing quotes or brackets; not ``:``, which
    introduces a list or a quotation that the brief would leave behind), is not a quotation and
    nothing else (``"Our house fell on my children."``: no speaker), and closes every double quote
    it opens (an even number of ``"``, as many ``”`` as ``“`` and ``»`` as ``«``). Pieces cut
    from an over-long sentence at commas fail one of the first two; one sentence of a quotation
    that spans several (``"We have made progress.``, then ``Much remains," she said.``) fails the
    third: alone in a brief it has no speaker, or no start."""
    text = text.strip()
    if _ALL_QUOTED.fullmatch(text):
        return False
    balanced = text.count('"') % 2 == 0 and text.count("“") == text.count("”") and text.count("«") == text.count("»")
    return bool(_STARTS.match(text) and _ENDS.search(text)) and balanced


def inside_quotation(sentences: list[str]) -> list[bool]:
    """For each of ``sentences`` (in article order), True when it lies inside a quotation that
    an earlier sentence opens and a later one closes, within QUOTE_SPAN sentences: ``The water is
    still rising.`` in ``"We are doing everything we can. The water is still rising. Please stay
    home," said Amina Khan.``, split into three. Such a sentence has no quote mark of its own, so
    :func:`is_whole_sentence` cannot tell; alone in a brief it reads as the brief's own claim. A
    quotation left open (a stray quote mark, or a quoted paragraph that runs on into the next, as
    news writes it) marks nothing beyond QUOTE_SPAN sentences."""
    inside = [False] * len(sentences)
    opened: int | None = None
    for i, sentence in enumerate(sentences):
        if opened is not None and i - opened > QUOTE_SPAN:
            opened = None
        if opened is None:
            if _opens_quote(sentence):
                opened = i
        elif _closes_quote(sentence):
            for k in range(opened + 1, i):
                inside[k] = True
            opened = None
    return inside


def _opens_quote(text: str) -> bool:
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”") or text.count("«") > text.count("»")


def _closes_quote(text: str) -> bool:
    return text.count('"') % 2 == 1 or text.count("”") > text.count("“") or text.count("»") > text.count("«")


def list_units(sentences: list[str]) -> dict[int, list[int]]:
    """The lists of ``sentences`` (in article order) with the sentence that introduces them: for a
    sentence ending in a colon followed by list items (``1. ...``, ``2) ...``, ``- ...``, ``• ...``),
    ``{lead: [lead, item, item, ...]}``. :func:`pick` takes such a list whole, with its lead, or
    not at all: a bare item (``2. Schools will stay closed until March.``) says nothing without
    it (a fresh user's brief was three bare items)."""
    units: dict[int, list[int]] = {}
    i = 0
    while i < len(sentences):
        j = i + 1
        if sentences[i].rstrip().endswith(":"):
            while j < len(sentences) and _LIST_ITEM.match(sentences[j]):
                j += 1
        if j - i > 1:
            units[i] = list(range(i, j))
        i = j
    return units


def cut_units(sentences: list[str]) -> dict[int, list[int]]:
    """The over-long sentences of ``sentences`` (in article order) that
    :func:`summarize.text.segment.cut_long_sentence` cut into pieces, found again: a piece that
    starts like a sentence and does not end like one, then pieces that do not start like one,
    through the first that ends like one; ``{first: [first, ..., last]}`` when the pieces joined
    are a whole sentence (:func:`is_whole_sentence`). :func:`pick` takes one whole or not at all:
    a court story's 120-word ruling, the article's news, was left out of its brief because no
    piece alone is a sentence (a fresh reviewer's report)."""
    units: dict[int, list[int]] = {}
    i = 0
    while i < len(sentences):
        j = i
        if _STARTS.match(sentences[i].strip()) and not _ENDS.search(sentences[i].strip()):
            j = i + 1
            while j < len(sentences) and not _STARTS.match(sentences[j].strip()) and not _ENDS.search(sentences[j].strip()):
                j += 1
            if j < len(sentences) and not _STARTS.match(sentences[j].strip()) \
                    and is_whole_sentence(" ".join(sentences[k] for k in range(i, j + 1))):
                units[i] = list(range(i, j + 1))
            else:
                j = i
        i = j + 1
    return units


def pick(sentences: list[str], order: list[int], keep: int, budget: int | None,
         least: int | None = None) -> list[int]:
    """Positions in ``sentences`` (article order) of the sentences to keep, in article order:
    taken by ``order`` (positions, best first) up to ``keep`` picks, and past them, up to
    EXTRA_SENTENCES more, while the picks hold fewer than ``least`` words (None: ``keep`` picks;
    a fresh user's briefs of three short sentences had 23-44 words), whole sentences only (see
    :func:`is_whole_sentence`; not one inside a quotation either, :func:`inside_quotation`),
    skipping any that would take the total past ``budget`` words (None: no limit) once one is
    picked. A list and the sentence that introduces it (:func:`list_units`) are one pick, made
    when any of them ranks, and only within the budget; so are the pieces of a sentence that was
    cut for its length (:func:`cut_units`), which may be the first pick up to twice the budget
    (twice DEFAULT_WORDS with no budget), and is never picked past that; a list item that no such sentence
    introduces (``• The government did it.`` under ``Several theories are circulating.``) is not
    picked alone: without its lead it reads as the brief's own claim (a fresh user's report); nor
    is an interviewer's question (``Q: ...``, :data:`summarize.text.segment.INTERVIEWER`), nor an
    answer's label (``A: ...``, :data:`summarize.text.segment.ANSWER`) after no question; nor a
    sentence that opens with a pronoun, a pointing word or a "but" (He, She, They, It, His, Her,
    Their, Its, This, These, Those, That, But, Yet, Such), nor an answer to the question just before
    it (``Because engineers found cracks ...`` after ``Why did the council close the bridge?``, or
    ``A: ...``: :func:`summarize.text.segment.answers`), unless the sentence before it is picked (it
    waits, and comes next once that one is): alone it points at nothing, or answers nothing (an
    interviewer's question is never picked, so neither is its answer). When no whole sentence is
    there at all, the same without these conditions."""
    inside = inside_quotation(sentences)
    units = list_units(sentences)
    cut = {lead: members for lead, members in cut_units(sentences).items() if not inside[lead] and lead not in units}
    units.update(cut)
    unit_of = {k: lead for lead, members in units.items() for k in members}
    counts = [len(words(s)) for s in sentences]
    most = keep + EXTRA_SENTENCES if least else keep
    for whole_only in (True, False):
        chosen: list[int] = []
        total = picks = 0
        queue, waiting = list(order), []  # waiting: sentences that lean on one not picked yet
        at = 0
        while at < len(queue):
            j = queue[at]
            at += 1
            if j in chosen:
                continue
            members = units[unit_of[j]] if whole_only and j in unit_of else [j]
            n = sum(counts[k] for k in members)
            answer = j > 0 and answers(sentences[j], sentences[j - 1])  # its question is just before it
            if len(members) == 1 and whole_only and (inside[j] or not is_whole_sentence(sentences[j])
                                                      or _LIST_ITEM.match(sentences[j]) or INTERVIEWER.match(sentences[j])
                                                      or (ANSWER.match(sentences[j]) and not answer)):
                continue
            if len(members) == 1 and whole_only and j > 0 and j - 1 not in chosen and (
                    _LEANS_BACK.match(sentences[j]) or answer):
                waiting.append(j)
                continue
            # the first pick always counts, a list only within the budget, an over-long sentence's
            # pieces up to twice the budget (a brief of one long sentence, not of none)
            if unit_of.get(j) in cut and n > 2 * (budget or DEFAULT_WORDS):
                continue  # a page of text with one full stop, not a sentence to brief
            first_cut = not chosen and unit_of.get(j) in cut
            if budget is not None and total + n > budget and (chosen or len(members) > 1) and not first_cut:
                continue
            chosen.extend(members)
            total += n
            picks += 1
            if picks >= most or (picks >= keep and total >= (least or 0)):
                break
            ready = [k for k in waiting if k - 1 in chosen]  # they outranked this pick: next in line
            if ready:
                waiting = [k for k in waiting if k not in ready]
                queue[at:at] = ready
        if chosen:
            return sorted(chosen)
    return []


def similarity(sentences: list[str]) -> np.ndarray:
    """The n x n TF-IDF cosine similarities of ``sentences`` (diagonal 0). Stopwords and digits
    are ignored; idf is ``log(1 + n / df)`` over the sentences."""
    n = len(sentences)
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
    return sim


def rank_pacsum(sentences: list[str]) -> list[int]:
    """Indices of ``sentences`` from best to worst by PacSum's directed centrality (see the
    module docstring); ties go to the earlier sentence. A sentence that shares no content word
    with any other (similarity 0 to all: a byline, "Have a news tip?", "The meeting ended shortly
    before noon.") ranks after every other: it scores 0, and ``LAMBDA_BEFORE`` makes most on-topic
    sentences score below 0, so it beat them (a fresh user's report; docs/quality.md gives the
    figures). ``[]`` for no sentences."""
    n = len(sentences)
    if n <= 1:
        return list(range(n))
    sim = similarity(sentences)
    isolated = sim.sum(axis=1) <= 0  # shares no content word with any other sentence
    off = sim[~np.eye(n, dtype=bool)]
    low, high = float(off.min()), float(off.max())
    edges = np.maximum(0.0, sim - (low + BETA * (high - low)))
    np.fill_diagonal(edges, 0.0)
    before = np.tril(edges, -1).sum(axis=1)  # edges to earlier sentences
    after = np.triu(edges, 1).sum(axis=1)  # edges to later sentences
    score = LAMBDA_BEFORE * before + LAMBDA_AFTER * after
    return sorted(range(n), key=lambda i: (bool(isolated[i]), -round(float(score[i]), 12), i))


def rank_lead(sentences: list[str]) -> list[int]:
    """Article order: Lead-k."""
    return list(range(len(sentences)))


def rank(sentences: list[str], iterations: int = 50) -> list[int]:
    """Indices of ``sentences`` from most to least central (TextRank with a lead bias).

    Returns ``[]`` for no sentences. Builds an n x n similarity matrix: call it on at most a few
    hundred sentences (see BLOCK).
    """
    n = len(sentences)
    if n == 0:
        return []
    sim = similarity(sentences)
    out_weight = sim.sum(axis=1)
    out_weight[out_weight == 0] = 1.0
    transition = sim / out_weight[:, None]  # row j: how node j spreads its score
    score = np.full(n, 1.0 / n)
    for _ in range(iterations):
        score = (1 - DAMPING) / n + DAMPING * (transition.T @ score)
    biased = score * (1 + LEAD_BIAS * (n - np.arange(n)) / n)
    return sorted(range(n), key=lambda i: (-round(float(biased[i]), 12), i))


#: The ranking function of each algorithm (sentences -> indices, best first).
RANKERS: dict[str, Callable[[list[str]], list[int]]] = {"pacsum": rank_pacsum, "lead": rank_lead, "textrank": rank}


def _bag(sentence: str) -> Counter:
    """The terms of ``sentence`` compared by :func:`similarity`: its words, lower-cased, without
    stopwords and numbers; a run of Chinese or Japanese characters (written without spaces)
    gives its character bigrams instead (a single character stands alone), the usual terms for
    retrieval in those scripts."""
    terms: list[str] = []
    for w in _WORD.findall(sentence):
        w = w.lower()
        if not _CJK_RUN.search(w):
            terms.append(w)
            continue
        for piece in re.split(f"([{CJK_CHARS}]+)", w):
            if _CJK_RUN.fullmatch(piece):
                terms.extend([piece] if len(piece) == 1 else (piece[k:k + 2] for k in range(len(piece) - 1)))
            elif piece:
                terms.append(piece)
    return Counter(w for w in terms if w not in STOPWORDS and not w.isdigit())
