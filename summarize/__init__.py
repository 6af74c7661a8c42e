"""summarize: English news article -> short brief -> Urdu, Pashto and Dari, side by side.

Public API: ``make_brief``, ``write_brief``, ``load_config``, ``Pipeline``, ``BriefOptions``,
``Brief``. Importing the package has no side effects and does not import torch.
"""

from .brief import Article, Brief, Flag, Segment, TargetSegment
from .config import Config, load_config
from .version import __version__


def __getattr__(name):  # the pipeline imports more; load it on first use
    if name in ("make_brief", "write_brief", "Pipeline", "BriefOptions"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)


__all__ = [
    "Article", "Brief", "BriefOptions", "Config", "Flag", "Pipeline", "Segment", "TargetSegment",
    "load_config", "make_brief", "write_brief", "__version__",
]
