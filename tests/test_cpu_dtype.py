"""bfloat16 on a CPU without native bfloat16 warns once with its measured cost, and `dtype: auto`
never picks it there (the CPU-flags reader is patched; tiny models)."""

from __future__ import annotations

import warnings

import pytest
import torch
from click.testing import CliRunner

from summarize.cli import main
from summarize.config import load_config
from summarize.engines import cpu
from summarize.engines.transformers import load_seq2seq, pick_dtype
from summarize.errors import SpeedWarning
from tests.conftest import SEED
from tests.tiny_models import write_models_yaml

AVX2_ONLY = frozenset("fpu sse2 avx avx2 fma f16c bmi2".split())  # e.g. AMD Zen 3, Intel Haswell to Comet Lake
ZEN4 = AVX2_ONLY | frozenset("avx512f avx512bw avx512vl avx512_vnni avx512_bf16".split())
SAPPHIRE_RAPIDS = AVX2_ONLY | frozenset("avx512f avx512_vnni amx_tile amx_bf16 amx_int8".split())


@pytest.fixture
def flags(monkeypatch):
    """Set the CPU flags the package reads: ``flags(AVX2_ONLY)``."""

    def set_flags(value: frozenset[str]) -> None:
        monkeypatch.setattr(cpu, "read_cpu_flags", lambda: value)
        cpu._reset_for_tests()

    yield set_flags
    cpu._reset_for_tests()


def test_flags_are_read_from_proc_cpuinfo(tmp_path, monkeypatch):
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx2 avx512f avx512_bf16\n\nprocessor\t: 1\n")
    monkeypatch.setattr(cpu, "CPUINFO", info)
    assert cpu.read_cpu_flags() == {"fpu", "avx2", "avx512f", "avx512_bf16"}
    monkeypatch.setattr(cpu, "CPUINFO", tmp_path / "absent")
    assert cpu.read_cpu_flags() == frozenset()


def test_native_bf16_and_cpu_kind(flags):
    assert cpu.native_bf16(AVX2_ONLY) is False and cpu.cpu_kind(AVX2_ONLY) == "AVX2"
    assert cpu.native_bf16(ZEN4) is True and cpu.cpu_kind(ZEN4) == "AVX-512 + VNNI + BF16"
    assert cpu.native_bf16(SAPPHIRE_RAPIDS) is True and cpu.cpu_kind(SAPPHIRE_RAPIDS).endswith("+ AMX")
    assert cpu.native_bf16(frozenset()) is None and cpu.cpu_kind(frozenset()) == "unknown"
    assert cpu.speed_flags(ZEN4)["avx512_vnni"] and not cpu.speed_flags(AVX2_ONLY)["avx512_vnni"]


@pytest.mark.parametrize("cpu_flags", [AVX2_ONLY, ZEN4, frozenset()], ids=["avx2", "zen4", "unknown"])
def test_dtype_auto_never_picks_bfloat16_on_a_cpu(flags, cpu_flags, tiny_models, tmp_path):
    flags(cpu_flags)
    assert pick_dtype("auto", "cpu") == torch.float32
    spec = load_config(write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))).model("tiny-nllb")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SpeedWarning)
        loaded = load_seq2seq(spec, device="cpu", dtype="auto", offline=True)
    assert loaded.describe()["dtype"] == "float32"


def test_bfloat16_without_native_support_warns_once_with_the_measured_cost(flags, tiny_models, tmp_path):
    flags(AVX2_ONLY)
    cfg = load_config(write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"])))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        for name in ("tiny-nllb", "tiny-bart", "tiny-nllb"):
            assert load_seq2seq(cfg.model(name), device="cpu", dtype="bfloat16", offline=True).describe()["dtype"] == "bfloat16"
    ours = [w for w in seen if issubclass(w.category, SpeedWarning)]
    assert len(ours) == 1
    message = str(ours[0].message)
    assert "without native bfloat16" in message and "1.4x" in message and "5.1x" in message and "float32" in message


@pytest.mark.parametrize("cpu_flags", [ZEN4, SAPPHIRE_RAPIDS, frozenset()], ids=["zen4", "amx", "unknown"])
def test_bfloat16_with_native_support_or_unknown_flags_does_not_warn(flags, cpu_flags, tiny_models, tmp_path):
    flags(cpu_flags)
    spec = load_config(write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))).model("tiny-nllb")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SpeedWarning)
        load_seq2seq(spec, device="cpu", dtype="bfloat16", offline=True)


@pytest.mark.parametrize("quiet", [False, True])
def test_cli_prints_the_warning_as_one_line_once_unless_quiet(flags, tiny_config, tmp_path, quiet):
    flags(AVX2_ONLY)
    args = ["run", str(SEED), "--models", str(tiny_config), "--dtype", "bfloat16", "--offline", "-o", str(tmp_path / "o"),
            "-f", "json"] + (["-q"] if quiet else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("summarize: warning:")]
    assert len(warned) == (0 if quiet else 1), result.stderr  # two models load in bfloat16: one warning
    if not quiet:
        assert "1.4x" in warned[0] and "UserWarning" not in result.stderr


def test_float16_on_a_cpu_without_native_float16_warns_once_with_the_measured_cost(flags, tiny_models, tmp_path):
    """`--dtype float16` on a CPU ran without a word (a fresh user's report), though float16 is
    emulated there: a decoder product measured 148x slower than float32 on the Zen 4 machine."""
    flags(ZEN4)  # native bfloat16, no avx512_fp16
    cfg = load_config(write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"])))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        for name in ("tiny-nllb", "tiny-bart"):
            assert load_seq2seq(cfg.model(name), device="cpu", dtype="float16", offline=True).describe()["dtype"] == "float16"
    ours = [str(w.message) for w in seen if issubclass(w.category, SpeedWarning)]
    assert len(ours) == 1 and "without native float16" in ours[0] and "148x slower than in float32" in ours[0]
    flags(ZEN4 | {"avx512_fp16"})
    with warnings.catch_warnings():
        warnings.simplefilter("error", SpeedWarning)
        load_seq2seq(cfg.model("tiny-nllb"), device="cpu", dtype="float16", offline=True)
    assert cpu.native_fp16(frozenset()) is None  # flags unknown: no warning either
