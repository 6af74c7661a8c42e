"""The one place where configured model names become summariser and translator objects.

``ModelRegistry`` loads each model at most once per process (a batch of any size loads each model
once) and hands out the same instance for every later request.
"""

from __future__ import annotations

from typing import Any

from ..config import Config, ModelSpec
from ..errors import ModelError, ModelLoadError
from .summarizers.base import Summarizer
from .translators.base import Translator


class ModelRegistry:
    """Loads and caches models for a Config. ``offline`` forbids downloads."""

    def __init__(self, config: Config, *, offline: bool = False):
        self.config = config
        self.offline = offline
        self._cache: dict[str, Any] = {}

    def summarizer(self, name: str | None = None) -> Summarizer:
        """The summariser called ``name`` (default: the configured one).

        Raises:
            ConfigError: no such summariser. ModelNotAvailableError / ModelError: it cannot load.
        """
        spec = self.config.model(name or self.config.summarizer)
        if spec.name not in self._cache:
            self._cache[spec.name] = _loading(build_summarizer, spec, self.config, self.offline)
        return self._cache[spec.name]

    def translator(self, name: str) -> Translator:
        """The translator called ``name``, loaded once.

        Raises:
            ConfigError: no such translator. ModelNotAvailableError / ModelError: it cannot load.
        """
        spec = self.config.model(name)
        if spec.name not in self._cache:
            self._cache[spec.name] = _loading(build_translator, spec, self.config, self.offline)
        return self._cache[spec.name]

    @property
    def loaded(self) -> list[str]:
        """Names of the models loaded so far."""
        return list(self._cache)


def _loading(build, spec: ModelSpec, config: Config, offline: bool):
    """``build(spec, config, offline=offline)``, a ModelError it raises turned into a ModelLoadError
    (a model that fails while it is being built fails every article alike)."""
    try:
        return build(spec, config, offline=offline)
    except ModelLoadError:
        raise
    except ModelError as exc:
        raise ModelLoadError(str(exc)) from exc


def build_summarizer(spec: ModelSpec, config: Config, *, offline: bool = False) -> Summarizer:
    """Make the summariser ``spec`` describes (loading weights unless it is extractive), with
    the engine ``spec.backend`` names: transformers, or ctranslate2 (a converted folder)."""
    if spec.kind == "extractive":
        from .summarizers.extractive import ExtractiveSummarizer

        return ExtractiveSummarizer(spec.name, spec.sentences, algorithm=spec.algorithm, words=spec.words)
    if spec.backend == "ctranslate2":
        from .ct2.convert import load_ct2
        from .summarizers.ctranslate2 import CT2Summarizer

        return CT2Summarizer(load_ct2(spec, device=config.device))
    from .summarizers.seq2seq import Seq2SeqSummarizer
    from .transformers import load_seq2seq

    return Seq2SeqSummarizer(load_seq2seq(spec, device=config.device, dtype=config.dtype, offline=offline))


def build_translator(spec: ModelSpec, config: Config, *, offline: bool = False) -> Translator:
    """Make the translator ``spec`` describes, loading its weights with the engine
    ``spec.backend`` names (transformers, or ctranslate2 from a converted folder)."""
    if spec.backend == "ctranslate2":
        from .ct2.convert import load_ct2
        from .translators.ctranslate2 import CT2Translator

        return CT2Translator(load_ct2(spec, device=config.device))
    from .transformers import load_seq2seq
    from .translators.seq2seq import Seq2SeqTranslator

    return Seq2SeqTranslator(load_seq2seq(spec, device=config.device, dtype=config.dtype, offline=offline))
