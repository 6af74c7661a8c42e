"""A transformers seq2seq translator: NLLB-200 and M2M-100 (many pairs, language tokens) and
Marian/opus-mt (one pair per model).

Segments are translated one sentence each, never as one long block: NLLB-200 drops or merges
sentences from multi-sentence input (the NLLB model card: trained on inputs of at most 512
tokens). They are sorted by length and batched so that a batch needs little padding,
then put back in order. The target language is forced as the first generated token
(``forced_bos_token_id = tokenizer.convert_tokens_to_ids("urd_Arab")`` for NLLB).

``translate_many`` translates one list of segments into several targets: every batch is
tokenised once, its encoder output is shared by the targets (only the forced first token differs
between them), and all targets are decoded in one ``generate`` call with the language token
forced per row, which keeps the CPU's matrix units busier than one small call per target.

The batching logic lives here once; another engine (``translators.ctranslate2``) subclasses this
class and replaces only ``_generate_many``.
"""

from __future__ import annotations

import math
from typing import Any

from ...errors import ModelError, first_line
from ...languages import m2m_code
from ...text.chunking import split_to_fit
from ..transformers import LoadedModel, clean_output


class Seq2SeqTranslator:
    """Translates with a loaded transformers model. Settings (``batch_size``, ``max_input_tokens``,
    ``generation``) come from the model's entry in models.yaml."""

    def __init__(self, loaded: LoadedModel):
        self.loaded = loaded
        self.spec = loaded.spec
        self.name = loaded.spec.name
        self.tokenizer = loaded.tokenizer
        self.model = loaded.model
        self.budget = self.spec.max_input_tokens - self.tokenizer.num_special_tokens_to_add()
        #: ``translate_many``: run the encoder once per batch for all targets ...
        self.share_encoder = True
        #: ... and decode all targets of a batch in one ``generate`` call (see ``_generate_many``).
        self.merge_targets = True

    def describe(self) -> dict[str, Any]:
        return self.loaded.describe()

    def language_token_id(self, code: str) -> int | None:
        """The token id that starts a translation into ``code`` (None for Marian, which has one
        target). Raises ModelError when the model's tokenizer does not know the code."""
        kind = self.spec.kind
        if kind == "marian":
            return None
        token = code if kind == "nllb" else f"__{m2m_code(code)}__"
        token_id = self.tokenizer.convert_tokens_to_ids(token)
        if token_id is None or token_id == self.tokenizer.unk_token_id:
            raise ModelError(f"model '{self.name}' does not know the language code '{code}' (token {token!r})")
        return token_id

    def _check_pair(self, source: str, target: str) -> None:
        if self.spec.kind == "marian" and (source, target) != (self.spec.source_lang, self.spec.target_lang):
            raise ModelError(
                f"model '{self.name}' translates {self.spec.source_lang} -> {self.spec.target_lang} only, not {source} -> {target}"
            )
        if self.spec.kind in ("nllb", "m2m"):
            self.language_token_id(source)

    def translate(self, segments: list[str], source: str, target: str) -> list[str]:
        """Translate ``segments`` (list of N sentences) into N target strings, in order.

        A segment longer than ``max_input_tokens`` is split into word runs that fit, translated
        piece by piece and joined with a space (nothing is cut). Empty segments stay empty.

        Raises:
            ModelError: the model lacks ``source`` or ``target``, or generation fails.
        """
        return self.translate_many(segments, source, [target])[target]

    def translate_many(self, segments: list[str], source: str, targets: list[str]) -> dict[str, list[str]]:
        """Translate ``segments`` (N sentences) into each of ``targets``: ``{target: N strings}``.

        The same as one ``translate`` call per target, output for output, but each batch is
        tokenised once and, for a model whose targets differ only in the forced first token
        (NLLB, M2M-100), its encoder runs once for all targets (see ``_generate_many``).

        Raises:
            ModelError: the model lacks ``source`` or a target, or generation fails.
        """
        targets = list(dict.fromkeys(targets))
        for target in targets:
            self._check_pair(source, target)
        forced = [self.language_token_id(t) for t in targets]
        if self.spec.kind == "nllb":
            self.tokenizer.src_lang = source
        elif self.spec.kind == "m2m":
            self.tokenizer.src_lang = m2m_code(source)
        pieces: list[tuple[int, list[int]]] = []  # (segment index, input ids)
        for i, seg in enumerate(segments):
            if seg.strip():
                for ids in self._encode(seg.strip()):
                    pieces.append((i, ids))
        # Longest first, so that a batch holds sentences of similar length (little padding).
        order = sorted(range(len(pieces)), key=lambda k: -len(pieces[k][1]))
        outputs: list[dict[int, str]] = [{} for _ in targets]
        batch_size = max(1, self.spec.batch_size)
        for start in range(0, len(order), batch_size):
            group = order[start : start + batch_size]
            per_target = self._generate_many([pieces[k][1] for k in group], forced)
            for out, texts in zip(outputs, per_target):
                out.update(zip(group, texts))
        result: dict[str, list[str]] = {}
        for target, out in zip(targets, outputs):
            parts: list[list[str]] = [[] for _ in segments]
            for k, (i, _) in enumerate(pieces):
                parts[i].append(out[k])
            result[target] = [" ".join(p).strip() for p in parts]
        return result

    def _encode(self, segment: str) -> list[list[int]]:
        # verbose=False: a segment over the model's length is split below, so the tokenizer's
        # "longer than the specified maximum" warning would be false
        ids = self.tokenizer(segment, verbose=False).input_ids
        if len(ids) <= self.spec.max_input_tokens:
            return [ids]
        count = lambda text: len(self.tokenizer(text, add_special_tokens=False, verbose=False).input_ids)  # noqa: E731
        return [self.tokenizer(p).input_ids for p in split_to_fit(segment, count, self.budget)]

    def max_new_tokens(self, source_tokens: int) -> int:
        """The generation budget for a source of ``source_tokens`` tokens (see
        ``ModelSpec.max_new_tokens_for``)."""
        return self.spec.max_new_tokens_for(source_tokens)

    def generation_kwargs(self, forced: int | None, longest: int) -> dict[str, Any]:
        """The keyword arguments given to ``generate`` for a batch whose longest source has
        ``longest`` tokens."""
        gen = self.spec.generate_options(self.spec.max_new_tokens_for(longest))
        if forced is not None:
            gen["forced_bos_token_id"] = forced
        return gen

    def _generate_many(self, batch_ids: list[list[int]], forced: list[int | None]) -> list[list[str]]:
        """Translate one batch (B lists of input ids) into each forced language: one list of B
        strings per entry of ``forced``.

        For several targets (NLLB/M2M-100: they differ only in the forced first token):

        - ``merge_targets``: the (sentence, target) rows of several targets go to one
          ``generate`` call, up to ``batch_size`` rows (a batch of B < batch_size sentences takes
          ``batch_size // B`` targets along), with the language token forced per row
          (``forced_tokens_processor``): a CPU runs one larger matrix product much more
          efficiently than several small ones, while rows past ``batch_size`` would only make the
          vocabulary-sized score tensors outgrow the caches;
        - ``share_encoder``: the encoder runs once on the B sentences and its output is repeated
          for the T targets (a fresh ``BaseModelOutput`` per call: ``generate`` expands it in
          place for beam search).

        Outputs are identical to one ``generate`` per target (tests check it on the tiny model):
        every row is computed on its own and the padding is the same.
        """
        import torch

        if len(forced) == 1 or not (self.share_encoder or self.merge_targets):
            return [self._generate(batch_ids, f) for f in forced]
        from transformers import LogitsProcessorList
        from transformers.modeling_outputs import BaseModelOutput

        enc = self.tokenizer.pad({"input_ids": batch_ids}, return_tensors="pt").to(self.loaded.device)
        n, longest = len(batch_ids), max(len(b) for b in batch_ids)
        try:
            with torch.inference_mode():
                if self.share_encoder:
                    hidden = self.model.get_encoder()(
                        input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], return_dict=True
                    ).last_hidden_state
                if self.merge_targets:
                    # at most batch_size rows per call: a small batch takes several targets along
                    per_call = max(1, self.spec.batch_size // n)
                    outs = []
                    for start in range(0, len(forced), per_call):
                        group = forced[start : start + per_call]
                        mask = enc["attention_mask"].repeat(len(group), 1)  # rows: target-major, B per target
                        if self.share_encoder:
                            inputs = {"encoder_outputs": BaseModelOutput(last_hidden_state=hidden.repeat(len(group), 1, 1))}
                        else:
                            inputs = {"input_ids": enc["input_ids"].repeat(len(group), 1)}
                        rows = torch.tensor([f for f in group for _ in range(n)], device=self.loaded.device)
                        out = self.model.generate(
                            attention_mask=mask, **inputs, **self.generation_kwargs(None, longest),
                            logits_processor=LogitsProcessorList([forced_tokens_processor(rows)]),
                        )
                        outs.extend(out[i * n : (i + 1) * n] for i in range(len(group)))
                else:
                    outs = [
                        self.model.generate(
                            attention_mask=enc["attention_mask"],
                            encoder_outputs=BaseModelOutput(last_hidden_state=hidden),
                            **self.generation_kwargs(f, longest),
                        )
                        for f in forced
                    ]
        except Exception as exc:
            raise ModelError(f"model '{self.name}' failed to translate: {first_line(exc)}") from exc
        return [[clean_output(t) for t in self.tokenizer.batch_decode(out, skip_special_tokens=True)] for out in outs]

    def _generate(self, batch_ids: list[list[int]], forced: int | None) -> list[str]:
        import torch

        enc = self.tokenizer.pad({"input_ids": batch_ids}, return_tensors="pt").to(self.loaded.device)
        try:
            with torch.inference_mode():
                out = self.model.generate(**enc, **self.generation_kwargs(forced, max(len(b) for b in batch_ids)))
        except Exception as exc:
            raise ModelError(f"model '{self.name}' failed to translate: {first_line(exc)}") from exc
        return [clean_output(t) for t in self.tokenizer.batch_decode(out, skip_special_tokens=True)]


def forced_tokens_processor(token_ids: Any) -> Any:
    """A transformers ``LogitsProcessor`` that forces ``token_ids[i]`` as the first generated
    token of batch item ``i`` (a 1-D tensor of B ids): ``forced_bos_token_id`` with one id per
    item. With beam search, rows are batch-major (``num_beams`` rows per item). Like
    transformers' ``ForcedBOSTokenLogitsProcessor``, the forced token scores 0 and every other
    token minus infinity, at the first step only."""
    import torch
    from transformers import LogitsProcessor

    class ForcedFirstTokens(LogitsProcessor):
        def __init__(self, ids: torch.Tensor):
            self.token_ids = ids

        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
            if input_ids.shape[-1] != 1:
                return scores
            per_row = self.token_ids.repeat_interleave(scores.shape[0] // self.token_ids.shape[0])
            forced = torch.full_like(scores, -math.inf)
            forced[torch.arange(scores.shape[0], device=scores.device), per_row] = 0
            return forced

    return ForcedFirstTokens(token_ids)
