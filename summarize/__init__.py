"""summarize: English news article -> short brief -> Urdu, Pashto and Dari, side by side.

The public API (see the README's "Python API"):

- ``make_brief(path, *, text=None, title=None, **options) -> Brief`` and
  ``write_brief(brief, out_dir, formats="all") -> list[Path]`` (``summarize.api``);
- ``split_sentences(text, code) -> list[str]`` and ``check_segment(source, target, code) -> list[Flag]``;
- ``load_config``, ``Settings``, ``Pipeline``, ``BriefOptions`` for finer control;
- the result types ``Brief``, ``Segment``, ``TargetSegment``, ``Flag``, ``Article``;
- the interfaces of a summariser or translator of your own (``Summarizer``, ``Summary``,
  ``Translator``), for ``Pipeline(..., summarizer=, translator=)``.

Importing the package has no side effects and does not import torch; the functions that need the
pipeline load it on first use.
"""

from .version import __version__

_LAZY = {  # imported on first use: `import summarize` (and so the command's first moment) stays cheap
    "Article": "brief", "Brief": "brief", "Flag": "brief", "Segment": "brief", "TargetSegment": "brief",
    "Config": "config", "load_config": "config",
    "make_brief": "api", "write_brief": "api", "split_sentences": "api", "check_segment": "api",
    "Settings": "settings", "Pipeline": "pipeline", "BriefOptions": "pipeline",
    "Summary": "engines.summarizers.base", "Summarizer": "engines.summarizers.base",
    "Translator": "engines.translators.base",
}


def __getattr__(name):  # the modules load on first use (PEP 562)
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():  # dir(summarize), tab completion and help() show the lazy names too (PEP 562)
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Article", "Brief", "BriefOptions", "Config", "Flag", "Pipeline", "Segment", "Settings", "Summarizer", "Summary",
    "TargetSegment", "Translator",
    "check_segment", "load_config", "make_brief", "split_sentences", "write_brief", "__version__",
]
