"""The one place where configured model names become summariser and translator objects.

``ModelRegistry`` loads each model at most once per process (a batch of any size loads each model
once) and hands out the same instance for every later request.
"""

from __future__ import annotations

from typing import Any

from ..config import BACKENDS, Config, ModelSpec
from ..errors import ModelConfigError, ModelError, ModelLoadError
from .base import Engine, engine_loader, register_engine
from .choice import choose_backend
from .summarizers.base import Summarizer
from .translators.base import Translator


class ModelRegistry:
    """Loads and caches models for a Config. ``offline`` forbids downloads; ``progress`` shows a
    download on first use (a model not yet in the hub cache) on stderr."""

    def __init__(self, config: Config, *, offline: bool = False, progress: bool = False):
        self.config = config
        self.offline = offline
        self.progress = progress
        self._cache: dict[str, Any] = {}

    def summarizer(self, name: str | None = None) -> Summarizer:
        """The summariser called ``name`` (default: the configured one).

        Raises:
            ConfigError: no such summariser. ModelNotAvailableError / ModelError: it cannot load.
        """
        spec = self.config.model(name or self.config.summarizer)
        if spec.name not in self._cache:
            self._cache[spec.name] = _loading(build_summarizer, spec, self.config, self.offline, self.progress)
        return self._cache[spec.name]

    def translator(self, name: str) -> Translator:
        """The translator called ``name``, loaded once.

        Raises:
            ConfigError: no such translator. ModelNotAvailableError / ModelError: it cannot load.
        """
        spec = self.config.model(name)
        if spec.name not in self._cache:
            self._cache[spec.name] = _loading(build_translator, spec, self.config, self.offline, self.progress)
        return self._cache[spec.name]

    @property
    def loaded(self) -> list[str]:
        """Names of the models loaded so far."""
        return list(self._cache)


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

        return ExtractiveSummarizer(spec.name, spec.sentences, algorithm=spec.algorithm, words=spec.words)
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
    the engine registered under ``spec.backend`` (see ``engines.base.ENGINES``).

    Raises:
        ConfigError: unknown backend. ModelNotAvailableError / ModelError: the model cannot load.
    """
    backend = choose_backend(spec).backend if spec.backend in BACKENDS else spec.backend
    return engine_loader(backend)(spec, config, offline=offline, progress=progress)


@register_engine("transformers")
def _load_transformers(spec: ModelSpec, config: Config, *, offline: bool = False, progress: bool = False) -> Engine:
    from .transformers import load_seq2seq

    return load_seq2seq(spec, device=config.device, dtype=config.dtype, offline=offline, progress=progress)


@register_engine("ctranslate2")
def _load_ctranslate2(spec: ModelSpec, config: Config, *, offline: bool = False, progress: bool = False) -> Engine:
    from .ct2.convert import load_ct2

    return load_ct2(spec, device=config.device)
