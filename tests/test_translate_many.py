"""Encoder sharing across targets: ``translate_many`` gives exactly what per-target calls give,
and the pipeline uses it when several targets share one translator."""

from __future__ import annotations

import dataclasses

import pytest

from summarize.config import load_config, packaged_default_path
from summarize.engines.registry import ModelRegistry
from summarize.pipeline import BriefOptions, Pipeline
from tests.conftest import SEED
from tests.fakes import FirstSentencesSummarizer, TaggingTranslator
from tests.tiny_models import write_models_yaml

TARGETS = ["urd_Arab", "pbt_Arab", "prs_Arab"]
SENTENCES = [
    "The US special envoy met the army chief in Rawalpindi on Monday.",
    "Talks went on.",
    "",
    "Both sides agreed that a ceasefire in Afghanistan would help the peace process move forward.",
]


def _translator(tiny_models, tmp_path, generation: str):
    path = write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))
    path.write_text(path.read_text().replace(
        "{num_beams: 2, max_new_tokens_ratio: 1.0, max_new_tokens_min: 4, max_new_tokens: 24, no_repeat_ngram_size: 3}",
        generation))
    return ModelRegistry(load_config(path), offline=True).translator("tiny-nllb")


@pytest.mark.parametrize("generation", [
    "{num_beams: 1, max_new_tokens_ratio: 1.0, max_new_tokens_min: 4, max_new_tokens: 16}",
    "{num_beams: 2, max_new_tokens_ratio: 1.0, max_new_tokens_min: 4, max_new_tokens: 16, no_repeat_ngram_size: 3}",
], ids=["greedy", "beam2"])
def test_translate_many_equals_per_target_calls(tiny_models, tmp_path, generation, monkeypatch):
    tr = _translator(tiny_models, tmp_path, generation)
    tr.spec = dataclasses.replace(tr.spec, batch_size=9)  # one batch; the 3 x 3 rows fit one call
    separate = {t: tr.translate(SENTENCES, "eng_Latn", t) for t in TARGETS}
    encoder_calls, generate_calls = [], []
    encoder = tr.model.get_encoder()
    real_forward, real_generate = encoder.forward, tr.model.generate
    monkeypatch.setattr(encoder, "forward", lambda *a, **k: encoder_calls.append(1) or real_forward(*a, **k))
    monkeypatch.setattr(tr.model, "generate", lambda *a, **k: generate_calls.append(1) or real_generate(*a, **k))
    for share, merge, encoders, generates in ((True, True, 1, 1), (False, True, 1, 1), (True, False, 1, 3), (False, False, 3, 3)):
        tr.share_encoder, tr.merge_targets = share, merge
        encoder_calls.clear(), generate_calls.clear()
        together = tr.translate_many(SENTENCES, "eng_Latn", TARGETS)
        assert together == separate, (share, merge)
        assert together["urd_Arab"][2] == ""
        assert (len(encoder_calls), len(generate_calls)) == (encoders, generates), (share, merge)
    tr.share_encoder = tr.merge_targets = True
    tr.spec = dataclasses.replace(tr.spec, batch_size=6)  # 3 sentences: two targets per call
    generate_calls.clear()
    assert tr.translate_many(SENTENCES, "eng_Latn", TARGETS) == separate and len(generate_calls) == 2


def test_merged_targets_start_with_their_own_language_token(tiny_models, tmp_path, monkeypatch):
    tr = _translator(tiny_models, tmp_path, "{num_beams: 2, max_new_tokens_ratio: 1.0, max_new_tokens_min: 4, max_new_tokens: 8}")
    outputs = []
    real_generate = tr.model.generate
    monkeypatch.setattr(tr.model, "generate", lambda *a, **k: outputs.append(real_generate(*a, **k)) or outputs[-1])
    tr.translate_many(SENTENCES[:2], "eng_Latn", TARGETS)
    (ids,) = outputs  # one call: rows are target-major, two sentences per target
    assert ids[:, 1].tolist() == [tr.language_token_id(t) for t in TARGETS for _ in range(2)]


def test_pipeline_calls_translate_many_once_for_targets_sharing_a_translator():
    class ManyTranslator(TaggingTranslator):
        def __init__(self):
            super().__init__()
            self.many_calls = []

        def translate_many(self, segments, source, targets):
            self.many_calls.append(list(targets))
            return {t: [f"{t}:{s}" if s.strip() else "" for s in segments] for t in targets}

    fake = ManyTranslator()
    config = load_config(packaged_default_path())
    brief = Pipeline(config, BriefOptions(), summarizer=FirstSentencesSummarizer(3), translator=fake).brief(SEED)
    assert fake.many_calls == [["urd_Arab", "pbt_Arab", "prs_Arab"]] and fake.calls == []
    for t in brief.targets:
        assert brief.target_text(t.short) == [f"{t.code}:{s}" for s in brief.summary]
    assert list(brief.segments[0].targets) == ["ur", "ps", "prs"]
    assert {"translate_ur", "translate_ps", "translate_prs"} <= set(brief.timings)
