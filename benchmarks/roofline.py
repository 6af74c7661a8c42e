"""How close each engine of benchmarks/speed.py comes to the machine's matrix-multiply peak.

Two halves, both used by ``speed.py`` in the same run:

- ``measure_gemm_peaks``: the GEMM throughput of this machine at the decoder's shapes (the rows of
  one beam-search step of the brief's batch times the weights of NLLB-200's layers and its output
  projection), in float32 and bfloat16 (``torch.matmul``) and int8 (torch's fbgemm/oneDNN
  dynamic-quantised linear: int8 weights, activations quantised per call, as CTranslate2's int8
  does; and ``torch._int_mm``, int8 x int8 -> int32). CTranslate2's Python API has no GEMM of its
  own, so torch's int8 kernels stand in for its peak.
- ``brief_flops``: the floating-point work of the brief, counted from the model configs: per
  generated token and beam, every decoder layer (self-attention q/k/v/o projections, cross-attention
  q/o projections, the feed-forward block, attention over the tokens so far and over the source)
  plus the output projection over the whole vocabulary (256206 for NLLB-200: beam search needs
  the full softmax), plus the encoder over each source token, plus each beam's cross-attention
  keys and values of the source (computed once per sentence). One multiply-add = 2 FLOPs. It is
  the *useful* work: one encoder pass per segment (the brief's targets share it, as ``ours``
  does; the naive loop runs it once per target), no padding, no layer norms, softmax or
  embeddings (under 1% here).

An engine's achieved rate is that work over its measured seconds; its share is that rate over the
peak of the number type it computes in (float32, bfloat16 or int8). Timing: the fastest of a few
calls after warm-up, so that a busy machine's stalls count as little as they can.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class Arch:
    """The sizes that decide a seq2seq Transformer's arithmetic (a transformers config's names)."""

    d_model: int
    encoder_layers: int
    decoder_layers: int
    encoder_ffn_dim: int
    decoder_ffn_dim: int
    vocab_size: int

    @classmethod
    def from_folder(cls, folder) -> "Arch":
        """The sizes in ``folder/config.json``."""
        import json
        from pathlib import Path

        c = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
        return cls(c["d_model"], c["encoder_layers"], c["decoder_layers"], c["encoder_ffn_dim"], c["decoder_ffn_dim"],
                   c["vocab_size"])


def encoder_macs(arch: Arch, source_tokens: int) -> int:
    """Multiply-adds of one encoder pass over ``source_tokens`` tokens."""
    d, s = arch.d_model, source_tokens
    per_layer = s * (4 * d * d + 2 * d * arch.encoder_ffn_dim) + 2 * s * s * d  # projections, FFN, QK^T and AV
    return arch.encoder_layers * per_layer


def decoder_macs(arch: Arch, source_tokens: int, steps: int, beams: int) -> tuple[int, int]:
    """``(decoder layers, output projection)`` multiply-adds of generating ``steps`` tokens with
    ``beams`` beams for one sentence of ``source_tokens`` source tokens."""
    d, f, s = arch.d_model, arch.decoder_ffn_dim, source_tokens
    layers = 0
    for t in range(1, steps + 1):
        per_layer = 4 * d * d + 2 * d * d + 2 * d * f + 2 * t * d + 2 * s * d
        layers += arch.decoder_layers * per_layer
    layers += arch.decoder_layers * 2 * d * d * s  # cross-attention keys and values of the source, once
    output = steps * d * arch.vocab_size
    return layers * beams, output * beams


def brief_flops(translator: Arch, summarizer: Arch, *, segment_tokens: list[int], targets: int, new_tokens: int,
                beams: int, article_tokens: list[int], summary_tokens: int, summary_beams: int) -> dict[str, float]:
    """The brief's floating-point work in FLOPs, by part: ``translate`` (``segment_tokens``: each
    segment's source length; each segment translated into ``targets`` languages, ``new_tokens``
    steps at ``beams`` beams, one encoder pass per segment), ``summarize`` (one pass per chunk of
    ``article_tokens`` tokens, ``summary_tokens`` steps at ``summary_beams`` beams), ``brief``
    (both), and the decoder/output/encoder split of the translate part."""
    enc = sum(encoder_macs(translator, s) for s in segment_tokens)
    dec = out = 0
    for s in segment_tokens:
        layers, output = decoder_macs(translator, s, new_tokens, beams)
        dec, out = dec + layers * targets, out + output * targets
    s_enc = sum(encoder_macs(summarizer, s) for s in article_tokens)
    s_dec = sum(sum(decoder_macs(summarizer, s, summary_tokens, summary_beams)) for s in article_tokens)
    translate = 2 * (enc + dec + out)
    summarize = 2 * (s_enc + s_dec)
    return {"translate": translate, "summarize": summarize, "brief": translate + summarize,
            "translate_encoder": 2 * enc, "translate_decoder_layers": 2 * dec, "translate_output_projection": 2 * out,
            "summarize_encoder": 2 * s_enc, "summarize_decoder": 2 * s_dec}


def gemm_shapes(arch: Arch, rows: int) -> dict[str, tuple[int, int, int]]:
    """``{name: (M, K, N)}``: the decoder's matrix products for ``rows`` beam rows per step."""
    d, f = arch.d_model, arch.decoder_ffn_dim
    return {"attention projection": (rows, d, d), "ffn in": (rows, d, f), "ffn out": (rows, f, d),
            "output projection": (rows, d, arch.vocab_size)}


def _best_seconds(fn, *, min_calls: int = 3, budget_s: float = 1.5, sync=None) -> float:
    """The fastest of at least ``min_calls`` timed calls of ``fn`` (more while ``budget_s`` lasts,
    at most 50), after one warm-up call. ``sync``: called after each call before the clock is
    read (``torch.cuda.synchronize`` on a GPU, whose kernels run asynchronously)."""
    sync = sync or (lambda: None)
    fn()  # warm-up: first-call allocations, kernel selection, packing
    sync()
    times: list[float] = []
    t_end = time.perf_counter() + budget_s
    while len(times) < min_calls or time.perf_counter() < t_end:
        t0 = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - t0)
        if len(times) >= 50:
            break
    return min(times)


def measure_gemm_peaks(arch: Arch, rows: int, *, threads: int | None = None, budget_s: float = 1.5,
                       device: str = "cpu") -> dict:
    """GEMM throughput at the decoder's shapes (``gemm_shapes(arch, rows)``), per number type:
    ``{"float32": {shape: GFLOP/s, ..., "peak": best}, "bfloat16": ..., "int8": ...}`` (int8 in
    giga-operations/s, the best of the kernels tried; ``"kernel"`` says which). A type that torch
    cannot run here is reported as ``{"error": ...}``. ``device``: ``cpu``, or ``cuda`` (the
    operands on the GPU, each call timed to its end with ``torch.cuda.synchronize``; float32 is
    plain float32 there, TF32 off, as torch's default for matmul)."""
    import torch

    if threads:
        torch.set_num_threads(threads)
    cuda = device.startswith("cuda")
    sync = torch.cuda.synchronize if cuda else None
    shapes = gemm_shapes(arch, rows)
    out: dict[str, dict] = {"threads": torch.get_num_threads(), "rows": rows, "device": device,
                            "shapes": {k: list(v) for k, v in shapes.items()}}
    if cuda:
        out["tf32"] = bool(torch.backends.cuda.matmul.allow_tf32)
    torch.manual_seed(0)
    with torch.inference_mode():
        for dtype_name in ("float32", "bfloat16"):
            dtype = getattr(torch, dtype_name)
            res: dict[str, float] = {}
            for name, (m, k, n) in shapes.items():
                a, b = torch.randn(m, k, dtype=dtype, device=device), torch.randn(k, n, dtype=dtype, device=device)
                # emulated bfloat16 can be 100x slower than float32: one timed call is enough there
                slow = dtype_name == "bfloat16" and not cuda
                secs = _best_seconds(lambda: torch.matmul(a, b), min_calls=1 if slow else 3, budget_s=budget_s, sync=sync)
                res[name] = 2 * m * k * n / secs / 1e9
            res["peak"] = max(res.values())
            out[dtype_name] = res
        out["int8"] = _int8_peaks_cuda(shapes, budget_s) if cuda else _int8_peaks(shapes, budget_s)
    return out


def _int8_peaks_cuda(shapes: dict[str, tuple[int, int, int]], budget_s: float) -> dict:
    """int8 x int8 -> int32 products on the GPU (``torch._int_mm``, cuBLASLt's int8 kernels; it
    takes M > 16 and K, N multiples of 8, so N is rounded up to one: 256206 -> 256208)."""
    import torch

    res: dict[str, object] = {}
    for name, (m, k, n) in shapes.items():
        m2, k2, n2 = max(m, 17), -(-k // 8) * 8, -(-n // 8) * 8
        try:
            a = torch.randint(-128, 127, (m2, k2), dtype=torch.int8, device="cuda")
            b = torch.randint(-128, 127, (k2, n2), dtype=torch.int8, device="cuda")
            secs = _best_seconds(lambda: torch._int_mm(a, b), budget_s=budget_s, sync=torch.cuda.synchronize)
            res[name] = 2 * m * k * n / secs / 1e9  # the useful work of the unpadded shape
        except Exception as exc:  # an older torch or GPU without the kernel
            res[name] = f"{type(exc).__name__}: {exc}"[:200]
    rates = [r for r in res.values() if isinstance(r, float)]
    kernel = "torch._int_mm (int8 x int8 -> int32, CUDA)"
    return {**{k: v for k, v in res.items() if isinstance(v, float)}, "peak": max(rates, default=0.0),
            "kernel": kernel, "kernels": {kernel: res}}


def _int8_peaks(shapes: dict[str, tuple[int, int, int]], budget_s: float) -> dict:
    import torch

    best: dict[str, float] = {}
    kernels: dict[str, dict[str, float]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization's deprecation notices
        try:
            from torch.ao.nn.quantized.dynamic import Linear as DynamicLinear

            res = {}
            for name, (m, k, n) in shapes.items():
                layer = DynamicLinear(k, n, dtype=torch.qint8)
                x = torch.randn(m, k)
                res[name] = 2 * m * k * n / _best_seconds(lambda: layer(x), budget_s=budget_s) / 1e9
            kernels["dynamic-quantised linear (int8 weights, activations quantised per call)"] = res
        except Exception as exc:  # not built with fbgemm/onednn, or removed from torch
            kernels["dynamic-quantised linear"] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        try:
            res = {}
            for name, (m, k, n) in shapes.items():
                if name == "output projection":  # torch's CPU _int_mm is a slow reference loop: skip the 256K-wide one
                    continue
                a = torch.randint(-128, 127, (m, k), dtype=torch.int8)
                b = torch.randint(-128, 127, (k, n), dtype=torch.int8)
                res[name] = 2 * m * k * n / _best_seconds(lambda: torch._int_mm(a, b), min_calls=1, budget_s=budget_s / 3) / 1e9
            kernels["torch._int_mm (int8 x int8 -> int32)"] = res
        except Exception as exc:
            kernels["torch._int_mm"] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
    for kernel, res in kernels.items():
        for name, rate in res.items():
            if isinstance(rate, float) and rate > best.get(name, 0):
                best[name] = rate
    peak_kernel = max(((max((r for r in res.values() if isinstance(r, float)), default=0.0), k)
                       for k, res in kernels.items()), default=(0.0, None))
    return {**best, "peak": peak_kernel[0], "kernel": peak_kernel[1], "kernels": kernels}


#: Which peak each benchmark engine's arithmetic runs at.
ENGINE_NUMBER_TYPE = {"baseline": "float32", "ours": "float32", "ours-bf16": "bfloat16", "ct2-int8": "int8"}


def shares_of_peak(flops: dict[str, float], figures: dict[str, dict], peaks: dict, engine_types: dict[str, str]) -> dict:
    """Per engine: the achieved GFLOP/s of the translate step, the summary and the whole brief,
    and each as a share of the peak of the engine's number type (``engine_types``) and of the
    float32 peak."""
    out = {}
    for engine, f in figures.items():
        kind = engine_types.get(engine, "float32")
        peak = peaks.get(kind, {}).get("peak") or None
        fp32 = peaks.get("float32", {}).get("peak") or None
        row: dict[str, object] = {"number_type": kind, "peak_gflops": peak}
        for part, seconds in (("translate", f["translate_s"]), ("summarize", f["summarize_s"]), ("brief", f["brief_s"])):
            rate = flops[part] / seconds / 1e9
            row[f"{part}_gflops"] = rate
            row[f"{part}_share_of_peak"] = rate / peak if peak else None
            row[f"{part}_share_of_fp32_peak"] = rate / fp32 if fp32 else None
        out[engine] = row
    return out
