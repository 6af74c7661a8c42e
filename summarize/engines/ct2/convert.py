"""CTranslate2 models: converting a transformers model, where the converted folders live, loading
one as an engine (``CT2Engine``, see ``engines.base.Engine``), and turning models.yaml generation
settings into CTranslate2 decoding options.

CTranslate2 (https://opennmt.net/CTranslate2) is an optional extra (``pip install
'summarize[fast]'``); nothing here imports it before it is needed.

A converted model lives in ``<ct2_home()>/<name>-<quantization>/``:

- ``model.bin``, ``config.json``, ``shared_vocabulary.json``: what the CTranslate2 converter writes;
- ``hf/``: the source model's config, generation config and tokenizer files (no weights), so the
  same tokenizer encodes and decodes and the summariser knows its position limit;
- ``summarize-ct2.json``: the record ``models list`` reads (source model, revision, quantization,
  versions, the generation defaults the source model carries, and ``source_files``: what the copy
  was made from, see ``source_record``).

A local folder's weights can change at the same path (retrained, re-saved); the copy is then stale.
``source_files`` records each weight, config and tokenizer file of the source folder: its size and
``mtime_ns``, and for the small config/tokenizer files a sha256 (hashing multi-GB weights would
be slow). ``source_change`` compares them with the folder now; a stale copy is not used
(``backend: auto`` falls back to transformers with a warning, ``backend: ctranslate2`` fails),
until ``summarize models convert NAME`` remakes it. Only local folders are checked (a hub
snapshot is pinned to its revision, which is checked already); a copy made before the record
existed, or whose source folder is gone, is used as before.

Transformers 5 and the CTranslate2 converter (4.x): the BART loader reads
``config.normalize_before``, an attribute BartConfig never defined; only configs converted from
fairseq years ago carry it in their config.json (see OpenNMT/CTranslate2 issue #888), so a BART
saved by transformers 5 fails with ``'BartConfig' object has no attribute 'normalize_before'``.
BART is post-LayerNorm, so the converter here sets ``normalize_before = False`` when it is missing
(``_converter_class``). The M2M-100/NLLB loader sets it itself and converts unchanged.

A model whose embedding matrix has more rows than its tokenizer has tokens converts too: the BART
loader needs one vocabulary entry per row, so placeholders fill the gap (``_PaddedVocabulary``;
the M2M-100 loader does the same itself with ``madeupwordN``).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from ...config import CT2_QUANTIZATIONS, ModelSpec, command_line
from ...errors import ConfigError, ModelError, ModelNotAvailableError, first_line

if TYPE_CHECKING:
    from ..base import Generation

#: The quantization ``models convert`` writes, and a ``backend: ctranslate2`` model uses, by default.
DEFAULT_QUANTIZATION = "int8"
META_FILE = "summarize-ct2.json"
HF_FILES_DIR = "hf"
#: Source files copied into ``hf/`` (everything but the weights); see hub.COMMON_PATTERNS.
_HF_FILE_GLOBS = ("*.json", "*.model", "*.spm", "vocab.*", "merges.txt")
#: generation_config fields that change what CTranslate2 must do to match ``generate``.
_GENERATION_FIELDS = ("num_beams", "max_length", "min_length", "no_repeat_ngram_size", "length_penalty",
                      "repetition_penalty", "forced_bos_token_id", "forced_eos_token_id", "early_stopping")
#: Weight files recorded (size and mtime_ns) in ``source_files``.
_WEIGHT_GLOBS = ("*.safetensors", "*.bin", "*.pt", "*.pth", "*.ckpt", "*.h5", "*.msgpack")
EXTRA_HINT = "install the extra: pip install 'summarize[fast]' (CTranslate2)"


def ct2_home() -> Path:
    """The folder holding converted models, beside the hub cache, read from the environment at
    call time: ``$HF_HOME/summarize-ct2``, else next to ``$HF_HUB_CACHE``, else
    ``~/.cache/huggingface/summarize-ct2``."""
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "summarize-ct2"
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser().parent / "summarize-ct2"
    return Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")).expanduser() / "huggingface" / "summarize-ct2"


def converted_dir(name: str, quantization: str) -> Path:
    """Where ``models convert NAME --quantization Q`` puts its folder (it may not exist)."""
    return ct2_home() / f"{name}-{quantization}"


@dataclass(frozen=True)
class Conversion:
    """A converted model on disk: ``path``, its size in bytes and the record written with it
    (``meta``: name, model, revision, quantization, converted_at, versions, generation, ...)."""

    name: str
    quantization: str
    path: Path
    size_bytes: int
    meta: Mapping[str, Any]


def find_conversion(name: str, quantization: str) -> Conversion | None:
    """The converted folder of model ``name`` in ``quantization``, or None when absent."""
    return _read_conversion(converted_dir(name, quantization))


def list_conversions() -> list[Conversion]:
    """Every converted folder under ``ct2_home()``, sorted by name and quantization."""
    root = ct2_home()
    if not root.is_dir():
        return []
    found = [_read_conversion(p) for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")]
    return [c for c in found if c is not None]


def _read_conversion(folder: Path) -> Conversion | None:
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (folder / "model.bin").is_file():
        return None
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return Conversion(meta.get("name", folder.name), meta.get("quantization", "?"), folder, size, meta)


def source_record(folder: Path) -> dict[str, dict[str, Any]]:
    """What a conversion records of its source ``folder`` (``source_files``): for each weight
    file (``_WEIGHT_GLOBS``) and config/tokenizer file (``_HF_FILE_GLOBS``) directly in it, by name,
    ``size`` and ``mtime_ns``, and for the config/tokenizer files ``sha256`` too (they are small;
    the weights are not hashed, which would take seconds per GB)."""
    import hashlib

    record: dict[str, dict[str, Any]] = {}
    for globs, hashed in ((_WEIGHT_GLOBS, False), (_HF_FILE_GLOBS, True)):
        for pattern in globs:
            for f in sorted(folder.glob(pattern)):
                if not f.is_file() or f.name in record:
                    continue
                st = f.stat()
                entry: dict[str, Any] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
                if hashed:
                    key = (str(f.resolve()), st.st_size, st.st_mtime_ns)
                    if key not in _SHA256_SEEN:  # choose_backend asks a few times per run: hash each file once
                        _SHA256_SEEN[key] = hashlib.sha256(f.read_bytes()).hexdigest()
                    entry["sha256"] = _SHA256_SEEN[key]
                record[f.name] = entry
    return record


#: sha256 of the config/tokenizer files :func:`source_record` read, by (path, size, mtime_ns).
_SHA256_SEEN: dict[tuple[str, int, int], str] = {}


def source_change(spec: ModelSpec, conversion: Conversion) -> str | None:
    """How ``spec``'s local source folder changed since ``conversion`` was made from it, in words
    (``model.safetensors changed``, ``tokenizer.json is gone``, ``model-2.safetensors is new``),
    or None when it did not, or cannot be told: a hub model (its snapshot is pinned), a copy
    without ``source_files`` (made by an older version), or a source folder that is gone.
    A weight file changed when its size or mtime_ns did; a config/tokenizer file when its size or
    sha256 did (touching it alone is no change)."""
    recorded = conversion.meta.get("source_files")
    if not spec.is_local or not isinstance(recorded, dict) or not recorded:
        return None
    folder = Path(str(conversion.meta.get("source_path") or spec.model))
    if not folder.is_dir():
        return None
    try:
        now = source_record(folder)
    except OSError as exc:
        return f"{folder} cannot be read ({first_line(exc)})"
    changes = []
    for name in sorted(set(recorded) | set(now)):
        old, new = recorded.get(name), now.get(name)
        if old is None:
            changes.append(f"{name} is new")
        elif new is None:
            changes.append(f"{name} is gone")
        elif old.get("size") != new["size"]:
            changes.append(f"{name} changed")
        elif "sha256" in new and old.get("sha256") is not None:
            if old["sha256"] != new["sha256"]:
                changes.append(f"{name} changed")
        elif old.get("mtime_ns") != new["mtime_ns"]:
            changes.append(f"{name} changed")
    if not changes:
        return None
    shown = ", ".join(changes[:3]) + (f" and {len(changes) - 3} more" if len(changes) > 3 else "")
    return f"{shown} in {folder} since it was converted"


def require_ctranslate2(name: str | None = None) -> Any:
    """Import and return the ``ctranslate2`` module; ``name`` is the model that wants it, named
    in the error.

    Raises:
        ModelError: it is not installed (the message names the model, when given, and says how
            to install the extra).
    """
    try:
        import ctranslate2
    except ImportError:
        who = f"model '{name}' runs on the ctranslate2 backend, which" if name else "the ctranslate2 backend"
        raise ModelError(f"{who} needs the ctranslate2 package; {EXTRA_HINT}") from None
    return ctranslate2


#: What runs in place of a compute type the device cannot run, best first (the first the device
#: supports is taken): int8 weights stay int8, 16-bit activations become the other 16-bit type or
#: float32. ``default`` and ``auto`` need none (CTranslate2 picks a type the device runs).
COMPUTE_FALLBACKS: Mapping[str, tuple[str, ...]] = {
    "int8_float16": ("int8_bfloat16", "int8_float32", "int8", "float32"),
    "int8_bfloat16": ("int8_float16", "int8_float32", "int8", "float32"),
    "int8_float32": ("int8", "float32"),
    "int8": ("int8_float32", "float32"),
    "int16": ("int8_float32", "int8", "float32"),
    "float16": ("bfloat16", "float32"),
    "bfloat16": ("float16", "float32"),
    "float32": (),
}


def ct2_device(device: str, ct2: Any) -> str:
    """The CTranslate2 device of models.yaml's ``device``: ``cuda`` for ``cuda``/``cuda:N``, and
    for ``auto`` when CTranslate2 sees a GPU; else ``cpu`` (``mps`` runs on the CPU)."""
    if device == "auto":
        return "cuda" if ct2.get_cuda_device_count() > 0 else "cpu"
    return "cuda" if device.startswith("cuda") else "cpu"


def compute_type_for(spec: ModelSpec, dev: str, ct2: Any, where: str | None = None) -> tuple[str, str | None]:
    """``(the compute type spec runs with on CTranslate2 device dev, a warning or None)``.

    ``spec.compute_type`` (default ``default``) when ``dev`` supports it
    (``ctranslate2.get_supported_compute_types``); else the first of :data:`COMPUTE_FALLBACKS`
    it supports, with a one-line warning naming ``where`` (the models.yaml key, default
    ``models.NAME.compute_type``), the device, what it runs and the fix: a models.yaml written
    for a GPU (``compute_type: int8_float16``, as docs/speed.md suggests) runs on a CPU too, as
    a float16 folder with ``compute_type: default`` does.
    """
    wanted = spec.compute_type or "default"
    if wanted in ("default", "auto"):
        return wanted, None
    try:
        supported = set(ct2.get_supported_compute_types(dev))
    except Exception:  # a CUDA runtime that cannot answer: let CTranslate2 itself say what is wrong
        return wanted, None
    if wanted in supported:
        return wanted, None
    ran = next((t for t in COMPUTE_FALLBACKS.get(wanted, ()) if t in supported), "default")
    key = where or f"models.{spec.name}.compute_type"
    return ran, (f"{key}: {wanted} cannot run on this {device_words(dev)} (CTranslate2 runs "
                 f"{', '.join(sorted(supported))} there); running {ran} instead (compute_type: default runs "
                 f"the converted type on any device, without this warning)")


def device_words(dev: str) -> str:
    """``CPU`` or ``GPU``, for messages about CTranslate2 device ``dev``."""
    return "GPU" if dev == "cuda" else "CPU"


def convert(spec: ModelSpec, quantization: str = DEFAULT_QUANTIZATION) -> Conversion:
    """Convert ``spec``'s transformers model (a local folder, or its snapshot already in the hub
    cache; nothing is downloaded) into ``converted_dir(spec.name, quantization)``, replacing any
    earlier conversion there. The folder appears whole or not at all (built beside it, then
    renamed).

    Raises:
        ConfigError: the model has no weights (extractive) or the quantization is unknown.
        ModelNotAvailableError: the source files are not on this machine.
        ModelError: ctranslate2 is not installed, or the converter fails on the model (a damaged
            weights file named as such: ``engines.weights.damaged_weights``).
    """
    from ...version import __version__
    from ..hub import resolve

    if spec.model is None:
        raise ConfigError(spec.name, "an extractive summariser has no weights to convert")
    if quantization not in CT2_QUANTIZATIONS:
        raise ConfigError("--quantization", f"expected one of {', '.join(CT2_QUANTIZATIONS)}, got {quantization!r}")
    ct2 = require_ctranslate2(spec.name)
    resolved = resolve(spec, offline=True)
    final = converted_dir(spec.name, quantization)
    final.parent.mkdir(parents=True, exist_ok=True)
    work = final.parent / f".{final.name}.{os.getpid()}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    converter = _converter_class()(str(resolved.path))
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        converter.convert(str(work), quantization=quantization, force=True)
        hf = work / HF_FILES_DIR
        hf.mkdir()
        for pattern in _HF_FILE_GLOBS:
            for f in resolved.path.glob(pattern):
                if f.is_file():
                    shutil.copyfile(f, hf / f.name)
        import transformers

        meta = {
            "name": spec.name,
            "task": spec.task,
            "kind": spec.kind,
            "model": spec.model,
            "revision": resolved.revision or spec.revision,
            "origin": resolved.origin,
            "source_path": str(resolved.path),
            "quantization": quantization,
            "converted_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "versions": {"summarize": __version__, "ctranslate2": ct2.__version__, "transformers": transformers.__version__},
            "model_type": converter.source_config.get("model_type"),
            "max_position_embeddings": converter.source_config.get("max_position_embeddings"),
            "generation": converter.generation_defaults,
            "source_files": source_record(resolved.path),
        }
        (work / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        work.rename(final)
    except Exception as exc:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(exc, (ModelError, ConfigError)):
            raise
        from ..weights import damaged_weights

        damaged = damaged_weights(resolved.path)
        if damaged is not None:
            raise ModelError(f"model '{spec.name}' could not be converted to CTranslate2: {damaged}") from exc
        raise ModelError(f"model '{spec.name}' at {resolved.path} could not be converted to CTranslate2: {first_line(exc)}") from exc
    found = _read_conversion(final)
    assert found is not None
    return found


def _converter_class() -> type:
    """``TransformersConverter`` with the transformers-5 BART fix (module docstring) and a record
    of the source model's config and generation defaults (``source_config``,
    ``generation_defaults``), taken from the model it loads anyway."""
    from ctranslate2.converters import TransformersConverter

    class Converter(TransformersConverter):
        source_config: dict[str, Any] = {}
        generation_defaults: dict[str, Any] = {}

        def load_model(self, model_class, model_name_or_path, **kwargs):
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            config = model.config
            if config.model_type == "bart" and not hasattr(config, "normalize_before"):
                config.normalize_before = False  # BART is post-LayerNorm; see the module docstring
            self.source_config = {"model_type": config.model_type,
                                  "max_position_embeddings": getattr(config, "max_position_embeddings", None)}
            self.vocab_size = getattr(config, "vocab_size", None)
            gen = getattr(model, "generation_config", None)
            self.generation_defaults = {
                k: getattr(gen, k) for k in _GENERATION_FIELDS if gen is not None and getattr(gen, k, None) is not None
            }
            return model

        def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
            tokenizer = super().load_tokenizer(tokenizer_class, model_name_or_path, **kwargs)
            if self.source_config.get("model_type") == "m2m_100" or not self.vocab_size:
                return tokenizer  # the M2M-100 loader pads the vocabulary itself ("madeupword")
            return _PaddedVocabulary(tokenizer, self.vocab_size)

    return Converter


class _PaddedVocabulary:
    """A tokenizer whose ``get_vocab()`` lists placeholder tokens up to the model's embedding
    size, for a model whose embedding matrix has more rows than its tokenizer has tokens (the
    CTranslate2 BART loader requires one token per row). Ids past the tokenizer decode to no text
    in transformers; their placeholders become the unknown token, which decodes to none either."""

    def __init__(self, tokenizer: Any, size: int):
        self._tokenizer = tokenizer
        self._size = size

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tokenizer, name)

    def get_vocab(self) -> dict[str, int]:
        vocab = dict(self._tokenizer.get_vocab())
        used = set(vocab.values())
        for i in range(self._size):
            if i not in used:
                vocab[f"<summarize-unused-{i}>"] = i
        return vocab


@dataclass
class CT2Engine:
    """The CTranslate2 engine (``engines.base.Engine``): a tokenizer and a ``ctranslate2.Translator``
    on ``device``, with the conversion they came from.

    A forced first token goes to CTranslate2 as the target prefix (``target_prefix=[["urd_Arab"]]``,
    the counterpart of ``forced_bos_token_id``); a row with none forced gets the model's own
    default (BART-CNN's ``<s>``, recorded at conversion). The model's other generation defaults
    apply as ``generate`` would apply them (``decoding_options``). All rows go to one
    ``translate_batch`` call, which batches them itself."""

    spec: ModelSpec
    tokenizer: Any
    model: Any  # ctranslate2.Translator
    device: str
    compute_type: str
    threads: int
    conversion: Conversion
    config: Any  # the source transformers config (max_position_embeddings, ...)

    def describe(self) -> dict[str, Any]:
        """What brief.json records of this model."""
        meta = self.conversion.meta
        return {
            "name": self.spec.name,
            "kind": self.spec.kind,
            "model": self.spec.model,
            "revision": meta.get("revision") or self.spec.revision,
            "origin": meta.get("origin"),
            "device": self.device,
            "dtype": self.compute_type,
            "max_input_tokens": self.spec.max_input_tokens,
            "generation": dict(self.spec.generation),
            "backend": "ctranslate2",
            "quantization": self.conversion.quantization,
            "converted": str(self.conversion.path),
            "threads": self.threads,
        }

    @property
    def defaults(self) -> dict[str, Any]:
        """The source model's generation defaults, recorded at conversion."""
        return dict(self.conversion.meta.get("generation") or {})

    def generate(self, rows: Sequence[Sequence[int]], forced: Sequence[int | None], options: Generation) -> list[str]:
        """One text per row (see ``engines.base.Engine.generate``): one ``translate_batch`` call.
        Output for output the same as the transformers engine on the same weights in float32 with
        greedy search (tests check this on the tiny model); int8 weights change the numbers a little."""
        defaults = self.defaults
        default = defaults.get("forced_bos_token_id")
        prefixes = [
            [self.tokenizer.convert_ids_to_tokens(int(f))] if f is not None
            else [self.tokenizer.convert_ids_to_tokens(int(default))] if default is not None else None
            for f in forced
        ]
        tokens = [self.tokenizer.convert_ids_to_tokens(list(ids)) for ids in rows]
        results = self.model.translate_batch(
            tokens, target_prefix=prefixes if any(p is not None for p in prefixes) else None,
            **decoding_options(defaults, options.kwargs),
        )
        return decode(self.tokenizer, results)


def conversion_problem(spec: ModelSpec) -> ModelNotAvailableError | None:
    """Why ``spec``'s converted folder (quantization ``spec.quantization``, default int8) cannot
    be loaded, as the error :func:`load_ct2` raises (no conversion, one of another model than
    models.yaml names, or a stale one: run ``summarize models convert NAME``); None when it is
    there. Reads the file system only."""
    try:
        checked_conversion(spec)
    except ModelNotAvailableError as exc:
        return exc
    return None


def checked_conversion(spec: ModelSpec) -> Conversion:
    """``spec``'s converted folder (quantization ``spec.quantization``, default int8).

    Raises:
        ModelNotAvailableError: there is none, it was converted from another model than
            models.yaml names, or its local source folder changed since (``source_change``); the
            message says to run ``summarize models convert NAME``.
    """
    quantization = spec.quantization or DEFAULT_QUANTIZATION
    folder = converted_dir(spec.name, quantization)
    convert_cmd = f"run `{command_line(['models', 'convert', spec.name, '--quantization', quantization], spec.config_path)}`"
    conversion = _read_conversion(folder)
    if conversion is None:
        raise ModelNotAvailableError(spec.name, spec.model or "-", f"{folder} (no CTranslate2 conversion)", convert_cmd,
                                     task=spec.task)
    if conversion.meta.get("model") != spec.model:
        raise ModelNotAvailableError(spec.name, spec.model or "-", f"{folder} (converted from {conversion.meta.get('model')})",
                                     convert_cmd + " again", task=spec.task)
    change = source_change(spec, conversion)
    if change is not None:
        raise ModelNotAvailableError(spec.name, spec.model or "-", f"{folder} (a stale copy: {change})",
                                     convert_cmd + " again", task=spec.task)
    return conversion


def load_ct2(
    spec: ModelSpec, *, device: str = "auto", where: str | None = None, threads: int | None = None
) -> CT2Engine:
    """Load ``spec``'s converted folder (quantization ``spec.quantization``, default int8) with
    CTranslate2 on ``device`` (``auto``: CUDA when CTranslate2 sees a GPU, else CPU; ``mps`` runs
    on CPU) with ``spec.compute_type`` (default ``default``: the converted type; one the device
    cannot run falls back to one it can, with one warning naming ``where``, the models.yaml key:
    see :func:`compute_type_for`), on ``threads`` threads (``Config.threads``; None:
    ``engines.transformers.cpu_threads()``, the CPUs).

    Raises:
        ModelNotAvailableError: no converted folder (one line saying to run ``summarize models
            convert NAME``), or it was converted from another model than models.yaml names.
        ModelError: ctranslate2 is not installed, or the folder cannot be loaded.
    """
    from ...languages import m2m_code
    from ..transformers import cpu_threads

    ct2 = require_ctranslate2(spec.name)
    conversion = checked_conversion(spec)
    folder = conversion.path
    dev = ct2_device(device, ct2)
    if dev == "cuda":
        dev = _usable_gpu(spec, device, ct2)
    compute_type, warning = compute_type_for(spec, dev, ct2, where)
    if warning is not None:
        import warnings

        from ...errors import SummarizeWarning

        warnings.warn(SummarizeWarning(warning), stacklevel=2)
    threads = cpu_threads(threads)
    try:
        from transformers import AutoConfig, AutoTokenizer

        kwargs: dict[str, Any] = {}
        if spec.kind in ("nllb", "m2m"):
            kwargs["src_lang"] = spec.source_lang if spec.kind == "nllb" else m2m_code(spec.source_lang)
        tokenizer = AutoTokenizer.from_pretrained(folder / HF_FILES_DIR, trust_remote_code=False, local_files_only=True, **kwargs)
        config = AutoConfig.from_pretrained(folder / HF_FILES_DIR, trust_remote_code=False, local_files_only=True)
        translator = ct2.Translator(str(folder), device=dev, compute_type=compute_type,
                                    inter_threads=1, intra_threads=threads)
    except Exception as exc:
        raise ModelError(f"model '{spec.name}' at {folder} could not be loaded with CTranslate2: {first_line(exc)}") from exc
    return CT2Engine(spec, tokenizer, translator, dev, translator.compute_type, threads, conversion, config)


def _usable_gpu(spec: ModelSpec, device: str, ct2: Any) -> str:
    """``cuda`` when CTranslate2 can run there (``ct2.gpu.gpu_problem``); else, for ``device:
    auto``, ``cpu`` with one warning.

    Raises:
        ModelError: ``device`` asks for the GPU (``cuda``, ``cuda:N``) and CTranslate2 cannot run
            there: the reason and the ways out.
    """
    from .gpu import gpu_problem

    problem = gpu_problem(ct2)
    if problem is None:
        return "cuda"
    if device != "auto":
        raise ModelError(f"model '{spec.name}' runs on CTranslate2 (backend: ctranslate2), which cannot run on this "
                         f"GPU: {problem}; or set backend: auto for it in models.yaml (transformers runs it on the "
                         "GPU), or use --device cpu")
    import warnings

    from ...errors import SummarizeWarning

    warnings.warn(SummarizeWarning(f"{spec.name}: running CTranslate2 on the CPU: it cannot run on this GPU: {problem}"),
                  stacklevel=3)
    return "cpu"


def decoding_options(defaults: Mapping[str, Any], generation: Mapping[str, Any], *,
                     max_new_tokens: int | None = None) -> dict[str, Any]:
    """``translate_batch`` keyword arguments that make CTranslate2 do what transformers'
    ``generate`` does with the model's generation ``defaults`` (the record in the converted folder)
    overridden by models.yaml's ``generation`` and, when given, ``max_new_tokens``.

    Lengths: transformers counts the forced first token (a language token) among the new tokens,
    and CTranslate2 counts its target prefix in the decoding length, so they map one to one
    (``max_new_tokens`` -> ``max_decoding_length``; ``max_length``, which also counts the decoder
    start token, -> ``max_length - 1``). A model with ``forced_eos_token_id`` (BART) makes its
    last token EOS, so CTranslate2 stops one token earlier; the decoded text is the same.
    Greedy search gives the same tokens; beam search is close but not identical
    (``early_stopping`` has no CTranslate2 counterpart).
    """
    gen = {**dict(defaults), **dict(generation)}
    if max_new_tokens is None:
        max_new_tokens = gen.get("max_new_tokens")
    if max_new_tokens is None:
        max_new_tokens = int(gen.get("max_length", 20)) - 1
    # generate applies both: min_new_tokens, and min_length (which counts the start token)
    min_new = max(int(gen.get("min_new_tokens", 0)), int(gen.get("min_length", 0)) - 1, 0)
    max_len = int(max_new_tokens)
    if defaults.get("forced_eos_token_id") is not None:
        max_len -= 1
    return {
        "beam_size": int(gen.get("num_beams", 1)),
        "length_penalty": float(gen.get("length_penalty", 1.0)),
        "repetition_penalty": float(gen.get("repetition_penalty", 1.0)),
        "no_repeat_ngram_size": int(gen.get("no_repeat_ngram_size", 0)),
        "max_decoding_length": max(1, max_len),
        "min_decoding_length": max(0, min(int(min_new), max_len)),
        "max_input_length": 0,  # never truncate: the callers split long input themselves
    }


def decode(tokenizer: Any, results: list[Any]) -> list[str]:
    """Texts of CTranslate2 ``TranslationResult``s: best hypothesis, token strings -> ids ->
    ``batch_decode(skip_special_tokens=True)``, normalised as the transformers path does
    (``engines.transformers.clean_output``; the language prefix is special)."""
    from ..transformers import clean_output

    ids = [tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]
    return [clean_output(t) for t in tokenizer.batch_decode(ids, skip_special_tokens=True)]
