"""The real transformers code paths on tiny random-weight models: loading, language forcing,
batching order, chunking."""

from __future__ import annotations

import pytest

from summarize.config import load_config
from summarize.engines.registry import ModelRegistry


@pytest.fixture
def registry(tiny_config):
    return ModelRegistry(load_config(tiny_config), offline=True)


def test_tokenizer_knows_the_target_codes(registry):
    tr = registry.translator("tiny-nllb")
    ids = {code: tr.language_token_id(code) for code in ("urd_Arab", "pbt_Arab", "prs_Arab")}
    assert len(set(ids.values())) == 3 and tr.tokenizer.unk_token_id not in ids.values()


def test_first_generated_token_is_the_target_language(registry, monkeypatch):
    tr = registry.translator("tiny-nllb")
    seen = []
    real = tr.model.generate

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        seen.append(out)
        return out

    monkeypatch.setattr(tr.model, "generate", spy)
    for code in ("urd_Arab", "pbt_Arab", "prs_Arab"):
        seen.clear()
        out = tr.translate(["The envoy met the army chief.", "Talks went on.", ""], "eng_Latn", code)
        assert len(out) == 3 and out[2] == ""
        lang_id = tr.tokenizer.convert_tokens_to_ids(code)
        for ids in seen:
            # position 0 is the decoder start token (</s>); the first generated token is the language
            assert (ids[:, 1] == lang_id).all()


def test_batching_by_length_restores_order(tiny_models, tmp_path):
    # greedy, and a budget every sentence reaches, so a sentence's output does not depend on its batch
    from tests.tiny_models import write_models_yaml

    path = write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))
    path.write_text(path.read_text().replace(
        "{num_beams: 2, max_new_tokens_ratio: 1.0, max_new_tokens_min: 4, max_new_tokens: 24, no_repeat_ngram_size: 3}",
        "{num_beams: 1, max_new_tokens_ratio: 10.0, max_new_tokens_min: 8, max_new_tokens: 8}"))
    tr = ModelRegistry(load_config(path), offline=True).translator("tiny-nllb")
    assert tr.spec.batch_size > 3
    sentences = ["Short.", "A much longer sentence about the talks in Doha and the ceasefire.", "Medium sized one here."]
    together = tr.translate(sentences, "eng_Latn", "urd_Arab")
    alone = [tr.translate([s], "eng_Latn", "urd_Arab")[0] for s in sentences]
    assert together == alone


def test_max_new_tokens_scales_with_source(registry):
    tr = registry.translator("tiny-nllb")
    assert tr.max_new_tokens(1) == 4  # floor
    assert tr.max_new_tokens(10) == 10  # ratio 1.0
    assert tr.max_new_tokens(500) == 24  # cap


def test_unknown_language_code_is_a_model_error(registry):
    from summarize.errors import ModelError

    with pytest.raises(ModelError, match="does not know the language code 'xxx_Zzzz'"):
        registry.translator("tiny-nllb").translate(["Hi."], "eng_Latn", "xxx_Zzzz")


def test_long_article_is_chunked_not_truncated(registry):
    from summarize.reading.source import read_article
    from summarize.text.segment import article_sentences
    from tests.conftest import SEED

    summ = registry.summarizer()
    sentences = article_sentences(read_article(SEED))
    total = sum(summ.count_tokens(s) for s in sentences)
    assert total > 100  # the tiny config's max_input_tokens
    result = summ.summarize(sentences)
    assert result.chunking["chunked"] is True
    assert result.chunking["input_tokens"] == total
    assert result.chunking["rounds"][0] > 1 and result.chunking["rounds"][-1] == 1
    assert result.text.strip()


def test_models_load_once(registry):
    assert registry.translator("tiny-nllb") is registry.translator("tiny-nllb")
    assert registry.loaded == ["tiny-nllb"]


def test_a_chunked_articles_summary_stays_within_the_length_budget(registry):
    # issue 12, item 5: the final round of a chunked article is one more generate() with the same
    # max_new_tokens, so a brief does not grow with the article's length
    from tests.conftest import SEED
    from summarize.reading.source import read_article
    from summarize.text.segment import article_sentences

    summ = registry.summarizer()
    budget = summ.loaded.spec.generation["max_new_tokens"]
    sentences = article_sentences(read_article(SEED))
    short = summ.summarize(sentences[:3])
    longest = summ.summarize(sentences * 3)
    assert short.chunking["chunked"] is False
    assert longest.chunking["chunked"] is True and len(longest.chunking["rounds"]) >= 2
    for result in (short, longest):  # a word is at least one generated token
        assert 0 < len(result.text.split()) <= budget


def test_building_a_tiny_model_prints_no_progress_bar(tmp_path, capfd):
    """The README's tiny-model one-liner printed transformers' "Writing model shards: 100%|...|"
    bar on stderr (a fresh user's report); the build is quiet, and the bar setting is kept."""
    from transformers.utils import logging as hf_logging

    from tests.tiny_models import build_tiny_bart

    before = hf_logging.is_progress_bar_enabled()  # the package turns it off once a model is loaded
    hf_logging.enable_progress_bar()  # as in a fresh process, the README's one-liner
    try:
        build_tiny_bart(tmp_path / "bart", bpe_vocab=300)
        out, err = capfd.readouterr()
        assert "Writing model shards" not in err + out and "%|" not in err, err
        assert hf_logging.is_progress_bar_enabled()
    finally:
        (hf_logging.enable_progress_bar if before else hf_logging.disable_progress_bar)()


def test_a_tiny_models_weights_are_readable_like_its_other_files(tmp_path):
    """``model.safetensors`` came out 0600 while the other files were 0644, so a model cache
    built by one account could not be read by another (a fresh user's report)."""
    import os
    import stat

    from tests.tiny_models import build_tiny_bart

    umask = os.umask(0o022)
    try:
        folder = build_tiny_bart(tmp_path / "bart", bpe_vocab=300)
    finally:
        os.umask(umask)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir() if p.is_file()}
    assert modes["model.safetensors"] == 0o644 and set(modes.values()) == {0o644}, modes
