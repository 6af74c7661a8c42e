"""The engine interface: what runs a seq2seq model, whichever library does it.

An engine holds a loaded model and its tokenizer and does one thing, ``generate``: a batch of
token-id rows in, one decoded text per row out, with a forced first token per row (NLLB's target
language; ``None``: the model's own default, e.g. BART-CNN's ``<s>``). The summarisers
(``summarizers.seq2seq``) and translators (``translators.seq2seq``) are written once on top of it:
tokenising, chunking, language forcing, length-sorted batching and ``translate_many`` live there.

Engines are found by backend name (models.yaml's ``backend:``) in ``ENGINES``, the way simonw/llm
registers models: the built-in ``transformers`` and ``ctranslate2`` are registered with
``@register_engine`` in ``engines.registry`` (where a backend name becomes an engine), and a third one can register itself the same way, or be installed as a
package that declares an entry point in the ``summarize.engines`` group whose object is a loader
``(spec, config, *, offline, progress) -> Engine``. This module imports nothing of the package but
``errors`` (``config`` reads it to accept a registered backend); each loader imports its library
when it is called.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol, Sequence, runtime_checkable

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..config import ModelSpec

#: The entry-point group a package names to add an engine (see the module docstring).
ENTRY_POINT_GROUP = "summarize.engines"


@dataclass(frozen=True)
class Generation:
    """Generation options for one ``Engine.generate`` call.

    ``kwargs``: transformers ``generate`` keyword arguments from models.yaml, as
    ``ModelSpec.generate_options()`` gives them (``num_beams``, ``max_new_tokens``, ...); an engine
    of another library translates them (``ct2.convert.decoding_options``). ``max_rows``: the most
    rows one underlying call may hold when rows with different forced tokens are merged (0: no
    limit; models.yaml's ``batch_size``). ``share_encoder`` / ``merge_rows``: when the rows are
    the same inputs repeated once per forced token (``translate_many``), an engine may run the
    encoder once for all of them, and decode several forced tokens in one call; both change speed
    only, never output. Engines that cannot do either ignore them."""

    kwargs: Mapping[str, Any] = field(default_factory=dict)
    max_rows: int = 0
    share_encoder: bool = True
    merge_rows: bool = True


@runtime_checkable
class Engine(Protocol):
    """A loaded seq2seq model that generates text from token ids.

    Attributes: ``spec`` (the models.yaml entry), ``tokenizer`` (a transformers tokenizer: it
    encodes the input and decodes the output whatever the engine), ``model`` (the library's model
    object), ``device``, ``config`` (the transformers model config: ``max_position_embeddings``)."""

    spec: ModelSpec
    tokenizer: Any
    model: Any
    device: str

    @property
    def config(self) -> Any: ...

    def generate(self, rows: Sequence[Sequence[int]], forced: Sequence[int | None], options: Generation) -> list[str]:
        """Generate one text per row: ``rows`` (R lists of input token ids, special tokens
        included, each within the model's input limit), ``forced`` (R first tokens to force, or
        None for the model's default), ``options``. Returns R texts, in order, made safe for the
        writers (``transformers.clean_output``).

        Raises:
            Exception: whatever the library raises; callers turn it into a ModelError naming the model.
        """
        ...

    def describe(self) -> dict[str, Any]:
        """What brief.json records of this model (name, model, revision, device, dtype, backend, ...)."""
        ...


#: A loader: ``(spec, config, *, offline, progress) -> Engine``; it may raise ModelNotAvailableError or ModelError.
Loader = Callable[..., Engine]

#: Engines by backend name.
ENGINES: dict[str, Loader] = {}


def register_engine(name: str) -> Callable[[Loader], Loader]:
    """Decorator: register ``loader`` as the engine for models.yaml's ``backend: NAME``."""

    def add(loader: Loader) -> Loader:
        ENGINES[name] = loader
        return loader

    return add


def known_engines() -> set[str]:
    """Every backend name an engine answers to: those registered, and the ``summarize.engines``
    entry points (not loaded)."""
    from importlib.metadata import entry_points

    return set(ENGINES) | {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}


def engine_loader(backend: str) -> Loader:
    """The loader registered for ``backend``, looking in the ``summarize.engines`` entry points
    when no module has registered it.

    Raises:
        ConfigError: no engine has that name.
    """
    if backend not in ENGINES:
        from importlib.metadata import entry_points

        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name == backend:
                ENGINES[backend] = ep.load()
                break
    if backend not in ENGINES:
        raise ConfigError("backend", f"no engine called {backend!r}; known: {', '.join(sorted(ENGINES))}")
    return ENGINES[backend]


class EngineBacked:
    """What a summariser or translator built on an :class:`Engine` (its ``engine`` attribute)
    exposes of it: ``loaded`` (the engine), ``model`` (the engine's model object, settable), and
    ``describe()`` (the engine's record for brief.json: hub id, revision, backend, ...)."""

    engine: Engine

    @property
    def loaded(self) -> Engine:
        """The engine (the name callers used before engines had one)."""
        return self.engine

    @property
    def model(self) -> Any:
        """The engine's model object (a transformers model, a ``ctranslate2.Translator``)."""
        return self.engine.model

    @model.setter
    def model(self, model: Any) -> None:
        self.engine.model = model

    def describe(self) -> dict[str, Any]:
        return self.engine.describe()
