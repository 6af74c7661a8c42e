"""A CTranslate2 summariser: the transformers summariser's chunking, with CTranslate2 doing the
generation on a model converted by ``summarize models convert``.

A BART-CNN model forces ``<s>`` as its first token (``forced_bos_token_id`` in its generation
config); CTranslate2 gets it as the target prefix, and the model's other generation defaults
(recorded at conversion) apply as ``generate`` would apply them (see ``ct2.decoding_options``).
"""

from __future__ import annotations

from ...errors import ModelError, first_line
from ..ct2.convert import LoadedCT2, decode, decoding_options
from .seq2seq import Seq2SeqSummarizer


class CT2Summarizer(Seq2SeqSummarizer):
    """Summarises with CTranslate2; same chunking and settings as ``Seq2SeqSummarizer``."""

    def __init__(self, loaded: LoadedCT2):
        super().__init__(loaded)  # type: ignore[arg-type]  # LoadedCT2 has the fields it reads
        self.defaults = dict(loaded.conversion.meta.get("generation") or {})
        forced = self.defaults.get("forced_bos_token_id")
        self.prefix = [self.tokenizer.convert_ids_to_tokens(int(forced))] if forced is not None else None

    def _generate(self, texts: list[str]) -> list[str]:
        """Summaries of ``texts`` (each fits ``max_input_tokens``), in order."""
        spec = self.loaded.spec
        options = decoding_options(self.defaults, spec.generate_options())
        out: list[str] = []
        batch = max(1, spec.batch_size)
        for start in range(0, len(texts), batch):
            chunk = texts[start : start + batch]
            # truncation only bites on a single "word" longer than the limit (as in Seq2SeqSummarizer)
            ids = self.tokenizer(chunk, truncation=True, max_length=spec.max_input_tokens).input_ids
            tokens = [self.tokenizer.convert_ids_to_tokens(i) for i in ids]
            try:
                results = self.model.translate_batch(
                    tokens, target_prefix=[self.prefix] * len(tokens) if self.prefix else None, **options
                )
            except Exception as exc:
                raise ModelError(f"model '{self.name}' failed to summarise: {first_line(exc)}") from exc
            out.extend(decode(self.tokenizer, results))
        return out
