"""A CTranslate2 translator: the transformers translator's sentence splitting, length-sorted
batching and order restoring, with CTranslate2 doing the generation.

The target language is forced as NLLB/M2M-100 expect, with the language token as the target
prefix (``target_prefix=[["urd_Arab"]]``, the CTranslate2 counterpart of
``forced_bos_token_id``). A batch for several targets goes to CTranslate2 as one call holding every
(sentence, target) pair, so the engine batches all of them together.
"""

from __future__ import annotations

from ...errors import ModelError, first_line
from ..ct2.convert import LoadedCT2, decode, decoding_options
from .seq2seq import Seq2SeqTranslator


class CT2Translator(Seq2SeqTranslator):
    """Translates with a model converted by ``summarize models convert`` (see ``ct2``).

    Output for output the same as ``Seq2SeqTranslator`` on the same weights in float32 with
    greedy search (tests check this on the tiny model); int8 weights change the numbers a little.
    """

    def __init__(self, loaded: LoadedCT2):
        super().__init__(loaded)  # type: ignore[arg-type]  # LoadedCT2 has the fields it reads
        self.defaults = dict(loaded.conversion.meta.get("generation") or {})

    def _generate_many(self, batch_ids: list[list[int]], forced: list[int | None]) -> list[list[str]]:
        """One ``translate_batch`` call for B sentences x T targets; returns T lists of B texts."""
        tokens = [self.tokenizer.convert_ids_to_tokens(ids) for ids in batch_ids]
        sources: list[list[str]] = []
        prefixes: list[list[str] | None] = []
        for f in forced:
            sources.extend(tokens)
            prefixes.extend([[self.tokenizer.convert_ids_to_tokens(f)] if f is not None else None] * len(tokens))
        budget = self.spec.max_new_tokens_for(max(len(b) for b in batch_ids))
        options = decoding_options(self.defaults, self.spec.generate_options(budget))
        try:
            results = self.model.translate_batch(sources, target_prefix=prefixes, **options)
        except Exception as exc:
            raise ModelError(f"model '{self.name}' failed to translate: {first_line(exc)}") from exc
        texts = decode(self.tokenizer, results)
        n = len(batch_ids)
        return [texts[i * n : (i + 1) * n] for i in range(len(forced))]

