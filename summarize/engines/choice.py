"""Which engine runs a model: the one place where ``backend: auto`` is decided.

``auto`` (the default) runs a model on CTranslate2 when a converted copy of it exists (made by
``summarize models pull`` or ``summarize models convert NAME``) and the ``ctranslate2`` package
imports, else on transformers. ``transformers`` and ``ctranslate2`` pin the engine. On a CPU the
converted int8 copy is the fastest engine measured (docs/speed.md: 21x the naive loop's translate
step against float32 transformers' 5.5x on Zen 4; 8.1x against 5.1x on an AVX2-only CPU), at about
a third of the memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import ModelSpec

TRANSFORMERS, CTRANSLATE2, BUILT_IN = "transformers", "ctranslate2", "built-in"


@dataclass(frozen=True)
class EngineChoice:
    """The engine a model will run on (``transformers``, ``ctranslate2`` or ``built-in`` for the
    extractive summariser), the CTranslate2 ``quantization`` folder it uses (None otherwise), and
    ``reason``: why, in words for ``summarize models list``; ``warning``: what loading the model
    warns of, one line (a stale converted copy that ``auto`` passes over), else None."""

    backend: str
    reason: str
    quantization: str | None = None
    warning: str | None = None


def ctranslate2_importable() -> str | None:
    """None when ``import ctranslate2`` works, else why not (one line)."""
    try:
        import ctranslate2  # noqa: F401
    except Exception as exc:  # ImportError, or a broken wheel's OSError: either means "no"
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else 'not importable'}"
    return None


def choose_backend(spec: ModelSpec, device: str | None = None) -> EngineChoice:
    """The engine ``spec`` runs on, and why; reads the file system only, never loads a model.

    ``backend: auto`` takes CTranslate2 when ``ctranslate2`` imports and the converted folder of
    ``spec.quantization`` (default int8) exists and was converted from the same model (and the same
    revision, when models.yaml pins one) and, for a local folder, its files have not changed since
    (``ct2.convert.source_change``; a stale copy gives transformers with a ``warning``), and, when
    ``device`` (models.yaml's) puts CTranslate2 on a GPU, CTranslate2 can run there
    (``ct2.gpu.gpu_problem``: its cuBLAS loads; else transformers, with a ``warning``); otherwise
    transformers. ``device`` None: the GPU is not asked about. A pinned ``ctranslate2`` is
    returned even when its folder is missing or stale: loading it then fails with the command to
    run.
    """
    from .ct2.convert import DEFAULT_QUANTIZATION, converted_dir, find_conversion, source_change

    if spec.kind == "extractive" or spec.model is None:
        return EngineChoice(BUILT_IN, "no weights")
    quantization = spec.quantization or DEFAULT_QUANTIZATION
    if spec.backend == TRANSFORMERS:
        return EngineChoice(TRANSFORMERS, "pinned: backend: transformers")
    if spec.backend == CTRANSLATE2:
        found = find_conversion(spec.name, quantization)
        state = f"{quantization} copy in {found.path}" if found else f"no {quantization} copy yet: {_next_step(spec, quantization)}"
        change = source_change(spec, found) if found else None
        if change is not None:
            state = f"stale {quantization} copy in {found.path}: {change}; {_next_step(spec, quantization, again=True)}"
        if ctranslate2_importable() is not None:
            state = f"ctranslate2 not installed: pip install 'summarize[fast]'; {state}"
        return EngineChoice(CTRANSLATE2, f"pinned: backend: ctranslate2 ({state})", quantization)
    missing = ctranslate2_importable()
    if missing is not None:
        return EngineChoice(TRANSFORMERS, "auto: ctranslate2 not installed (pip install 'summarize[fast]')")
    found = find_conversion(spec.name, quantization)
    if (found is None or found.meta.get("model") != spec.model) and spec.is_local and not _here(spec):
        return EngineChoice(TRANSFORMERS, f"auto: {_next_step(spec, quantization)}")  # the folder is what is wrong
    if found is None:
        hint = _next_step(spec, quantization)
        where = f"; it goes in {converted_dir(spec.name, quantization)}" if hint.startswith("run ") else ""
        return EngineChoice(TRANSFORMERS, f"auto: no converted {quantization} copy ({hint}{where})")
    if found.meta.get("model") != spec.model:  # converted for another models.yaml's model of this name
        step = _next_step(spec, quantization, again=True)
        return EngineChoice(TRANSFORMERS, f"auto: the {quantization} copy is of {found.meta.get('model')}, "
                                          f"not {spec.model} ({step})",
                            warning=f"{spec.name}: the CTranslate2 {quantization} copy in {found.path} is of "
                                    f"{found.meta.get('model')}, not {spec.model}; running on transformers; {step} "
                                    "to convert this one (copies are kept by model name)")
    if spec.revision and found.meta.get("revision") != spec.revision:
        return EngineChoice(TRANSFORMERS, f"auto: the {quantization} copy is of revision {found.meta.get('revision')}, "
                                          f"not {spec.revision} ({_next_step(spec, quantization, again=True)})")
    change = source_change(spec, found)
    if change is not None:
        step = _next_step(spec, quantization, again=True)
        return EngineChoice(TRANSFORMERS, f"auto: the {quantization} copy is stale: {change} ({step})",
                            warning=f"{spec.name}: the CTranslate2 {quantization} copy in {found.path} is stale "
                                    f"({change}); running on transformers; {step} to remake it")
    problem = _gpu_problem(device)
    if problem is not None:
        return EngineChoice(TRANSFORMERS, f"auto: CTranslate2 cannot run on this GPU: {problem}",
                            warning=f"{spec.name}: running on transformers: CTranslate2 cannot run on this GPU: {problem}")
    return EngineChoice(CTRANSLATE2, f"auto: converted {quantization} copy in {found.path}", quantization)


def _gpu_problem(device: str | None) -> str | None:
    """Why CTranslate2 cannot run on the GPU that ``device`` puts it on (``ct2.gpu.gpu_problem``);
    None when ``device`` is None or puts it on the CPU (``ct2.convert.ct2_device``), or it can."""
    if device is None:
        return None
    import ctranslate2

    from .ct2.convert import ct2_device
    from .ct2.gpu import gpu_problem

    return gpu_problem(ctranslate2) if ct2_device(device, ctranslate2) == "cuda" else None


def _here(spec: ModelSpec) -> bool:
    """Whether ``spec``'s files are on this machine (``hub.status``; the file system only)."""
    from .hub import status

    return status(spec).available


def runnable(spec: ModelSpec, choice: EngineChoice) -> bool:
    """Whether what ``choice`` runs ``spec`` on is here, as ``summarize models list``'s AVAILABLE
    says: the model's files, and for CTranslate2 the ``ctranslate2`` package and a converted copy
    that loading takes (``ct2.convert.conversion_problem``: none, of another model, or stale)."""
    if not _here(spec):
        return False
    if choice.backend != CTRANSLATE2:
        return True
    from .ct2.convert import conversion_problem

    return ctranslate2_importable() is None and conversion_problem(spec) is None


def _next_step(spec: ModelSpec, quantization: str, *, again: bool = False) -> str:
    """What to run to get ``spec``'s converted copy, in words: ``run `summarize models convert
    NAME``` when the model's files are on this machine; for a hub model that is not, ``run
    `summarize models pull NAME``` (convert would fail; pull downloads the model and converts it
    when ctranslate2 is installed); for a local folder without a model, the models.yaml fix. A
    command names ``--models FILE`` when ``spec`` comes from a models.yaml it would not read by
    default (``config.command_line``). Looks at the file system only (``hub.status``), never the network."""
    from ..config import command_line
    from .ct2.convert import DEFAULT_QUANTIZATION
    from .hub import status

    if not status(spec).available:
        if spec.is_local:
            problem = "folder not found" if not Path(spec.model).exists() else "no config.json in the folder"
            return f"{spec.model}: {problem}: fix models.{spec.name}.model in models.yaml"
        pull = command_line(["models", "pull", spec.name], spec.config_path)
        return f"the model is not on this machine: run `{pull}`, which downloads and converts it"
    args = ["models", "convert", spec.name] + (["--quantization", quantization] if quantization != DEFAULT_QUANTIZATION else [])
    return f"run `{command_line(args, spec.config_path)}`" + (" again" if again else "")


def compute_note(spec: ModelSpec, device: str) -> str | None:
    """What ``summarize models list`` adds to the reason of a model that runs on CTranslate2 when
    its ``compute_type`` cannot run on ``device`` (models.yaml's, ``auto`` included) here:
    ``compute_type int8_float16 runs as int8 on this CPU`` (``ct2.convert.compute_type_for``);
    None when it runs as asked, or ctranslate2 does not import."""
    from .ct2.convert import compute_type_for, ct2_device, device_words

    if not spec.compute_type or ctranslate2_importable() is not None:
        return None
    import ctranslate2

    dev = ct2_device(device, ctranslate2)
    ran, warning = compute_type_for(spec, dev, ctranslate2)
    return None if warning is None else f"compute_type {spec.compute_type} runs as {ran} on this {device_words(dev)}"
