"""The seq2seq summariser (BART-CNN style), on any engine (``engines.base.Engine``), with chunking
for long articles.

BART reads at most 1024 tokens (its position embeddings; see the distilbart-cnn-12-6 config). An
article longer than ``max_input_tokens`` is never cut: it is split on sentence boundaries into
chunks that fit, each chunk is summarised, and the joined chunk summaries are summarised again
while they are still too long.
"""

from __future__ import annotations

from typing import Any

from ...errors import ModelError, first_line
from ...text.chunking import chunk_sentences
from ...text.segment import split_sentences
from ..base import Engine, EngineBacked, Generation
from .base import Summary


class Seq2SeqSummarizer(EngineBacked):
    """Summarises with a loaded engine (transformers or CTranslate2). Generation settings come
    from models.yaml."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.name = engine.spec.name
        self.tokenizer = engine.tokenizer
        # Room for the special tokens the tokenizer adds (<s> ... </s>). That max_input_tokens
        # fits the model's positions is checked where the engine is loaded (registry.check_fits).
        self.budget = engine.spec.max_input_tokens - self.tokenizer.num_special_tokens_to_add()

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` without special tokens. Counting is how a text too long for the
        model is found (and then chunked), so the tokenizer's "sequence length is longer than the
        specified maximum" warning is off (``verbose=False``): it would be false here."""
        return len(self.tokenizer(text, add_special_tokens=False, verbose=False).input_ids)

    def summarize(self, sentences: list[str]) -> Summary:
        """Summarise; chunk when the sentences do not fit. ``chunking`` in the result says how.

        Raises:
            ModelError: a round of chunk summaries is no shorter than its input (it would never end).
        """
        result = self.summarize_many([sentences])[0]
        if isinstance(result, ModelError):
            raise result
        return result

    def summarize_many(self, articles: list[list[str]]) -> list[Summary | ModelError]:
        """Summarise several articles (each a list of sentences, in order) with their work pooled.

        Each round of every article still going is done together: all their chunks go through
        ``generate`` in one run of batches, longest first, a new batch starting where a text is
        under half the length of its batch's first (padding would cost more than batching saves). An
        article whose round left one chunk is done; the others go on with the sentences of their
        chunk summaries. Returns, per article and in order, its Summary or the ModelError it
        raised (see ``summarize``); ``generate`` failing raises for all.
        """
        states = [_Rounds(list(s), self) for s in articles]
        results: list[Summary | ModelError | None] = [None] * len(states)
        active = list(range(len(states)))
        while active:
            chunks = {i: chunk_sentences(states[i].pieces, self.count_tokens, self.budget) for i in active}
            texts = [(i, " ".join(c)) for i in active for c in chunks[i]]
            order = sorted(range(len(texts)), key=lambda k: -len(texts[k][1]))
            generated = [out for run in _similar_lengths([texts[k][1] for k in order]) for out in self._generate(run)]
            by_article: dict[int, list[str]] = {i: [] for i in active}
            outputs = [""] * len(texts)
            for k, text in zip(order, generated):
                outputs[k] = text
            for (i, _), text in zip(texts, outputs):
                by_article[i].append(text)
            still = []
            for i in active:
                try:
                    results[i] = states[i].step(len(chunks[i]), by_article[i])
                except ModelError as exc:
                    results[i] = exc
                if results[i] is None:
                    still.append(i)
            active = still
        return results  # type: ignore[return-value]

    def _generate(self, texts: list[str]) -> list[str]:
        """Summaries of ``texts`` (each fits ``max_input_tokens``), in order: ``batch_size`` texts
        per engine call, the model's own first token (BART-CNN's ``<s>``) on every row.

        Raises:
            ModelError: the engine fails.
        """
        spec = self.engine.spec
        options = Generation(spec.generate_options(), max_rows=max(1, spec.batch_size))
        out: list[str] = []
        batch = max(1, spec.batch_size)
        for start in range(0, len(texts), batch):
            # truncation only bites on a single "word" longer than the limit (see chunking.split_to_fit)
            ids = self.tokenizer(texts[start : start + batch], truncation=True, max_length=spec.max_input_tokens).input_ids
            try:
                out.extend(self.engine.generate(ids, [None] * len(ids), options))
            except Exception as exc:
                raise ModelError(f"model '{self.name}' failed to summarise: {first_line(exc)}") from exc
        return out


#: A text shorter than this share of its batch's longest starts a new batch (see summarize_many).
PAD_RATIO = 0.5


def _similar_lengths(texts: list[str]) -> list[list[str]]:
    """``texts`` (sorted longest first) cut into runs whose shortest is at least PAD_RATIO of its
    longest, by characters."""
    runs: list[list[str]] = []
    for text in texts:
        if runs and len(text) >= PAD_RATIO * len(runs[-1][0]):
            runs[-1].append(text)
        else:
            runs.append([text])
    return runs


class _Rounds:
    """One article's progress through rounds of chunk summaries (see ``summarize_many``)."""

    def __init__(self, sentences: list[str], summarizer: Seq2SeqSummarizer):
        self.summarizer = summarizer
        self.pieces = sentences
        self.size = sum(summarizer.count_tokens(s) for s in sentences)
        self.chunking: dict[str, Any] = {
            "chunked": False,
            "input_tokens": self.size,
            "max_input_tokens": summarizer.engine.spec.max_input_tokens,
            "rounds": [],
        }

    def step(self, n_chunks: int, summaries: list[str]) -> Summary | None:
        """Take one round's ``summaries`` of ``n_chunks`` chunks: the Summary when it was the last
        round, else None (the pieces for the next round are set).

        Raises:
            ModelError: the chunk summaries are no shorter than their input (it would never end).
        """
        self.chunking["rounds"].append(n_chunks)
        if n_chunks == 1:
            self.chunking["chunked"] = len(self.chunking["rounds"]) > 1
            return Summary(summaries[0], self.chunking)
        self.chunking["chunked"] = True
        pieces = [s for text in summaries for s in split_sentences(text)] or summaries
        shrunk = sum(self.summarizer.count_tokens(p) for p in pieces)
        if shrunk >= self.size:
            name = self.summarizer.name
            raise ModelError(
                f"model '{name}': chunk summaries ({shrunk} tokens) are no shorter than their input ({self.size}); "
                "lower max_new_tokens or raise max_input_tokens in models.yaml"
            )
        self.pieces, self.size = pieces, shrunk
        return None
