"""CTranslate2 on a GPU it cannot use (summarize/engines/ct2/gpu.py).

Seen on an NVIDIA H200 with CUDA 13 (docs/speed.md, 2026-12-04): CTranslate2 4.8.5 sees the GPU,
a converted model loads, and every translation then fails with `Library libcublas.so.12 is not
found or cannot be loaded`, so `backend: auto` made no brief at all with the default models.yaml.
These tests fake the GPU (CTranslate2's device count) and the missing library: no GPU is needed.
"""

from __future__ import annotations

import json
import types
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.config import load_config
from summarize.engines.ct2 import gpu
from summarize.errors import ModelError
from tests.conftest import SEED
from tests.tiny_models import write_models_yaml

needs_ct2 = pytest.mark.skipif(
    __import__("importlib").util.find_spec("ctranslate2") is None,
    reason="ctranslate2 (the `fast` extra) is not installed: pip install 'summarize[fast]'",
)

MISSING = "libcublas.so.12 (the cuBLAS of CUDA 12, which CTranslate2 4.8.5 loads on a GPU) cannot be loaded"


def _fake_ct2(tmp_path: Path, *, devices: int = 1, library: bytes | None = b"\0libcublas.so.77\0libcuda.so.1\0"):
    """A stand-in for the ctranslate2 module: its device count, and a wheel layout
    (site/ctranslate2/__init__.py beside site/ctranslate2.libs/libctranslate2-x.so.4) whose
    library names a cuBLAS."""
    site = tmp_path / "site"
    (site / "ctranslate2").mkdir(parents=True)
    (site / "ctranslate2" / "__init__.py").write_text("")
    if library is not None:
        (site / "ctranslate2.libs").mkdir()
        (site / "ctranslate2.libs" / "libctranslate2-0a1b2c.so.4.8.5").write_bytes(b"\x7fELF" + library)
    return types.SimpleNamespace(__file__=str(site / "ctranslate2" / "__init__.py"), __version__="4.8.5",
                                 get_cuda_device_count=lambda: devices)


def test_the_cublas_name_is_read_from_the_bundled_library(tmp_path):
    ct2 = _fake_ct2(tmp_path)
    assert gpu.cublas_name(Path(ct2.__file__).parent) == "libcublas.so.77"
    assert gpu.cublas_name(Path(_fake_ct2(tmp_path / "none", library=None).__file__).parent) == gpu.DEFAULT_CUBLAS


def test_gpu_problem_names_the_missing_cublas_and_the_fix(tmp_path):
    problem = gpu.gpu_problem(_fake_ct2(tmp_path))  # no libcublas.so.77 exists anywhere
    assert problem == ("libcublas.so.77 (the cuBLAS of CUDA 77, which CTranslate2 4.8.5 loads on a GPU) cannot be "
                       "loaded; install it (for example `pip install nvidia-cublas-cu77`, with its lib folder on "
                       "LD_LIBRARY_PATH)")
    assert gpu.gpu_problem(_fake_ct2(tmp_path / "cpu", devices=0)) == "CTranslate2 sees no CUDA device"


def test_gpu_problem_is_none_when_the_library_loads(tmp_path, monkeypatch):
    loaded = []
    monkeypatch.setattr(gpu.ctypes, "CDLL", lambda name: loaded.append(name))
    assert gpu.gpu_problem(_fake_ct2(tmp_path / "ok", library=b"libcublas.so.31\0")) is None
    assert loaded == ["libcublas.so.31"]


@pytest.fixture
def broken_gpu(monkeypatch):
    """CTranslate2 sees one GPU, whose cuBLAS cannot be loaded (as on that H200)."""
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    monkeypatch.setattr(gpu, "gpu_problem", lambda ct2: MISSING)


def _converted(tmp_path: Path, tiny_models, backend: str | None = None, device: str = "auto") -> Path:
    path = write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))
    text = path.read_text()
    text = text.replace("device: cpu", f"device: {device}") if "device:" in text else f"device: {device}\n" + text
    if backend:
        text = text.replace("    kind: nllb", f"    kind: nllb\n    backend: {backend}")
    path.write_text(text)
    converted = CliRunner().invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)])
    assert converted.exit_code == 0, converted.output
    return path


@needs_ct2
def test_auto_runs_on_transformers_where_ctranslate2_cannot_use_the_gpu(tiny_models, tmp_path, broken_gpu):
    path = _converted(tmp_path, tiny_models)
    runner = CliRunner()
    listed = runner.invoke(main, ["models", "list", "--models", str(path)])
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.stdout.splitlines() if line.startswith("tiny-nllb "))
    assert f"transformers  auto: CTranslate2 cannot run on this GPU: {MISSING}" in row

    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(SEED), "--models", str(path), "-o", str(out), "--offline", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert f"tiny-nllb: running on transformers: CTranslate2 cannot run on this GPU: {MISSING}" in result.stderr
    data = json.loads((out / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
    assert {t["backend"] for t in data["models"]["translators"].values()} == {"transformers"}  # the engine used


@needs_ct2
def test_pinned_ctranslate2_on_a_gpu_it_cannot_use_fails_at_load_with_the_way_out(tiny_models, tmp_path, broken_gpu):
    from summarize.engines.ct2.convert import load_ct2

    spec = load_config(_converted(tmp_path, tiny_models, backend="ctranslate2")).model("tiny-nllb")
    with pytest.raises(ModelError) as err:
        load_ct2(spec, device="cuda")
    assert str(err.value) == (f"model 'tiny-nllb' runs on CTranslate2 (backend: ctranslate2), which cannot run on this "
                              f"GPU: {MISSING}; or set backend: auto for it in models.yaml (transformers runs it on the "
                              "GPU), or use --device cpu")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        engine = load_ct2(spec, device="auto")  # device auto: the CPU, said once
    assert engine.device == "cpu"
    assert [str(w.message) for w in seen] == [f"tiny-nllb: running CTranslate2 on the CPU: it cannot run on this GPU: {MISSING}"]
    assert engine.model.device == "cpu"  # the ctranslate2.Translator itself
