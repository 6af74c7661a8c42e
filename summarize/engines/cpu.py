"""What the CPU can do natively, from its flags: the facts that decide which dtype and engine are
fast on it (docs/speed.md keeps one table of figures per CPU kind).

Linux reports the flags in ``/proc/cpuinfo`` (``flags`` on x86, ``Features`` on Arm); elsewhere
they are unknown (an empty set) and nothing here warns about them.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from ..errors import SpeedWarning

CPUINFO = Path("/proc/cpuinfo")

#: The flags that decide the speed figures, x86 names as Linux spells them: AVX-512 (wider float32
#: products), VNNI (int8 dot products: CTranslate2 int8), BF16 and AMX (native bfloat16).
SPEED_FLAGS = ("avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx_vnni", "avx512_bf16",
               "amx_tile", "amx_bf16", "amx_int8")
#: Any one of these makes bfloat16 matrix products native: AVX512-BF16 (Zen 4, Cooper Lake and
#: later Xeons), AMX-BF16 (Sapphire Rapids and later), Arm's BF16 extension (``bf16`` in Features).
NATIVE_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16", "bf16"})

#: The measured cost of bfloat16 without native support (issue 14's table, `benchmarks/speed.py
#: --repeat 2`, NLLB-200 600M and distilbart-cnn-12-6 architectures, 2 threads): translate step
#: against the naive per-sentence float32 loop, on an AVX2-only CPU.
BF16_EMULATED_TRANSLATE = 1.4
FLOAT32_AVX2_TRANSLATE = 5.1


def read_cpu_flags() -> frozenset[str]:
    """The CPU's feature flags (lower case), read from the first processor in ``/proc/cpuinfo``;
    an empty set where that file does not exist or has no flags line (macOS, Windows)."""
    try:
        text = CPUINFO.read_text(encoding="ascii", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() in ("flags", "features"):
            return frozenset(value.lower().split())
    return frozenset()


def cpu_flags() -> frozenset[str]:
    """The CPU's flags (see ``read_cpu_flags``), read once per process."""
    global _FLAGS
    if _FLAGS is None:
        _FLAGS = read_cpu_flags()
    return _FLAGS


_FLAGS: frozenset[str] | None = None


def speed_flags(flags: frozenset[str] | None = None) -> dict[str, bool]:
    """``{flag: present}`` for each of SPEED_FLAGS (what the benchmark records)."""
    flags = cpu_flags() if flags is None else flags
    return {f: f in flags for f in SPEED_FLAGS}


def native_bf16(flags: frozenset[str] | None = None) -> bool | None:
    """True when the CPU multiplies bfloat16 natively (one of NATIVE_BF16_FLAGS), False when its
    flags are known and lack them, None when the flags are unknown (not Linux)."""
    return _has_any(NATIVE_BF16_FLAGS, flags)


def _has_any(wanted: frozenset[str], flags: frozenset[str] | None) -> bool | None:
    """Whether ``flags`` (default: this CPU's) hold one of ``wanted``; None when they are unknown."""
    flags = cpu_flags() if flags is None else flags
    return bool(flags & wanted) if flags else None


def cpu_kind(flags: frozenset[str] | None = None) -> str:
    """A short name for the class of CPU the figures depend on: ``AVX-512 + BF16``,
    ``AVX-512 + VNNI``, ``AVX-512``, ``AVX2``, ``other`` or ``unknown``."""
    flags = cpu_flags() if flags is None else flags
    if not flags:
        return "unknown"
    amx = " + AMX" if "amx_tile" in flags else ""
    if "avx512f" in flags:
        if flags & {"avx512_bf16", "amx_bf16"}:
            return "AVX-512 + VNNI + BF16" + amx if "avx512_vnni" in flags else "AVX-512 + BF16" + amx
        return "AVX-512 + VNNI" if "avx512_vnni" in flags else "AVX-512"
    if "avx2" in flags:
        return "AVX2 + VNNI" if "avx_vnni" in flags else "AVX2"
    return "other"


_warned: set[str] = set()


def warn_emulated_bf16(where: str) -> bool:
    """Warn once per process (a ``SpeedWarning``) that bfloat16 on this CPU is emulated, with the
    measured cost; ``where`` names the model. Returns True when it warned (now or before), False
    when the CPU has native bfloat16 or its flags are unknown."""
    return _warn_once("bf16", native_bf16(), (
        f"{where}: dtype bfloat16 on a CPU without native bfloat16 (no avx512_bf16 or amx_bf16 flag) is emulated "
        f"and slow: measured {BF16_EMULATED_TRANSLATE}x the naive loop's translate speed on an AVX2-only CPU, "
        f"against {FLOAT32_AVX2_TRANSLATE}x with float32 (docs/speed.md); use dtype: auto or float32, "
        "or the ctranslate2 backend"))


def _warn_once(key: str, native: bool | None, message: str) -> bool:
    """Warn ``message`` (a ``SpeedWarning``) once per process for ``key`` when ``native`` is False
    (the CPU's flags are known and lack the number type); True when it warned now or before."""
    if native is not False:
        return False
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, SpeedWarning, stacklevel=3)  # where warn_emulated_* was called
    return True


#: Any one of these makes float16 arithmetic native on a CPU: AVX512-FP16 (Sapphire Rapids and
#: later Xeons), AMX-FP16 (Granite Rapids), Arm's half-precision SIMD (``asimdhp`` in Features).
NATIVE_FP16_FLAGS = frozenset({"avx512_fp16", "amx_fp16", "asimdhp"})
#: float16 without native support, measured 2026-12-04 on the 2-core Zen 4 VM of docs/speed.md
#: (AVX-512, AVX512-BF16, no AVX512-FP16), torch 2.13.0+cpu, 2 threads: one 48 x 1024 by 1024 x
#: 4096 product (an NLLB-200 feed-forward step of the brief's batch, benchmarks/roofline.py's
#: shapes), fastest of the calls in one second: float32 4.2 ms, bfloat16 1.2 ms, float16 624 ms.
FP16_EMULATED_SLOWDOWN = 148


def native_fp16(flags: frozenset[str] | None = None) -> bool | None:
    """True when the CPU computes float16 natively (one of NATIVE_FP16_FLAGS), False when its
    flags are known and lack them, None when the flags are unknown (not Linux)."""
    return _has_any(NATIVE_FP16_FLAGS, flags)


def warn_emulated_fp16(where: str) -> bool:
    """Warn once per process (a ``SpeedWarning``) that float16 on this CPU is emulated, with the
    measured cost (FP16_EMULATED_SLOWDOWN); ``where`` names the model. Returns True when it warned
    (now or before), False when the CPU has native float16 or its flags are unknown. ``dtype:
    auto`` picks float16 only on CUDA; this is ``--dtype float16`` asked for on a CPU (a fresh
    user's report: it ran without a word)."""
    return _warn_once("fp16", native_fp16(), (
        f"{where}: dtype float16 on a CPU without native float16 (no avx512_fp16 or amx_fp16 flag) is emulated "
        f"and very slow: a decoder matrix product measured {FP16_EMULATED_SLOWDOWN}x slower than in float32 "
        "(docs/speed.md); use dtype: auto or float32 on a CPU (float16 is for GPUs)"))


def _reset_for_tests() -> None:
    """Forget the flags read and the warnings given (tests patch ``read_cpu_flags``)."""
    global _FLAGS
    _FLAGS = None
    _warned.clear()


if __name__ == "__main__":  # pragma: no cover - a quick look: python -m summarize.engines.cpu
    print(cpu_kind(), {k: v for k, v in speed_flags().items() if v}, file=sys.stdout)
