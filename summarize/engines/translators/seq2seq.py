"""The seq2seq translator, on any engine (``engines.base.Engine``): NLLB-200 and M2M-100 (many pairs, language tokens) and
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

from typing import Any

from ...errors import ModelError, first_line
from ...languages import m2m_code
from ...text.chunking import split_to_fit
from ..base import Engine, EngineBacked, Generation


class Seq2SeqTranslator(EngineBacked):
    """Translates with a loaded engine (transformers or CTranslate2). Settings (``batch_size``,
    ``max_input_tokens``, ``generation``) come from the model's entry in models.yaml."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.spec = engine.spec
        self.name = engine.spec.name
        self.tokenizer = engine.tokenizer
        self.budget = self.spec.max_input_tokens - self.tokenizer.num_special_tokens_to_add()
        #: ``translate_many``: run the encoder once per batch for all targets ...
        self.share_encoder = True
        #: ... and decode all targets of a batch in one ``generate`` call (see ``_generate_many``).
        self.merge_targets = True

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

    def _generate_many(self, batch_ids: list[list[int]], forced: list[int | None]) -> list[list[str]]:
        """Translate one batch (B lists of input ids) into each forced language: one list of B
        strings per entry of ``forced``, from one engine call whose rows are target-major (B per
        target). ``share_encoder`` and ``merge_targets`` say whether the engine may run the
        encoder once for all targets and decode several targets in one call, up to ``batch_size``
        rows (see ``TransformersEngine.generate``); outputs are the same either way."""
        n = len(batch_ids)
        options = Generation(
            self.spec.generate_options(self.max_new_tokens(max(len(b) for b in batch_ids))),
            max_rows=max(1, self.spec.batch_size), share_encoder=self.share_encoder, merge_rows=self.merge_targets,
        )
        try:
            texts = self.engine.generate([ids for _ in forced for ids in batch_ids], [f for f in forced for _ in range(n)], options)
        except Exception as exc:
            raise ModelError(f"model '{self.name}' failed to translate: {first_line(exc)}") from exc
        return [texts[i * n : (i + 1) * n] for i in range(len(forced))]
