"""Output writers, one module per format, and the registry that maps ``--format`` names to them.

``writers_for("all")`` returns every registered writer; ``writers_for("txt,md")`` those named.
"""

from __future__ import annotations

from ..errors import ConfigError
from .base import Writer

_REGISTRY: dict[str, type[Writer]] = {}


def register(cls: type[Writer]) -> type[Writer]:
    """Class decorator: make ``cls`` available as ``--format cls.format``."""
    _REGISTRY[cls.format] = cls
    return cls


def available() -> list[str]:
    """The registered format names, in registration order."""
    _load_builtin()
    return list(_REGISTRY)


def writers_for(spec: str) -> list[Writer]:
    """Writers for a comma-separated list of format names, or ``all``.

    Raises:
        ConfigError: a name is not a registered format (the message lists the allowed ones).
    """
    _load_builtin()
    names = [n.strip() for n in spec.split(",") if n.strip()]
    if not names or "all" in names:
        names = list(_REGISTRY)
    unknown = [n for n in names if n not in _REGISTRY]
    if unknown:
        raise ConfigError("--format", f"unknown format {', '.join(unknown)}; choose from all, {', '.join(_REGISTRY)}")
    return [_REGISTRY[n]() for n in dict.fromkeys(names)]


def _load_builtin() -> None:
    # Importing the modules registers their writers; done lazily so importing the package is cheap.
    from . import html, json_writer, markdown, tmx, tsv, txt, xliff  # noqa: F401


__all__ = ["Writer", "register", "available", "writers_for"]
