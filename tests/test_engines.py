"""The engine interface and its registry: a third engine registered by backend name serves the
one seq2seq translator and summariser, and an unknown backend is refused in models.yaml."""

from __future__ import annotations

import pytest

from summarize.config import load_config
from summarize.engines import base
from summarize.engines.base import Engine, Generation, register_engine
from summarize.engines.registry import ModelRegistry  # registers the built-in engines
from summarize.errors import ConfigError
from tests.tiny_models import write_models_yaml


@pytest.fixture
def counting_engine(monkeypatch):
    """Register backend ``counting``: the transformers engine, with every generate() call recorded."""
    monkeypatch.setattr(base, "ENGINES", dict(base.ENGINES))
    calls: list[tuple[int, tuple]] = []

    @register_engine("counting")
    def load(spec, config, *, offline=False, progress=False):
        engine = base.ENGINES["transformers"](spec, config, offline=offline, progress=progress)
        real = engine.generate

        def generate(rows, forced, options):
            calls.append((len(rows), tuple(forced)))
            return real(rows, forced, options)

        engine.generate = generate
        return engine

    return calls


def _yaml(tiny_models, tmp_path, backend):
    path = write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))
    text = path.read_text()
    return path, text.replace("kind: nllb", f"kind: nllb\n    backend: {backend}").replace("kind: seq2seq", f"kind: seq2seq\n    backend: {backend}")


def test_a_registered_engine_serves_the_translator_and_summariser(tiny_models, tmp_path, counting_engine):
    path, text = _yaml(tiny_models, tmp_path, "counting")
    assert "backend: counting" in text
    path.write_text(text)
    registry = ModelRegistry(load_config(path), offline=True)
    tr = registry.translator("tiny-nllb")
    assert isinstance(tr.engine, Engine)
    out = tr.translate_many(["Talks went on.", "The envoy met the army chief."], "eng_Latn", ["urd_Arab", "pbt_Arab"])
    assert [len(v) for v in out.values()] == [2, 2]
    ids = [tr.language_token_id(t) for t in ("urd_Arab", "pbt_Arab")]
    assert counting_engine == [(4, (ids[0], ids[0], ids[1], ids[1]))]  # one call, target-major rows
    counting_engine.clear()
    summary = registry.summarizer().summarize(["The envoy met the army chief on Monday.", "Talks went on."])
    assert summary.text.strip() and counting_engine == [(1, (None,))]


def test_an_unknown_backend_is_refused_in_models_yaml(tiny_models, tmp_path):
    path, text = _yaml(tiny_models, tmp_path, "nosuch")
    path.write_text(text)
    with pytest.raises(ConfigError, match="backend.*nosuch"):
        load_config(path)


def test_engine_loader_names_the_known_engines():
    with pytest.raises(ConfigError, match="ctranslate2, transformers"):
        base.engine_loader("nosuch")
    assert Generation().kwargs == {} and {"transformers", "ctranslate2"} <= base.known_engines()
