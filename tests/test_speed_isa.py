"""benchmarks/speed.py --isa: the instruction-set cap is recorded, and the AVX2 goal applies."""

from __future__ import annotations

import pytest

from benchmarks import speed as S
from summarize.engines import cpu


@pytest.fixture
def zen4(monkeypatch):
    flags = frozenset({"avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16"})
    monkeypatch.setattr(cpu, "read_cpu_flags", lambda: flags)
    cpu._reset_for_tests()
    for name in S.ISA_CAPS["avx2"]:
        monkeypatch.delenv(name, raising=False)
    yield
    cpu._reset_for_tests()


def _ratios(brief: float) -> tuple[dict, dict]:
    ratios = {"default": {"brief": brief}, "ct2-int8": {"brief": brief}}
    results = {"default": {"describe": {"backend": "ctranslate2"}}}
    return ratios, results


def test_without_a_cap_the_zen4_goal_applies(zen4):
    assert S.run_cpu_kind() == "AVX-512 + VNNI + BF16"
    goals = S.default_goals(*_ratios(8.0), memory_share=0.47)
    assert goals["default_whole_brief_>=15x (AVX-512 + VNNI + BF16)"] is False


def test_the_avx2_cap_names_the_kind_and_takes_the_avx2_goal(zen4, monkeypatch):
    for name, value in S.ISA_CAPS["avx2"].items():
        monkeypatch.setenv(name, value)
    kind = S.run_cpu_kind()
    assert kind == "AVX2 (capped on AVX-512 + VNNI + BF16)"
    goals = S.default_goals(*_ratios(8.0), memory_share=0.47)
    assert goals[f"default_whole_brief_>=7x ({kind})"] is True
    # one variable missing is no cap: the figures would mix code paths
    monkeypatch.delenv("CT2_FORCE_CPU_ISA")
    assert S.run_cpu_kind() == "AVX-512 + VNNI + BF16"


def test_default_on_the_fastest_engines_settings_runs_the_fastest_engine(zen4):
    """Two runs of one engine differ by 10-15 % on a shared VM: the same settings are the same
    engine, whatever the clock said (2026-12-02: ct2-int8 6.9 s, default 7.9 s, both CTranslate2 int8)."""
    ct2 = {"backend": "ctranslate2", "dtype": "int8_float32", "quantization": "int8"}
    ratios = {"default": {"brief": 12.8}, "ct2-int8": {"brief": 14.8}, "ours": {"brief": 3.9}}
    results = {"default": {"describe": ct2}, "ct2-int8": {"describe": dict(ct2)},
               "ours": {"describe": {"backend": "transformers", "dtype": "float32"}}}
    goals = S.default_goals(ratios, results, memory_share=0.47)
    assert goals["default_runs_the_fastest_engine (ctranslate2; fastest: ct2-int8, the same engine)"] is True
    # another engine that is that much faster is a miss
    results["default"]["describe"] = {"backend": "transformers", "dtype": "bfloat16"}
    goals = S.default_goals(ratios, results, memory_share=0.47)
    assert goals["default_runs_the_fastest_engine (transformers; fastest: ct2-int8)"] is False


def test_on_a_gpu_the_cpu_floor_is_not_applied(zen4):
    # the H200 run of 2026-12-04: the default ran 4.98x the naive loop, which is no CPU goal's miss
    ratios = {"default": {"brief": 4.98}, "ours-bf16": {"brief": 5.02}}
    results = {"default": {"describe": {"backend": "transformers", "dtype": "bfloat16", "device": "cuda"}},
               "ours-bf16": {"describe": {"backend": "transformers", "dtype": "bfloat16", "device": "cuda"}}}
    goals = S.default_goals(ratios, results, memory_share=None)
    assert goals["default_whole_brief_>=15x (AVX-512 + VNNI + BF16)"] == "n/a on a GPU (a CPU goal)"
    assert goals["default_runs_the_fastest_engine (transformers; fastest: ours-bf16, the same engine)"] is True
