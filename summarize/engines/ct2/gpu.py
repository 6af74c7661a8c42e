"""Whether CTranslate2 can run on this machine's GPU: the one place that asks.

``ctranslate2.get_cuda_device_count()`` answers from the CUDA driver alone, but a CTranslate2
wheel loads cuBLAS (``libcublas.so.12`` for the 4.x wheels on PyPI, built with CUDA 12) only at
its first computation on the GPU. On a machine whose CUDA is another major version (CUDA 13's
``libcublas.so.13`` only, say), a model loads and then every translation fails with ``Library
libcublas.so.12 is not found or cannot be loaded``: seen on an NVIDIA H200 with driver 580 and
CUDA 13.0 (docs/speed.md, 2026-12-04), where ``backend: auto`` took the converted copy and the
default models.yaml could not make one brief. ``backend: auto`` asks :func:`gpu_problem` first
and runs such a model on transformers instead (``engines.choice.choose_backend``); a pinned
``backend: ctranslate2`` fails at load with the fix (``ct2.convert.load_ct2``).
"""

from __future__ import annotations

import ctypes
import functools
import mmap
import re
from pathlib import Path
from typing import Any

#: The cuBLAS a CTranslate2 4.x wheel loads when no bundled library names one (CTranslate2's
#: README, "Installation": the Linux and Windows wheels are built with CUDA 12).
DEFAULT_CUBLAS = "libcublas.so.12"
_CUBLAS_NAME = re.compile(rb"libcublas\.so\.\d+")


def gpu_problem(ct2: Any) -> str | None:
    """None when CTranslate2 (the module ``ct2``) can run on a GPU here, else why not, one line:
    it sees no CUDA device, or the cuBLAS it loads cannot be loaded (with the fix). Cached for
    the process (the answer does not change while it runs); costs one scan of CTranslate2's
    library (about 80 MB, read once) and one ``dlopen``."""
    try:
        count = ct2.get_cuda_device_count()
    except Exception as exc:  # a broken CUDA runtime
        return f"CTranslate2 cannot query the GPU: {type(exc).__name__}: {exc}"
    if count <= 0:
        return "CTranslate2 sees no CUDA device"
    return _library_problem(str(Path(getattr(ct2, "__file__", "") or ".").parent), str(getattr(ct2, "__version__", "?")))


@functools.lru_cache(maxsize=None)
def _library_problem(package_dir: str, version: str) -> str | None:
    name = cublas_name(Path(package_dir))
    try:
        ctypes.CDLL(name)
    except OSError:
        cuda = name.rsplit(".", 1)[-1]
        return (f"{name} (the cuBLAS of CUDA {cuda}, which CTranslate2 {version} loads on a GPU) cannot be "
                f"loaded; install it (for example `pip install nvidia-cublas-cu{cuda}`, with its lib folder on "
                "LD_LIBRARY_PATH)")
    return None


def cublas_name(package_dir: Path) -> str:
    """The cuBLAS file name that the CTranslate2 library in or beside ``package_dir`` (the wheel's
    ``ctranslate2.libs/`` folder, or the package folder itself) loads, e.g. ``libcublas.so.12``;
    :data:`DEFAULT_CUBLAS` when no such library is found or it names none."""
    candidates = [*sorted(package_dir.parent.glob("ctranslate2.libs/libctranslate2*.so*")),
                  *sorted(package_dir.glob("libctranslate2*.so*")), *sorted(package_dir.glob("_ext*.so"))]
    for lib in candidates:
        try:
            with open(lib, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
                found = _CUBLAS_NAME.search(data)
                name = found.group().decode("ascii") if found else None  # before the map closes
        except (OSError, ValueError):  # unreadable, or empty (mmap of 0 bytes)
            continue
        if name:
            return name
    return DEFAULT_CUBLAS
