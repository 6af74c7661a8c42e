"""The one place where configured model names become summariser and translator objects.

``ModelRegistry`` loads each model at most once per process (a batch of any size loads each model
once) and hands out the same instance for every later request. It is also where a run learns
which of its models are not on this machine, all of them at once (``expect``, ``missing``,
``check``): a model that cannot be had is reported with every other model the run would want
that cannot be had either, in one line (``all_missing``), so that one ``summarize models pull``
fixes them all instead of one per rerun.
"""

from __future__ import annotations

import threading
from typing import Any, Iterable

from ..config import BACKENDS, Config, ModelSpec
from ..errors import ModelConfigError, ModelError, ModelLoadError, ModelNotAvailableError, ModelsNotAvailableError
from .base import Engine, engine_loader, register_engine
from .choice import choose_backend
from .summarizers.base import Summarizer
from .translators.base import Translator


#: Held while a model loads, process-wide: transformers' lazy imports and ``from_pretrained``
#: (which builds the model on the meta device, patching torch for the while) are not
#: thread-safe, so two loads in two threads at once failed with raw ImportError or
#: "Cannot copy out of meta tensor". Loads take turns; generation does not hold it.
LOADING = threading.RLock()


class ModelRegistry:
    """Loads and caches models for a Config. ``offline`` forbids downloads; ``progress`` shows a
    download on first use (a model not yet in the hub cache) on stderr."""

    def __init__(self, config: Config, *, offline: bool = False, progress: bool = False):
        self.config = config
        self.offline = offline
        self.progress = progress
        self._cache: dict[str, Any] = {}
        #: The models the run may load (see :meth:`expect`).
        self.expected: list[str] = []

    def summarizer(self, name: str | None = None) -> Summarizer:
        """The summariser called ``name`` (default: the configured one).

        Raises:
            ConfigError: no such summariser. ModelNotAvailableError / ModelError: it cannot load
                (a missing one named with every other expected model missing: see :meth:`expect`).
        """
        return self._get(self.config.model(name or self.config.summarizer), build_summarizer)

    def translator(self, name: str) -> Translator:
        """The translator called ``name``, loaded once.

        Raises:
            ConfigError: no such translator. ModelNotAvailableError / ModelError: it cannot load
                (a missing one named with every other expected model missing: see :meth:`expect`).
        """
        return self._get(self.config.model(name), build_translator)

    def _get(self, spec: ModelSpec, build) -> Any:
        if spec.name not in self._cache:
            try:
                with LOADING:  # one load at a time in the process (see LOADING); a registry shared by threads loads once
                    if spec.name not in self._cache:
                        self._cache[spec.name] = _loading(build, spec, self.config, self.offline, self.progress)
            except ModelNotAvailableError as exc:
                # the others that are not here, as this one is not (nor downloadable, with no hub)
                rest = [n for n in self.expected if n != spec.name]
                others = self.missing(rest, not_downloaded=self._hub_down() if exc.pull and self._downloads(rest) else None)
                if not others:
                    raise
                raise all_missing([exc, *others]) from exc
        return self._cache[spec.name]

    def expect(self, names: Iterable[str]) -> None:
        """Say which models the run may load (its summariser and translators, by name): when one of
        them cannot be had, its error names every other one that cannot be had either."""
        self.expected = list(dict.fromkeys(names))

    def missing(self, names: Iterable[str] | None = None, *,
                not_downloaded: str | None = None) -> list[ModelNotAvailableError]:
        """The errors of the models ``names`` (default: :attr:`expected`) that are not loaded and
        could not be loaded for want of their files, in order, one each; reads the file system
        only, never the network, never the weights. A hub model that is not cached but may be
        downloaded counts as here, unless ``not_downloaded`` says why no download will work
        (its text becomes the error's "looked in")."""
        out = []
        for name in dict.fromkeys(self.expected if names is None else names):
            if name in self._cache:
                continue
            spec = self.config.model(name)
            problem, needs_download = _availability(spec, self.offline, self.config.device)
            if problem is None and needs_download and not_downloaded is not None:
                from .hub import not_cached

                problem = not_cached(spec, not_downloaded)
            if problem is not None:
                out.append(problem)
        return out

    def check(self, required: Iterable[str]) -> None:
        """Before any work: raise when a model of ``required`` (those the run cannot do without)
        is not on this machine and cannot be downloaded, naming every missing model of
        :attr:`expected` as well (``all_missing``: one line). Hub models not cached are tried
        against the network once (``hub.hub_unreachable``), only when there are some and the
        run is not offline. Loads nothing.

        Raises:
            ModelNotAvailableError: one model missing; ModelsNotAvailableError: several.
        """
        required = list(dict.fromkeys(required))
        names = list(dict.fromkeys([*self.expected, *required]))  # the summariser first, as the run goes
        missing = self.missing(names, not_downloaded=self._hub_down() if self._downloads(names) else None)
        if any(e.name in required for e in missing):
            raise all_missing(missing)

    def _downloads(self, names: Iterable[str]) -> bool:
        """Whether loading any of ``names`` not loaded yet would download it (a hub model not cached)."""
        return any(_availability(self.config.model(n), self.offline, self.config.device)[1] for n in names if n not in self._cache)

    def _hub_down(self) -> str | None:
        """Why no hub model can be downloaded now (what a missing one's error says it looked in),
        or None when one may be: not offline and the hub answers (one quick try,
        ``hub.hub_unreachable``)."""
        from .hub import hub_cache_dir, hub_unreachable, offline_mode

        if offline_mode(self.offline):
            return None  # hub.locate finds the models missing already, saying "(offline)"
        reason = hub_unreachable()
        return None if reason is None else f"the hub cache {hub_cache_dir()}; the hub is unreachable ({reason})"

    @property
    def loaded(self) -> list[str]:
        """Names of the models loaded so far."""
        return list(self._cache)


def _availability(spec: ModelSpec, offline: bool, device: str | None = None) -> tuple[ModelNotAvailableError | None, bool]:
    """``(why spec cannot be loaded for want of files, or None; whether loading it would download
    it)``, as loading would find out, from the file system only: the converted folder of a model
    that runs on CTranslate2 (``choice.choose_backend``), else ``hub.locate``. A model with no
    weights, or on an engine registered by a plugin (which knows its own files), is here."""
    if spec.model is None or spec.kind == "extractive" or spec.backend not in BACKENDS:
        return None, False
    if choose_backend(spec, device).backend == "ctranslate2":
        from .ct2.convert import conversion_problem

        return conversion_problem(spec), False
    from .hub import locate

    try:
        return None, locate(spec, offline=offline) is None
    except ModelNotAvailableError as exc:
        return exc, False


def all_missing(errors: list[ModelNotAvailableError]) -> ModelNotAvailableError:
    """One error for every model of ``errors`` (at least one): the error itself when there is one;
    else a :class:`~summarize.errors.ModelsNotAvailableError` whose one-line message names each
    model and where it was looked for, then what fixes them all: one ``summarize models pull A
    B`` for the hub models, each other's own fix (a folder in models.yaml, ``models convert``),
    and what to run without them (``--summarizer extractive``, ``--no-translate``, or both)."""
    from .hub import WITHOUT_ANY_MODEL, WITHOUT_MODEL, pull_hint

    if len(errors) == 1:
        return errors[0]
    named = [f"'{e.name}' ({e.model})" for e in errors]
    listing = ", ".join(named[:-1]) + " and " + named[-1]
    if len({e.looked_in for e in errors}) == 1:
        listing += f": looked in {errors[0].looked_in}"
    else:
        listing = "; ".join(f"{n}: looked in {e.looked_in}" for n, e in zip(named, errors))
    pulls = [e for e in errors if e.pull]
    fixes = []
    if pulls:  # the models of one run: one models.yaml
        fixes.append(pull_hint([e.name for e in pulls], next((e.models_file for e in pulls if e.models_file), None)))
    fixes += [h for h in dict.fromkeys(e.hint for e in errors if not e.pull) if h]
    tasks = {e.task for e in errors}
    also = WITHOUT_ANY_MODEL if {"summarize", "translate"} <= tasks else next(
        (WITHOUT_MODEL[t] for t in tasks if t in WITHOUT_MODEL), "")
    message = f"{len(errors)} models are not available: {listing}; " + "; ".join(fixes) + (f"; {also}" if also else "")
    return ModelsNotAvailableError(errors, message)


def _loading(build, spec: ModelSpec, config: Config, offline: bool, progress: bool = False):
    """``build(spec, config, offline=offline, progress=progress)``, a ModelError it raises turned
    into a ModelLoadError (a model that fails while it is being built fails every article alike)."""
    try:
        return build(spec, config, offline=offline, progress=progress)
    except ModelLoadError:
        raise
    except ModelError as exc:
        raise ModelLoadError(str(exc)) from exc


def build_summarizer(spec: ModelSpec, config: Config, *, offline: bool = False, progress: bool = False) -> Summarizer:
    """Make the summariser ``spec`` describes: the extractive one (no weights), or the seq2seq
    summariser on the engine ``load_engine`` picks."""
    if spec.kind == "extractive":
        from .summarizers.extractive import ExtractiveSummarizer

        return ExtractiveSummarizer(spec.name, spec.sentences, algorithm=spec.algorithm, words=spec.words,
                                       min_words=spec.min_words or None)
    from .summarizers.seq2seq import Seq2SeqSummarizer

    return Seq2SeqSummarizer(check_fits(load_engine(spec, config, offline=offline, progress=progress), config))


def build_translator(spec: ModelSpec, config: Config, *, offline: bool = False, progress: bool = False) -> Translator:
    """Make the seq2seq translator ``spec`` describes, on the engine ``load_engine`` picks."""
    from .translators.seq2seq import Seq2SeqTranslator

    return Seq2SeqTranslator(check_fits(load_engine(spec, config, offline=offline, progress=progress), config))


def check_fits(engine: Engine, config: Config) -> Engine:
    """``engine``, once its model's own config agrees with its models.yaml entry: a
    ``max_input_tokens`` past the model's ``max_position_embeddings`` would fail on the first
    long input (BART's positions are learned: there is no position 1025).

    Raises:
        ModelConfigError: naming ``<models.yaml>: models.<name>.max_input_tokens`` (exit 2).
    """
    spec = engine.spec
    positions = getattr(engine.config, "max_position_embeddings", None)
    if isinstance(positions, int) and 0 < positions < spec.max_input_tokens:
        raise ModelConfigError(f"{config.path}: models.{spec.name}.max_input_tokens",
                               f"{spec.max_input_tokens} exceeds the {positions} positions of {spec.model} "
                               f"(max_position_embeddings in its config.json); set it to {positions} or less")
    return engine


def load_engine(spec: ModelSpec, config: Config, *, offline: bool = False, progress: bool = False) -> Engine:
    """Load ``spec``'s model on ``config``'s device with its engine: for a built-in backend
    (``auto``, ``transformers``, ``ctranslate2``) the one ``choice.choose_backend`` picks, else
    the engine registered under ``spec.backend`` (see ``engines.base.ENGINES``). A stale
    converted copy that ``auto`` passes over is warned of (a ``SummarizeWarning``, one line).

    Raises:
        ConfigError: unknown backend. ModelNotAvailableError / ModelError: the model cannot load.
    """
    if spec.backend in BACKENDS:
        choice = choose_backend(spec, config.device)
        backend = choice.backend
        if choice.warning:
            import warnings

            from ..errors import SummarizeWarning

            warnings.warn(SummarizeWarning(choice.warning), stacklevel=2)
    else:
        backend = spec.backend
    return engine_loader(backend)(spec, config, offline=offline, progress=progress)


@register_engine("transformers")
def _load_transformers(spec: ModelSpec, config: Config, *, offline: bool = False, progress: bool = False) -> Engine:
    from .transformers import load_seq2seq

    return load_seq2seq(spec, device=config.device, dtype=config.dtype, offline=offline, progress=progress,
                        threads=config.threads)


@register_engine("ctranslate2")
def _load_ctranslate2(spec: ModelSpec, config: Config, *, offline: bool = False, progress: bool = False) -> Engine:
    from .ct2.convert import load_ct2

    engine = load_ct2(
        spec,
        device=config.device,
        where=f"{config.path}: models.{spec.name}.compute_type",
        threads=config.threads,
    )
    unused = dtype_unused(spec, config, engine.compute_type)
    if unused is not None:  # once per model: the registry loads each model once
        import warnings

        from ..errors import SummarizeWarning

        warnings.warn(SummarizeWarning(unused), stacklevel=2)
    return engine


def dtype_unused(spec: ModelSpec, config: Config, ran: str) -> str | None:
    """The warning for a model that runs on CTranslate2 while ``config`` asks for a ``dtype``
    other than ``auto``, which only the transformers engine reads (CTranslate2 runs the
    converted folder's ``quantization`` with models.yaml's ``compute_type``; ``ran``: the compute
    type it runs with): ``nllb-200: --dtype bfloat16 applies to transformers only; the model runs
    on CTranslate2 int8 (its compute_type decides: int8_float32); set backend: transformers to use
    it``, the dtype named as it was given (``--dtype``, ``$SUMMARIZE_DTYPE``, ``dtype=``, or the
    models.yaml key: ``Config.where``). None for ``dtype: auto``, and where ``ran`` is the dtype
    asked for (a float32 copy run in float32). A fresh user's report: the option was silently
    ignored."""
    from .ct2.convert import DEFAULT_QUANTIZATION

    if config.dtype in ("auto", ran):
        return None
    from ..errors import option_value

    asked = option_value(config.where("dtype"), config.dtype)
    return (f"{spec.name}: {asked} applies to transformers only; the model runs on CTranslate2 "
            f"{spec.quantization or DEFAULT_QUANTIZATION} (its compute_type decides: {ran}); "
            f"set backend: transformers to use it")
