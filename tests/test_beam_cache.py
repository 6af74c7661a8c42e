"""Two speed changes of the transformers path that must not change any output: beam search does
not reorder the cross-attention cache (``runtime.reorder_self_attention_only``), and glibc's
malloc keeps freed memory for reuse (``runtime.keep_freed_memory``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
import torch

from summarize.config import load_config
from summarize.engines.registry import ModelRegistry
from summarize.engines.transformers import reorder_self_attention_only
from tests.conftest import SEED
from tests.tiny_models import write_models_yaml

SENTENCES = [
    "The US special envoy met the army chief in Rawalpindi on Monday.",
    "Talks went on.",
    "Both sides agreed that a ceasefire in Afghanistan would help the peace process move forward.",
]


def _registry(tiny_models, tmp_path, beams: int) -> ModelRegistry:
    path = write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))
    path.write_text(path.read_text().replace("num_beams: 2", f"num_beams: {beams}"))
    return ModelRegistry(load_config(path), offline=True)


def _spy_reorders(monkeypatch):
    """Counts of reorder calls on the self- and cross-attention halves of every cache."""
    from transformers.cache_utils import EncoderDecoderCache

    calls = {"self": 0, "cross": 0}
    real = EncoderDecoderCache.__init__

    def init(cache, *args, **kwargs):
        real(cache, *args, **kwargs)
        for half, attr in (("self", "self_attention_cache"), ("cross", "cross_attention_cache")):
            inner = getattr(cache, attr)
            original = inner.reorder_cache

            def counted(beam_idx, _half=half, _original=original):
                calls[_half] += 1
                return _original(beam_idx)

            inner.reorder_cache = counted

    monkeypatch.setattr(EncoderDecoderCache, "__init__", init)
    return calls


@pytest.mark.parametrize("beams", [2, 4])
def test_translations_skip_the_cross_attention_reorder_and_do_not_change(tiny_models, tmp_path, monkeypatch, beams):
    tr = _registry(tiny_models, tmp_path, beams).translator("tiny-nllb")
    calls = _spy_reorders(monkeypatch)
    fast = tr.translate_many(SENTENCES, "eng_Latn", ["urd_Arab", "pbt_Arab"])
    assert calls["self"] > 0 and calls["cross"] == 0, calls
    del tr.model._reorder_cache  # transformers' own reordering: both halves, every step
    calls.update(self=0, cross=0)
    assert tr.translate_many(SENTENCES, "eng_Latn", ["urd_Arab", "pbt_Arab"]) == fast
    assert calls["cross"] == calls["self"] > 0


def test_summaries_skip_the_cross_attention_reorder_and_do_not_change(tiny_models, tmp_path, monkeypatch):
    summarizer = _registry(tiny_models, tmp_path, 3).summarizer("tiny-bart")
    calls = _spy_reorders(monkeypatch)
    sentences = SEED.read_text(encoding="utf-8").split(". ")[:12]
    fast = summarizer.summarize(sentences).sentences
    assert calls["self"] > 0 and calls["cross"] == 0, calls
    del summarizer.model._reorder_cache
    assert summarizer.summarize(sentences).sentences == fast


def test_reorder_self_attention_only_moves_self_attention_rows_and_leaves_cross_attention_alone():
    from transformers.cache_utils import DynamicCache, EncoderDecoderCache

    cache = EncoderDecoderCache(DynamicCache(), DynamicCache())
    rows = torch.arange(4.0).view(4, 1, 1, 1).expand(4, 2, 3, 5).contiguous()
    cache.self_attention_cache.update(rows.clone(), rows.clone(), 0)
    cache.cross_attention_cache.update(rows.clone(), rows.clone(), 0)
    cross_keys = cache.cross_attention_cache.layers[0].keys
    beam_idx = torch.tensor([1, 1, 3, 2])
    assert reorder_self_attention_only(cache, beam_idx) is cache
    assert cache.self_attention_cache.layers[0].keys[:, 0, 0, 0].tolist() == [1.0, 1.0, 3.0, 2.0]
    assert cache.cross_attention_cache.layers[0].keys is cross_keys  # not copied at all

    legacy = ((rows, rows + 10, rows + 20, rows + 30),)  # (self k, self v, cross k, cross v) per layer
    (layer,) = reorder_self_attention_only(legacy, beam_idx)
    assert layer[0][:, 0, 0, 0].tolist() == [1.0, 1.0, 3.0, 2.0]
    assert layer[1][:, 0, 0, 0].tolist() == [11.0, 11.0, 13.0, 12.0]
    assert layer[2] is legacy[0][2] and layer[3] is legacy[0][3]


FAULTS = textwrap.dedent(
    """
    import resource, torch
    from summarize.engines.transformers import keep_freed_memory
    print(keep_freed_memory())
    faults = []
    for _ in range(10):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        block = torch.ones(16 << 20)  # 64 MiB of float32, over glibc's largest mmap threshold
        del block
        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    print(max(faults[-3:]), min(faults))
    """
)


@pytest.mark.skipif(not (hasattr(os, "confstr") and "glibc" in (os.confstr("CS_GNU_LIBC_VERSION") or "")),
                    reason="keep_freed_memory tunes glibc's malloc only")
def test_keep_freed_memory_stops_page_faults_on_reallocation():
    def run(env_value: str | None) -> tuple[str, int]:
        env = {k: v for k, v in os.environ.items() if k != "SUMMARIZE_MALLOC_TUNING"}
        if env_value is not None:
            env["SUMMARIZE_MALLOC_TUNING"] = env_value
        out = subprocess.run([sys.executable, "-c", FAULTS], env=env, capture_output=True, text=True, check=True)
        tuned, last, fewest = out.stdout.split()
        return tuned, int(last), int(fewest)

    tuned, last, _ = run(None)
    off, _, fewest_off = run("0")
    assert (tuned, off) == ("True", "False")
    assert fewest_off > 10_000  # a fresh mmap every time: one fault per 4 KiB page touched
    assert last < 100  # the freed block is reused (after a few rounds here, once the heap has settled)
