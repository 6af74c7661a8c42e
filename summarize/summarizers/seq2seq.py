"""A transformers seq2seq summariser (BART-CNN style), with chunking for long articles.

BART reads at most 1024 tokens (its position embeddings; see the distilbart-cnn-12-6 config). An
article longer than ``max_input_tokens`` is never cut: it is split on sentence boundaries into
chunks that fit, each chunk is summarised, and the joined chunk summaries are summarised again
while they are still too long.
"""

from __future__ import annotations

from typing import Any

from ..chunking import chunk_sentences
from ..errors import ModelError
from ..runtime import LoadedModel
from ..segment import split_sentences
from .base import Summary

class Seq2SeqSummarizer:
    """Summarises with a loaded transformers model. Generation settings come from models.yaml."""

    def __init__(self, loaded: LoadedModel):
        self.loaded = loaded
        self.name = loaded.spec.name
        self.tokenizer = loaded.tokenizer
        self.model = loaded.model
        limit = loaded.spec.max_input_tokens
        positions = getattr(loaded.config, "max_position_embeddings", None)
        if positions and limit > positions:
            raise ModelError(
                f"model '{self.name}': max_input_tokens {limit} exceeds the model's {positions} positions; lower it in models.yaml"
            )
        # Room for the special tokens the tokenizer adds (<s> ... </s>).
        self.budget = limit - self.tokenizer.num_special_tokens_to_add()

    def describe(self) -> dict[str, Any]:
        return self.loaded.describe()

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` without special tokens."""
        return len(self.tokenizer(text, add_special_tokens=False).input_ids)

    def summarize(self, sentences: list[str]) -> Summary:
        """Summarise; chunk when the sentences do not fit. ``chunking`` in the result says how.

        Raises:
            ModelError: a round of chunk summaries is no shorter than its input (it would never end).
        """
        total = sum(self.count_tokens(s) for s in sentences)
        chunking: dict[str, Any] = {
            "chunked": False,
            "input_tokens": total,
            "max_input_tokens": self.loaded.spec.max_input_tokens,
            "rounds": [],
        }
        pieces, size = list(sentences), total
        while True:
            chunks = chunk_sentences(pieces, self.count_tokens, self.budget)
            chunking["rounds"].append(len(chunks))
            summaries = self._generate([" ".join(c) for c in chunks])
            if len(chunks) == 1:
                chunking["chunked"] = len(chunking["rounds"]) > 1
                return Summary(summaries[0], chunking)
            chunking["chunked"] = True
            pieces = [s for text in summaries for s in split_sentences(text)] or summaries
            shrunk = sum(self.count_tokens(p) for p in pieces)
            if shrunk >= size:
                raise ModelError(
                    f"model '{self.name}': chunk summaries ({shrunk} tokens) are no shorter than their input ({size}); "
                    "lower max_new_tokens or raise max_input_tokens in models.yaml"
                )
            size = shrunk

    def _generate(self, texts: list[str]) -> list[str]:
        import torch

        gen = {k: v for k, v in self.loaded.spec.generation.items() if not k.startswith("max_new_tokens_")}
        out: list[str] = []
        batch = max(1, self.loaded.spec.batch_size)
        with torch.inference_mode():
            for start in range(0, len(texts), batch):
                # truncation only bites on a single "word" longer than the limit (see chunking.split_to_fit)
                enc = self.tokenizer(
                    texts[start : start + batch], return_tensors="pt", padding=True, truncation=True,
                    max_length=self.loaded.spec.max_input_tokens,
                ).to(self.loaded.device)
                ids = self.model.generate(**enc, **gen)
                out.extend(t.strip() for t in self.tokenizer.batch_decode(ids, skip_special_tokens=True))
        return out
