"""Device/dtype choice and output normalisation."""

from __future__ import annotations

import pytest
import torch

from summarize.engines.transformers import clean_output, pick_device, pick_dtype
from summarize.errors import ConfigError


def test_clean_output_drops_control_characters_and_squeezes_space():
    assert clean_output(" govern\x12\x12 govern\n\nend\x07 ") == "govern govern end"
    assert clean_output("کیا ہے\u200b۔") == "کیا ہے۔"


def test_auto_device_and_dtype_on_cpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert pick_device("auto") == "cpu"
    assert pick_dtype("auto", "cpu") == torch.float32
    with pytest.raises(ConfigError, match="'cuda' is not available"):
        pick_device("cuda")  # a user's report: torch's "not compiled with CUDA" traceback
    with pytest.raises(ConfigError, match="'mps' is not available"):
        pick_device("mps")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device("cuda") == "cuda" and pick_device("cuda:1") == "cuda:1"


def test_auto_dtype_on_cuda_prefers_bfloat16(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    assert pick_dtype("auto", "cuda") == torch.bfloat16
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    assert pick_dtype("auto", "cuda:0") == torch.float16
    assert pick_dtype("float16", "cpu") == torch.float16
