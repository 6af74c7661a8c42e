"""The translator interface.

A translator maps a list of source segments to a list of target segments of the same length and
order: ``translate(segments, source, target)[i]`` is the translation of ``segments[i]``. Codes are
NLLB-200 codes (``eng_Latn``, ``urd_Arab``, ...). Tests plug in fakes that honour this contract.

A translator may also offer ``translate_many(segments, source, targets) -> {target: [str]}``:
the same result as one ``translate`` call per target, done in one go (the NLLB translator runs its
encoder once for all targets). The pipeline uses it when several targets share one translator;
it is optional, so the Protocol below does not require it.

The pipeline checks what a translator returns (``pipeline.translations_of``): anything but a list
or tuple of as many str as segments is a ``ModelError`` naming the translator.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Translator(Protocol):
    """Anything with a ``name``, ``describe()`` and ``translate``."""

    name: str

    def translate(self, segments: list[str], source: str, target: str) -> list[str]:
        """Translate each segment from ``source`` into ``target``; same length and order as input.

        Empty segments come back empty. Raises ``ModelError`` for a language the model lacks.
        """
        ...

    def describe(self) -> dict[str, Any]:
        """What brief.json records of this translator (model, revision, settings)."""
        ...
