"""The summariser interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass
class Summary:
    """A summary: its ``text`` and how it was made. ``chunking`` records whether the input was
    longer than the model's ``max_input_tokens`` and was summarised in chunks: ``chunked``,
    ``input_tokens``, ``max_input_tokens``, ``rounds`` (a list with the number of chunks of each
    round of summarising). ``sentences``, when set, is the summary already split into sentences
    (an extractive summary keeps the article's own boundaries); else the pipeline splits ``text``."""

    text: str
    chunking: dict[str, Any] = field(default_factory=dict)
    sentences: list[str] | None = None


@runtime_checkable
class Summarizer(Protocol):
    """Anything with a ``name``, a ``describe()`` for brief.json and ``summarize``."""

    name: str

    def summarize(self, sentences: list[str]) -> Summary:
        """Summarise an article given as its sentences, in order (at least one)."""
        ...

    def describe(self) -> dict[str, Any]:
        """What brief.json records of this summariser (model, revision, settings)."""
        ...
