"""The transformers engine: loading a seq2seq model onto a device (device and dtype choice,
tokenizer + model) and ``TransformersEngine.generate`` (see ``engines.base.Engine``).

The package imports torch and transformers only lazily, inside the functions that need them
(here, and in ``ct2`` for its tokenizer),
so that the extractive path (``--summarizer extractive --no-translate``) never imports torch.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from ..errors import ConfigError, ModelError, first_line, option_value
from ..languages import m2m_code
from .hub import ResolvedModel, resolve

if TYPE_CHECKING:
    from ..config import ModelSpec
    from .base import Generation


def pick_device(device: str = "auto", where: str = "--device", option: str = "--device") -> str:
    """``auto`` -> ``cuda`` when a CUDA device is present, else ``mps`` when present, else ``cpu``.
    Any other value is returned as given. ``where`` labels an error: where the setting came from
    (``--device``, ``$SUMMARIZE_DEVICE``, ``models.yaml: device``; see ``Config.where``);
    ``option`` is how its hint names the option that sets another device (the CLI's
    ``--device``, the library's ``device=``; ``errors.option_value``).

    Raises:
        ConfigError: ``cuda`` (or ``cuda:N``) or ``mps`` was asked for and torch sees no such
            device (a CPU build of torch, no driver): one line instead of torch's traceback.
    """
    import torch

    fix = f"use {option_value(option, 'cpu')} or auto"
    if device != "auto":
        mps = getattr(torch.backends, "mps", None)
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise ConfigError(where, f"'{device}' is not available: torch {torch.__version__} sees no CUDA device; {fix}")
        if device == "mps" and not (mps is not None and mps.is_available()):
            raise ConfigError(where, f"'mps' is not available: torch {torch.__version__} sees no Apple GPU; {fix}")
        return device
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def pick_dtype(dtype: str, device: str) -> Any:
    """The torch dtype for ``dtype`` on ``device``. ``auto``: bfloat16 on CUDA devices that
    support it, else float16 on CUDA; float32 on CPU and MPS, whatever the CPU (``dtype: auto``
    never picks bfloat16 on a CPU: without native bfloat16 it runs 3.6x slower than float32,
    docs/speed.md; ``backend: transformers`` with ``dtype: auto`` is the float32 path)."""
    import torch

    if dtype == "auto":
        if device.startswith("cuda"):
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.float32
    return getattr(torch, dtype)


def wanted_threads(env: Mapping[str, str] | None = None) -> int | None:
    """``$SUMMARIZE_THREADS`` of ``env`` (default ``os.environ``) as a positive whole number, or
    None when it is unset or empty.

    Raises:
        ConfigError: it is set to anything else (``abc``, ``0``, ``-2``), or to more than 4 threads
            per CPU.
    """
    wanted = (os.environ if env is None else env).get("SUMMARIZE_THREADS", "")
    wanted = wanted.strip() if isinstance(wanted, str) else str(wanted)
    if not wanted:
        return None
    if not (wanted.isdigit() and int(wanted) > 0):
        raise ConfigError("$SUMMARIZE_THREADS", f"expected a whole number of threads >= 1, got {wanted!r}")
    most = 4 * (os.cpu_count() or 1)
    if int(wanted) > most:  # tens of thousands of threads crash torch's thread pool
        cpus = os.cpu_count() or 1
        raise ConfigError("$SUMMARIZE_THREADS", f"{wanted} threads is more than 4 per CPU: at most {most} on this "
                                                f"machine's {cpus} CPU{'s' if cpus != 1 else ''}")
    return int(wanted)


def set_threads(wanted: int | None = None) -> int:
    """Set torch's intra-op threads to ``wanted`` (default: ``$SUMMARIZE_THREADS`` of
    ``os.environ``), else leave torch's default (one per physical core). Returns the number in
    force.

    More threads than physical cores rarely helps generation, which is bound by memory bandwidth
    at small batches; fewer leaves cores for other work (e.g. two processes on one machine)."""
    import torch

    wanted = wanted if wanted is not None else wanted_threads()
    if wanted:
        torch.set_num_threads(wanted)
    return torch.get_num_threads()


def check_settings(device: str, where: str = "--device", *, loads_models: bool = True,
                   env: Mapping[str, str] | None = None, option: str = "--device") -> None:
    """Check ``$SUMMARIZE_THREADS`` (of ``env``, default ``os.environ``) and an explicit GPU
    ``device`` before any work, so that a bad
    one stops a run at once with one line instead of after the first article has been read.
    ``auto`` and ``cpu`` need no check (and no torch import), nor does any device when
    ``loads_models`` is False (``--summarizer extractive --no-translate``: nothing runs on it).
    ``where``, ``option``: see ``pick_device``.

    Raises:
        ConfigError: see ``wanted_threads`` and ``pick_device``.
    """
    wanted_threads(env)
    if loads_models and device not in ("auto", "cpu"):
        pick_device(device, where, option)


def cpu_threads(wanted: int | None = None) -> int:
    """Threads for an engine that does not follow torch's setting (CTranslate2): ``wanted``
    (``Config.threads``, from ``$SUMMARIZE_THREADS``), else the CPUs this process may run on."""
    if wanted:
        return wanted
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


@dataclass
class TransformersEngine:
    """The transformers engine (``engines.base.Engine``): a tokenizer and a seq2seq model in eval
    mode on ``device``, with where they came from."""

    spec: ModelSpec
    tokenizer: Any
    model: Any
    device: str
    resolved: ResolvedModel

    @property
    def config(self) -> Any:
        """The transformers model config (``max_position_embeddings``, ...)."""
        return self.model.config

    def describe(self) -> dict[str, Any]:
        """What brief.json records of this model."""
        return {
            "name": self.spec.name,
            "kind": self.spec.kind,
            "model": self.spec.model,
            "revision": self.resolved.revision or self.spec.revision,
            "origin": self.resolved.origin,
            "device": self.device,
            "dtype": str(self.model.dtype).replace("torch.", ""),
            "max_input_tokens": self.spec.max_input_tokens,
            "generation": dict(self.spec.generation),
            "backend": "transformers",
        }

    def generate(self, rows: Sequence[Sequence[int]], forced: Sequence[int | None], options: Generation) -> list[str]:
        """One text per row (see ``engines.base.Engine.generate``).

        Rows are grouped by their forced token (in order of first appearance). When there are
        several groups holding the same inputs (``translate_many``: B sentences x T targets,
        target-major) and ``options`` allows it:

        - ``merge_rows``: the rows of several groups go to one ``generate`` call, up to
          ``max_rows`` rows (a batch of B < max_rows inputs takes ``max_rows // B`` groups along),
          with the token forced per row (``forced_tokens_processor``): a CPU runs one larger matrix
          product much more efficiently than several small ones, while rows past ``max_rows``
          would only make the vocabulary-sized score tensors outgrow the caches;
        - ``share_encoder``: the encoder runs once on the B inputs and its output is repeated for
          the T groups (a fresh ``BaseModelOutput`` per call: ``generate`` expands it in place
          for beam search).

        Otherwise each group is one ``generate`` call with ``forced_bos_token_id``. Outputs are
        the same either way (tests check it on the tiny model): every row is computed on its own
        and the padding is the same.
        """
        groups: dict[int | None, list[int]] = {}
        for k, f in enumerate(forced):
            groups.setdefault(f, []).append(k)
        keys = list(groups)
        inputs = [list(rows[k]) for k in groups[keys[0]]]
        shared = (
            len(keys) > 1 and None not in groups and (options.share_encoder or options.merge_rows)
            and all([list(rows[k]) for k in groups[g]] == inputs for g in keys[1:])
        )
        out = [""] * len(rows)
        if shared:
            per_group = self._generate_shared(inputs, keys, options)
        else:
            per_group = [self._generate_one([rows[k] for k in groups[f]], f, options) for f in keys]
        for f, texts in zip(keys, per_group):
            for k, text in zip(groups[f], texts):
                out[k] = text
        return out

    def _decode(self, ids: Any) -> list[str]:
        return [clean_output(t) for t in self.tokenizer.batch_decode(ids, skip_special_tokens=True)]

    def _generate_one(self, rows: Sequence[Sequence[int]], forced: int | None, options: Generation) -> list[str]:
        import torch

        enc = self.tokenizer.pad({"input_ids": [list(r) for r in rows]}, return_tensors="pt").to(self.device)
        gen = dict(options.kwargs)
        if forced is not None:
            gen["forced_bos_token_id"] = forced
        with torch.inference_mode():
            return self._decode(self.model.generate(**enc, **gen))

    def _generate_shared(self, inputs: list[list[int]], forced: list[int | None], options: Generation) -> list[list[str]]:
        """The B ``inputs`` decoded once per entry of ``forced``: one list of B texts per entry."""
        import torch
        from transformers import LogitsProcessorList
        from transformers.modeling_outputs import BaseModelOutput

        enc = self.tokenizer.pad({"input_ids": inputs}, return_tensors="pt").to(self.device)
        n = len(inputs)
        with torch.inference_mode():
            if options.share_encoder:
                hidden = self.model.get_encoder()(
                    input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], return_dict=True
                ).last_hidden_state
            if not options.merge_rows:
                return [
                    self._decode(self.model.generate(
                        attention_mask=enc["attention_mask"], encoder_outputs=BaseModelOutput(last_hidden_state=hidden),
                        **{**options.kwargs, "forced_bos_token_id": f},
                    ))
                    for f in forced
                ]
            # at most max_rows rows per call: a small batch takes several groups along
            per_call = max(1, options.max_rows // n) if options.max_rows else len(forced)
            outs = []
            for start in range(0, len(forced), per_call):
                group = forced[start : start + per_call]
                mask = enc["attention_mask"].repeat(len(group), 1)  # rows: group-major, B per group
                if options.share_encoder:
                    model_inputs: dict[str, Any] = {
                        "encoder_outputs": BaseModelOutput(last_hidden_state=hidden.repeat(len(group), 1, 1))}
                else:
                    model_inputs = {"input_ids": enc["input_ids"].repeat(len(group), 1)}
                row_ids = torch.tensor([f for f in group for _ in range(n)], device=self.device)
                out = self.model.generate(
                    attention_mask=mask, **model_inputs, **options.kwargs,
                    logits_processor=LogitsProcessorList([forced_tokens_processor(row_ids)]),
                )
                outs.extend(out[i * n : (i + 1) * n] for i in range(len(group)))
        return [self._decode(o) for o in outs]


def forced_tokens_processor(token_ids: Any) -> Any:
    """A transformers ``LogitsProcessor`` that forces ``token_ids[i]`` as the first generated
    token of batch item ``i`` (a 1-D tensor of B ids): ``forced_bos_token_id`` with one id per
    item. With beam search, rows are batch-major (``num_beams`` rows per item). Like
    transformers' ``ForcedBOSTokenLogitsProcessor``, the forced token scores 0 and every other
    token minus infinity, at the first step only."""
    import torch
    from transformers import LogitsProcessor

    class ForcedFirstTokens(LogitsProcessor):
        def __init__(self, ids: torch.Tensor):
            self.token_ids = ids

        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
            if input_ids.shape[-1] != 1:
                return scores
            per_row = self.token_ids.repeat_interleave(scores.shape[0] // self.token_ids.shape[0])
            forced = torch.full_like(scores, -math.inf)
            forced[torch.arange(scores.shape[0], device=scores.device), per_row] = 0
            return forced

    return ForcedFirstTokens(token_ids)


def load_seq2seq(spec: ModelSpec, *, device: str = "auto", dtype: str = "auto", offline: bool = False,
                 progress: bool = False, threads: int | None = None) -> TransformersEngine:
    """Resolve ``spec``'s files (see ``hub.resolve``; ``progress`` shows a download's progress bar
    on stderr) and load tokenizer and model with ``from_pretrained`` from that folder: safetensors
    preferred, ``trust_remote_code`` off. ``threads``: torch's intra-op threads (``Config.threads``;
    None leaves torch's setting). bfloat16 on a CPU without native bfloat16 warns once
    (``cpu.warn_emulated_bf16``; float16 likewise, ``cpu.warn_emulated_fp16``).

    Raises:
        ModelNotAvailableError: the files are not on this machine and cannot be fetched.
        ModelError: the files are there but transformers cannot load them (a damaged weights
            file named as such: ``weights.damaged_weights``).
    """
    resolved = resolve(spec, offline=offline, progress=progress)
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # our own progress reporting is enough

    dev = pick_device(device)
    if threads:
        set_threads(threads)
    torch_dtype = pick_dtype(dtype, dev)
    if dev == "cpu":
        keep_freed_memory()
        if str(torch_dtype) == "torch.bfloat16":
            from .cpu import warn_emulated_bf16

            warn_emulated_bf16(f"model '{spec.name}'")
        elif str(torch_dtype) == "torch.float16":
            from .cpu import warn_emulated_fp16

            warn_emulated_fp16(f"model '{spec.name}'")
    kwargs: dict[str, Any] = {"trust_remote_code": False, "local_files_only": True}  # resolved.path is a folder here
    if spec.kind in ("nllb", "m2m"):
        kwargs["src_lang"] = spec.source_lang if spec.kind == "nllb" else m2m_code(spec.source_lang)
    try:
        tokenizer = AutoTokenizer.from_pretrained(resolved.path, **kwargs)
        model = AutoModelForSeq2SeqLM.from_pretrained(
            resolved.path, trust_remote_code=False, local_files_only=True, dtype=torch_dtype
        )
    except Exception as exc:
        from .weights import damaged_weights

        damaged = damaged_weights(resolved.path)  # a damaged file, named, not torch's advice
        if damaged is not None:
            raise ModelError(f"model '{spec.name}': {damaged}") from exc
        raise ModelError(f"model '{spec.name}' at {resolved.path} could not be loaded: {first_line(exc)}") from exc
    model.to(dev).eval()
    drop_shadowed_lengths(model.generation_config, spec)
    if getattr(model.config, "is_encoder_decoder", False):
        model._reorder_cache = reorder_self_attention_only
    return TransformersEngine(spec, tokenizer, model, dev, resolved)


def drop_shadowed_lengths(generation_config: Any, spec: ModelSpec) -> None:
    """Clear the model's own ``max_length`` (``min_length``) from ``generation_config`` when
    models.yaml's settings make every ``generate`` call pass ``max_new_tokens``
    (``min_new_tokens``): a translator always does (``max_new_tokens`` scales with the source),
    a summariser when its ``generation`` names it. ``generate`` would use the ``*_new_tokens``
    value anyway, and with both set it logs "Both `max_new_tokens` (=142) and `max_length`(=142)
    seem to have been set" on every call (distilbart-cnn-12-6's generation_config.json has
    ``max_length: 142, min_length: 56``). Changes the loaded model only, never its files."""
    gen = spec.generation
    if spec.task == "translate" or "max_new_tokens" in gen:
        generation_config.max_length = None
    if "min_new_tokens" in gen:
        generation_config.min_length = None


def reorder_self_attention_only(cache: Any, beam_idx: Any) -> Any:
    """Beam search's cache reordering for an encoder-decoder model, without the cross-attention
    half: ``generate`` calls it (as ``model._reorder_cache``) after every step with ``beam_idx``
    (1-D, batch x beams rows), and it returns the cache with the self-attention keys and values of
    each row taken from row ``beam_idx[row]``.

    The cross-attention keys and values are projections of the encoder output, which is the same
    for every beam of one input, and beam search only moves a row between beams of the same input,
    so reordering them copies equal values onto each other: transformers' own BART did not do it
    ("cached cross_attention states don't have to be reordered -> they are always the same",
    ``BartForConditionalGeneration._reorder_cache`` in transformers 4; huggingface/transformers#28357),
    nor do OpenNMT-tf (#606) and fairseq2 (#258). Transformers 5's ``EncoderDecoderCache.reorder_cache``
    copies them at every step: for NLLB-200 at beam 4 on a batch of 12 sentences that is 12 layers
    x 2 tensors of 48 x 16 x source length x 64 floats per generated token, 6-9% of the translate
    step on a 2-core CPU (docs/speed.md). Outputs are unchanged (tests compare them).

    Handles transformers 5's ``EncoderDecoderCache``, the legacy per-layer tuples (self-attention
    key and value first, cross-attention after, as BART's did), and any other cache by its own
    ``reorder_cache``.
    """
    self_attention = getattr(cache, "self_attention_cache", None)
    if self_attention is not None and hasattr(cache, "cross_attention_cache"):
        self_attention.reorder_cache(beam_idx)
        return cache
    if isinstance(cache, (tuple, list)):
        return tuple(
            tuple(state.index_select(0, beam_idx.to(state.device)) for state in layer[:2]) + tuple(layer[2:])
            for layer in cache
        )
    cache.reorder_cache(beam_idx)
    return cache


#: mallopt(3) parameters (glibc's malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4
_allocator_tuned = False


def keep_freed_memory() -> bool:
    """Make glibc's malloc keep freed memory for reuse instead of handing it back to the kernel,
    process-wide, once: ``mallopt(M_MMAP_MAX, 0)`` (large blocks come from the heap, not from a
    fresh ``mmap`` each) and ``mallopt(M_TRIM_THRESHOLD, 2 GiB)`` (the heap is not shrunk).
    Returns True when the setting is in force.

    Why: beam search on CPU allocates and frees tensors of beams x vocabulary floats at every step
    (NLLB-200: 48 rows x 256206 = 49 MB for one batch). glibc serves a block over its mmap
    threshold (at most 32 MB) with a new ``mmap`` and unmaps it on free, and trims the heap's
    freed top, so every step pays a page fault per 4 KiB page touched (2.5 million faults, 10 GB,
    in one 12-sentence translate batch here), and elementwise ops on those tensors run 3-8x slower
    than on reused memory (1.2x on the whole translate step, docs/speed.md). PyTorch's CPU tuning guide recommends an
    allocator that reuses memory (jemalloc or tcmalloc, preloaded); this gets the same effect from
    glibc itself, without a preload. The cost: the process keeps its peak heap until it exits.

    A no-op returning False off glibc (macOS, musl), or when ``$SUMMARIZE_MALLOC_TUNING`` is ``0``.
    ``load_seq2seq`` calls it for models on the CPU.
    """
    global _allocator_tuned
    if _allocator_tuned:
        return True
    if os.environ.get("SUMMARIZE_MALLOC_TUNING", "").strip() == "0":
        return False
    import ctypes

    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return False
        libc = ctypes.CDLL("libc.so.6")
        ok = libc.mallopt(_M_MMAP_MAX, 0) == 1 and libc.mallopt(_M_TRIM_THRESHOLD, 2**31 - 1) == 1
    except (OSError, ValueError, AttributeError):
        return False
    _allocator_tuned = ok
    return ok


def clean_output(text: str) -> str:
    """Decoded model output made safe for every writer: control characters dropped (XML cannot
    hold them), Unicode NFC, runs of whitespace to one space (see ``text.normalize.normalize_text``)."""
    from ..text.normalize import normalize_text

    return " ".join(normalize_text(text).split())
