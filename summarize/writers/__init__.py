"""Output writers, one module per format, and the registry that maps ``--format`` names to them.

``writers_for("all")`` returns every registered writer; ``writers_for("txt,md")`` those named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..errors import ConfigError
from .base import Writer

_REGISTRY: dict[str, type[Writer]] = {}

#: Other names a format is asked for by: ``xlf``, the suffix the XLIFF files are written with.
ALIASES = {"xlf": "xliff"}


def register(cls: type[Writer]) -> type[Writer]:
    """Class decorator: make ``cls`` available as ``--format cls.format``."""
    _REGISTRY[cls.format] = cls
    return cls


def available() -> list[str]:
    """The registered format names, in registration order."""
    _load_builtin()
    return list(_REGISTRY)


def format_spec(formats: object, param: str = "formats") -> str:
    """``formats`` as the comma-separated str :func:`writers_for` takes: a str as it is, or an
    iterable of format names (a list, tuple or set of str) joined. What the library takes
    (``make_brief``, ``write_brief``, ``Settings.from_options``); ``param`` names it in errors.

    Raises:
        TypeError: anything else, or a name that is not a str.
    """
    if isinstance(formats, str):
        return formats
    if isinstance(formats, (bytes, Mapping)) or not isinstance(formats, Iterable):
        got = f"{type(formats).__name__} {formats!r}"[:120]
        raise TypeError(f"{param} must be format names as a str ('md,json' or 'all') or a list of str "
                        f"(['md', 'json']), not {got}")
    names = list(formats)
    bad = [n for n in names if not isinstance(n, str)]
    if bad:
        got = f"{type(bad[0]).__name__} {bad[0]!r}"[:120]
        raise TypeError(f"{param} must hold format names as str ('md', 'json'), not {got}")
    return ",".join(names)


def writers_for(spec: str, *, translate: bool = True, where: str = "--format",
                no_targets: str = "--no-translate makes no targets; drop it or translate") -> list[Writer]:
    """Writers for a comma-separated list of format names, or ``all``; case does not matter, and
    ``xlf`` (the XLIFF files' suffix) names ``xliff`` (:data:`ALIASES`).

    With ``translate=False`` (``--no-translate``) there are no targets: ``all`` leaves out the
    formats that make one file per target (``Writer.per_target``: xliff, tmx), which would write
    nothing, and naming one of them is an error.

    ``where`` names the option in messages (the CLI's ``--format``, the library's ``formats=``);
    ``no_targets`` says why there are no targets, after "xliff makes one file per target and".

    Raises:
        ConfigError: the list is empty, a name is not a registered format (the message lists the
            allowed ones), or a per-target format is named with ``translate=False``.
    """
    _load_builtin()
    choices = f"choose from all, {', '.join(_REGISTRY)}"
    names = [ALIASES.get(n, n) for n in (n.strip().lower() for n in spec.split(",")) if n]
    if not names:
        raise ConfigError(where, f"no format given; {choices}")
    unknown = [n for n in names if n not in _REGISTRY and n != "all"]
    if unknown:
        raise ConfigError(where, f"unknown format {', '.join(unknown)}; {choices}")
    if "all" in names:
        names = [n for n in _REGISTRY if translate or not _REGISTRY[n].per_target]
    elif not translate:
        per_target = [n for n in names if _REGISTRY[n].per_target]
        if per_target:
            raise ConfigError(where, f"{', '.join(per_target)} makes one file per target and {no_targets}")
    return [_REGISTRY[n]() for n in dict.fromkeys(names)]


def _load_builtin() -> None:
    # Importing the modules registers their writers; done lazily so importing the package is cheap.
    from . import html, json_writer, markdown, tmx, tsv, txt, xliff  # noqa: F401


__all__ = ["Writer", "register", "available", "writers_for"]
